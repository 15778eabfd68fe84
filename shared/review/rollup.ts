/**
 * The roll-up deck of a batch: one row per region (or account manager) taken
 * from that region's own review inputs — the very numbers its deck shows — and
 * slides comparing them: a table, revenue, value at risk, zones, retention and
 * the plan. Pure: the rows come from `rollupRow(inputs)`, the deck goes to the
 * same PowerPoint writer as a region's deck.
 */
import type { LocalText, Trace } from '../model/trace';
import { ZONE_LABELS, type Zone } from '../analytics/text';
import { figure, quarterLabel } from './format';
import type { ReviewInputs } from './inputs';
import type { ReviewDeck, ReviewFigure, ReviewFinding, ReviewLanguage, ReviewSlide, ReviewVisual } from './types';

const ZONE_ORDER: readonly Zone[] = ['red', 'yellow', 'blue', 'green', 'white'];
const ZONE_COLORS: Record<Zone, string> = { red: '#d4380d', yellow: '#d48806', blue: '#1d39c4', green: '#389e0d', white: '#bfbfbf' };
const BLUE = '#0b3a6e';
const GREY = '#8c8c8c';
/** rows of the comparison table per slide (a 16:9 slide holds about this many readable rows) */
export const ROLLUP_ROWS_PER_SLIDE = 12;

export interface RollupRow {
  /** the region (or account manager) */
  value: string;
  groups: number;
  /** revenue of the quarter and of the quarter before (元), change as a fraction */
  revenue: number | null;
  revenuePrevious: number | null;
  revenueChange: number | null;
  revenueTrace: Trace;
  /** at the quarter's last month (元 a year) */
  valueAtRisk: number | null;
  valueAtRiskTrace: Trace;
  zones: Record<Zone, number>;
  zonesTrace: Trace;
  countRetention: number | null;
  valueRetention: number | null;
  retentionTrace: Trace | null;
  /** the snapshot month the retention compares with (retentionAt: the settings' 拍照期), null without retention */
  retentionSnapshot: string | null;
  /** the plan scenario, else the open actions */
  plan: { kind: 'scenario'; name: string; budget: number; revenueKeptP50: number | null; trace: Trace } | { kind: 'actions'; open: number; overdue: number; trace: Trace };
}

/** The roll-up figures of one region from its review inputs (the numbers its own deck shows). */
export function rollupRow(value: string, groups: number, x: ReviewInputs): RollupRow {
  const rev = x.overview.kpis.revenue;
  const zones = { red: 0, yellow: 0, blue: 0, green: 0, white: 0 } as Record<Zone, number>;
  for (const z of x.warnings.zones) zones[z.zone] = z.groups;
  const sc = x.plan.scenario;
  return {
    value,
    groups,
    revenue: rev.current.value,
    revenuePrevious: rev.previous.value,
    revenueChange: rev.previous.change,
    revenueTrace: rev.current.trace,
    valueAtRisk: x.warnings.valueAtRisk,
    valueAtRiskTrace: x.warnings.valueAtRiskTrace,
    zones,
    zonesTrace: x.warnings.zonesTrace,
    countRetention: x.retention?.countRetention ?? null,
    valueRetention: x.retention?.valueRetention ?? null,
    retentionTrace: x.retention ? (x.retention.valueTrace ?? x.retention.trace) : null,
    retentionSnapshot: x.retention?.snapshot ?? null,
    plan: sc
      ? { kind: 'scenario', name: sc.name, budget: sc.budget, revenueKeptP50: sc.revenueKept.p50, trace: sc.trace }
      : { kind: 'actions', open: x.plan.actions.open, overdue: x.plan.actions.overdue, trace: x.plan.actions.trace },
  };
}

export interface RollupOptions {
  quarter: string;
  language: ReviewLanguage;
  /** e.g. the workspace's branch name */
  title: string;
  by: 'region' | 'manager';
  builtAt: string;
  /** the quarter's months and snapshot month (from any region's inputs) */
  periods: string[];
  asOf: string;
  /** regions whose deck could not be built, with why */
  failed: { value: string; reason: string }[];
}

type Part = string | ReviewFigure;

function finding(id: string, parts: Part[]): ReviewFinding {
  let text = '';
  const figures: ReviewFigure[] = [];
  for (const p of parts) {
    if (typeof p === 'string') text += p;
    else {
      text += p.display;
      figures.push(p);
    }
  }
  return { id, text, figures };
}

function slide(id: string, title: string, subtitle: string | null, visual: ReviewVisual | null, findings: ReviewFinding[], notes: string): ReviewSlide {
  return { id, part: 'free', origin: 'built', sourceId: null, title, subtitle, visual, findings, notes, hidden: false, edited: { title: false, findings: [], notes: false } };
}

const wan = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : Math.round(x / 100) / 100);
const pct1 = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : Math.round(x * 1000) / 10);

function sumTrace(rule: LocalText, rows: readonly RollupRow[], pick: (r: RollupRow) => number | null): Trace {
  return { rule, inputs: rows.slice(0, 20).map((r) => ({ label: { zh: r.value, en: r.value }, value: pick(r) ?? '—' })), settings: [] };
}

/** Largest first by `key`, nulls last, ties by name. */
function ranked(rows: readonly RollupRow[], key: (r: RollupRow) => number | null): RollupRow[] {
  return [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === null || y === null) return x === null ? (y === null ? (a.value < b.value ? -1 : 1) : 1) : -1;
    return y - x || (a.value < b.value ? -1 : 1);
  });
}

export function buildRollupDeck(rows: readonly RollupRow[], o: RollupOptions): ReviewDeck {
  const en = o.language === 'en';
  const t = (zh: string, e: string): string => (en ? e : zh);
  const L = (x: LocalText): string => (en ? x.en : x.zh);
  const what = o.by === 'region' ? t('区县/片区', 'Region') : t('客户经理', 'Account manager');
  const q = quarterLabel(o.quarter, o.language);
  const slides: ReviewSlide[] = [];

  let revenue = 0;
  let previous = 0;
  let comparable = true;
  let valueAtRisk = 0;
  let groups = 0;
  for (const r of rows) {
    groups += r.groups;
    revenue += r.revenue ?? 0;
    if (r.revenuePrevious === null) comparable = false;
    else previous += r.revenuePrevious;
    valueAtRisk += r.valueAtRisk ?? 0;
  }
  const revTrace = sumTrace({ zh: `各${what}在 ${o.quarter} 的出账收入之和（元）`, en: `Sum of each ${what.toLowerCase()}'s revenue in ${o.quarter} (yuan)` }, rows, (r) => r.revenue);
  const varTrace = sumTrace({ zh: `各${what}截至 ${o.asOf} 的风险价值之和（元/年）`, en: `Sum of each ${what.toLowerCase()}'s value at risk at ${o.asOf} (yuan a year)` }, rows, (r) => r.valueAtRisk);
  const change = comparable && previous > 0 ? revenue / previous - 1 : null;

  // 1. overview table, in pages
  const columns: Extract<ReviewVisual, { kind: 'table' }>['columns'] = [
    { key: 'value', label: what, format: 'text' },
    { key: 'groups', label: t('集团数', 'Groups'), format: 'int' },
    { key: 'revenue', label: t('季度收入（元）', 'Revenue (yuan)'), format: 'yuan' },
    { key: 'change', label: t('环比', 'QoQ'), format: 'pct' },
    { key: 'var', label: t('风险价值（元/年）', 'Value at risk (yuan/yr)'), format: 'yuan' },
    { key: 'red', label: t('红区集团', 'Red groups'), format: 'int' },
  ];
  const tableRows = rows.map((r) => [r.value, r.groups, r.revenue === null ? null : Math.round(r.revenue), r.revenueChange, r.valueAtRisk === null ? null : Math.round(r.valueAtRisk), r.zones.red]);
  const pages = Math.max(1, Math.ceil(tableRows.length / ROLLUP_ROWS_PER_SLIDE));
  for (let p = 0; p < pages; p++) {
    const chunk = tableRows.slice(p * ROLLUP_ROWS_PER_SLIDE, (p + 1) * ROLLUP_ROWS_PER_SLIDE);
    const findings: ReviewFinding[] = [];
    if (p === 0) {
      const f1: Part[] = [
        t(`${rows.length} 个${what}合计 `, `${rows.length} ${o.by === 'region' ? 'regions' : 'managers'}, `),
        figure(t('集团数', 'Groups'), groups, 'count', o.language, sumTrace({ zh: `各${what}集团数之和`, en: `Sum of groups` }, rows, (r) => r.groups)),
        t(' 家集团，季度出账收入 ', ' groups; revenue in the quarter '),
        figure(t('季度收入合计', 'Total revenue'), revenue, 'wan', o.language, revTrace),
      ];
      if (change !== null) f1.push(t('，环比 ', ', QoQ '), figure(t('收入环比', 'Revenue QoQ'), change, 'pct', o.language, revTrace), t(change < 0 ? ' 下降' : ' 上升', change < 0 ? ' down' : ' up'));
      f1.push(t('。', '.'));
      findings.push(finding('f1', f1));
      findings.push(finding('f2', [t('风险价值合计 ', 'Value at risk in all: '), figure(t('风险价值合计', 'Total value at risk'), valueAtRisk, 'wan', o.language, varTrace), t('/年。', ' a year.')]));
      if (o.failed.length > 0) findings.push(finding('f3', [t(`未能生成：${o.failed.map((f) => f.value).join('、')}（见批处理汇总）。`, `Not built: ${o.failed.map((f) => f.value).join(', ')} (see the batch summary).`)]));
    }
    slides.push(
      slide(
        `rollup-table-${p + 1}`,
        pages > 1 ? t(`${q}各${what}对比（${p + 1}/${pages}）`, `${q}: ${o.by === 'region' ? 'regions' : 'managers'} compared (${p + 1}/${pages})`) : t(`${q}各${what}对比`, `${q}: ${o.by === 'region' ? 'regions' : 'managers'} compared`),
        t(`截至 ${o.asOf}；每行的数字与该${what}自己的季度回顾一致`, `As of ${o.asOf}; each row's figures are those of its own quarterly review`),
        { kind: 'table', title: t('对比表', 'Comparison'), columns, rows: chunk, trace: revTrace },
        findings,
        t('每个数字都来自该区域单独生成的回顾材料。', 'Every figure comes from that region’s own review deck.'),
      ),
    );
  }

  // 2. revenue
  const byRevenue = ranked(rows, (r) => r.revenue);
  const falls = ranked(rows.filter((r) => r.revenueChange !== null && r.revenueChange < 0), (r) => (r.revenueChange === null ? null : -r.revenueChange));
  const revFindings: ReviewFinding[] = [];
  const topRev = byRevenue[0];
  if (topRev && revenue > 0) {
    revFindings.push(finding('f1', [t(`收入最高：${topRev.value} `, `Highest revenue: ${topRev.value} `), figure(t('收入', 'Revenue'), topRev.revenue, 'wan', o.language, topRev.revenueTrace), t('，占 ', ', '), figure(t('收入占比', 'Revenue share'), (topRev.revenue ?? 0) / revenue, 'pct', o.language, revTrace), t('。', ' of the total.')]));
  }
  const worst = falls[0];
  if (worst) {
    revFindings.push(finding('f2', [t(`环比降幅最大：${worst.value}，下降 `, `Largest fall: ${worst.value}, down `), figure(t('收入环比', 'Revenue QoQ'), -(worst.revenueChange ?? 0), 'pct', o.language, worst.revenueTrace), t(`；共 ${falls.length} 个${what}收入下降。`, `; ${falls.length} fell in all.`)]));
  }
  slides.push(
    slide(
      'rollup-revenue',
      t(`${q}出账收入：各${what}`, `${q}: revenue per ${o.by === 'region' ? 'region' : 'manager'}`),
      null,
      {
        kind: 'bar',
        title: t('季度出账收入', 'Revenue of the quarter'),
        categories: byRevenue.map((r) => r.value),
        series: [
          { name: t('本季度', 'This quarter'), values: byRevenue.map((r) => wan(r.revenue)), color: BLUE },
          { name: t('上季度', 'Previous quarter'), values: byRevenue.map((r) => wan(r.revenuePrevious)), color: GREY },
        ],
        unit: t('万元', '10k yuan'),
        trace: revTrace,
      },
      revFindings,
      '',
    ),
  );

  // 3. value at risk
  const byRisk = ranked(rows, (r) => r.valueAtRisk);
  const topRisk = byRisk.slice(0, 3);
  const riskFindings: ReviewFinding[] = [];
  if (topRisk.length > 0 && valueAtRisk > 0) {
    const sum = topRisk.reduce((s, r) => s + (r.valueAtRisk ?? 0), 0);
    riskFindings.push(finding('f1', [t(`风险价值最高：${topRisk.map((r) => r.value).join('、')}，合计 `, `Most value at risk: ${topRisk.map((r) => r.value).join(', ')}, together `), figure(t('前三风险价值', 'Top-3 value at risk'), sum, 'wan', o.language, varTrace), t('，占 ', ', '), figure(t('前三占比', 'Top-3 share'), sum / valueAtRisk, 'pct', o.language, varTrace), t('。', ' of the total.')]));
  }
  slides.push(
    slide('rollup-risk', t(`风险价值：各${what}`, `Value at risk per ${o.by === 'region' ? 'region' : 'manager'}`), t(`截至 ${o.asOf}`, `As of ${o.asOf}`), { kind: 'bar', title: t('风险价值（元/年）', 'Value at risk (yuan a year)'), categories: byRisk.map((r) => r.value), series: [{ name: t('风险价值', 'Value at risk'), values: byRisk.map((r) => wan(r.valueAtRisk)), color: ZONE_COLORS.red }], unit: t('万元', '10k yuan'), trace: varTrace }, riskFindings, ''),
  );

  // 4. zones
  const byRed = ranked(rows, (r) => r.zones.red);
  const zonesTrace = sumTrace({ zh: `各${what}截至 ${o.asOf} 的红区集团数`, en: `Red-zone groups at ${o.asOf}` }, byRed, (r) => r.zones.red);
  const red = rows.reduce((s, r) => s + r.zones.red, 0);
  const topRed = byRed[0];
  slides.push(
    slide(
      'rollup-zones',
      t(`预警分区：各${what}`, `Warning zones per ${o.by === 'region' ? 'region' : 'manager'}`),
      t(`截至 ${o.asOf}`, `As of ${o.asOf}`),
      { kind: 'stackedBar', title: t('各预警区集团数', 'Groups per zone'), categories: byRed.map((r) => r.value), series: ZONE_ORDER.map((z) => ({ name: L(ZONE_LABELS[z]), values: byRed.map((r) => r.zones[z]), color: ZONE_COLORS[z] })), unit: t('家', 'groups'), trace: zonesTrace },
      topRed
        ? [finding('f1', [t('红区集团合计 ', 'Red-zone groups in all: '), figure(t('红区集团数', 'Red groups'), red, 'count', o.language, zonesTrace), t(`，最多的是 ${topRed.value}（`, `; most in ${topRed.value} (`), figure(t('红区集团数', 'Red groups'), topRed.zones.red, 'count', o.language, topRed.zonesTrace), t(' 家）。', ').')])]
        : [],
      '',
    ),
  );

  // 5. retention
  const withRet = rows.filter((r) => r.valueRetention !== null);
  if (withRet.length > 0) {
    const byRet = ranked(withRet, (r) => (r.valueRetention === null ? null : -r.valueRetention));
    const lowest = byRet[0] as RollupRow;
    const snap = lowest.retentionSnapshot ?? '';
    const retTrace = sumTrace({ zh: `各区域的数量保有率与价值保有率（对比 ${snap} 拍照）`, en: `Count and value retention per region (vs the ${snap} snapshot)` }, byRet, (r) => r.valueRetention);
    slides.push(
      slide(
        'rollup-retention',
        t(`保有率：各${what}`, `Retention per ${o.by === 'region' ? 'region' : 'manager'}`),
        t(`对比 ${snap} 拍照时在网的集团`, `Against the groups billed in the ${snap} snapshot`),
        {
          kind: 'bar',
          title: t('保有率', 'Retention'),
          categories: byRet.map((r) => r.value),
          series: [
            { name: t('价值保有率', 'Value retention'), values: byRet.map((r) => pct1(r.valueRetention)), color: BLUE },
            { name: t('数量保有率', 'Count retention'), values: byRet.map((r) => pct1(r.countRetention)), color: GREY },
          ],
          unit: '%',
          trace: retTrace,
        },
        [finding('f1', [t(`价值保有率最低：${lowest.value} `, `Lowest value retention: ${lowest.value} `), figure(t('价值保有率', 'Value retention'), lowest.valueRetention, 'pct', o.language, lowest.retentionTrace ?? retTrace), t('。', '.')])],
        '',
      ),
    );
  }

  // 6. plan
  const planRows = rows.map((r) =>
    r.plan.kind === 'scenario' ? [r.value, r.plan.name, Math.round(r.plan.budget), r.plan.revenueKeptP50 === null ? null : Math.round(r.plan.revenueKeptP50), null, null] : [r.value, t('无（看行动）', 'none (actions)'), null, null, r.plan.open, r.plan.overdue],
  );
  const withPlan = rows.filter((r) => r.plan.kind === 'scenario').length;
  const overdue = rows.reduce((s, r) => s + (r.plan.kind === 'actions' ? r.plan.overdue : 0), 0);
  const planTrace = sumTrace({ zh: '各区域的计划情景（预算、保住收入 P50）或行动记录（进行中、逾期）', en: 'Each region’s plan scenario (budget, revenue kept P50) or actions (open, overdue)' }, rows, (r) => (r.plan.kind === 'scenario' ? r.plan.budget : r.plan.open));
  const planPages = Math.max(1, Math.ceil(planRows.length / ROLLUP_ROWS_PER_SLIDE));
  for (let p = 0; p < planPages; p++) {
    slides.push(
      slide(
        `rollup-plan-${p + 1}`,
        planPages > 1 ? t(`下季度计划：各${what}（${p + 1}/${planPages}）`, `Plan per ${o.by === 'region' ? 'region' : 'manager'} (${p + 1}/${planPages})`) : t(`下季度计划：各${what}`, `Plan per ${o.by === 'region' ? 'region' : 'manager'}`),
        null,
        {
          kind: 'table',
          title: t('计划', 'Plan'),
          columns: [
            { key: 'value', label: what, format: 'text' },
            { key: 'plan', label: t('计划情景', 'Plan scenario'), format: 'text' },
            { key: 'budget', label: t('预算（元）', 'Budget (yuan)'), format: 'yuan' },
            { key: 'kept', label: t('保住收入 P50（元）', 'Revenue kept P50 (yuan)'), format: 'yuan' },
            { key: 'open', label: t('进行中行动', 'Open actions'), format: 'int' },
            { key: 'overdue', label: t('逾期行动', 'Overdue'), format: 'int' },
          ],
          rows: planRows.slice(p * ROLLUP_ROWS_PER_SLIDE, (p + 1) * ROLLUP_ROWS_PER_SLIDE),
          trace: planTrace,
        },
        p === 0
          ? [finding('f1', [t(`${withPlan} 个${what}有计划情景；其余的逾期行动合计 `, `${withPlan} have a plan scenario; overdue actions of the rest: `), figure(t('逾期行动', 'Overdue actions'), overdue, 'count', o.language, planTrace), t(' 项。', '.')])]
          : [],
        '',
      ),
    );
  }

  return { quarter: o.quarter, branchName: o.title, language: o.language, builtAt: o.builtAt, periods: o.periods, asOf: o.asOf, slides, hasEdits: false };
}
