/** "Your history" of a counter-measure in the library: the branch's closed actions with that measure (什么管用), only as a basis from the minimum count up. */
import { Popover, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiResponse, Language } from '../../../../shared/api/contract';
import { TraceContent } from '../../components/TraceContent';
import { formatPercent } from '../../format';
import { pointsText } from '../ledger/EffectivenessPanel';

export function HistoryCell({ id, history, language }: { id: string; history: ApiResponse<'ledger.effectiveness'> | null; language: Language }) {
  const { t } = useTranslation();
  const row = history?.byMeasure.find((r) => r.measureId === id);
  if (!history || !row) return <Typography.Text type="secondary" data-testid={`lib-history-${id}`}>{t('insights.history.none')}</Typography.Text>;
  if (!row.enough)
    return (
      <Popover content={<TraceContent trace={row.retentionRate.trace} language={language} />} title={t('insights.history.title')} mouseEnterDelay={0.2}>
        <Typography.Text type="warning" style={{ fontSize: 12 }} data-testid={`lib-history-${id}`} data-closed={row.closed} data-enough="false">
          {t('insights.history.few', { count: row.closed, min: history.minClosed })}
        </Typography.Text>
      </Popover>
    );
  return (
    <Popover
      content={
        <div style={{ maxWidth: 460 }}>
          <TraceContent trace={row.retentionRate.trace} language={language} />
          <TraceContent trace={row.upliftVsComparable.trace} language={language} />
        </div>
      }
      title={t('insights.history.title')}
      mouseEnterDelay={0.2}
    >
      <span style={{ fontSize: 12, cursor: 'help' }} data-testid={`lib-history-${id}`} data-closed={row.closed} data-enough="true" data-rate={row.retentionRate.value ?? ''}>
        {t('insights.history.line', { count: row.closed, rate: formatPercent(row.retentionRate.value), uplift: pointsText(row.upliftVsComparable.value, t) })}
      </span>
    </Popover>
  );
}
