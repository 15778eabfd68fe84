/** Step 3: which groups the moves expose and how much revenue is at risk (expected and P90), on the quadrant and as a list. */
import { Alert, Card, Spin, Table, Typography } from 'antd';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { KpiCard } from '../../../components/KpiCard';
import { useOpenGroup } from '../../../components/groupDrawerContext';
import { ZoneTag } from '../../../components/ZoneTag';
import { formatCount, formatPercent } from '../../../format';
import { localText } from '../../../i18n';
import { GroupList, type ListRow } from '../../quadrant/GroupList';
import { ExposureQuadrant } from '../ExposureQuadrant';
import { wan, yuan } from '../scenarioModel';
import type { StepProps } from './stepProps';
import { useExposurePreview } from './useExposurePreview';

export function ExposureStep({ draft, language, view }: StepProps) {
  const { t } = useTranslation();
  const openGroup = useOpenGroup();
  const { exposure, loading, error } = useExposurePreview(draft, true, 0);

  const cellName = useCallback(
    (id: string | null) => {
      const c = id ? view?.cells.find((x) => x.id === id) : undefined;
      return c ? localText(c.name, language) : '—';
    },
    [view, language],
  );

  const listRows: ListRow[] = useMemo(
    () =>
      (exposure?.rows ?? []).map((r) => ({
        code: r.groupCode,
        name: r.groupName,
        zone: r.zone,
        cell: cellName(r.cell),
        baseline: Math.round(r.baseline),
        lossProbability: r.lossProbability,
        diversion: r.diversion,
        expectedLoss: Math.round(r.expectedLoss),
      })),
    [exposure, cellName],
  );

  if (error) return <Alert type="error" showIcon message={error} />;
  if (!exposure || !view) return <Spin size="large" tip={t('scenarios.exposure.loading')} style={{ display: 'block', margin: '120px auto' }} />;
  const risk = exposure.revenueAtRisk;

  return (
    <div className="page" data-testid="step-exposure" data-exposed={exposure.exposedGroups} data-loading={loading}>
      <div className="kpi-row">
        <KpiCard testId="exposure-groups" title={t('scenarios.exposure.groups')} figure={{ value: exposure.exposedGroups, trace: exposure.trace }} display={`${formatCount(exposure.exposedGroups)} / ${formatCount(exposure.groupsInScope)}`} language={language} />
        <KpiCard testId="exposure-risk" title={t('scenarios.exposure.revenueAtRisk')} figure={{ value: risk.expected, trace: risk.trace }} display={wan(risk.expected, language)} sub={t('scenarios.exposure.perYear', { quarters: draft.quarters })} language={language} tone="down" />
        <KpiCard testId="exposure-risk-p90" title={t('scenarios.exposure.revenueAtRiskP90')} figure={{ value: risk.p90, trace: risk.trace }} display={wan(risk.p90, language)} sub={
            exposure.runs < draft.runs
              ? `P10 ${wan(risk.p10, language)} · P50 ${wan(risk.p50, language)} · ${t('scenarios.exposure.previewRuns', { runs: formatCount(exposure.runs), all: formatCount(draft.runs) })}`
              : `P10 ${wan(risk.p10, language)} · P50 ${wan(risk.p50, language)}`
          } language={language} tone="down" />
        <KpiCard testId="exposure-baseline" title={t('scenarios.exposure.annualRevenue')} figure={{ value: exposure.baselineRevenue, trace: exposure.trace }} display={wan(exposure.baselineRevenue, language)} sub={t('scenarios.exposure.perYear', { quarters: draft.quarters })} language={language} />
      </div>
      {exposure.exposedGroups === 0 ? (
        <Alert type="warning" showIcon message={t('scenarios.exposure.none')} />
      ) : (
        <div style={{ display: 'flex', gap: 16, alignItems: 'stretch' }}>
          <Card size="small" title={t('scenarios.exposure.onQuadrant')} style={{ flex: '1 1 50%', minWidth: 0 }} styles={{ body: { padding: 8 } }}>
            <ExposureQuadrant view={view} rows={exposure.rows} language={language} height={440} onGroup={openGroup} />
          </Card>
          <Card size="small" title={`${t('scenarios.exposure.list')} · ${t('quadrant.groupsCount', { count: exposure.rows.length })}`} style={{ flex: '1 1 50%', minWidth: 0 }}>
            <GroupList
              testId="exposure-list"
              exportName={`${t('scenarios.exposure.list')}-${draft.name}`}
              height={380}
              rows={listRows}
              columns={[
                { key: 'zone', title: t('scenarios.exposure.zone'), width: 76, render: (r) => <ZoneTag zone={String(r.zone)} language={language} /> },
                { key: 'expectedLoss', title: t('scenarios.exposure.expectedLoss'), align: 'right', width: 120, render: (r) => yuan(r.expectedLoss as number) },
                { key: 'lossProbability', title: t('scenarios.exposure.lossProb'), align: 'right', width: 84, render: (r) => formatPercent(r.lossProbability as number) },
                { key: 'diversion', title: t('scenarios.exposure.diversion'), align: 'right', width: 70, render: (r) => formatPercent(r.diversion as number) },
                { key: 'baseline', title: t('scenarios.exposure.revenue'), align: 'right', width: 120, render: (r) => yuan(r.baseline as number) },
                { key: 'cell', title: t('scenarios.exposure.cell'), width: 96 },
              ]}
            />
          </Card>
        </div>
      )}
      {exposure.byMove.length > 1 && (
        <Table
          size="small"
          rowKey="moveId"
          pagination={false}
          dataSource={exposure.byMove}
          columns={[
            { key: 'name', title: t('scenarios.steps.moves'), render: (_: unknown, r) => localText(r.name, language) },
            { key: 'groups', title: t('scenarios.exposure.groups'), align: 'right', render: (_: unknown, r) => formatCount(r.groups) },
            { key: 'loss', title: t('scenarios.exposure.expectedLoss'), align: 'right', render: (_: unknown, r) => yuan(r.expectedLoss) },
          ]}
        />
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {localText(exposure.trace.rule, language)}
      </Typography.Text>
    </div>
  );
}
