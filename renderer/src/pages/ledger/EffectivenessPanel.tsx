/** 什么管用: the closed actions' retention rate and revenue kept vs comparable groups, by measure and by cause; every figure opens its trace. */
import { Alert, Card, Popover, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import type { EffectivenessRowView, EffectivenessView } from '../../../../shared/api/ledgerContract';
import { TraceContent } from '../../components/TraceContent';
import { formatCount, formatDecimal, formatPercent, formatYuan } from '../../format';
import { localText } from '../../i18n';

type Fig = EffectivenessRowView['retentionRate'];

/** A figure with its rule, inputs and settings on hover. */
export function FigureCell({ figure, text, title, language, testId }: { figure: Fig; text: string; title: string; language: Language; testId?: string }) {
  return (
    <Popover content={<TraceContent trace={figure.trace} language={language} />} title={title} mouseEnterDelay={0.2}>
      <span className="num" data-testid={testId} data-value={figure.value === null ? '' : String(figure.value)} style={{ cursor: 'help', borderBottom: '1px dotted #bfbfbf' }}>
        {text}
      </span>
    </Popover>
  );
}

export function pointsText(v: number | null, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (v === null) return '—';
  const p = v * 100;
  return t('insights.worked.pp', { sign: p > 0.05 ? '+' : p < -0.05 ? '−' : '', value: formatDecimal(Math.abs(p), 1) });
}

/** yuan with a sign: +8,032 / −1,451 (a true minus, as the points) */
function signedYuan(v: number | null): string {
  if (v === null) return '—';
  const r = Math.round(v);
  return `${r > 0 ? '+' : r < 0 ? '−' : ''}${formatYuan(Math.abs(r))}`;
}

export function EffectivenessPanel({ data, language }: { data: EffectivenessView | null; language: Language }) {
  const { t } = useTranslation();
  if (!data) return null;
  const columns = [
    {
      title: t('insights.worked.item'),
      render: (_: unknown, r: EffectivenessRowView) => (
        <span>
          {r.key === 'all' ? <Typography.Text strong>{t('insights.worked.total')}</Typography.Text> : localText(r.label, language)}{' '}
          {!r.enough && r.closed > 0 && (
            <Tag color="orange" data-testid={`worked-caveat-${r.key}`}>
              {t('insights.worked.caveat', { min: data.minClosed })}
            </Tag>
          )}
        </span>
      ),
    },
    { title: t('insights.worked.closed'), width: 70, align: 'right' as const, render: (_: unknown, r: EffectivenessRowView) => <span data-testid={`worked-closed-${r.key}`}>{formatCount(r.closed)}</span> },
    { title: t('insights.worked.outcomes'), width: 130, render: (_: unknown, r: EffectivenessRowView) => `${r.retained} / ${r.partly} / ${r.lost} / ${r.tooEarly}` },
    {
      title: t('insights.worked.retentionRate'),
      width: 90,
      align: 'right' as const,
      render: (_: unknown, r: EffectivenessRowView) => <FigureCell figure={r.retentionRate} text={formatPercent(r.retentionRate.value)} title={t('insights.worked.retentionRate')} language={language} testId={`worked-rate-${r.key}`} />,
    },
    {
      title: t('insights.worked.revenueKept'),
      width: 100,
      align: 'right' as const,
      render: (_: unknown, r: EffectivenessRowView) => <FigureCell figure={r.revenueKept} text={formatPercent(r.revenueKept.value)} title={t('insights.worked.revenueKept')} language={language} testId={`worked-kept-${r.key}`} />,
    },
    {
      title: t('insights.worked.comparableKept'),
      width: 110,
      align: 'right' as const,
      render: (_: unknown, r: EffectivenessRowView) => <FigureCell figure={r.comparableKept} text={formatPercent(r.comparableKept.value)} title={t('insights.worked.comparableKept')} language={language} testId={`worked-cmp-${r.key}`} />,
    },
    {
      title: t('insights.worked.uplift'),
      width: 110,
      align: 'right' as const,
      render: (_: unknown, r: EffectivenessRowView) => <FigureCell figure={r.upliftVsComparable} text={pointsText(r.upliftVsComparable.value, t)} title={t('insights.worked.uplift')} language={language} testId={`worked-uplift-${r.key}`} />,
    },
    {
      title: t('insights.worked.revenueVs'),
      width: 150,
      align: 'right' as const,
      render: (_: unknown, r: EffectivenessRowView) => <FigureCell figure={r.revenueVsComparable} text={signedYuan(r.revenueVsComparable.value)} title={t('insights.worked.revenueVs')} language={language} testId={`worked-rev-${r.key}`} />,
    },
    { title: t('insights.worked.comparableCount'), width: 90, align: 'right' as const, render: (_: unknown, r: EffectivenessRowView) => formatCount(r.comparableGroups) },
  ];
  return (
    <div data-testid="worked-panel">
      <Typography.Title level={4}>{t('insights.worked.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('insights.worked.hint', { months: data.months })}</Typography.Paragraph>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('insights.worked.definition')} description={<span data-testid="worked-definition">{localText(data.definition, language)}</span>} />
      {data.closed === 0 ? (
        <Alert type="warning" showIcon message={t('insights.worked.none')} data-testid="worked-none" />
      ) : (
        <>
          <Card size="small" title={t('insights.worked.byMeasure')} style={{ marginBottom: 12 }}>
            <Table<EffectivenessRowView> size="small" rowKey="key" pagination={false} dataSource={[data.total].concat(data.byMeasure)} columns={columns} data-testid="worked-by-measure" />
          </Card>
          <Card size="small" title={t('insights.worked.byCause')}>
            <Table<EffectivenessRowView> size="small" rowKey="key" pagination={false} dataSource={data.byCause} columns={columns} data-testid="worked-by-cause" />
          </Card>
        </>
      )}
    </div>
  );
}
