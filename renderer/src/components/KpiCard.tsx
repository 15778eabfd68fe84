/** A KPI card whose number opens its trace on hover or click. */
import { Card, Popover } from 'antd';
import type { ReactNode } from 'react';
import type { Figure, Language } from '../../../shared/api/contract';
import { TraceContent } from './TraceContent';

interface Props {
  testId: string;
  title: string;
  figure: Figure;
  display: string;
  sub?: ReactNode;
  language: Language;
  tone?: 'up' | 'down' | 'neutral';
}

export function KpiCard({ testId, title, figure, display, sub, language, tone = 'neutral' }: Props) {
  return (
    <Popover content={<TraceContent trace={figure.trace} language={language} />} title={title} trigger={['hover', 'click']} placement="bottom">
      <Card className="kpi-card" size="small" data-testid={testId} data-value={figure.value === null ? '' : String(figure.value)} hoverable>
        <div className="kpi-title">{title}</div>
        <div className={`kpi-value kpi-${tone}`} data-testid={`${testId}-display`}>
          {display}
        </div>
        {sub !== undefined && <div className="kpi-sub">{sub}</div>}
      </Card>
    </Popover>
  );
}
