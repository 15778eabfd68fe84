/**
 * 流失预警: every group's zone, score and value at risk, with the signals that
 * fired and their numbers. Quick filters, field filters, search (/ or Ctrl+F),
 * column chooser, sort, keyboard (↑ ↓ Enter), export to .xlsx.
 *
 * The backend filters, sorts and exports over its cached analysis; the page
 * fetches only the rows the windowed table shows.
 */
import { KeyPersonChanges } from './KeyPersonChanges';
import { DownloadOutlined, SettingOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Descriptions, Input, Popover, Select, Space, Spin, Tag, Tooltip, Typography, type InputRef } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import type { BacktestView, ScoreScaleView, StageApproachView, WarningRow, WARNING_EXPORT_COLUMNS } from '../../../../shared/api/analysisContract';
import { ApiCallError } from '../../../../shared/api/client';
import { api } from '../../api/transport';
import { BacktestSummary } from '../../components/BacktestSummary';
import { useOpenGroup } from '../../components/groupDrawerContext';
import { ScoreGauge } from '../../components/ScoreGauge';
import { StageApproach } from '../../components/StageApproach';
import { ZONE_COLOURS, ZONE_ICONS, ZoneTag, zoneName } from '../../components/ZoneTag';
import { downloadBase64 } from '../../download';
import { colonText, formatCount, formatPercent, formatYuan, parenText } from '../../format';
import { localText } from '../../i18n';
import { DEFAULT_FILTER } from './warningFilters';
import { ALL_ZONES, OPTIONAL_COLUMNS, useOpenActionGroups, useWarningsPrefs, type OptionalColumn, type WarningsLink, type ZoneId } from './useWarningsPrefs';
import { useWarningWindow } from './useWarningWindow';
import { WarningsTable, type WarningColumn } from './WarningsTable';

type ExportColumn = (typeof WARNING_EXPORT_COLUMNS)[number];

interface Props {
  language: Language;
  workspaceId: string;
  workspaceKey: string;
  link?: WarningsLink | null;
  /** changes whenever an action is added or edited, so the "open action" tags refresh */
  actionsVersion?: number;
}

export type { WarningsLink };

export function WarningsPage({ language, workspaceId, workspaceKey, link, actionsVersion = 0 }: Props) {
  const { t } = useTranslation();
  const [active, setActive] = useState(0);
  const [expanded, setExpanded] = useState<number | null>(null);
  const { filter, setFilter, sort, setSort, columns, setColumns } = useWarningsPrefs(workspaceId, link, () => {
    setActive(0);
    setExpanded(null);
  });
  const openActions = useOpenActionGroups(workspaceKey, actionsVersion);
  const [exporting, setExporting] = useState(false);
  const openGroup = useOpenGroup();
  const search = useRef<InputRef>(null);
  const { meta, pending, error, ensure, rowAt, queryKey } = useWarningWindow(filter, sort, workspaceKey);

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

  const total = meta?.total ?? 0;
  const asOf = meta?.asOf ?? null;

  const onTableKey = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, Math.min(total - 1, a + (e.key === 'ArrowDown' ? 1 : -1))));
    } else if (e.key === 'Enter') {
      const row = rowAt(active);
      if (row) {
        e.preventDefault();
        openGroup(row.groupCode);
      }
    }
  };

  const onOpen = useCallback((w: WarningRow) => openGroup(w.groupCode), [openGroup]);
  const onToggle = useCallback((i: number) => setExpanded((e) => (e === i ? null : i)), []);

  // a search that finds nothing (or little) in the ticked zones says where else it matches
  const elsewhere = useMemo(() => {
    const list = meta?.searchElsewhere ?? [];
    let n = 0;
    for (const e of list) n += e.count;
    const sep = language === 'zh-CN' ? '、' : ', ';
    return { total: n, zones: list.map((e) => e.zone), text: list.map((e) => `${zoneName(e.zone, language)} ${formatCount(e.count)}`).join(sep) };
  }, [meta, language]);
  const lossProbability = meta?.zoneLossProbability;
  const scale = meta?.scoreScale ?? null;
  const stageApproaches = meta?.stageApproaches;
  const tableColumns: WarningColumn[] = useMemo(() => {
    const optional: Record<OptionalColumn, WarningColumn> = {
      stage: {
        key: 'stage',
        title: t('warnings.stage'),
        width: 76,
        render: (w) => {
          if (!w.stageLabel) return '—';
          const approach = w.stage ? stageApproaches?.[w.stage] : undefined;
          const tip = [w.stageRule ? localText(w.stageRule, language) : '', approach ? localText(approach.summary, language) : ''].filter((x) => x !== '').join('\n');
          return <span title={tip}>{localText(w.stageLabel, language)}</span>;
        },
      },
      manager: { key: 'manager', title: t('warnings.manager'), width: 96, render: (w) => w.accountManager ?? <span className="wt-warn">{t('warnings.noManager')}</span> },
      contractEnd: {
        key: 'contractEnd',
        title: t('warnings.contractEnd'),
        width: 112,
        sortKey: 'contractEnd',
        render: (w) =>
          w.contractEnd ? (
            w.contractDays !== null && w.contractDays < 0 ? (
              <span className="contract-expired" data-testid="contract-expired">
                {w.contractEnd}
                <br />
                <span style={{ fontSize: 12 }}>{t('warnings.contractExpired', { days: formatCount(-w.contractDays) })}</span>
              </span>
            ) : (
              <span className={w.contractDays !== null && w.contractDays <= 90 ? 'contract-soon' : undefined}>{w.contractEnd}</span>
            )
          ) : (
            <span className="wt-muted">{t('detail.noContract')}</span>
          ),
      },
      region: { key: 'region', title: t('detail.region'), width: 100, render: (w) => w.region ?? '—' },
      groupClass: { key: 'groupClass', title: t('detail.class'), width: 70, render: (w) => w.groupClass ?? '—' },
      industry: { key: 'industry', title: t('detail.industry'), width: 90, render: (w) => w.industry ?? '—' },
      trend: { key: 'trend', title: t('warnings.trend'), width: 120, align: 'right', sortKey: 'trend', render: (w) => formatPercent(w.trendShortPct, true) },
      value: { key: 'value', title: t('warnings.currentValue'), width: 150, align: 'right', sortKey: 'value', render: (w) => formatYuan(w.value === null ? null : Math.round(w.value)) },
    };
    const cols: WarningColumn[] = [
      {
        key: 'zone',
        title: t('warnings.zone'),
        width: 70,
        // plain elements with native titles: thousands of antd Tags and Tooltips make scrolling stutter
        render: (w) => (
          <span title={localText(w.zoneRule, language)} className={w.zone === 'white' ? 'wt-zone wt-zone-white' : 'wt-zone'} style={w.zone === 'white' ? undefined : { background: ZONE_COLOURS[w.zone] }} data-zone={w.zone}>
            {ZONE_ICONS[w.zone]} {zoneName(w.zone, language)}
          </span>
        ),
      },
      {
        key: 'group',
        title: t('warnings.group'),
        width: 226,
        render: (w) => (
          <>
            {openActions.has(w.groupCode) && (
              <span className="wt-tag" data-testid={`open-action-${w.groupCode}`}>
                {t('actions.openTag')}
              </span>
            )}
            <span className="wt-name" data-testid={`warning-row-${w.groupCode}`} title={`${w.groupName} ${w.groupCode}`}>
              {w.groupName}
            </span>
          </>
        ),
      },
      {
        key: 'score',
        title: t('warnings.scoreScaled'),
        width: 140,
        align: 'right',
        sortKey: 'score',
        render: (w) => (
          <span className="traceable" title={`${w.score} / ${scale?.max ?? 100} · ${localText(w.zoneRule, language)}${scale ? `\n${localText(scale.rule, language)}` : ''}`}>
            {w.score}
          </span>
        ),
      },
      {
        key: 'valueAtRisk',
        title: t('warnings.valueAtRisk'),
        width: 160,
        align: 'right',
        sortKey: 'valueAtRisk',
        render: (w) => (
          <span className="traceable" title={t('warnings.varRule', { value: formatYuan(w.value === null ? null : Math.round(w.value)), p: lossProbability?.[w.zone] ?? 0, zone: zoneName(w.zone, language) })}>
            {formatYuan(w.valueAtRisk === null ? null : Math.round(w.valueAtRisk))}
          </span>
        ),
      },
      {
        key: 'signals',
        title: t('warnings.signals'),
        width: 280,
        render: (w) =>
          w.signals.map((s) => (
            <span key={s.id} className="signal-chip" title={localText(s.explanation, language)}>
              {localText(s.label, language)} +{s.points}
            </span>
          )),
      },
      ...OPTIONAL_COLUMNS.filter((k) => columns.includes(k)).map((k) => optional[k]),
      {
        key: 'open',
        title: '',
        width: 60,
        render: (w) => (
          <button
            type="button"
            className="wt-link"
            data-testid={`open-detail-${w.groupCode}`}
            onClick={(e) => {
              e.stopPropagation();
              openGroup(w.groupCode);
            }}
          >
            {t('detail.open')}
          </button>
        ),
      },
    ];
    return cols;
  }, [t, language, columns, openActions, lossProbability, scale, openGroup, stageApproaches]);

  const optionalTitles: Record<OptionalColumn, string> = {
    stage: t('warnings.stage'),
    manager: t('warnings.manager'),
    contractEnd: t('warnings.contractEnd'),
    region: t('detail.region'),
    groupClass: t('detail.class'),
    industry: t('detail.industry'),
    trend: t('warnings.trend'),
    value: t('warnings.currentValue'),
  };

  const exportList = async () => {
    if (!meta) return;
    const cols: { id: ExportColumn; title: string }[] = [
      { id: 'zone', title: t('warnings.zone') },
      { id: 'code', title: t('warnings.code') },
      { id: 'group', title: t('warnings.group') },
      { id: 'score', title: t('warnings.scoreScaled') },
      { id: 'valueAtRisk', title: t('warnings.valueAtRisk') },
      { id: 'value', title: t('warnings.currentValue') },
      { id: 'trend', title: t('warnings.trend') },
      { id: 'signals', title: t('warnings.signals') },
      { id: 'stage', title: t('warnings.stage') },
      { id: 'manager', title: t('warnings.manager') },
      { id: 'contractEnd', title: t('warnings.contractEnd') },
      { id: 'region', title: t('detail.region') },
      { id: 'groupClass', title: t('detail.class') },
      { id: 'industry', title: t('detail.industry') },
    ];
    setExporting(true);
    try {
      const r = await api.call('warnings.export', {
        filter,
        sort,
        language,
        fileName: `${t('nav.warnings')}-${meta.asOf ?? ''}.xlsx`,
        sheetName: t('nav.warnings'),
        columns: cols,
      });
      downloadBase64(r.fileName, r.dataBase64);
    } finally {
      setExporting(false);
    }
  };

  if (error && !meta) return <Alert type="error" showIcon message={t('errors.title')} description={error} />;
  if (!meta) return <Spin size="large" style={{ display: 'block', margin: '120px auto' }} />;
  if (meta.asOf === null) return <Alert type="info" showIcon message={t('empty.noBilling')} />;

  const c = meta.zoneCounts;
  const chooser = (
    <Checkbox.Group
      value={columns}
      onChange={(v) => setColumns(v as string[])}
      style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
      options={OPTIONAL_COLUMNS.map((k) => ({ value: k, label: optionalTitles[k] }))}
    />
  );

  const select = (value: string | null, options: string[], placeholder: string, set: (v: string | null) => void, testId: string) => (
    <Select
      allowClear
      showSearch
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
          {t('nav.warnings')} <Typography.Text type="secondary">{asOf}</Typography.Text>
        </Typography.Title>
        <Space>
          <Tooltip title={t('warnings.zonesHint', { total: formatCount(ALL_ZONES.reduce((n, z) => n + (c[z] ?? 0), 0)), asOf: asOf ?? '' })}>
            <Space className="traceable" data-testid="zone-counts">
              {ALL_ZONES.map((z) => (
                <span key={z} data-testid={`zone-count-${z}`} data-value={c[z] ?? 0}>
                  <ZoneTag zone={z} language={language} /> {formatCount(c[z] ?? 0)}
                </span>
              ))}
            </Space>
          </Tooltip>
          <BacktestButton language={language} workspaceKey={workspaceKey} />
        </Space>
      </div>
      {meta.defaultNote && <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="warnings-completeness-note" message={localText(meta.defaultNote, language)} />}
      <KeyPersonChanges language={language} workspaceKey={workspaceKey} />
      <Card size="small">
        <Space wrap style={{ marginBottom: 8 }}>
          <Checkbox.Group
            value={filter.zones}
            onChange={(v) => setFilter({ ...filter, zones: v as ZoneId[] })}
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
          <Input.Search ref={search} allowClear placeholder={t('warnings.search')} value={filter.search} onChange={(e) => setFilter({ ...filter, search: e.target.value.slice(0, 200) })} style={{ width: 220 }} data-testid="warnings-search" />
          {select(filter.region, meta.facets.region, t('detail.region'), (v) => setFilter({ ...filter, region: v }), 'filter-region')}
          {select(filter.groupClass, meta.facets.groupClass, t('detail.class'), (v) => setFilter({ ...filter, groupClass: v }), 'filter-class')}
          {select(filter.industry, meta.facets.industry, t('detail.industry'), (v) => setFilter({ ...filter, industry: v }), 'filter-industry')}
          {select(filter.manager, meta.facets.manager, t('warnings.manager'), (v) => setFilter({ ...filter, manager: v }), 'filter-manager')}
          {filter.stage && (
            <Tag closable onClose={() => setFilter({ ...filter, stage: null })}>
              {t('warnings.stage')}: {meta.stageLabels[filter.stage] ? localText(meta.stageLabels[filter.stage] ?? { zh: '', en: '' }, language) : filter.stage}
            </Tag>
          )}
          <Button onClick={() => setFilter(DEFAULT_FILTER)}>{t('warnings.clearFilters')}</Button>
          <Typography.Text type="secondary" data-testid="warnings-count" data-value={total} data-pending={pending ? 'true' : 'false'}>
            {t('warnings.count', { count: formatCount(total) })}
            {pending && <Spin size="small" style={{ marginLeft: 6 }} />}
          </Typography.Text>
          {elsewhere.total > 0 && (
            <Typography.Link
              data-testid="warnings-search-elsewhere"
              data-value={elsewhere.total}
              onClick={() => setFilter({ ...filter, zones: [...filter.zones, ...elsewhere.zones] })}
            >
              {t('warnings.searchElsewhere', { count: formatCount(elsewhere.total), zones: elsewhere.text })}
            </Typography.Link>
          )}
          <Popover content={chooser} title={t('warnings.columns')} trigger="click">
            <Button icon={<SettingOutlined />} data-testid="column-chooser">
              {t('warnings.columns')}
            </Button>
          </Popover>
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportList()} data-testid="export-warnings">
            {t('warnings.export')}
          </Button>
        </Space>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} />}
        <div tabIndex={0} onKeyDown={onTableKey} className="table-keyboard" data-testid="warnings-table-box">
          <WarningsTable
            total={total}
            rowAt={rowAt}
            ensure={ensure}
            columns={tableColumns}
            renderKey={`${queryKey}|${language}|${[...openActions].join(',')}|${columns.join(',')}`}
            sort={sort}
            onSort={setSort}
            active={active}
            onActive={setActive}
            expanded={expanded}
            onToggle={onToggle}
            onOpen={onOpen}
            renderDetail={(w) => <WarningDetail row={w} language={language} scale={scale} approach={w.stage ? (meta.stageApproaches[w.stage] ?? null) : null} />}
            height={620}
            stale={pending}
          />
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('warnings.keys')}
        </Typography.Text>
      </Card>
    </div>
  );
}

/** The back-test on demand (it replays every month, so it is computed only when asked for). */
function BacktestButton({ language, workspaceKey }: { language: Language; workspaceKey: string }) {
  const { t } = useTranslation();
  const [view, setView] = useState<{ key: string; backtest: BacktestView } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  // fetched each time it is opened: settings may have changed since
  const load = (open: boolean) => {
    if (!open) return;
    setFailed(null);
    api.call('analysis.get', { brief: true }).then(
      (v) => setView({ key: workspaceKey, backtest: v.backtest }),
      (e: unknown) => setFailed(e instanceof ApiCallError ? localText(e.error.message, language) : String(e)),
    );
  };
  const current = view?.key === workspaceKey ? view.backtest : null;
  const content = failed ? (
    <Alert type="error" showIcon message={failed} />
  ) : current ? (
    <BacktestSummary backtest={current} language={language} />
  ) : (
    <Spin size="small" />
  );
  return (
    <Popover trigger="click" placement="bottomRight" title={t('backtest.title')} content={content} onOpenChange={load}>
      <Button size="small" data-testid="warnings-backtest">
        {t('backtest.button')}
      </Button>
    </Popover>
  );
}

function WarningDetail({ row, language, scale, approach }: { row: WarningRow; language: Language; scale: ScoreScaleView | null; approach: StageApproachView | null }) {
  const { t } = useTranslation();
  return (
    <Descriptions size="small" column={1} bordered data-testid={`warning-detail-${row.groupCode}`}>
      <Descriptions.Item label={t('warnings.scoreRule')}>
        {scale && (
          <span style={{ marginInlineEnd: 12 }}>
            <ScoreGauge score={row.score} zone={row.zone} scale={scale} language={language} />
          </span>
        )}
        <b>
          {row.score} / {scale?.max ?? 100}
        </b>
        {row.zone === 'white' ? ` · ${localText(row.zoneRule, language)}` : ''}
        <div className="score-rule" style={{ color: '#595959', fontSize: 12 }}>
          {scale ? localText(scale.rule, language) : localText(row.zoneRule, language)}
          {t('warnings.evaluableAfter', { points: row.maxAvailableScore })}
        </div>
      </Descriptions.Item>
      {row.signals.map((s) => (
        <Descriptions.Item key={s.id} label={`${localText(s.label, language)}${parenText(`+${s.points}`, language)}`}>
          <span className="signal-explanation">{localText(s.explanation, language)}</span>
        </Descriptions.Item>
      ))}
      {row.unavailable.length > 0 && (
        <Descriptions.Item label={t('warnings.unavailable')}>
          {row.unavailable.map((u) => `${localText(u.label, language)}${colonText(language)}${localText(u.reason, language)}`).join(language === 'en' ? '; ' : '；')}
        </Descriptions.Item>
      )}
      {(row.stageRule || approach) && (
        <Descriptions.Item label={t('warnings.stage')}>
          {row.stageLabel && <b>{localText(row.stageLabel, language)}</b>}
          {row.stageRule && <span style={{ marginInlineStart: 8 }}>{localText(row.stageRule, language)}</span>}
          {approach && <StageApproach approach={approach} language={language} testId={`warning-stage-approach-${row.groupCode}`} />}
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('warnings.trend')}>{formatPercent(row.trendShortPct, true)}</Descriptions.Item>
    </Descriptions>
  );
}
