/** 客户经理覆盖: per account manager and the management vacuum; a click on a manager lists their groups and filters the ledger to them. */
import { Alert, Button, Card, Popover, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import type { CoverageGroupView, CoverageRowView, CoverageView } from '../../../../shared/api/ledgerContract';
import { TraceContent } from '../../components/TraceContent';
import { ZoneTag } from '../../components/ZoneTag';
import { useOpenGroup } from '../../components/groupDrawerContext';
import { formatCount, formatPercent, formatYuan } from '../../format';

type Coverage = CoverageView & { groups: CoverageGroupView[] };

function Traced({ f, title, language, testId }: { f: CoverageRowView['value']; title: string; language: Language; testId: string }) {
  return (
    <Popover content={<TraceContent trace={f.trace} language={language} />} title={title} mouseEnterDelay={0.2}>
      <span className="num" data-testid={testId} data-value={String(f.value)} style={{ cursor: 'help', borderBottom: '1px dotted #bfbfbf' }}>
        {formatYuan(Math.round(f.value))}
      </span>
    </Popover>
  );
}

export function CoveragePanel({
  data,
  language,
  selected,
  onSelect,
  actionsOfSelected,
  onShowActions,
}: {
  data: Coverage | null;
  language: Language;
  /** '' = the vacuum, null = none */
  selected: string | null;
  onSelect: (manager: string | null) => void;
  actionsOfSelected: number;
  onShowActions: () => void;
}) {
  const { t } = useTranslation();
  const openGroup = useOpenGroup();
  if (!data) return null;
  const rows = data.vacuum ? data.managers.concat([data.vacuum]) : data.managers;
  const who = (m: string) => (m === '' ? t('insights.coverage.vacuum') : m);
  const groupColumns = [
    {
      title: t('insights.coverage.group'),
      render: (_: unknown, g: CoverageGroupView) => (
        <Typography.Link onClick={() => openGroup(g.groupCode)} data-testid={`coverage-group-${g.groupCode}`}>
          {g.groupName}
        </Typography.Link>
      ),
    },
    { title: t('ledger.class'), width: 60, render: (_: unknown, g: CoverageGroupView) => g.groupClass ?? '—' },
    { title: t('insights.coverage.zone'), width: 80, render: (_: unknown, g: CoverageGroupView) => <ZoneTag zone={g.zone} language={language} /> },
    { title: t('insights.coverage.score'), width: 70, align: 'right' as const, render: (_: unknown, g: CoverageGroupView) => g.score },
    { title: t('insights.coverage.value'), width: 130, align: 'right' as const, render: (_: unknown, g: CoverageGroupView) => formatYuan(g.value === null ? null : Math.round(g.value)) },
    { title: t('insights.coverage.valueAtRisk'), width: 150, align: 'right' as const, render: (_: unknown, g: CoverageGroupView) => formatYuan(g.valueAtRisk === null ? null : Math.round(g.valueAtRisk)) },
  ];
  return (
    <div data-testid="coverage-panel">
      <Typography.Title level={4}>{t('insights.coverage.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('insights.coverage.hint', { asOf: data.asOf ?? '—' })}</Typography.Paragraph>
      <Table<CoverageRowView>
        size="small"
        rowKey={(r) => (r.manager === '' ? '__vacuum__' : r.manager)}
        pagination={false}
        dataSource={rows}
        data-testid="coverage-table"
        rowClassName={(r) => (r.manager === selected ? 'ant-table-row-selected' : r.manager === '' ? 'coverage-vacuum' : '')}
        onRow={(r) => ({ onClick: () => onSelect(r.manager === selected ? null : r.manager), style: { cursor: 'pointer' }, 'data-testid': `coverage-row-${r.manager === '' ? 'vacuum' : r.manager}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('insights.coverage.manager'), render: (_: unknown, r) => (r.manager === '' ? <Typography.Text type="danger">{who(r.manager)}</Typography.Text> : <Typography.Link>{r.manager}</Typography.Link>) },
          { title: t('insights.coverage.groups'), width: 70, align: 'right', render: (_: unknown, r) => <span data-testid={`coverage-groups-${r.manager || 'vacuum'}`}>{formatCount(r.groups)}</span> },
          { title: t('insights.coverage.value'), width: 130, align: 'right', render: (_: unknown, r) => <Traced f={r.value} title={`${who(r.manager)} · ${t('insights.coverage.value')}`} language={language} testId={`coverage-value-${r.manager || 'vacuum'}`} /> },
          { title: t('insights.coverage.valueShare'), width: 80, align: 'right', render: (_: unknown, r) => formatPercent(r.valueShare) },
          { title: t('insights.coverage.valueAtRisk'), width: 150, align: 'right', render: (_: unknown, r) => <Traced f={r.valueAtRisk} title={`${who(r.manager)} · ${t('insights.coverage.valueAtRisk')}`} language={language} testId={`coverage-var-${r.manager || 'vacuum'}`} /> },
          { title: t('insights.coverage.redYellow'), width: 80, align: 'right', render: (_: unknown, r) => `${r.red} / ${r.yellow}` },
          { title: t('insights.coverage.open'), width: 90, align: 'right', render: (_: unknown, r) => <span data-testid={`coverage-open-${r.manager || 'vacuum'}`}>{r.openActions}</span> },
          { title: t('insights.coverage.overdue'), width: 80, align: 'right', render: (_: unknown, r) => (r.overdueActions > 0 ? <Typography.Text type="danger">{r.overdueActions}</Typography.Text> : 0) },
          { title: t('insights.coverage.warnedWithout'), width: 100, align: 'right', render: (_: unknown, r) => r.warnedWithoutAction },
        ]}
      />
      {selected !== null && (
        <Card
          size="small"
          style={{ marginTop: 12 }}
          data-testid="coverage-selected"
          title={t('insights.coverage.selected', { manager: who(selected), count: data.groups.length })}
          extra={
            <Space>
              <Button size="small" type="primary" onClick={onShowActions} data-testid="coverage-show-actions">
                {t('insights.coverage.showActions', { count: actionsOfSelected })}
              </Button>
              <Button size="small" onClick={() => onSelect(null)}>
                {t('insights.coverage.clear')}
              </Button>
            </Space>
          }
        >
          <Table<CoverageGroupView> size="small" rowKey="groupCode" dataSource={data.groups} pagination={{ pageSize: 20, showSizeChanger: false }} columns={groupColumns} data-testid="coverage-groups" />
        </Card>
      )}
      {data.vacuumGroups.length > 0 && selected !== '' && (
        <Card size="small" style={{ marginTop: 12 }} title={t('insights.coverage.vacuumTitle', { count: data.vacuumGroups.length })} data-testid="coverage-vacuum">
          <Alert type="warning" showIcon style={{ marginBottom: 8 }} message={t('insights.coverage.vacuumHint')} />
          <Table<CoverageGroupView> size="small" rowKey="groupCode" dataSource={data.vacuumGroups} pagination={{ pageSize: 10, showSizeChanger: false }} columns={groupColumns} />
        </Card>
      )}
    </div>
  );
}
