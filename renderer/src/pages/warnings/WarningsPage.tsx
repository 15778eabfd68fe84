/**
 * 流失预警: every group's zone, score and value at risk, with the signals that
 * fired and their numbers. Quick filters, field filters, search (/ or Ctrl+F),
 * column chooser, sort, keyboard (↑ ↓ Enter), export to .xlsx.
 */
import { DownloadOutlined, SettingOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Descriptions, Input, Popover, Select, Space, Spin, Table, Tag, Typography, type InputRef } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import type { AnalysisView, WarningRow } from '../../../../shared/api/analysisContract';
import { api } from '../../api/transport';
import { useOpenGroup } from '../../components/groupDrawerContext';
import { ZoneTag, zoneName } from '../../components/ZoneTag';
import { downloadBase64 } from '../../download';
import { formatPercent, formatYuan } from '../../format';
import { localText } from '../../i18n';
import { applyFilter, daysToContractEnd, DEFAULT_FILTER, distinct, loadFilter, saveFilter, type WarningFilter } from './warningFilters';

export interface WarningsLink {
  zones?: string[];
  stage?: string;
}

const ALL_ZONES = ['red', 'yellow', 'blue', 'green', 'white'] as const;
const OPTIONAL_COLUMNS = ['stage', 'manager', 'contractEnd', 'region', 'groupClass', 'industry', 'trend', 'value'] as const;
type OptionalColumn = (typeof OPTIONAL_COLUMNS)[number];
const DEFAULT_COLUMNS: OptionalColumn[] = ['stage', 'manager', 'contractEnd'];

interface Props {
  language: Language;
  workspaceId: string;
  workspaceKey: string;
  link?: WarningsLink | null;
  /** changes whenever an action is added or edited, so the "open action" tags refresh */
  actionsVersion?: number;
}

export function WarningsPage({ language, workspaceId, workspaceKey, link, actionsVersion = 0 }: Props) {
  const { t } = useTranslation();
  const [view, setView] = useState<AnalysisView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilterState] = useState<WarningFilter>(() => {
    const stored = loadFilter(workspaceId);
    if (!link) return stored;
    return { ...DEFAULT_FILTER, zones: link.zones ?? [], stage: link.stage ?? null };
  });
  const [columns, setColumns] = useState<OptionalColumn[]>(() => {
    try {
      const raw = localStorage.getItem(`holdfast.warnings.columns.${workspaceId}`);
      return raw ? (JSON.parse(raw) as OptionalColumn[]) : DEFAULT_COLUMNS;
    } catch {
      return DEFAULT_COLUMNS;
    }
  });
  const [active, setActive] = useState(0);
  const [expanded, setExpanded] = useState<string[]>([]);
  const [openActions, setOpenActions] = useState<Set<string>>(new Set());
  const openGroup = useOpenGroup();
  const search = useRef<InputRef>(null);
  const tableBox = useRef<HTMLDivElement>(null);

  const setFilter = (f: WarningFilter) => {
    setFilterState(f);
    saveFilter(workspaceId, f);
    setActive(0);
  };

  useEffect(() => {
    let live = true;
    api.call('analysis.get', {}).then(
      (v) => live && setView(v),
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [workspaceKey]);

  useEffect(() => {
    api.call('actions.list', {}).then(
      (list) => setOpenActions(new Set(list.filter((a) => a.status === 'open').map((a) => a.groupCode))),
      () => setOpenActions(new Set()),
    );
  }, [workspaceKey, actionsVersion]);

  // "/" or Ctrl+F focuses the group search, as in the other lists.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      if ((e.key === '/' && !typing) || ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f')) {
        e.preventDefault();
        search.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const rows = useMemo(() => (view ? applyFilter(view.warnings, filter, view.asOf) : []), [view, filter]);
  const activeRow = rows[Math.min(active, rows.length - 1)];

  const onTableKey = useCallback(
    (e: React.KeyboardEvent) => {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((a) => Math.max(0, Math.min(rows.length - 1, a + (e.key === 'ArrowDown' ? 1 : -1))));
      } else if (e.key === 'Enter' && activeRow) {
        e.preventDefault();
        openGroup(activeRow.groupCode);
      }
    },
    [rows.length, activeRow, openGroup],
  );

  useEffect(() => {
    // Keep the keyboard row in view.
    tableBox.current?.querySelector('.warning-active')?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const exportList = async () => {
    if (!view) return;
    const cols: { title: string; kind: 'text' | 'number' | 'yuan' | 'percent'; get: (w: WarningRow) => string | number | null }[] = [
      { title: t('warnings.zone'), kind: 'text', get: (w) => zoneName(w.zone, language) },
      { title: t('warnings.code'), kind: 'text', get: (w) => w.groupCode },
      { title: t('warnings.group'), kind: 'text', get: (w) => w.groupName },
      { title: t('warnings.score'), kind: 'number', get: (w) => w.score },
      { title: t('warnings.valueAtRisk'), kind: 'yuan', get: (w) => w.valueAtRisk },
      { title: t('warnings.currentValue'), kind: 'yuan', get: (w) => w.value },
      { title: t('warnings.trend'), kind: 'percent', get: (w) => w.trendShortPct },
      { title: t('warnings.signals'), kind: 'text', get: (w) => w.signals.map((s) => localText(s.explanation, language)).join('；') },
      { title: t('warnings.stage'), kind: 'text', get: (w) => (w.stageLabel ? localText(w.stageLabel, language) : null) },
      { title: t('warnings.manager'), kind: 'text', get: (w) => w.accountManager },
      { title: t('warnings.contractEnd'), kind: 'text', get: (w) => w.contractEnd },
      { title: t('detail.region'), kind: 'text', get: (w) => w.region },
      { title: t('detail.class'), kind: 'text', get: (w) => w.groupClass },
      { title: t('detail.industry'), kind: 'text', get: (w) => w.industry },
    ];
    const r = await api.call('export.table', {
      fileName: `${t('nav.warnings')}-${view.asOf ?? ''}.xlsx`,
      sheetName: t('nav.warnings'),
      columns: cols.map((c) => ({ title: c.title, kind: c.kind })),
      rows: rows.map((w) => cols.map((c) => c.get(w))),
    });
    downloadBase64(r.fileName, r.dataBase64);
  };

  if (error) return <Alert type="error" showIcon message={t('errors.title')} description={error} />;
  if (!view) return <Spin size="large" style={{ display: 'block', margin: '120px auto' }} />;
  if (view.asOf === null) return <Alert type="info" showIcon message={t('empty.noBilling')} />;

  const c = view.zones.counts;
  const all = view.warnings;
  const optional: Record<OptionalColumn, ColumnsType<WarningRow>[number]> = {
    stage: { title: t('warnings.stage'), key: 'stage', width: 90, render: (_: unknown, w) => (w.stageLabel ? <span title={w.stageRule ? localText(w.stageRule, language) : ''}>{localText(w.stageLabel, language)}</span> : '—') },
    manager: { title: t('warnings.manager'), key: 'manager', width: 100, render: (_: unknown, w) => w.accountManager ?? <Typography.Text type="warning">{t('warnings.noManager')}</Typography.Text> },
    contractEnd: {
      title: t('warnings.contractEnd'),
      key: 'contractEnd',
      width: 110,
      sorter: (a, b) => (a.contractEnd ?? '9999').localeCompare(b.contractEnd ?? '9999'),
      render: (_: unknown, w) => {
        const d = daysToContractEnd(w.contractEnd, view.asOf);
        return w.contractEnd ? <span className={d !== null && d >= 0 && d <= 90 ? 'contract-soon' : undefined}>{w.contractEnd}</span> : <Typography.Text type="secondary">{t('detail.noContract')}</Typography.Text>;
      },
    },
    region: { title: t('detail.region'), key: 'region', width: 100, render: (_: unknown, w) => w.region ?? '—' },
    groupClass: { title: t('detail.class'), key: 'groupClass', width: 70, render: (_: unknown, w) => w.groupClass ?? '—' },
    industry: { title: t('detail.industry'), key: 'industry', width: 80, render: (_: unknown, w) => w.industry ?? '—' },
    trend: { title: t('warnings.trend'), key: 'trend', width: 100, align: 'right', sorter: (a, b) => (a.trendShortPct ?? 0) - (b.trendShortPct ?? 0), render: (_: unknown, w) => formatPercent(w.trendShortPct, true) },
    value: { title: t('warnings.currentValue'), key: 'value', width: 120, align: 'right', sorter: (a, b) => (a.value ?? 0) - (b.value ?? 0), render: (_: unknown, w) => formatYuan(w.value === null ? null : Math.round(w.value)) },
  };

  const tableColumns: ColumnsType<WarningRow> = [
    {
      title: t('warnings.zone'),
      dataIndex: 'zone',
      width: 90,
      // Native titles, not antd Tooltips, in the rows: thousands of Tooltip components make scrolling stutter.
      render: (z: string, w) => (
        <span title={localText(w.zoneRule, language)}>
          <ZoneTag zone={z} language={language} />
        </span>
      ),
    },
    {
      title: t('warnings.group'),
      dataIndex: 'groupName',
      width: 260,
      ellipsis: true,
      render: (name: string, w) => (
        <span data-testid={`warning-row-${w.groupCode}`}>
          {openActions.has(w.groupCode) && (
            <Tag color="processing" data-testid={`open-action-${w.groupCode}`}>
              {t('actions.openTag')}
            </Tag>
          )}
          {name}
        </span>
      ),
    },
    {
      title: t('warnings.score'),
      dataIndex: 'score',
      width: 80,
      align: 'right',
      sorter: (a, b) => a.score - b.score,
      render: (score: number, w) => (
        <span className="traceable" title={`${score} / ${w.maxAvailableScore} · ${localText(w.zoneRule, language)}`}>
          {score}
        </span>
      ),
    },
    {
      title: t('warnings.valueAtRisk'),
      dataIndex: 'valueAtRisk',
      width: 130,
      align: 'right',
      sorter: (a, b) => (a.valueAtRisk ?? 0) - (b.valueAtRisk ?? 0),
      render: (v: number | null, w) => (
        <span className="traceable" title={t('warnings.varRule', { value: formatYuan(w.value === null ? null : Math.round(w.value)), p: view.zoneLossProbability[w.zone] ?? 0, zone: zoneName(w.zone, language) })}>
          {formatYuan(v === null ? null : Math.round(v))}
        </span>
      ),
    },
    {
      title: t('warnings.signals'),
      key: 'signals',
      width: 440,
      render: (_: unknown, w) => (
        <Space size={4} className="signal-tags">
          {w.signals.map((s) => (
            <span key={s.id} className="signal-chip" title={localText(s.explanation, language)}>
              {localText(s.label, language)} +{s.points}
            </span>
          ))}
        </Space>
      ),
    },
    ...OPTIONAL_COLUMNS.filter((k) => columns.includes(k)).map((k) => optional[k]),
    {
      title: '',
      key: 'open',
      width: 70,
      render: (_: unknown, w) => (
        <Button
          size="small"
          type="link"
          data-testid={`open-detail-${w.groupCode}`}
          onClick={(e) => {
            e.stopPropagation();
            openGroup(w.groupCode);
          }}
        >
          {t('detail.open')}
        </Button>
      ),
    },
  ];

  const chooser = (
    <Checkbox.Group
      value={columns}
      onChange={(v) => {
        const next = v as OptionalColumn[];
        setColumns(next);
        localStorage.setItem(`holdfast.warnings.columns.${workspaceId}`, JSON.stringify(next));
      }}
      style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
      options={OPTIONAL_COLUMNS.map((k) => ({ value: k, label: String(optional[k].title) }))}
    />
  );

  const select = (value: string | null, options: string[], placeholder: string, set: (v: string | null) => void, testId: string) => (
    <Select
      allowClear
      value={value ?? undefined}
      placeholder={placeholder}
      style={{ width: 130 }}
      onChange={(v: string | undefined) => set(v ?? null)}
      options={options.map((o) => ({ value: o, label: o }))}
      data-testid={testId}
    />
  );

  return (
    <div className="page" data-testid="warnings-page">
      <div className="page-header">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('nav.warnings')} <Typography.Text type="secondary">{view.asOf}</Typography.Text>
        </Typography.Title>
        <Space>
          {ALL_ZONES.map((z) => (
            <span key={z} data-testid={`zone-count-${z}`} data-value={c[z] ?? 0}>
              <ZoneTag zone={z} language={language} /> {c[z] ?? 0}
            </span>
          ))}
        </Space>
      </div>
      <Card size="small">
        <Space wrap style={{ marginBottom: 8 }}>
          <Checkbox.Group
            value={filter.zones}
            onChange={(v) => setFilter({ ...filter, zones: v as string[] })}
            options={ALL_ZONES.map((z) => ({ value: z, label: zoneName(z, language) }))}
            data-testid="filter-zones"
          />
          <Checkbox checked={filter.abOnly} onChange={(e) => setFilter({ ...filter, abOnly: e.target.checked })} data-testid="filter-ab">
            {t('warnings.abOnly')}
          </Checkbox>
          <Checkbox checked={filter.contractSoon} onChange={(e) => setFilter({ ...filter, contractSoon: e.target.checked })} data-testid="filter-contract">
            {t('warnings.contractSoon')}
          </Checkbox>
          <Checkbox checked={filter.noManager} onChange={(e) => setFilter({ ...filter, noManager: e.target.checked })} data-testid="filter-no-manager">
            {t('warnings.noManagerFilter')}
          </Checkbox>
        </Space>
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search ref={search} allowClear placeholder={t('warnings.search')} value={filter.search} onChange={(e) => setFilter({ ...filter, search: e.target.value })} style={{ width: 220 }} data-testid="warnings-search" />
          {select(filter.region, distinct(all, (w) => w.region), t('detail.region'), (v) => setFilter({ ...filter, region: v }), 'filter-region')}
          {select(filter.groupClass, distinct(all, (w) => w.groupClass), t('detail.class'), (v) => setFilter({ ...filter, groupClass: v }), 'filter-class')}
          {select(filter.industry, distinct(all, (w) => w.industry), t('detail.industry'), (v) => setFilter({ ...filter, industry: v }), 'filter-industry')}
          {select(filter.manager, distinct(all, (w) => w.accountManager), t('warnings.manager'), (v) => setFilter({ ...filter, manager: v }), 'filter-manager')}
          {filter.stage && (
            <Tag closable onClose={() => setFilter({ ...filter, stage: null })}>
              {t('warnings.stage')}: {all.find((w) => w.stage === filter.stage)?.stageLabel ? localText(all.find((w) => w.stage === filter.stage)?.stageLabel ?? { zh: '', en: '' }, language) : filter.stage}
            </Tag>
          )}
          <Button onClick={() => setFilter(DEFAULT_FILTER)}>{t('warnings.clearFilters')}</Button>
          <Typography.Text type="secondary" data-testid="warnings-count" data-value={rows.length}>
            {t('warnings.count', { count: rows.length })}
          </Typography.Text>
          <Popover content={chooser} title={t('warnings.columns')} trigger="click">
            <Button icon={<SettingOutlined />} data-testid="column-chooser">
              {t('warnings.columns')}
            </Button>
          </Popover>
          <Button icon={<DownloadOutlined />} onClick={() => void exportList()} data-testid="export-warnings">
            {t('warnings.export')}
          </Button>
        </Space>
        <div ref={tableBox} tabIndex={0} onKeyDown={onTableKey} className="table-keyboard" data-testid="warnings-table-box">
          <Table<WarningRow>
            // The virtual list memoises rows; a new action set must redraw the "open action" tags.
            key={[...openActions].sort().join(',')}
            size="small"
            rowKey="groupCode"
            dataSource={rows}
            virtual
            scroll={{ y: 620, x: 1560 }}
            pagination={false}
            data-testid="warnings-table"
            rowClassName={(w) => (activeRow && w.groupCode === activeRow.groupCode ? 'warning-active' : '')}
            onRow={(w, i) => ({ onClick: () => setActive(i ?? 0), onDoubleClick: () => openGroup(w.groupCode) })}
            expandable={{
              expandedRowRender: (w) => <WarningDetail row={w} language={language} />,
              expandedRowKeys: expanded,
              onExpand: (open, w) => setExpanded((keys) => (open ? [...keys, w.groupCode] : keys.filter((k) => k !== w.groupCode))),
              expandRowByClick: true,
              columnWidth: 40,
            }}
            columns={tableColumns}
          />
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('warnings.keys')}
        </Typography.Text>
      </Card>
    </div>
  );
}

function WarningDetail({ row, language }: { row: WarningRow; language: Language }) {
  const { t } = useTranslation();
  return (
    <Descriptions size="small" column={1} bordered data-testid={`warning-detail-${row.groupCode}`}>
      <Descriptions.Item label={t('warnings.scoreRule')}>
        {row.score} / {row.maxAvailableScore} · {localText(row.zoneRule, language)}
      </Descriptions.Item>
      {row.signals.map((s) => (
        <Descriptions.Item key={s.id} label={`${localText(s.label, language)}（+${s.points}）`}>
          <span className="signal-explanation">{localText(s.explanation, language)}</span>
        </Descriptions.Item>
      ))}
      {row.unavailable.length > 0 && (
        <Descriptions.Item label={t('warnings.unavailable')}>
          {row.unavailable.map((u) => `${localText(u.label, language)}：${localText(u.reason, language)}`).join('；')}
        </Descriptions.Item>
      )}
      {row.stageRule && <Descriptions.Item label={t('warnings.stage')}>{localText(row.stageRule, language)}</Descriptions.Item>}
      <Descriptions.Item label={t('warnings.trend')}>{formatPercent(row.trendShortPct, true)}</Descriptions.Item>
    </Descriptions>
  );
}
