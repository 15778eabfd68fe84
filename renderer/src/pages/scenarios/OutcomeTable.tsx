/**
 * Outcomes side by side (this scenario vs do nothing, or several scenarios): expected value and
 * P10/P50/P90 of revenue kept, groups lost, cost, net benefit, ROI and payback month.
 * Every number opens its rule, inputs and settings on hover.
 */
import { Popover } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import type { Outcome, Stat } from '../../../../shared/scenarios/types';
import { TraceContent } from '../../components/TraceContent';
import { METRICS, metricText, type MetricKey } from './scenarioModel';

export interface OutcomeColumn {
  key: string;
  title: React.ReactNode;
  outcome: Outcome;
}

const WHICH = ['expected', 'p10', 'p50', 'p90'] as const;

function StatCell({ stat, metric, language, testId, which }: { stat: Stat; metric: MetricKey; language: Language; testId: string; which: (typeof WHICH)[number] }) {
  const { t } = useTranslation();
  const v = stat[which];
  return (
    <Popover content={<TraceContent trace={stat.trace} language={language} />} title={`${t(`scenarios.results.${metric}`)} · ${t(`scenarios.results.${which}`)}`} mouseEnterDelay={0.3}>
      <span className="outcome-cell" data-testid={testId} data-value={v === null ? '' : String(v)}>
        {metricText(metric, v, t)}
      </span>
    </Popover>
  );
}

/** `full`: four numbers per column (expected, P10, P50, P90); otherwise the expected with P10–P90 beneath. */
export function OutcomeTable({ columns, language, full, testId }: { columns: OutcomeColumn[]; language: Language; full: boolean; testId: string }) {
  const { t } = useTranslation();
  return (
    <table className="ant-table outcome-table" style={{ width: '100%', borderCollapse: 'collapse' }} data-testid={testId}>
      <thead>
        <tr style={{ background: '#fafafa' }}>
          <th style={{ textAlign: 'left', padding: '8px 12px' }} rowSpan={full ? 2 : 1}>
            {t('scenarios.results.metric')}
          </th>
          {columns.map((c) => (
            <th key={c.key} colSpan={full ? 4 : 1} className="num" style={{ padding: '8px 12px', borderLeft: '1px solid #f0f0f0' }}>
              {c.title}
            </th>
          ))}
        </tr>
        {full && (
          <tr style={{ background: '#fafafa', fontSize: 12, color: '#595959' }}>
            {columns.flatMap((c) =>
              WHICH.map((w, i) => (
                <th key={`${c.key}-${w}`} className="num" style={{ padding: '4px 12px', fontWeight: 500, borderLeft: i === 0 ? '1px solid #f0f0f0' : undefined }}>
                  {t(`scenarios.results.${w}`)}
                </th>
              )),
            )}
          </tr>
        )}
      </thead>
      <tbody>
        {METRICS.map((m) => (
          <tr key={m} style={{ borderTop: '1px solid #f0f0f0' }} data-testid={`${testId}-row-${m}`}>
            <td style={{ padding: '8px 12px' }}>{t(`scenarios.results.${m}`)}</td>
            {columns.flatMap((c) =>
              full
                ? WHICH.map((w, i) => (
                    <td key={`${c.key}-${w}`} className="num" style={{ padding: '8px 12px', fontWeight: w === 'expected' ? 600 : 400, borderLeft: i === 0 ? '1px solid #f0f0f0' : undefined }}>
                      <StatCell stat={c.outcome[m]} metric={m} language={language} which={w} testId={`${testId}-${c.key}-${m}-${w}`} />
                    </td>
                  ))
                : [
                    <td key={c.key} className="num" style={{ padding: '8px 12px', borderLeft: '1px solid #f0f0f0' }}>
                      <div style={{ fontWeight: 600 }}>
                        <StatCell stat={c.outcome[m]} metric={m} language={language} which="expected" testId={`${testId}-${c.key}-${m}-expected`} />
                      </div>
                      {(c.outcome[m].p10 !== null || c.outcome[m].p90 !== null) && (
                      <div style={{ fontSize: 12, color: '#8c8c8c' }}>
                        <StatCell stat={c.outcome[m]} metric={m} language={language} which="p10" testId={`${testId}-${c.key}-${m}-p10`} /> –{' '}
                        <StatCell stat={c.outcome[m]} metric={m} language={language} which="p90" testId={`${testId}-${c.key}-${m}-p90`} />
                      </div>
                      )}
                    </td>,
                  ],
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
