/** Handlers of the 价值象限 channels: one framework's snapshot with every placed group, and migration between two periods. */
import { analyzePortfolio, migrationMatrix, SIGNAL_IDS, SIGNAL_LABELS, ZONES, type AnalysisResult, type QuadrantId } from '../../shared/analytics';
import type { Trace } from '../../shared/api/contract';
import type { MigrationView, QuadrantView } from '../../shared/api/quadrantContract';
import type { AnalysisContext } from './analysisContext';

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

function periodError(ctx: AnalysisContext, err: unknown): Error {
  if (err instanceof RangeError) {
    const [zh, en] = err.message.split(' / ');
    return ctx.userError({ code: 'bad-request', message: { zh: zh ?? err.message, en: en ?? err.message } });
  }
  return err instanceof Error ? err : new Error(String(err));
}

export function quadrantHandlers(ctx: AnalysisContext) {
  let cache: { key: string; result: AnalysisResult } | null = null;
  const analysis = (asOf?: string): AnalysisResult => {
    const key = `${ctx.cacheKey()}:${asOf ?? ''}`;
    if (cache?.key !== key) {
      try {
        cache = { key, result: analyzePortfolio(ctx.index(), ctx.settings(), { ...(asOf ? { asOf } : {}), explainTop: 0 }) };
      } catch (err) {
        throw periodError(ctx, err);
      }
    }
    return cache.result;
  };

  return {
    'quadrant.view': async ({ framework, asOf }: { framework: QuadrantId; asOf?: string }): Promise<QuadrantView> => {
      const ix = ctx.index();
      const settings = ctx.settings();
      const r = analysis(asOf);
      const signals = SIGNAL_IDS.map((id) => ({ id, label: SIGNAL_LABELS[id], points: settings.warnings[id].points }));
      const empty = { region: [], groupClass: [], industry: [], accountManager: [] };
      const q = r.quadrants[framework];
      if (r.asOf === null || !q) {
        const noTrace: Trace = { rule: T('尚无出账数据', 'No billing data yet'), inputs: [], settings: [] };
        const axis = { label: T('', ''), unit: T('', ''), rule: 'median' as const, value: null, compare: 'gt' as const, trace: noTrace };
        return {
          asOf: null,
          periods: r.periods,
          framework,
          label: T('', ''),
          x: axis,
          y: axis,
          cells: [],
          placed: 0,
          notPlaced: 0,
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
        periods: r.periods,
        framework,
        label: q.label,
        x: { label: q.x.label, unit: q.x.unit, rule: q.x.rule, value: q.x.value, compare: q.x.compare, trace: q.x.trace },
        y: { label: q.y.label, unit: q.y.unit, rule: q.y.rule, value: q.y.value, compare: q.y.compare, trace: q.y.trace },
        cells,
        placed: q.placed,
        notPlaced: q.notPlaced,
        trace: q.trace,
        facets: { region: region.list, groupClass: groupClass.list, industry: industry.list, accountManager: manager.list },
        signals,
        zones: [...ZONES],
        points: P,
      };
    },
    'quadrant.migration': async ({ framework, from, to }: { framework: QuadrantId; from: string; to: string }): Promise<MigrationView> => {
      const ix = ctx.index();
      let m;
      try {
        m = migrationMatrix(ix, ctx.settings(), { quadrant: framework, from, to });
      } catch (err) {
        throw periodError(ctx, err);
      }
      const names: Record<string, string> = {};
      const add = (codes: readonly string[]) => {
        for (const c of codes) {
          const g = ix.codeIndex.get(c);
          names[c] = g === undefined ? c : (ix.names[g] as string);
        }
      };
      m.groups.forEach((row) => row.forEach(add));
      m.leftQuadrant.groups.forEach(add);
      m.enteredQuadrant.groups.forEach(add);
      return {
        framework,
        label: m.label,
        from: m.from,
        to: m.to,
        cells: m.cells.map((c) => ({ id: c.id, position: c.position, name: c.name, action: c.action })),
        counts: m.counts,
        groups: m.groups,
        leftQuadrant: m.leftQuadrant,
        enteredQuadrant: m.enteredQuadrant,
        stayed: m.stayed,
        moved: m.moved,
        names,
        trace: m.trace,
      };
    },
  };
}
