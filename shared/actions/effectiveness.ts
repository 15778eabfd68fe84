/**
 * 什么管用 (what worked): the branch's own closed actions, by measure and by cause.
 *
 * - A **closed** action is one with status 完成 (done). Cancelled and open ones are left out.
 * - **Retention rate** = (保住 retained + 部分保住 partly) ÷ (retained + partly + 流失 lost), from the
 *   outcome the manager recorded; 为时尚早 (too early) and a missing outcome are counted, not rated.
 * - **Revenue kept** = Σ value at the re-check month ÷ Σ value at the base month over the closed
 *   actions whose re-check is done (a group no longer billed at the re-check month counts 0).
 * - **Comparable groups** of an action: groups with **no action on record** (any status) that at the
 *   action's base month were in the **same zone** and the **same value band** (the tertile of current
 *   value among the groups billing that month: high / middle / low) and billed more than 0. Their revenue
 *   kept over the same months, Σ after ÷ Σ before, is what the action's group would have kept without the
 *   action; "vs comparable" is the action groups' revenue kept minus that, weighted by each action's base value.
 *
 * Pure: the engine's zone and value per month come in through `pointsAt`.
 */
import type { LocalText, Trace } from '../model/trace';
import { round4, type Zone } from '../analytics/text';
import { addMonths } from '../util/period';
import type { ActionOutcome } from './ledger';

export interface EffectivenessAction {
  id: string;
  groupCode: string;
  cause: 'service' | 'competition' | 'special';
  measure?: string | null;
  status: 'open' | 'done' | 'cancelled';
  outcome?: ActionOutcome | null;
  basePeriod?: string | null;
}

export interface MonthPoint {
  zone: Zone;
  /** current value (元/month), null when the engine has none */
  value: number | null;
}

/** A library counter-measure, to match an action's free-text measure to (id, or the zh / en name). */
export interface MeasureRef {
  id: string;
  name: LocalText;
}

export interface EffectivenessInput {
  actions: readonly EffectivenessAction[];
  /** every group's zone and value at a month (empty when the month is outside the data) */
  pointsAt: (period: string) => ReadonlyMap<string, MonthPoint>;
  /** newest month of the data */
  lastPeriod: string | null;
  /** re-check window in months (the ledger setting) */
  months: number;
  /** below this many closed actions a row carries a caveat and is not offered as "your history" */
  minClosed: number;
  measures?: readonly MeasureRef[];
}

export type ValueBand = 'high' | 'mid' | 'low';

export interface EffectivenessRow {
  /** 'measure:<library id or text>' / 'cause:<cause>' / 'all' */
  key: string;
  /** the library measure matched, else null */
  measureId: string | null;
  /** the measure as written (or the library name), cause id, or '' for no measure / total */
  label: LocalText;
  closed: number;
  retained: number;
  partly: number;
  lost: number;
  tooEarly: number;
  noOutcome: number;
  /** enough closed actions to go by (closed ≥ minClosed) */
  enough: boolean;
  retentionRate: Figure;
  /** closed actions whose re-check is done (both months in the data, a base value > 0) */
  withRecheck: number;
  revenueKept: Figure;
  /** closed actions with a re-check that had at least one comparable group */
  compared: number;
  /** comparable group-months used (a group can serve several actions) */
  comparableGroups: number;
  comparableKept: Figure;
  /** revenue kept minus the comparable groups' (value-weighted), as a fraction: 0.08 = 8 pp */
  upliftVsComparable: Figure;
  /** Σ after − Σ (before × comparable kept) over the compared actions, 元/month */
  revenueVsComparable: Figure;
}

interface Figure {
  value: number | null;
  trace: Trace;
}

export interface EffectivenessResult {
  months: number;
  minClosed: number;
  closed: number;
  total: EffectivenessRow;
  byMeasure: EffectivenessRow[];
  byCause: EffectivenessRow[];
  /** the definition of comparable groups, for the page and the traces */
  definition: LocalText;
}

const T = (zh: string, en: string): LocalText => ({ zh, en });

export const COMPARABLE_DEFINITION: LocalText = T(
  '可比集团：台账中没有任何行动记录的集团，在该行动的基准月与其处于同一预警区、同一价值档（当月有出账集团按当前价值三等分：高/中/低），且当月价值大于 0；其收入保持率 = 复盘月价值合计 ÷ 基准月价值合计（复盘月无出账计 0）。',
  'Comparable groups: groups with no action on record that, at the action’s base month, were in the same zone and the same value band (the groups billing that month split into thirds by current value: high / middle / low) and billed more than 0; their revenue kept = Σ value at the re-check month ÷ Σ value at the base month (no bill at the re-check month counts 0).',
);

/** Tertile cut-offs of the positive values: band of a value. */
export function valueBands(points: ReadonlyMap<string, MonthPoint>): (value: number | null) => ValueBand | null {
  const vals: number[] = [];
  for (const p of points.values()) if (p.value !== null && p.value > 0) vals.push(p.value);
  vals.sort((a, b) => a - b);
  const n = vals.length;
  const lo = n > 0 ? (vals[Math.floor(n / 3)] ?? 0) : 0;
  const hi = n > 0 ? (vals[Math.floor((2 * n) / 3)] ?? 0) : 0;
  return (value) => (value === null || value <= 0 || n === 0 ? null : value >= hi ? 'high' : value >= lo ? 'mid' : 'low');
}

const norm = (s: string): string => s.trim().toLowerCase().replace(/\s+/g, ' ');

/** The library measure an action's measure text names (its id, zh or en name), else null. */
export function matchMeasure(text: string, measures: readonly MeasureRef[]): MeasureRef | null {
  const k = norm(text);
  if (k === '') return null;
  for (const m of measures) if (norm(m.id) === k || norm(m.name.zh) === k || norm(m.name.en) === k) return m;
  return null;
}

interface Acc {
  key: string;
  measureId: string | null;
  label: LocalText;
  closed: number;
  retained: number;
  partly: number;
  lost: number;
  tooEarly: number;
  noOutcome: number;
  withRecheck: number;
  before: number;
  after: number;
  compared: number;
  comparableGroups: number;
  cmpBefore: number;
  cmpAfter: number;
  cmpExpected: number;
}

const newAcc = (key: string, label: LocalText, measureId: string | null = null): Acc => ({
  key,
  measureId,
  label,
  closed: 0,
  retained: 0,
  partly: 0,
  lost: 0,
  tooEarly: 0,
  noOutcome: 0,
  withRecheck: 0,
  before: 0,
  after: 0,
  compared: 0,
  comparableGroups: 0,
  cmpBefore: 0,
  cmpAfter: 0,
  cmpExpected: 0,
});

interface ActionFacts {
  outcome: ActionOutcome | null;
  /** base and re-check values, when the re-check is done */
  before: number | null;
  after: number | null;
  /** the comparable groups' revenue kept and their count, when there are any */
  cmpKept: number | null;
  cmpCount: number;
}

function addTo(acc: Acc, f: ActionFacts): void {
  acc.closed++;
  if (f.outcome === 'retained') acc.retained++;
  else if (f.outcome === 'partly') acc.partly++;
  else if (f.outcome === 'lost') acc.lost++;
  else if (f.outcome === 'tooEarly') acc.tooEarly++;
  else acc.noOutcome++;
  if (f.before !== null && f.after !== null) {
    acc.withRecheck++;
    acc.before += f.before;
    acc.after += f.after;
    if (f.cmpKept !== null) {
      acc.compared++;
      acc.comparableGroups += f.cmpCount;
      acc.cmpBefore += f.before;
      acc.cmpAfter += f.after;
      acc.cmpExpected += f.before * f.cmpKept;
    }
  }
}

function finish(a: Acc, months: number, minClosed: number): EffectivenessRow {
  const rated = a.retained + a.partly + a.lost;
  const settings = [
    { label: T('复盘间隔（月）', 're-check window (months)'), value: months },
    { label: T('最少已完成行动数', 'minimum closed actions'), value: minClosed },
  ];
  const head = [
    { label: T('已完成行动', 'closed actions'), value: a.closed },
    ...(a.closed < minClosed ? [{ label: T('提示', 'caveat'), value: minClosed > 0 ? `< ${minClosed}` : '—' }] : []),
  ];
  const rate = rated > 0 ? (a.retained + a.partly) / rated : null;
  const kept = a.before > 0 ? a.after / a.before : null;
  const cmpKept = a.cmpBefore > 0 ? a.cmpExpected / a.cmpBefore : null;
  const actKeptCmp = a.cmpBefore > 0 ? a.cmpAfter / a.cmpBefore : null;
  const uplift = cmpKept !== null && actKeptCmp !== null ? actKeptCmp - cmpKept : null;
  const vsRevenue = a.compared > 0 ? a.cmpAfter - a.cmpExpected : null;
  const cmpInputs = [
    ...head,
    { label: T('有复盘且有可比集团的行动', 'actions with a re-check and comparable groups'), value: a.compared },
    { label: T('可比集团（集团·月）', 'comparable groups (group-months)'), value: a.comparableGroups },
    { label: T('这些行动基准月价值合计（元）', 'Σ base value of those actions (yuan)'), value: Math.round(a.cmpBefore) },
    { label: T('这些行动复盘月价值合计（元）', 'Σ re-check value of those actions (yuan)'), value: Math.round(a.cmpAfter) },
    { label: T('按可比集团保持率推算的复盘月价值（元）', 're-check value expected at the comparable groups’ rate (yuan)'), value: Math.round(a.cmpExpected) },
  ];
  const noCmp = a.compared === 0 ? T('（没有可比集团：不作比较）', ' (no comparable groups: no comparison)') : T('', '');
  return {
    key: a.key,
    measureId: a.measureId,
    label: a.label,
    closed: a.closed,
    retained: a.retained,
    partly: a.partly,
    lost: a.lost,
    tooEarly: a.tooEarly,
    noOutcome: a.noOutcome,
    enough: a.closed >= minClosed && a.closed > 0,
    retentionRate: {
      value: rate,
      trace: {
        rule: T(
          '保住率 = （保住 + 部分保住）÷（保住 + 部分保住 + 流失），按已完成行动记录的结果；为时尚早和未填结果不计入。',
          'Retention rate = (retained + partly) ÷ (retained + partly + lost), from the outcomes recorded on closed actions; too early and no outcome are not rated.',
        ),
        inputs: [
          ...head,
          { label: T('保住', 'retained'), value: a.retained },
          { label: T('部分保住', 'partly'), value: a.partly },
          { label: T('流失', 'lost'), value: a.lost },
          { label: T('为时尚早', 'too early'), value: a.tooEarly },
          { label: T('未填结果', 'no outcome'), value: a.noOutcome },
        ],
        settings,
      },
    },
    withRecheck: a.withRecheck,
    revenueKept: {
      value: kept,
      trace: {
        rule: T(
          `收入保持率 = 复盘月价值合计 ÷ 基准月价值合计（基准月 + ${months} 个月；复盘月无出账计 0），只算复盘已完成的已完成行动。`,
          `Revenue kept = Σ value at the re-check month ÷ Σ value at the base month (base + ${months} months; no bill counts 0), over the closed actions whose re-check is done.`,
        ),
        inputs: [
          ...head,
          { label: T('复盘已完成', 're-check done'), value: a.withRecheck },
          { label: T('基准月价值合计（元）', 'Σ base value (yuan)'), value: Math.round(a.before) },
          { label: T('复盘月价值合计（元）', 'Σ re-check value (yuan)'), value: Math.round(a.after) },
        ],
        settings,
      },
    },
    compared: a.compared,
    comparableGroups: a.comparableGroups,
    comparableKept: {
      value: cmpKept,
      trace: {
        rule: { zh: `可比集团的收入保持率，按各行动基准月价值加权。${COMPARABLE_DEFINITION.zh}${noCmp.zh}`, en: `The comparable groups’ revenue kept, weighted by each action’s base value. ${COMPARABLE_DEFINITION.en}${noCmp.en}` },
        inputs: cmpInputs,
        settings,
      },
    },
    upliftVsComparable: {
      value: uplift,
      trace: {
        rule: { zh: `比可比集团多保持 = 这些行动的收入保持率 − 可比集团的收入保持率（个百分点）。${COMPARABLE_DEFINITION.zh}${noCmp.zh}`, en: `Kept vs comparable = these actions’ revenue kept − the comparable groups’ revenue kept (points). ${COMPARABLE_DEFINITION.en}${noCmp.en}` },
        inputs: [...cmpInputs, { label: T('这些行动的收入保持率', 'revenue kept by these actions'), value: actKeptCmp === null ? '—' : round4(actKeptCmp) }, { label: T('可比集团的收入保持率', 'revenue kept by comparable groups'), value: cmpKept === null ? '—' : round4(cmpKept) }],
        settings,
      },
    },
    revenueVsComparable: {
      value: vsRevenue,
      trace: {
        rule: { zh: `多保住的月收入 = 复盘月价值合计 − 按可比集团保持率推算的复盘月价值（元/月）。${COMPARABLE_DEFINITION.zh}${noCmp.zh}`, en: `Monthly revenue kept beyond comparable = Σ re-check value − the re-check value expected at the comparable groups’ rate (yuan/month). ${COMPARABLE_DEFINITION.en}${noCmp.en}` },
        inputs: cmpInputs,
        settings,
      },
    },
  };
}

const CAUSE_LABEL: Record<EffectivenessAction['cause'], LocalText> = {
  service: T('服务', 'Service'),
  competition: T('竞争', 'Competition'),
  special: T('特殊', 'Special'),
};

/** Effectiveness of the closed actions, in total, by measure and by cause. */
export function effectiveness(input: EffectivenessInput): EffectivenessResult {
  const { months, minClosed, lastPeriod } = input;
  const measures = input.measures ?? [];
  const withAction = new Set<string>();
  for (const a of input.actions) withAction.add(a.groupCode);
  /** comparable revenue kept per base month, zone and band: [kept, count] or null */
  const cmpCache = new Map<string, { kept: number | null; count: number }>();
  const bandCache = new Map<string, (v: number | null) => ValueBand | null>();
  const bandOf = (period: string): ((v: number | null) => ValueBand | null) => {
    let f = bandCache.get(period);
    if (!f) {
      f = valueBands(input.pointsAt(period));
      bandCache.set(period, f);
    }
    return f;
  };
  const comparable = (base: string, zone: Zone, band: ValueBand): { kept: number | null; count: number } => {
    const key = `${base}|${zone}|${band}`;
    const hit = cmpCache.get(key);
    if (hit) return hit;
    const at = input.pointsAt(base);
    const later = input.pointsAt(addMonths(base, months));
    const bands = bandOf(base);
    let before = 0;
    let after = 0;
    let count = 0;
    for (const [code, p] of at) {
      if (withAction.has(code) || p.zone !== zone || p.value === null || p.value <= 0 || bands(p.value) !== band) continue;
      count++;
      before += p.value;
      after += Math.max(0, later.get(code)?.value ?? 0);
    }
    const r = { kept: count > 0 && before > 0 ? after / before : null, count };
    cmpCache.set(key, r);
    return r;
  };

  const total = newAcc('all', T('全部已完成行动', 'All closed actions'));
  const byMeasure = new Map<string, Acc>();
  const byCause = new Map<string, Acc>();
  for (const a of input.actions) {
    if (a.status !== 'done') continue;
    let before: number | null = null;
    let after: number | null = null;
    let cmpKept: number | null = null;
    let cmpCount = 0;
    const base = a.basePeriod ?? null;
    if (base !== null && lastPeriod !== null && addMonths(base, months) <= lastPeriod) {
      const p0 = input.pointsAt(base).get(a.groupCode);
      if (p0 && p0.value !== null && p0.value > 0) {
        before = p0.value;
        after = Math.max(0, input.pointsAt(addMonths(base, months)).get(a.groupCode)?.value ?? 0);
        const band = bandOf(base)(p0.value);
        if (band !== null) {
          const c = comparable(base, p0.zone, band);
          cmpKept = c.kept;
          cmpCount = c.kept === null ? 0 : c.count;
        }
      }
    }
    const facts: ActionFacts = { outcome: a.outcome ?? null, before, after, cmpKept, cmpCount };
    addTo(total, facts);
    const text = (a.measure ?? '').trim();
    const lib = matchMeasure(text, measures);
    const mKey = lib ? `measure:${lib.id}` : `measure:${norm(text)}`;
    let m = byMeasure.get(mKey);
    if (!m) {
      m = newAcc(mKey, lib ? lib.name : text === '' ? T('（未填措施）', '(no measure given)') : T(text, text), lib?.id ?? null);
      byMeasure.set(mKey, m);
    }
    addTo(m, facts);
    const cKey = `cause:${a.cause}`;
    let c = byCause.get(cKey);
    if (!c) {
      c = newAcc(cKey, CAUSE_LABEL[a.cause]);
      byCause.set(cKey, c);
    }
    addTo(c, facts);
  }
  const rows = (m: Map<string, Acc>): EffectivenessRow[] =>
    Array.from(m.values()).sort((x, y) => y.closed - x.closed || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0)).map((a) => finish(a, months, minClosed));
  return { months, minClosed, closed: total.closed, total: finish(total, months, minClosed), byMeasure: rows(byMeasure), byCause: rows(byCause), definition: COMPARABLE_DEFINITION };
}
