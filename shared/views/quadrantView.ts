/**
 * The 价值象限 views, pure: one framework's snapshot of an analysis (every placed group, columnar,
 * with the cells' traces and the filters' facets) and the migration matrix restricted to the
 * snapshot's master-field filters. electron/backend/quadrantHandlers.ts caches and serves them.
 */
import { latestCompleteColumn, SIGNAL_IDS, SIGNAL_LABELS, ZONES, type AnalysisResult, type AnalyticsSettings, type MigrationResult, type PortfolioIndex, type QuadrantId } from '../analytics';
import { withGroupCounts } from '../analytics/groupCounts';
import { QUADRANT_FILTER_FIELDS, type MigrationView, type QuadrantFilters, type QuadrantView } from '../model/quadrantView';
import type { Trace } from '../model/trace';

const T = (zh: string, en: string) => ({ zh, en });

function yColumn(r: AnalysisResult, id: QuadrantId): Float64Array {
  switch (id) {
    case 'valueRisk':
      return r.table.score;
    case 'revenueNewBiz':
      return r.table.newBusiness;
    case 'valueBinding':
      return r.table.bindingDepth;
    case 'currentPotential':
      return r.table.potential;
  }
}

function fin(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function facet(values: readonly (string | null)[]): { list: string[]; index: Int32Array } {
  const list = [...new Set(values.filter((v): v is string => v !== null && v !== ''))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  const at = new Map(list.map((v, i) => [v, i]));
  const index = new Int32Array(values.length);
  values.forEach((v, i) => {
    index[i] = v === null ? -1 : (at.get(v) ?? -1);
  });
  return { list, index };
}

function describeFilters(f: QuadrantFilters): { zh: string; en: string } {
  const parts: { zh: string; en: string }[] = [];
  if (f.region.length > 0) parts.push(T(`区域：${f.region.join('、')}`, `region: ${f.region.join(', ')}`));
  if (f.groupClass.length > 0) parts.push(T(`集团等级：${f.groupClass.join('、')}`, `class: ${f.groupClass.join(', ')}`));
  if (f.industry.length > 0) parts.push(T(`行业：${f.industry.join('、')}`, `industry: ${f.industry.join(', ')}`));
  if (f.accountManager.length > 0) parts.push(T(`客户经理：${f.accountManager.join('、')}`, `account manager: ${f.accountManager.join(', ')}`));
  return T(parts.map((p) => p.zh).join('；'), parts.map((p) => p.en).join('; '));
}

/** The groups (by code) whose master fields pass every set filter; null when no filter is set. */
export function codesPassing(ix: PortfolioIndex, filters: QuadrantFilters | undefined): Set<string> | null {
  if (!filters) return null;
  const sets = QUADRANT_FILTER_FIELDS.filter((f) => filters[f].length > 0).map((f) => ({ f, want: new Set(filters[f]) }));
  if (sets.length === 0) return null;
  const out = new Set<string>();
  for (const g of ix.groups) {
    if (sets.every(({ f, want }) => g[f] !== null && want.has(g[f] as string))) out.add(g.groupCode);
  }
  return out;
}

/** The migration matrix `m` (of `ix`) as the page shows it: with `filters` set, only the groups that pass, counted again. */
export function buildMigrationView(ix: PortfolioIndex, m: MigrationResult, framework: QuadrantId, filters: QuadrantFilters | undefined): MigrationView {
  // the snapshot's filters: keep the movers that pass, count again
  const pass = codesPassing(ix, filters);
  const keep = (codes: readonly string[]) => (pass === null ? [...codes] : codes.filter((c) => pass.has(c)));
  const groups = m.groups.map((row) => row.map(keep));
  const left = m.leftQuadrant.groups.map(keep);
  const entered = m.enteredQuadrant.groups.map(keep);
  const counts = groups.map((row) => row.map((codes) => codes.length));
  let stayed = 0;
  let moved = 0;
  counts.forEach((row, i) => row.forEach((n, j) => (i === j ? (stayed += n) : (moved += n))));
  const names: Record<string, string> = {};
  const add = (codes: readonly string[]) => {
    for (const c of codes) {
      const g = ix.codeIndex.get(c);
      names[c] = g === undefined ? c : (ix.names[g] as string);
    }
  };
  groups.forEach((row) => row.forEach(add));
  left.forEach(add);
  entered.forEach(add);
  const filterText = pass === null ? null : describeFilters(filters as QuadrantFilters);
  return {
    framework,
    label: m.label,
    from: m.from,
    to: m.to,
    cells: m.cells.map((c) => ({ id: c.id, position: c.position, name: c.name, action: c.action })),
    counts,
    groups,
    leftQuadrant: { counts: left.map((g) => g.length), groups: left },
    enteredQuadrant: { counts: entered.map((g) => g.length), groups: entered },
    stayed,
    moved,
    filtered: pass === null ? null : pass.size,
    names,
    trace:
      filterText === null
        ? m.trace
        : {
            ...m.trace,
            rule: T(`${m.trace.rule.zh}；仅计入筛选条件内的集团（${filterText.zh}）`, `${m.trace.rule.en}; only groups passing the filters (${filterText.en})`),
            inputs: [...m.trace.inputs, { label: T('筛选后的集团数', 'Groups passing the filters'), value: pass?.size ?? 0 }],
          },
  };
}

/** One framework's snapshot of the analysis `r` (of `ix` with `settings`): every placed group, columnar, with the cells' traces and the filters' facets. */
export function buildQuadrantView(ix: PortfolioIndex, settings: AnalyticsSettings, r: AnalysisResult, framework: QuadrantId): QuadrantView {
  const signals = SIGNAL_IDS.map((id) => ({ id, label: SIGNAL_LABELS[id], points: settings.warnings[id].points }));
  const empty = { region: [], groupClass: [], industry: [], accountManager: [] };
  const q = r.quadrants[framework];
  if (r.asOf === null || !q) {
    const noTrace: Trace = { rule: T('尚无出账数据', 'No billing data yet'), inputs: [], settings: [] };
    const axis = { label: T('', ''), unit: T('', ''), rule: 'median' as const, value: null, compare: 'gt' as const, trace: noTrace };
    return {
      asOf: null,
      // every month of the data (the analysis lists only those up to its as-of month): the month selector and the migration offer them all
      periods: [...ix.periods],
      incomplete: [],
      latest: null,
      defaultNote: null,
      framework,
      label: T('', ''),
      x: axis,
      y: axis,
      cells: [],
      placed: 0,
      notPlaced: 0,
      white: 0,
      scoreScale: r.scoreScale,
      trace: noTrace,
      facets: empty,
      signals,
      zones: [...ZONES],
      points: { codes: [], names: [], x: [], y: [], value: [], score: [], members: [], zone: [], cell: [], topSignal: [], region: [], groupClass: [], industry: [], accountManager: [] },
    };
  }
  const t = r.table;
  const pos = t.quadrant[framework];
  const yc = yColumn(r, framework);
  const groups = ix.groups;
  const region = facet(groups.map((g) => g.region));
  const groupClass = facet(groups.map((g) => g.groupClass));
  const industry = facet(groups.map((g) => g.industry));
  const manager = facet(groups.map((g) => g.accountManager));
  const order = signals.map((s, i) => ({ i, points: s.points })).sort((a, b) => b.points - a.points || a.i - b.i);
  const P: QuadrantView['points'] = { codes: [], names: [], x: [], y: [], value: [], score: [], members: [], zone: [], cell: [], topSignal: [], region: [], groupClass: [], industry: [], accountManager: [] };
  for (let g = 0; g < t.size; g++) {
    const p = pos[g] as number;
    if (p < 0) continue;
    P.codes.push(t.codes[g] as string);
    P.names.push(t.names[g] as string);
    P.x.push(t.value[g] as number);
    P.y.push(yc[g] as number);
    P.value.push(t.value[g] as number);
    P.score.push(t.score[g] as number);
    P.members.push(fin(t.members[g] as number));
    P.zone.push(t.zone[g] as number);
    P.cell.push(p);
    const mask = t.firedMask[g] as number;
    let top = -1;
    for (const o of order) {
      if (mask & (1 << o.i)) {
        top = o.i;
        break;
      }
    }
    P.topSignal.push(top);
    P.region.push(region.index[g] as number);
    P.groupClass.push(groupClass.index[g] as number);
    P.industry.push(industry.index[g] as number);
    P.accountManager.push(manager.index[g] as number);
  }
  const fmt = (v: number | null) => (v === null ? '—' : Math.round(v * 100) / 100);
  const cells = q.cells.map((c) => {
    const xHigh = c.position[0] === 'h';
    const yHigh = c.position[1] === 'h';
    const side = (high: boolean, a: typeof q.x) =>
      high
        ? T(`${a.label.zh}${a.compare === 'gt' ? '>' : '≥'} ${fmt(a.value)}`, `${a.label.en} ${a.compare === 'gt' ? '>' : '≥'} ${fmt(a.value)}`)
        : T(`${a.label.zh}${a.compare === 'gt' ? '≤' : '<'} ${fmt(a.value)}`, `${a.label.en} ${a.compare === 'gt' ? '≤' : '<'} ${fmt(a.value)}`);
    const sx = side(xHigh, q.x);
    const sy = side(yHigh, q.y);
    return {
      ...c,
      trace: {
        rule: T(
          `${c.name.zh}：${sx.zh} 且 ${sy.zh}；收入占比 = 本象限集团当前价值之和 ÷ 全部参与分组集团当前价值之和`,
          `${c.name.en}: ${sx.en} and ${sy.en}; value share = Σ current value of the cell ÷ Σ current value of all placed groups`,
        ),
        inputs: [
          { label: T('集团数', 'Groups'), value: c.count },
          { label: T('本象限当前价值（元/月）', 'Cell current value (yuan/month)'), value: Math.round(c.value * 100) / 100 },
          { label: T('参与分组的集团数', 'Groups placed'), value: q.placed },
          { label: T('横轴分割值', 'x split'), value: fmt(q.x.value) },
          { label: T('纵轴分割值', 'y split'), value: fmt(q.y.value) },
        ],
        settings: q.trace.settings,
      },
    };
  });
  return {
    asOf: r.asOf,
    // every month of the data (the analysis lists only those up to its as-of month): the month selector and the migration offer them all
    periods: [...ix.periods],
    incomplete: r.incomplete.map((c) => c.period),
    latest: ix.periods[latestCompleteColumn(ix, settings)] ?? null,
    defaultNote: r.defaultNote,
    framework,
    label: q.label,
    x: { label: q.x.label, unit: q.x.unit, rule: q.x.rule, value: q.x.value, compare: q.x.compare, trace: q.x.trace },
    y: { label: q.y.label, unit: q.y.unit, rule: q.y.rule, value: q.y.value, compare: q.y.compare, trace: q.y.trace },
    cells,
    placed: q.placed,
    notPlaced: q.notPlaced,
    white: q.white,
    scoreScale: r.scoreScale,
    trace: withGroupCounts(q.trace, r.groupCounts, r.settings.value.windowMonths, framework),
    facets: { region: region.list, groupClass: groupClass.list, industry: industry.list, accountManager: manager.list },
    signals,
    zones: [...ZONES],
    points: P,
  };
}
