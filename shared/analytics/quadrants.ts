/**
 * The four value quadrants of docs/domain.md §4 and their migration between periods.
 *
 * Population: groups with current value > 0 and both axis values known,
 * except white ones (already lost, or too little data: docs/domain.md §5): their
 * score says nothing about risk, so they get no cell in any quadrant and are
 * counted apart (`white`).
 * Split per axis (settings):
 *   median — high = strictly above the median (ties at the median go low);
 *   pareto — high = at or above the value of the ⌈share·n⌉-th largest group
 *            (the top `share` of groups; ties at the cut go high);
 *   fixed  — high = at or above the given number.
 * Cells: position hh = high x & high y, hl = high x & low y, lh = low x &
 * high y, ll = low x & low y.
 */
import type { LocalText, Trace } from '../model/trace';
import type { PortfolioIndex } from './columnar';
import type { MetricColumns } from './metrics';
import type { AnalyticsSettings, QuadrantId, Split } from './settings';
import { settingsTrace } from './settings';
import { finiteSubset, medianInPlace, selectKth } from './stats';
import { T, fmtShort, round2 } from './text';
import { type WarningColumns, ZONE_WHITE } from './warnings';

export const QUADRANT_IDS: readonly QuadrantId[] = ['valueRisk', 'revenueNewBiz', 'valueBinding', 'currentPotential'];
export const POSITIONS = ['hh', 'hl', 'lh', 'll'] as const;
export type Position = (typeof POSITIONS)[number];

export interface CellDef {
  id: string;
  name: LocalText;
  action: LocalText;
}

export interface QuadrantDef {
  id: QuadrantId;
  label: LocalText;
  x: { label: LocalText; unit: LocalText };
  y: { label: LocalText; unit: LocalText };
  cells: Record<Position, CellDef>;
}

const YUAN_M = T('元/月', 'yuan/month');
/** the warning score's one scale (signals' points summed, capped at 100) */
const SCORE = T('0–100', '0–100');
const C = (id: string, zh: string, en: string, azh: string, aen: string): CellDef => ({ id, name: T(zh, en), action: T(azh, aen) });

export const QUADRANTS: Readonly<Record<QuadrantId, QuadrantDef>> = {
  valueRisk: {
    id: 'valueRisk',
    label: T('价值 × 风险', 'Value × Risk'),
    x: { label: T('当前价值', 'Current value'), unit: YUAN_M },
    y: { label: T('预警分', 'Warning score'), unit: SCORE },
    cells: {
      hh: C('defend', '重点保网', 'Defend now', '首席客户经理牵头，一周内上门，锁定关键人并制定挽留方案', 'Chief account manager leads; visit within a week, secure the key people and set a retention plan'),
      hl: C('maintain', '价值维系', 'Maintain & grow', '定期走访、续约并叠加产品，保持关系热度', 'Regular visits, renew the contract and add products to keep the relationship warm'),
      lh: C('save', '低成本挽留', 'Low-cost save', '以标准化的低成本手段挽留（话费优惠、续约礼包），控制投入', 'Save with standard low-cost levers (call credit, renewal pack); cap the spend'),
      ll: C('standard', '标准服务', 'Standard service', '标准化服务与线上渠道，定期监测', 'Standard service and online channels; monitor periodically'),
    },
  },
  revenueNewBiz: {
    id: 'revenueNewBiz',
    label: T('收入 × 新业务', 'Revenue × New business'),
    x: { label: T('收入', 'Revenue'), unit: YUAN_M },
    y: { label: T('新业务收入', 'New-business revenue'), unit: YUAN_M },
    cells: {
      hh: C('star', '明星', 'Stars', '加大投入：行业解决方案与信息化深度合作', 'Invest: industry solutions and deeper ICT cooperation'),
      hl: C('cashCow', '现金牛', 'Cash cows', '守住基础收入，导入新业务提升粘性', 'Protect the base revenue; introduce new business to raise stickiness'),
      lh: C('questionMark', '潜力', 'Question marks', '选择性培育：试点新业务，观察收入能否跟上', 'Selective nurture: pilot new business and watch whether revenue follows'),
      ll: C('nurture', '培育或收缩', 'Nurture or shrink', '低成本培育，或收缩资源投入', 'Nurture at low cost, or scale resources back'),
    },
  },
  valueBinding: {
    id: 'valueBinding',
    label: T('价值 × 捆绑', 'Value × Binding'),
    x: { label: T('当前价值', 'Current value'), unit: YUAN_M },
    y: { label: T('捆绑深度', 'Binding depth'), unit: T('分', 'points') },
    cells: {
      hh: C('core', '核心维系', 'Core', '保持关系、成本、产品三方面捆绑，防止松动', 'Keep the relationship, cost and product binding from loosening'),
      hl: C('bindNow', '加固捆绑', 'Bind now', '竞争攻击区：尽快续约预存、叠加V网等产品、锁定关键人', 'The attack zone: renew with prepayment, add V-net and other products, secure the key people now'),
      lh: C('upsell', '升级引导', 'Upsell', '已有捆绑基础，引导升级套餐与新业务', 'Bound already: lead them to bigger packages and new business'),
      ll: C('standardise', '标准化', 'Standardise', '标准产品组合与标准服务', 'Standard product bundle and standard service'),
    },
  },
  currentPotential: {
    id: 'currentPotential',
    label: T('当前 × 潜力', 'Current × Potential'),
    x: { label: T('当前价值', 'Current value'), unit: YUAN_M },
    y: { label: T('潜力', 'Potential'), unit: T('分', 'points') },
    cells: {
      hh: C('keyRetain', '重点保持', 'Key retain', '重点资源保持并挖掘增量', 'Keep with priority resources and develop the upside'),
      hl: C('maintain', '维持', 'Maintain', '维持现有关系与服务水平', 'Maintain the relationship and service level'),
      lh: C('develop', '价值提升', 'Develop', '提升渗透率与新业务，释放潜力', 'Raise penetration and new business to realise the potential'),
      ll: C('lowCost', '低成本服务', 'Low-cost service', '低成本服务，审慎投入', 'Low-cost service; invest cautiously'),
    },
  },
};

/** The axis values of a quadrant for every group (NaN = unknown). */
export function axisValues(id: QuadrantId, mc: MetricColumns, wc: WarningColumns): { x: Float64Array; y: Float64Array } {
  switch (id) {
    case 'valueRisk':
      return { x: mc.value, y: wc.score };
    case 'revenueNewBiz':
      return { x: mc.value, y: mc.newBiz };
    case 'valueBinding':
      return { x: mc.value, y: mc.binding };
    case 'currentPotential':
      return { x: mc.value, y: mc.potential };
  }
}

export interface AxisSplit {
  rule: Split['rule'];
  /** the split value (null when no group is placed) */
  value: number | null;
  /** 'gt' for the median rule, 'ge' otherwise */
  compare: 'gt' | 'ge';
  trace: Trace;
}

export function splitValue(values: Float64Array, members: Uint8Array, split: Split): number {
  if (split.rule === 'fixed') return split.value;
  const a = finiteSubset(values, members);
  const n = a.length;
  if (n === 0) return NaN;
  if (split.rule === 'median') return medianInPlace(a);
  // value of the ⌈share·n⌉-th largest = the (n − k)-th smallest
  const k = Math.max(1, Math.ceil(n * split.share - 1e-9));
  return selectKth(a, n - k);
}

export function isHigh(v: number, split: number, rule: Split['rule']): boolean {
  return rule === 'median' ? v > split : v >= split;
}

export interface CellSummary extends CellDef {
  position: Position;
  count: number;
  /** sum of current value (元/月) */
  value: number;
  /** share of the placed groups' current value */
  valueShare: number | null;
}

export interface QuadrantSnapshot {
  id: QuadrantId;
  label: LocalText;
  period: string;
  x: AxisSplit & { label: LocalText; unit: LocalText };
  y: AxisSplit & { label: LocalText; unit: LocalText };
  cells: CellSummary[];
  placed: number;
  /** groups with history but not placed (white, no current value, or an axis value unknown) */
  notPlaced: number;
  /** of those, the white ones (already lost or too little data), never placed */
  white: number;
  /** per group index: 0..3 = POSITIONS index, −1 = not placed */
  position: Int8Array;
  xValues: Float64Array;
  yValues: Float64Array;
  trace: Trace;
}

function ruleText(split: Split, axis: LocalText): LocalText {
  switch (split.rule) {
    case 'median':
      return T(`${axis.zh}高于中位数为高`, `${axis.en} above the median is high`);
    case 'pareto':
      return T(`${axis.zh}位于前 ${fmtShort(split.share * 100)}% 为高`, `${axis.en} in the top ${fmtShort(split.share * 100)}% is high`);
    case 'fixed':
      return T(`${axis.zh}不低于 ${fmtShort(split.value)} 为高`, `${axis.en} at or above ${fmtShort(split.value)} is high`);
  }
}

export function quadrantSnapshot(ix: PortfolioIndex, s: AnalyticsSettings, id: QuadrantId, mc: MetricColumns, wc: WarningColumns): QuadrantSnapshot {
  const def = QUADRANTS[id];
  const cfg = s.quadrants[id];
  const { x, y } = axisValues(id, mc, wc);
  const nG = ix.nG;
  const members = new Uint8Array(nG);
  let withHistory = 0;
  let white = 0;
  for (let g = 0; g < nG; g++) {
    if ((mc.history[g] as number) > 0) withHistory++;
    if (wc.zone[g] === ZONE_WHITE) {
      if ((mc.history[g] as number) > 0) white++;
      continue;
    }
    const v = mc.value[g] as number;
    if (v > 0 && Number.isFinite(x[g] as number) && Number.isFinite(y[g] as number)) members[g] = 1;
  }
  const xs = splitValue(x, members, cfg.x);
  const ys = splitValue(y, members, cfg.y);
  const position = new Int8Array(nG).fill(-1);
  const counts = [0, 0, 0, 0];
  const sums = [0, 0, 0, 0];
  let placed = 0;
  let totalValue = 0;
  for (let g = 0; g < nG; g++) {
    if (members[g] !== 1) continue;
    const hx = isHigh(x[g] as number, xs, cfg.x.rule);
    const hy = isHigh(y[g] as number, ys, cfg.y.rule);
    const p = hx ? (hy ? 0 : 1) : hy ? 2 : 3;
    position[g] = p;
    counts[p] = (counts[p] ?? 0) + 1;
    const v = mc.value[g] as number;
    sums[p] = (sums[p] ?? 0) + v;
    totalValue += v;
    placed++;
  }
  const period = ix.periods[mc.t] as string;
  const keys = (axis: 'x' | 'y'): string[] => [`quadrants.${id}.${axis}.rule`, `quadrants.${id}.${axis}.${cfg[axis].rule === 'fixed' ? 'value' : 'share'}`];
  const axisSplit = (axis: 'x' | 'y', split: number): AxisSplit & { label: LocalText; unit: LocalText } => {
    const a = def[axis];
    const r = ruleText(cfg[axis], a.label);
    return {
      rule: cfg[axis].rule,
      value: Number.isFinite(split) ? split : null,
      compare: cfg[axis].rule === 'median' ? 'gt' : 'ge',
      label: a.label,
      unit: a.unit,
      trace: {
        rule: r,
        inputs: [
          { label: T('分割值', 'Split value'), value: Number.isFinite(split) ? round2(split) : '—' },
          { label: T('参与分组的集团数', 'Groups placed'), value: placed },
        ],
        settings: settingsTrace(s, cfg[axis].rule === 'median' ? [`quadrants.${id}.${axis}.rule`] : keys(axis)),
      },
    };
  };
  const cells: CellSummary[] = POSITIONS.map((pos, i) => ({
    ...def.cells[pos],
    position: pos,
    count: counts[i] ?? 0,
    value: sums[i] ?? 0,
    valueShare: totalValue > 0 ? (sums[i] ?? 0) / totalValue : null,
  }));
  const xAxis = axisSplit('x', xs);
  const yAxis = axisSplit('y', ys);
  return {
    id,
    label: def.label,
    period,
    x: xAxis,
    y: yAxis,
    cells,
    placed,
    notPlaced: withHistory - placed,
    white,
    position,
    xValues: x,
    yValues: y,
    trace: {
      rule: T(
        `${period}：横轴 ${def.x.label.zh}（${xAxis.trace.rule.zh}），纵轴 ${def.y.label.zh}（${yAxis.trace.rule.zh}）；仅含当前价值大于 0 且两轴数据齐全的集团，白区（已流失或数据不足）不入象限`,
        `${period}: x ${def.x.label.en} (${xAxis.trace.rule.en}), y ${def.y.label.en} (${yAxis.trace.rule.en}); groups with current value > 0 and both axis values only; white groups (lost or too little data) get no cell`,
      ),
      inputs: [
        { label: T('横轴分割值', 'x split'), value: Number.isFinite(xs) ? round2(xs) : '—' },
        { label: T('纵轴分割值', 'y split'), value: Number.isFinite(ys) ? round2(ys) : '—' },
        { label: T('参与分组的集团数', 'Groups placed'), value: placed },
        { label: T('未参与分组的集团数', 'Groups not placed'), value: withHistory - placed },
        { label: T('其中白区（已流失或数据不足）', 'Of which white (lost or too little data)'), value: white },
      ],
      settings: settingsTrace(s, [...keys('x'), ...keys('y'), 'value.basis', 'value.windowMonths']),
    },
  };
}

// ---------------------------------------------------------------------------
// Migration

export interface MigrationResult {
  quadrant: QuadrantId;
  label: LocalText;
  from: { requested: string; period: string };
  to: { requested: string; period: string };
  /** cell definitions in POSITIONS order (rows = from, columns = to) */
  cells: (CellDef & { position: Position })[];
  /** counts[i][j]: groups in cell i at `from` and cell j at `to` */
  counts: number[][];
  /** groupCodes behind each count */
  groups: string[][][];
  /** placed at `from`, not placed at `to` (lost value or data), per from-cell */
  leftQuadrant: { counts: number[]; groups: string[][] };
  /** not placed at `from`, placed at `to`, per to-cell */
  enteredQuadrant: { counts: number[]; groups: string[][] };
  stayed: number;
  moved: number;
  fromSnapshot: Omit<QuadrantSnapshot, 'position' | 'xValues' | 'yValues'>;
  toSnapshot: Omit<QuadrantSnapshot, 'position' | 'xValues' | 'yValues'>;
  settings: AnalyticsSettings;
  trace: Trace;
}

export function migrationBetween(
  ix: PortfolioIndex,
  s: AnalyticsSettings,
  id: QuadrantId,
  a: QuadrantSnapshot,
  b: QuadrantSnapshot,
  requested: { from: string; to: string },
): MigrationResult {
  const counts = POSITIONS.map(() => POSITIONS.map(() => 0));
  const groups = POSITIONS.map(() => POSITIONS.map((): string[] => []));
  const left = { counts: [0, 0, 0, 0], groups: POSITIONS.map((): string[] => []) };
  const entered = { counts: [0, 0, 0, 0], groups: POSITIONS.map((): string[] => []) };
  let stayed = 0;
  let moved = 0;
  for (let g = 0; g < ix.nG; g++) {
    const pa = a.position[g] as number;
    const pb = b.position[g] as number;
    const code = ix.codes[g] as string;
    if (pa >= 0 && pb >= 0) {
      (counts[pa] as number[])[pb] = ((counts[pa] as number[])[pb] ?? 0) + 1;
      (groups[pa] as string[][])[pb]?.push(code);
      if (pa === pb) stayed++;
      else moved++;
    } else if (pa >= 0) {
      left.counts[pa] = (left.counts[pa] ?? 0) + 1;
      left.groups[pa]?.push(code);
    } else if (pb >= 0) {
      entered.counts[pb] = (entered.counts[pb] ?? 0) + 1;
      entered.groups[pb]?.push(code);
    }
  }
  const strip = (q: QuadrantSnapshot): Omit<QuadrantSnapshot, 'position' | 'xValues' | 'yValues'> => {
    const { position: _p, xValues: _x, yValues: _y, ...rest } = q;
    return rest;
  };
  return {
    quadrant: id,
    label: QUADRANTS[id].label,
    from: { requested: requested.from, period: a.period },
    to: { requested: requested.to, period: b.period },
    cells: POSITIONS.map((position) => ({ ...QUADRANTS[id].cells[position], position })),
    counts,
    groups,
    leftQuadrant: left,
    enteredQuadrant: entered,
    stayed,
    moved,
    fromSnapshot: strip(a),
    toSnapshot: strip(b),
    settings: s,
    trace: {
      rule: T(
        `比较 ${a.period} 与 ${b.period} 两期的象限归属（各期分割值按当期数据计算）；行 = 起始期象限，列 = 结束期象限`,
        `Quadrant cells at ${a.period} vs ${b.period} (each period's splits from its own data); rows = from, columns = to`,
      ),
      inputs: [
        { label: T('起始期', 'From'), value: `${requested.from} → ${a.period}` },
        { label: T('结束期', 'To'), value: `${requested.to} → ${b.period}` },
        { label: T('留在原象限', 'Stayed'), value: stayed },
        { label: T('迁移', 'Moved'), value: moved },
      ],
      settings: a.trace.settings,
    },
  };
}
