/** 价值象限: the four frameworks of docs/domain.md §4 as a scatter with brushing, filters and search, and the migration between periods. */
import { periodOptions } from '../../components/periodLabel';
import { Alert, Button, Card, Segmented, Select, Space, Spin, Switch, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import type { QuadrantFramework } from '../../../../shared/api/quadrantContract';
import { useOpenGroup } from '../../components/groupDrawerContext';
import { TraceContent } from '../../components/TraceContent';
import { ZoneTag } from '../../components/ZoneTag';
import { formatCount, formatPercent, formatYuan } from '../../format';
import { localText } from '../../i18n';
import { GroupList, type ListRow } from './GroupList';
import { MigrationPanel } from './MigrationPanel';
import { QuadrantChart, type BrushMode, type CornerLabel } from './QuadrantChart';
import { FACETS, NO_FILTERS, rowsInAreas, type BrushArea, type Facet } from './quadrantModel';
import { useQuadrantData } from './useQuadrantData';

const FRAMEWORKS: QuadrantFramework[] = ['valueRisk', 'revenueNewBiz', 'valueBinding', 'currentPotential'];
type Mode = 'snapshot' | 'migration';

export function QuadrantPage({ language, workspaceKey }: { language: Language; workspaceKey: string }) {
  const { t } = useTranslation();
  const openGroup = useOpenGroup();
  const { framework, setFramework, setAsOf, view, error, filters, updateFilters, filtered, rows, totals, selection, setSelection, listRows } = useQuadrantData(workspaceKey, language);
  const [mode, setMode] = useState<Mode>('snapshot');
  const [logX, setLogX] = useState(true);
  const [brushMode, setBrushMode] = useState<BrushMode>('none');
  const [highlight, setHighlight] = useState<string | null>(null);
  const [searchText, setSearchText] = useState('');
  const corners: CornerLabel[] = useMemo(() => {
    if (!view) return [];
    return view.cells.map((c, i) => {
      const tot = filtered ? totals[i] : { count: c.count, share: c.valueShare };
      const share = tot?.share ?? null;
      return { position: c.position, text: `${localText(c.name, language)}  ${t('quadrant.groupsCount', { count: tot?.count ?? 0 })}${share === null ? '' : ` · ${t('quadrant.shareShort')} ${formatPercent(share)}`}` };
    });
  }, [view, filtered, totals, language, t]);

  const highlightRow = useMemo(() => {
    if (!view || highlight === null) return null;
    const i = view.points.codes.indexOf(highlight);
    return i < 0 ? null : i;
  }, [view, highlight]);

  const onBrush = useCallback(
    (areas: BrushArea[]) => {
      if (!view) return;
      if (areas.length === 0) {
        setSelection(null);
        return;
      }
      setSelection({ kind: 'brush', rows: rowsInAreas(view, rows, areas, logX) });
    },
    [view, rows, logX, setSelection],
  );
  const onPoint = useCallback((row: number) => view && openGroup(view.points.codes[row] as string), [view, openGroup]);

  // Only the first matches of what was typed: 50,000 options would cost the first render more than the chart.
  const searchOptions = useMemo(() => {
    if (!view) return [];
    const P = view.points;
    const out: { value: string; label: string }[] = [];
    const q = searchText.trim().toLowerCase();
    const at = highlight === null ? -1 : P.codes.indexOf(highlight);
    if (at >= 0) out.push({ value: highlight as string, label: `${P.names[at]} ${highlight}` });
    if (q === '') return out;
    for (let i = 0; i < P.codes.length && out.length < 50; i++) {
      const code = P.codes[i] as string;
      const name = P.names[i] as string;
      if (code !== highlight && (name.toLowerCase().includes(q) || code.toLowerCase().includes(q))) out.push({ value: code, label: `${name} ${code}` });
    }
    return out;
  }, [view, searchText, highlight]);

  useEffect(() => {
    if (view) performance.mark('quadrant.rendered');
  }, [view]);

  if (error) return <Alert type="error" showIcon message={t('errors.title')} description={error} />;
  if (!view) return <Spin size="large" style={{ display: 'block', margin: '120px auto' }} data-testid="quadrant-loading" />;
  if (view.asOf === null) return <Alert type="info" showIcon message={t('empty.noBilling')} data-testid="quadrant-page" />;

  const P = view.points;
  const latest = view.latest ?? view.periods[view.periods.length - 1];
  const facetLabel: Record<Facet, string> = { region: t('quadrant.region'), groupClass: t('quadrant.groupClass'), industry: t('quadrant.industry'), accountManager: t('quadrant.accountManager') };
  const fmtY = (v: number) => (view.framework === 'revenueNewBiz' ? formatYuan(Math.round(v)) : String(Math.round(v * 10) / 10));
  const splitTag = (axis: 'x' | 'y') => {
    const a = view[axis];
    return (
      <Tooltip title={<TraceContent trace={a.trace} language={language} />} color="#fff" styles={{ root: { maxWidth: 460 } }}>
        <Typography.Text className="traceable" data-testid={`split-${axis}`} data-value={a.value ?? ''}>
          {axis === 'x' ? t('quadrant.xSplit') : t('quadrant.ySplit')} {localText(a.label, language)} {a.compare === 'gt' ? '>' : '≥'}{' '}
          {a.value === null ? '—' : a.value >= 1000 ? formatYuan(Math.round(a.value)) : Math.round(a.value * 100) / 100}
        </Typography.Text>
      </Tooltip>
    );
  };

  return (
    <div className="page" data-testid="quadrant-page" data-framework={framework} data-asof={view.asOf}>
      <div className="page-header">
        <Typography.Title level={4} style={{ margin: 0, whiteSpace: 'nowrap' }}>
          {t('nav.quadrant')}
        </Typography.Title>
        <Space wrap>
          {mode === 'snapshot' && (
            <span data-testid="quadrant-period">
            <Select
              aria-label={t('quadrant.period')}
              value={view.asOf}
              virtual={false}
              style={{ width: view.incomplete.length > 0 ? (language === 'en' ? 220 : 190) : language === 'en' ? 170 : 150 }}
              options={periodOptions([...view.periods].reverse(), { latest, incomplete: view.incomplete }, t, language)}
              onChange={(p: string) => setAsOf(p === latest ? undefined : p)}
            />
            </span>
          )}
          <Segmented<QuadrantFramework>
            value={framework}
            onChange={setFramework}
            options={FRAMEWORKS.map((f) => ({ value: f, label: <span data-testid={`framework-${f}`}>{t(`quadrant.frameworks.${f}`)}</span> }))}
          />
          <Segmented<Mode>
            value={mode}
            onChange={setMode}
            options={[
              { value: 'snapshot', label: <span data-testid="mode-snapshot">{t('quadrant.snapshot')}</span> },
              { value: 'migration', label: <span data-testid="mode-migration">{t('quadrant.migration')}</span> },
            ]}
          />
        </Space>
      </div>
      {mode === 'snapshot' && view.defaultNote && <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="quadrant-completeness-note" message={localText(view.defaultNote, language)} />}

      <Space wrap size={[8, 8]} data-testid="quadrant-filters">
        {FACETS.map((f) => (
          <Select
            key={f}
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            placeholder={facetLabel[f]}
            value={filters[f]}
            onChange={(v: string[]) => updateFilters({ ...filters, [f]: v })}
            options={view.facets[f].map((v) => ({ value: v, label: v }))}
            style={{ width: f === 'industry' ? 170 : 150 }}
            data-testid={`filter-${f}`}
          />
        ))}
        {filtered && (
          <Button size="small" onClick={() => updateFilters(NO_FILTERS)} data-testid="filters-clear">
            {t('quadrant.clearFilters')}
          </Button>
        )}
        {mode === 'snapshot' && (
          <>
            <Select
              showSearch
              allowClear
              placeholder={t('quadrant.search')}
              value={highlight}
              onChange={(v: string | undefined) => setHighlight(v ?? null)}
              onSearch={setSearchText}
              options={searchOptions}
              filterOption={false}
              notFoundContent={searchText.trim() === '' ? t('quadrant.searchHint') : undefined}
              style={{ width: 220 }}
              virtual
              data-testid="quadrant-search"
            />
            <span>
              <Switch size="small" checked={logX} onChange={setLogX} data-testid="log-toggle" /> {t('quadrant.logScale')}
            </span>
            <Segmented<BrushMode>
              size="small"
              value={brushMode}
              onChange={setBrushMode}
              options={[
                { value: 'none', label: <span data-testid="brush-none">{t('quadrant.brushNone')}</span> },
                { value: 'rect', label: <span data-testid="brush-rect">{t('quadrant.brushRect')}</span> },
                { value: 'polygon', label: <span data-testid="brush-polygon">{t('quadrant.brushLasso')}</span> },
              ]}
            />
          </>
        )}
      </Space>

      {mode === 'migration' ? (
        <MigrationPanel framework={framework} periods={view.periods} language={language} workspaceKey={workspaceKey} filters={filters} />
      ) : (
        <>
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(4, minmax(0, 1fr))', gap: 8 }}>
            {view.cells.map((c, i) => {
              const tot = filtered ? totals[i] : { count: c.count, share: c.valueShare };
              const active = selection?.kind === 'cell' && selection.cell === i;
              return (
                <Tooltip key={c.position} title={<TraceContent trace={c.trace} language={language} />} color="#fff" styles={{ root: { maxWidth: 460 } }} mouseEnterDelay={0.4}>
                  <Card
                    size="small"
                    hoverable
                    onClick={() => setSelection({ kind: 'cell', cell: i })}
                    data-testid={`quadrant-cell-${c.position}`}
                    data-count={tot?.count ?? 0}
                    styles={{ body: { padding: '8px 12px' } }}
                    style={{ borderColor: active ? '#262626' : undefined, borderWidth: active ? 2 : 1 }}
                  >
                    <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                      <Typography.Text strong ellipsis>
                        {localText(c.name, language)}
                      </Typography.Text>
                      <Typography.Text style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                        {formatCount(tot?.count ?? 0)} · {formatPercent(tot?.share ?? null)}
                      </Typography.Text>
                    </div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: false }}>
                      {localText(c.action, language)}
                    </Typography.Text>
                  </Card>
                </Tooltip>
              );
            })}
          </div>

          <div style={{ display: 'flex', gap: 16, alignItems: 'stretch' }}>
            <Card size="small" style={{ flex: '1 1 62%', minWidth: 0 }} styles={{ body: { padding: 8 } }}>
              <Space size={16} wrap style={{ padding: '0 8px' }}>
                {splitTag('x')}
                {splitTag('y')}
                <Tooltip title={<TraceContent trace={view.trace} language={language} />} color="#fff" styles={{ root: { maxWidth: 460 } }}>
                  <Typography.Text type="secondary" className="traceable" data-testid="quadrant-placed">
                    {filtered
                      ? t('quadrant.placedFiltered', { shown: formatCount(rows.length), placed: formatCount(view.placed) })
                      : view.white > 0
                        ? t('quadrant.placedWhite', { placed: formatCount(view.placed), notPlaced: formatCount(view.notPlaced), white: formatCount(view.white) })
                        : t('quadrant.placed', { placed: formatCount(view.placed), notPlaced: formatCount(view.notPlaced) })}
                  </Typography.Text>
                </Tooltip>
              </Space>
              <QuadrantChart
                view={view}
                rows={rows}
                language={language}
                logX={logX}
                corners={corners}
                highlight={highlightRow}
                brushMode={brushMode}
                height={520}
                onBrush={onBrush}
                onPoint={onPoint}
              />
            </Card>
            <Card
              size="small"
              style={{ flex: '1 1 38%', minWidth: 0 }}
              title={
                <span data-testid="selection-title">
                  {selection === null
                    ? t('quadrant.selection')
                    : selection.kind === 'cell'
                      ? `${localText(view.cells[selection.cell]?.name ?? { zh: '', en: '' }, language)} · ${t('quadrant.groupsCount', { count: listRows.length })}`
                      : `${t('quadrant.brushed')} · ${t('quadrant.groupsCount', { count: listRows.length })}`}
                </span>
              }
              extra={
                selection && (
                  <Button size="small" type="link" onClick={() => setSelection(null)}>
                    {t('quadrant.clearSelection')}
                  </Button>
                )
              }
            >
              {selection ? (
                <GroupList
                  testId="selection-list"
                  exportName={`${t('nav.quadrant')}-${view.asOf ?? ''}`}
                  height={470}
                  rows={listRows}
                  columns={[
                    { key: 'zone', title: t('quadrant.zone'), width: 84, render: (r) => <ZoneTag zone={view.zones[P.zone[r.row as number] as number] ?? 'white'} language={language} /> },
                    { key: 'value', title: t('quadrant.valueYuan'), align: 'right', width: 96, render: (r) => formatYuan(Math.round(P.value[r.row as number] as number)) },
                    ...(framework === 'valueRisk' ? [] : [{ key: 'y', title: localText(view.y.label, language), align: 'right' as const, width: 100, render: (r: ListRow) => fmtY(P.y[r.row as number] as number) }]),
                    { key: 'score', title: t('quadrant.score'), align: 'right', width: 64, render: (r) => P.score[r.row as number] },
                    ...(selection.kind === 'brush'
                      ? [{ key: 'cell', title: t('quadrant.cell'), width: 96, render: (r: ListRow) => localText(view.cells[P.cell[r.row as number] as number]?.name ?? { zh: '', en: '' }, language) }]
                      : []),
                  ]}
                />
              ) : (
                <Typography.Text type="secondary" data-testid="selection-hint">
                  {t('quadrant.selectionHint')}
                </Typography.Text>
              )}
            </Card>
          </div>
        </>
      )}
    </div>
  );
}
