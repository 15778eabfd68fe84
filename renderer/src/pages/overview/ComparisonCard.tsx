/** A KPI card of the 总览: the figure of the period, its change against the previous period and a year earlier, each with its own trace; a click opens the list behind it. */
import { Card, Popover } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Figure, Language } from '../../../../shared/api/contract';
import type { Comparison } from '../../../../shared/api/overviewContract';
import { TraceContent } from '../../components/TraceContent';
import { localText } from '../../i18n';
import { fmtNum, isTinyBaseGrowth, newText } from '../../format';

/** ▲ +1.2% / ▼ −3.4% / ▲ +1.2 pp; one decimal with the sign. */
export function formatChange(c: Comparison, language: Language, flatText: string, ppText: string): { arrow: string; text: string } {
  if (c.change === null) return { arrow: '', text: '—' };
  // growth on a tiny base (TINY_BASE_SHARE) reads 新增 / new, not +99,960%
  if (isTinyBaseGrowth(c.change, c.kind)) return { arrow: '▲', text: newText(language) };
  const v = c.change * 100;
  const rounded = Math.round(Math.abs(v) * 10) / 10;
  const sign = rounded === 0 ? '' : v > 0 ? '+' : '−';
  const arrow = rounded === 0 ? '' : v > 0 ? '▲' : '▼';
  const num = `${sign}${fmtNum(rounded, 1)}`;
  // the unit follows the number as in every other change: −0.1个百分点 / −0.1 pp, and so 持平 0.0个百分点
  const unit = c.kind === 'pp' ? `${language === 'en' ? ' ' : ''}${ppText}` : '%';
  if (rounded === 0) return { arrow: '', text: `${flatText} 0.0${unit}` };
  return { arrow, text: `${num}${unit}` };
}

function ComparisonLine({ label, c, language, higherIsBetter, testId }: { label: string; c: Comparison; language: Language; higherIsBetter: boolean | null; testId: string }) {
  const { t } = useTranslation();
  const { arrow, text } = formatChange(c, language, t('overviewPage.flat'), t('overviewPage.pp'));
  const better = higherIsBetter !== null && c.change !== null && c.change !== 0 ? (c.change > 0) === higherIsBetter : null;
  return (
    <Popover content={<TraceContent trace={c.trace} language={language} />} title={`${label} ${c.period ?? ''}`} trigger={['hover']} placement="bottom">
      <div className="ov-cmp" data-testid={testId} data-value={c.change === null ? '' : String(c.change)} data-period={c.period ?? ''}>
        <span className="ov-cmp-label">{label}</span>
        {c.change === null ? (
          <span className="ov-cmp-none" title={c.reason ? localText(c.reason, language) : undefined}>
            {t('overviewPage.noCompare')}
          </span>
        ) : (
          <span className="ov-cmp-value">
            <span className={better === null ? '' : better ? 'ov-better' : 'ov-worse'}>{arrow}</span> {text}
          </span>
        )}
      </div>
    </Popover>
  );
}

interface Props {
  testId: string;
  title: string;
  figure: Figure;
  display: string;
  unit?: string;
  sub?: ReactNode;
  previous: Comparison;
  yearAgo: Comparison;
  /** colours the arrow: better green, worse red; null = neither (e.g. concentration) */
  higherIsBetter: boolean | null;
  language: Language;
  onClick: () => void;
}

export function ComparisonCard({ testId, title, figure, display, unit, sub, previous, yearAgo, higherIsBetter, language, onClick }: Props) {
  const { t } = useTranslation();
  return (
    <Card className="kpi-card ov-card" size="small" data-testid={testId} data-value={figure.value === null ? '' : String(figure.value)} hoverable onClick={onClick}>
      {/* one line, cut with … when long (English): the whole name on hover */}
      <div className="kpi-title ov-card-title" title={title}>
        {title}
      </div>
      <Popover content={<TraceContent trace={figure.trace} language={language} />} title={title} trigger={['hover']} placement="bottom">
        <div className="kpi-value ov-value" data-testid={`${testId}-display`}>
          {display}
          {unit && <span className="ov-unit">{unit}</span>}
        </div>
      </Popover>
      {sub !== undefined && <div className="kpi-sub">{sub}</div>}
      <div className="ov-cmps">
        <ComparisonLine label={t('overviewPage.previous')} c={previous} language={language} higherIsBetter={higherIsBetter} testId={`${testId}-previous`} />
        <ComparisonLine label={t('overviewPage.yearAgo')} c={yearAgo} language={language} higherIsBetter={higherIsBetter} testId={`${testId}-year-ago`} />
      </div>
    </Card>
  );
}
