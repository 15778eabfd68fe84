/**
 * Every window, threshold, weight, zone cut-off and probability the analytics
 * engine uses (docs/domain.md §3–§5), in one versioned object. The defaults are the
 * DOMAIN [default] numbers; where DOMAIN gives none, the choice is documented
 * beside the field. `SETTINGS_META` lists every leaf with its zh/en label,
 * unit and range so that the settings page can render it generically, and
 * `parseSettings` validates (and migrates) a stored object.
 *
 * Fractions are stored as fractions (−0.10, not −10); `scale: 100` in the
 * metadata tells the UI to show them as percentages.
 */
import { z } from 'zod';
import type { LocalText, Trace } from '../model/trace';
import { PERIOD_RE } from '../util/period';

export const SETTINGS_VERSION = 1;

const frac = (min = 0, max = 1) => z.number().min(min).max(max);
const months = (min = 1, max = 36) => z.number().int().min(min).max(max);
const points = () => z.number().min(0).max(100);

export const SPLIT_RULES = ['median', 'pareto', 'fixed'] as const;
export type SplitRule = (typeof SPLIT_RULES)[number];

export const SplitSchema = z.object({
  /** median: high = above the median; pareto: high = in the top `share` of groups; fixed: high = at or above `value` */
  rule: z.enum(SPLIT_RULES),
  share: frac(0.01, 0.99),
  value: z.number(),
});
export type Split = z.infer<typeof SplitSchema>;

const AxisPairSchema = z.object({ x: SplitSchema, y: SplitSchema });

const signal = <T extends z.ZodRawShape>(shape: T) => z.object({ enabled: z.boolean(), points: points(), ...shape });

export const AnalyticsSettingsSchema = z
  .object({
    version: z.literal(SETTINGS_VERSION),
    value: z.object({
      /** which revenue drives value, trends and the revenue signals */
      basis: z.enum(['total', 'unified']),
      windowMonths: months(1, 12),
      /** share of groups counted as "top" for concentration (二八) */
      topShare: frac(0.01, 0.99),
      /** Pareto curve resolution: points at 0, 1/steps, …, 1 of the groups */
      paretoSteps: z.number().int().min(10).max(1000),
    }),
    trend: z.object({
      shortMonths: months(1, 12),
      longMonths: months(2, 24),
    }),
    sanGao: z.object({
      /** classes that count as "high importance" besides a filled 重要集团 field */
      importantClasses: z.array(z.string()),
      /** a filled importance field (省重点/市重点…) counts as high importance */
      useImportanceField: z.boolean(),
      /** high member income: personal-pay ARPU at or above this quantile of active groups */
      incomeQuantile: frac(0, 1),
      /** high ARPU: total ARPU at or above this quantile of active groups */
      arpuQuantile: frac(0, 1),
    }),
    binding: z.object({
      relationshipWeight: frac(0, 10),
      costWeight: frac(0, 10),
      productWeight: frac(0, 10),
      managerWeight: frac(0, 10),
      contactWeight: frac(0, 10),
      contactDays: z.number().int().min(1).max(730),
      contractWeight: frac(0, 10),
      remainingWeight: frac(0, 10),
      remainingFullMonths: months(1, 60),
      purityWeight: frac(0, 10),
      productsWeight: frac(0, 10),
      productsFull: z.number().min(1).max(100),
      newBizWeight: frac(0, 10),
      newBizShareFull: frac(0.01, 1),
    }),
    potential: z.object({
      growthWeight: frac(0, 10),
      penetrationWeight: frac(0, 10),
      newBizWeight: frac(0, 10),
      /** growth (long trend, short when the long is unavailable) that scores full marks */
      growthFull: frac(0.01, 5),
      newBizShareFull: frac(0.01, 1),
    }),
    quadrants: z.object({
      valueRisk: AxisPairSchema,
      revenueNewBiz: AxisPairSchema,
      valueBinding: AxisPairSchema,
      currentPotential: AxisPairSchema,
    }),
    lifecycle: z.object({
      acquisitionMonths: months(1, 36),
      growthPct: frac(0, 1),
      declinePct: frac(-1, 0),
      consecutiveDrops: months(1, 12),
      /** a month counts as a drop when revenue falls by at least this fraction */
      dropMinPct: frac(0, 1),
      exitZeroMonths: months(1, 12),
    }),
    warnings: z.object({
      revenueTrend: signal({ months: months(1, 12), thresholdPct: frac(-1, 0) }),
      trafficDrop: signal({ avgMonths: months(1, 12), thresholdPct: frac(-1, 0) }),
      memberLoss: signal({ months: months(1, 12), lossPct: frac(0, 1), lossCount: z.number().int().min(1).max(100000) }),
      offNetRising: signal({ months: months(1, 12), risePp: frac(0, 1) }),
      billAnomaly: signal({ trailingMonths: months(2, 36), minMonths: months(2, 36), sigmas: z.number().min(0).max(10) }),
      complaints: signal({ count: z.number().int().min(1).max(1000) }),
      contract: signal({ days: z.number().int().min(0).max(3650) }),
      noManager: signal({}),
      arrears: signal({ months: months(1, 12) }),
      keyPerson: signal({ days: z.number().int().min(1).max(3650), noDecisionMaker: z.boolean() }),
      zones: z.object({ red: points(), yellow: points(), blue: points() }),
      whiteZeroMonths: months(1, 12),
      whiteMinHistory: months(1, 12),
      lossProbability: z.object({ red: frac(), yellow: frac(), blue: frac(), green: frac(), white: frac() }),
    }),
    backtest: z.object({
      minMonths: months(2, 60),
      baselineMonths: months(1, 12),
      horizonMonths: months(1, 6),
      /** outcome = revenue below this fraction of the baseline average */
      dropRatio: frac(0.01, 1),
      /** all: every month of the horizon below; mean: their average below */
      outcome: z.enum(['all', 'mean']),
      topShare: frac(0.01, 0.5),
    }),
    /** competitive scenarios (竞争情景推演) */
    scenario: z
      .object({
        /** gross margin on a group's bill: a measure's discount deeper than this is flagged (guardrail) */
        marginShare: frac(0, 1),
      })
      .default({ marginShare: 0.3 }),
    /** satisfaction survey matrix (seed 001): where importance and satisfaction are split into high and low */
    survey: z
      .object({
        /** mean: the mean over the factors on each axis; midScale: the middle of the detected scale (3 of 1–5, 5 of 0–10, 50 of 0–100) */
        split: z.enum(['mean', 'midScale']),
      })
      .default({ split: 'mean' }),
    /** data completeness: a month is incomplete when fewer groups billed (or less revenue) than this share of the trailing months' typical (median) figure */
    completeness: z
      .object({
        minShare: frac(0.01, 1),
        /** a month with every group billed but this little of the usual revenue is a partial load too (lower than minShare: a real fall of 20% must show) */
        minRevenueShare: frac(0, 1).default(0.5),
        /** below this many usually billed groups the check is off (a handful of groups: a drop is a drop, not a partial load) */
        minGroups: z.number().int().min(0).max(1_000_000).default(20),
        trailingMonths: months(1, 12),
      })
      .default({ minShare: 0.8, minRevenueShare: 0.5, minGroups: 20, trailingMonths: 3 }),
    /** count vs value retention (docs/domain.md §5, seed 003): which month's groups and members are the base (拍照期) */
    retention: z
      .object({
        /** the snapshot month (拍照期, YYYY-MM); null = `monthsBack` months before the analysis month */
        snapshotPeriod: z.string().regex(PERIOD_RE).nullable(),
        monthsBack: months(1, 36),
      })
      .default({ snapshotPeriod: null, monthsBack: 12 }),
    logistic: z.object({
      l2: z.number().min(0).max(1000),
      folds: z.number().int().min(2).max(20),
      seed: z.number().int().min(0).max(4294967295),
      maxRows: z.number().int().min(100).max(5_000_000),
      maxIterations: z.number().int().min(1).max(500),
      tolerance: z.number().min(1e-14).max(1e-2),
    }),
  })
  .superRefine((s, ctx) => {
    const z1 = s.warnings.zones;
    if (!(z1.red > z1.yellow && z1.yellow > z1.blue)) {
      ctx.addIssue({ code: 'custom', path: ['warnings', 'zones'], message: 'zone cut-offs must satisfy red > yellow > blue' });
    }
    if (s.trend.longMonths <= s.trend.shortMonths) {
      ctx.addIssue({ code: 'custom', path: ['trend', 'longMonths'], message: 'the long trend window must be longer than the short one' });
    }
    if (s.warnings.billAnomaly.minMonths > s.warnings.billAnomaly.trailingMonths) {
      ctx.addIssue({ code: 'custom', path: ['warnings', 'billAnomaly', 'minMonths'], message: 'minMonths must not exceed trailingMonths' });
    }
    if (s.lifecycle.growthPct < 0 || s.lifecycle.declinePct > 0) {
      ctx.addIssue({ code: 'custom', path: ['lifecycle'], message: 'growth must be ≥ 0 and decline ≤ 0' });
    }
  });

export type AnalyticsSettings = z.infer<typeof AnalyticsSettingsSchema>;
export type SignalId = Exclude<keyof AnalyticsSettings['warnings'], 'zones' | 'whiteZeroMonths' | 'whiteMinHistory' | 'lossProbability'>;
export type QuadrantId = keyof AnalyticsSettings['quadrants'];

/** The signals in the order of docs/domain.md §5. */
export const SIGNAL_IDS: readonly SignalId[] = [
  'revenueTrend',
  'trafficDrop',
  'memberLoss',
  'offNetRising',
  'billAnomaly',
  'complaints',
  'contract',
  'noManager',
  'arrears',
  'keyPerson',
];

const median = (): Split => ({ rule: 'median', share: 0.2, value: 0 });

function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/** The defaults (frozen: copy before changing, e.g. with withSetting or structuredClone). */
export const DEFAULT_SETTINGS: AnalyticsSettings = deepFreeze<AnalyticsSettings>({
  version: SETTINGS_VERSION,
  value: { basis: 'total', windowMonths: 3, topShare: 0.2, paretoSteps: 100 },
  trend: { shortMonths: 3, longMonths: 12 },
  sanGao: { importantClasses: ['A1', 'A2'], useImportanceField: true, incomeQuantile: 0.75, arpuQuantile: 0.75 },
  binding: {
    relationshipWeight: 1,
    costWeight: 1,
    productWeight: 1,
    managerWeight: 0.6,
    contactWeight: 0.4,
    contactDays: 90,
    contractWeight: 0.5,
    remainingWeight: 0.25,
    remainingFullMonths: 12,
    purityWeight: 0.25,
    productsWeight: 0.7,
    productsFull: 8,
    newBizWeight: 0.3,
    newBizShareFull: 0.2,
  },
  potential: { growthWeight: 1, penetrationWeight: 1, newBizWeight: 1, growthFull: 0.2, newBizShareFull: 0.3 },
  quadrants: {
    valueRisk: { x: median(), y: median() },
    revenueNewBiz: { x: median(), y: median() },
    valueBinding: { x: median(), y: median() },
    currentPotential: { x: median(), y: median() },
  },
  lifecycle: { acquisitionMonths: 6, growthPct: 0.05, declinePct: -0.1, consecutiveDrops: 2, dropMinPct: 0.03, exitZeroMonths: 2 },
  warnings: {
    revenueTrend: { enabled: true, points: 25, months: 3, thresholdPct: -0.1 },
    trafficDrop: { enabled: true, points: 20, avgMonths: 3, thresholdPct: -0.15 },
    memberLoss: { enabled: true, points: 20, months: 3, lossPct: 0.1, lossCount: 5 },
    offNetRising: { enabled: true, points: 10, months: 3, risePp: 0.01 },
    billAnomaly: { enabled: true, points: 10, trailingMonths: 12, minMonths: 6, sigmas: 2 },
    complaints: { enabled: true, points: 10, count: 2 },
    contract: { enabled: true, points: 10, days: 90 },
    noManager: { enabled: true, points: 5 },
    arrears: { enabled: true, points: 5, months: 2 },
    keyPerson: { enabled: true, points: 10, days: 90, noDecisionMaker: true },
    zones: { red: 50, yellow: 30, blue: 15 },
    whiteZeroMonths: 2,
    whiteMinHistory: 3,
    lossProbability: { red: 0.5, yellow: 0.25, blue: 0.1, green: 0.02, white: 0 },
  },
  backtest: { minMonths: 6, baselineMonths: 3, horizonMonths: 2, dropRatio: 0.9, outcome: 'all', topShare: 0.1 },
  logistic: { l2: 1, folds: 5, seed: 20241, maxRows: 10000, maxIterations: 100, tolerance: 1e-6 },
  scenario: { marginShare: 0.3 },
  survey: { split: 'mean' },
  completeness: { minShare: 0.8, minRevenueShare: 0.5, minGroups: 20, trailingMonths: 3 },
  retention: { snapshotPeriod: null, monthsBack: 12 },
});

// ---------------------------------------------------------------------------
// Metadata for a generic settings UI

/** period: a YYYY-MM month or null (automatic) */
export type SettingKind = 'number' | 'integer' | 'boolean' | 'enum' | 'list' | 'period';

export interface SettingMeta {
  /** dotted path into AnalyticsSettings, e.g. 'warnings.revenueTrend.points' */
  key: string;
  /** section heading for grouping in the UI */
  section: LocalText;
  label: LocalText;
  /** unit as shown (after `scale`), '' when none */
  unit: LocalText;
  kind: SettingKind;
  /** in stored units */
  min?: number;
  max?: number;
  step?: number;
  /** display value = stored value × scale (100 for fractions shown as %) */
  scale?: number;
  options?: { value: string; label: LocalText }[];
  /** where the default comes from */
  source: 'DOMAIN' | 'engine';
}

const T = (zh: string, en: string): LocalText => ({ zh, en });
const NONE = T('', '');
const PCT = T('%', '%');
const MONTHS = T('个月', 'months');
const DAYS = T('天', 'days');
const PTS = T('分', 'points');
const WEIGHT = T('权重', 'weight');

const S = {
  value: T('价值', 'Value'),
  trend: T('趋势', 'Trend'),
  sanGao: T('三高集团', '"Three-high" groups'),
  binding: T('捆绑深度', 'Binding depth'),
  potential: T('潜力', 'Potential'),
  quadrants: T('价值象限', 'Quadrants'),
  lifecycle: T('生命周期', 'Lifecycle'),
  warnings: T('流失预警', 'Warnings'),
  zones: T('预警分区', 'Warning zones'),
  backtest: T('回测', 'Back-test'),
  logistic: T('逻辑回归', 'Logistic regression'),
  scenario: T('竞争情景推演', 'Competitive scenarios'),
  completeness: T('数据完整性', 'Data completeness'),
  survey: T('满意度调查', 'Satisfaction survey'),
  retention: T('保有率', 'Retention'),
};

type MetaInput = Omit<SettingMeta, 'source'> & { source?: SettingMeta['source'] };
const meta: MetaInput[] = [];
const add = (m: MetaInput): void => {
  meta.push(m);
};
const num = (
  key: string,
  section: LocalText,
  label: LocalText,
  unit: LocalText,
  min: number,
  max: number,
  step: number,
  extra: Partial<MetaInput> = {},
): void => add({ key, section, label, unit, kind: Number.isInteger(step) && step >= 1 ? 'integer' : 'number', min, max, step, ...extra });
const pct = (key: string, section: LocalText, label: LocalText, min: number, max: number, extra: Partial<MetaInput> = {}): void =>
  num(key, section, label, PCT, min, max, 0.01, { scale: 100, kind: 'number', ...extra });

add({
  key: 'value.basis',
  section: S.value,
  label: T('价值口径', 'Revenue that drives value'),
  unit: NONE,
  kind: 'enum',
  options: [
    { value: 'total', label: T('出账收入', 'Total revenue') },
    { value: 'unified', label: T('统付收入', 'Unified-pay revenue') },
  ],
  source: 'DOMAIN',
});
num('value.windowMonths', S.value, T('当前价值窗口', 'Current-value window'), MONTHS, 1, 12, 1, { source: 'DOMAIN' });
pct('value.topShare', S.value, T('头部集团占比（二八）', 'Top share of groups (80/20)'), 0.01, 0.99, { source: 'DOMAIN' });
num('value.paretoSteps', S.value, T('帕累托曲线点数', 'Pareto curve steps'), NONE, 10, 1000, 1, { source: 'engine' });
num('trend.shortMonths', S.trend, T('短期趋势窗口', 'Short trend window'), MONTHS, 1, 12, 1, { source: 'DOMAIN' });
num('trend.longMonths', S.trend, T('长期趋势窗口', 'Long trend window'), MONTHS, 2, 24, 1, { source: 'engine' });

add({ key: 'sanGao.importantClasses', section: S.sanGao, label: T('视为重要的集团等级', 'Classes counted as important'), unit: NONE, kind: 'list', source: 'engine' });
add({ key: 'sanGao.useImportanceField', section: S.sanGao, label: T('重要集团标识计为重要', 'Importance flag counts as important'), unit: NONE, kind: 'boolean', source: 'engine' });
pct('sanGao.incomeQuantile', S.sanGao, T('员工收入高：个付ARPU分位数', 'High member income: personal ARPU quantile'), 0, 1);
pct('sanGao.arpuQuantile', S.sanGao, T('ARPU高：ARPU分位数', 'High ARPU: ARPU quantile'), 0, 1);

num('binding.relationshipWeight', S.binding, T('关系保有权重', 'Relationship weight'), WEIGHT, 0, 10, 0.05);
num('binding.costWeight', S.binding, T('成本保有权重', 'Cost weight'), WEIGHT, 0, 10, 0.05);
num('binding.productWeight', S.binding, T('产品保有权重', 'Product weight'), WEIGHT, 0, 10, 0.05);
num('binding.managerWeight', S.binding, T('关系：有客户经理', 'Relationship: has account manager'), WEIGHT, 0, 10, 0.05);
num('binding.contactWeight', S.binding, T('关系：关键人近期联系', 'Relationship: key person contacted recently'), WEIGHT, 0, 10, 0.05);
num('binding.contactDays', S.binding, T('关系：近期联系天数', 'Relationship: recent-contact days'), DAYS, 1, 730, 1);
num('binding.contractWeight', S.binding, T('成本：协议在约', 'Cost: contract in force'), WEIGHT, 0, 10, 0.05);
num('binding.remainingWeight', S.binding, T('成本：协议剩余期', 'Cost: contract time remaining'), WEIGHT, 0, 10, 0.05);
num('binding.remainingFullMonths', S.binding, T('成本：剩余期满分月数', 'Cost: months remaining for full marks'), MONTHS, 1, 60, 1);
num('binding.purityWeight', S.binding, T('成本：统付纯度', 'Cost: unified-pay purity'), WEIGHT, 0, 10, 0.05);
num('binding.productsWeight', S.binding, T('产品：产品数', 'Product: number of products'), WEIGHT, 0, 10, 0.05);
num('binding.productsFull', S.binding, T('产品：满分产品数', 'Product: products for full marks'), T('个', 'products'), 1, 100, 1);
num('binding.newBizWeight', S.binding, T('产品：新业务占比', 'Product: new-business share'), WEIGHT, 0, 10, 0.05);
pct('binding.newBizShareFull', S.binding, T('产品：满分新业务占比', 'Product: new-business share for full marks'), 0.01, 1);

num('potential.growthWeight', S.potential, T('增长权重', 'Growth weight'), WEIGHT, 0, 10, 0.05);
num('potential.penetrationWeight', S.potential, T('渗透缺口权重', 'Penetration-gap weight'), WEIGHT, 0, 10, 0.05);
num('potential.newBizWeight', S.potential, T('新业务占比权重', 'New-business share weight'), WEIGHT, 0, 10, 0.05);
pct('potential.growthFull', S.potential, T('满分增长率', 'Growth for full marks'), 0.01, 5);
pct('potential.newBizShareFull', S.potential, T('满分新业务占比', 'New-business share for full marks'), 0.01, 1);

const QUADRANT_NAMES: Record<QuadrantId, { label: LocalText; x: LocalText; y: LocalText }> = {
  valueRisk: { label: T('价值×风险', 'Value × Risk'), x: T('价值轴', 'value axis'), y: T('风险轴', 'risk axis') },
  revenueNewBiz: { label: T('收入×新业务', 'Revenue × New business'), x: T('收入轴', 'revenue axis'), y: T('新业务轴', 'new-business axis') },
  valueBinding: { label: T('价值×捆绑', 'Value × Binding'), x: T('价值轴', 'value axis'), y: T('捆绑轴', 'binding axis') },
  currentPotential: { label: T('当前×潜力', 'Current × Potential'), x: T('当前价值轴', 'current-value axis'), y: T('潜力轴', 'potential axis') },
};
const SPLIT_OPTIONS = [
  { value: 'median', label: T('中位数', 'Median') },
  { value: 'pareto', label: T('头部占比（帕累托）', 'Top share (Pareto)') },
  { value: 'fixed', label: T('固定值', 'Fixed value') },
];
for (const q of Object.keys(QUADRANT_NAMES) as QuadrantId[]) {
  const names = QUADRANT_NAMES[q];
  for (const axis of ['x', 'y'] as const) {
    const an = names[axis];
    const lab = (zh: string, en: string): LocalText => T(`${names.label.zh}：${an.zh}${zh}`, `${names.label.en}: ${an.en} ${en}`);
    add({ key: `quadrants.${q}.${axis}.rule`, section: S.quadrants, label: lab('分割规则', 'split rule'), unit: NONE, kind: 'enum', options: SPLIT_OPTIONS, source: 'DOMAIN' });
    pct(`quadrants.${q}.${axis}.share`, S.quadrants, lab('头部占比', 'top share'), 0.01, 0.99, { source: 'DOMAIN' });
    num(`quadrants.${q}.${axis}.value`, S.quadrants, lab('固定分割值', 'fixed split'), NONE, -1e12, 1e12, 0.01);
  }
}

num('lifecycle.acquisitionMonths', S.lifecycle, T('获取期：在网月数少于', 'Acquisition: tenure below'), MONTHS, 1, 36, 1, { source: 'DOMAIN' });
pct('lifecycle.growthPct', S.lifecycle, T('提升期：趋势高于', 'Growth: trend above'), 0, 1, { source: 'DOMAIN' });
pct('lifecycle.declinePct', S.lifecycle, T('衰退期：趋势不高于', 'Decline: trend at or below'), -1, 0, { source: 'DOMAIN' });
num('lifecycle.consecutiveDrops', S.lifecycle, T('衰退期：连续下降月数', 'Decline: consecutive drops'), MONTHS, 1, 12, 1, { source: 'DOMAIN' });
pct('lifecycle.dropMinPct', S.lifecycle, T('衰退期：单月下降至少', 'Decline: a drop is at least'), 0, 1);
num('lifecycle.exitZeroMonths', S.lifecycle, T('离网：连续无收入月数', 'Exited: months without revenue'), MONTHS, 1, 12, 1, { source: 'DOMAIN' });

const SIG_LABEL: Record<SignalId, LocalText> = {
  revenueTrend: T('收入下滑', 'Revenue decline'),
  trafficDrop: T('话务分流', 'Traffic diversion'),
  memberLoss: T('成员批量流失', 'Batch member loss'),
  offNetRising: T('异网占比上升', 'Off-net share rising'),
  billAnomaly: T('账单异常', 'Bill anomaly'),
  complaints: T('投诉/故障', 'Complaints / faults'),
  contract: T('协议到期或无协议', 'Contract ending or none'),
  noManager: T('无客户经理', 'No account manager'),
  arrears: T('持续欠费', 'Arrears'),
  keyPerson: T('关键人变动', 'Key person at risk'),
};
export const SIGNAL_LABELS: Readonly<Record<SignalId, LocalText>> = SIG_LABEL;

const sigLab = (id: SignalId, zh: string, en: string): LocalText => T(`${SIG_LABEL[id].zh}：${zh}`, `${SIG_LABEL[id].en}: ${en}`);
for (const id of SIGNAL_IDS) {
  add({ key: `warnings.${id}.enabled`, section: S.warnings, label: sigLab(id, '启用', 'enabled'), unit: NONE, kind: 'boolean', source: 'engine' });
  num(`warnings.${id}.points`, S.warnings, sigLab(id, '分值', 'points'), PTS, 0, 100, 1, { source: 'DOMAIN' });
}
num('warnings.revenueTrend.months', S.warnings, sigLab('revenueTrend', '比较窗口', 'window'), MONTHS, 1, 12, 1, { source: 'DOMAIN' });
pct('warnings.revenueTrend.thresholdPct', S.warnings, sigLab('revenueTrend', '阈值', 'threshold'), -1, 0, { source: 'DOMAIN' });
num('warnings.trafficDrop.avgMonths', S.warnings, sigLab('trafficDrop', '均值月数', 'average over'), MONTHS, 1, 12, 1, { source: 'DOMAIN' });
pct('warnings.trafficDrop.thresholdPct', S.warnings, sigLab('trafficDrop', '阈值', 'threshold'), -1, 0, { source: 'DOMAIN' });
num('warnings.memberLoss.months', S.warnings, sigLab('memberLoss', '窗口', 'window'), MONTHS, 1, 12, 1, { source: 'DOMAIN' });
pct('warnings.memberLoss.lossPct', S.warnings, sigLab('memberLoss', '流失比例', 'share lost'), 0, 1, { source: 'DOMAIN' });
num('warnings.memberLoss.lossCount', S.warnings, sigLab('memberLoss', '流失人数', 'members lost'), T('人', 'members'), 1, 100000, 1, { source: 'DOMAIN' });
num('warnings.offNetRising.months', S.warnings, sigLab('offNetRising', '窗口', 'window'), MONTHS, 1, 12, 1);
num('warnings.offNetRising.risePp', S.warnings, sigLab('offNetRising', '上升至少', 'rise at least'), T('个百分点', 'pp'), 0, 1, 0.001, { scale: 100 });
num('warnings.billAnomaly.trailingMonths', S.warnings, sigLab('billAnomaly', '参照月数', 'trailing months'), MONTHS, 2, 36, 1, { source: 'DOMAIN' });
num('warnings.billAnomaly.minMonths', S.warnings, sigLab('billAnomaly', '最少参照月数', 'minimum trailing months'), MONTHS, 2, 36, 1);
num('warnings.billAnomaly.sigmas', S.warnings, sigLab('billAnomaly', '标准差倍数', 'sigmas'), T('σ', 'σ'), 0, 10, 0.1, { source: 'DOMAIN' });
num('warnings.complaints.count', S.warnings, sigLab('complaints', '当月次数', 'count in the month'), T('次', 'times'), 1, 1000, 1, { source: 'DOMAIN' });
num('warnings.contract.days', S.warnings, sigLab('contract', '到期天数', 'days to expiry'), DAYS, 0, 3650, 1, { source: 'DOMAIN' });
num('warnings.arrears.months', S.warnings, sigLab('arrears', '连续欠费月数', 'consecutive months'), MONTHS, 1, 12, 1, { source: 'DOMAIN' });
num('warnings.keyPerson.days', S.warnings, sigLab('keyPerson', '未联系/变动天数', 'days without contact / since change'), DAYS, 1, 3650, 1, { source: 'DOMAIN' });
add({ key: 'warnings.keyPerson.noDecisionMaker', section: S.warnings, label: sigLab('keyPerson', '未登记决策者也触发', 'fires when no decision maker is on record'), unit: NONE, kind: 'boolean', source: 'engine' });
num('warnings.zones.red', S.zones, T('红区：预警分（0–100）不低于', 'Red: warning score (0–100) at least'), PTS, 0, 100, 1, { source: 'DOMAIN' });
num('warnings.zones.yellow', S.zones, T('黄区：预警分（0–100）不低于', 'Yellow: warning score (0–100) at least'), PTS, 0, 100, 1, { source: 'DOMAIN' });
num('warnings.zones.blue', S.zones, T('蓝区：预警分（0–100）不低于', 'Blue: warning score (0–100) at least'), PTS, 0, 100, 1, { source: 'DOMAIN' });
num('warnings.whiteZeroMonths', S.zones, T('白区：连续无收入月数', 'White: months without revenue'), MONTHS, 1, 12, 1, { source: 'DOMAIN' });
num('warnings.whiteMinHistory', S.zones, T('白区：历史少于', 'White: history shorter than'), MONTHS, 1, 12, 1, { source: 'DOMAIN' });
pct('warnings.lossProbability.red', S.zones, T('红区流失概率', 'Red loss probability'), 0, 1, { source: 'DOMAIN' });
pct('warnings.lossProbability.yellow', S.zones, T('黄区流失概率', 'Yellow loss probability'), 0, 1, { source: 'DOMAIN' });
pct('warnings.lossProbability.blue', S.zones, T('蓝区流失概率', 'Blue loss probability'), 0, 1, { source: 'DOMAIN' });
pct('warnings.lossProbability.green', S.zones, T('绿区流失概率', 'Green loss probability'), 0, 1, { source: 'DOMAIN' });
pct('warnings.lossProbability.white', S.zones, T('白区流失概率', 'White loss probability'), 0, 1);

num('backtest.minMonths', S.backtest, T('回测最少历史', 'Minimum history'), MONTHS, 2, 60, 1, { source: 'DOMAIN' });
num('backtest.baselineMonths', S.backtest, T('基准月数（t−3…t−1）', 'Baseline months (t−3…t−1)'), MONTHS, 1, 12, 1, { source: 'DOMAIN' });
num('backtest.horizonMonths', S.backtest, T('观察月数（t…t+1）', 'Outcome months (t…t+1)'), MONTHS, 1, 6, 1, { source: 'DOMAIN' });
pct('backtest.dropRatio', S.backtest, T('流失判定：低于基准的', 'Outcome: below this share of the baseline'), 0.01, 1, { source: 'DOMAIN' });
add({
  key: 'backtest.outcome',
  section: S.backtest,
  label: T('流失判定方式', 'Outcome rule'),
  unit: NONE,
  kind: 'enum',
  options: [
    { value: 'all', label: T('观察期每月都低于', 'Every outcome month below') },
    { value: 'mean', label: T('观察期均值低于', 'Outcome-month average below') },
  ],
  source: 'engine',
});
pct('backtest.topShare', S.backtest, T('提升度：头部占比', 'Lift: top share'), 0.01, 0.5);
num('logistic.l2', S.logistic, T('L2 正则强度', 'L2 penalty'), NONE, 0, 1000, 0.1);
num('logistic.folds', S.logistic, T('交叉验证折数', 'Cross-validation folds'), NONE, 2, 20, 1);
num('logistic.seed', S.logistic, T('分折随机种子', 'Fold seed'), NONE, 0, 4294967295, 1);
num('logistic.maxRows', S.logistic, T('训练样本上限（行）', 'Training rows at most'), T('行', 'rows'), 100, 5_000_000, 1);
num('logistic.maxIterations', S.logistic, T('最大迭代次数', 'Maximum iterations'), NONE, 1, 500, 1);
num('logistic.tolerance', S.logistic, T('收敛容差', 'Convergence tolerance'), NONE, 1e-14, 1e-2, 1e-10);
// Not in DOMAIN: 30% is a typical gross margin on a group bill; a measure discounting more sells below cost (docs/domain.md §6 guardrail).
pct('scenario.marginShare', S.scenario, T('集团账单毛利率（让利不得超过）', 'Gross margin on a group bill (discounts must stay within)'), 0, 1);

// Not in DOMAIN: a month with fewer than 80% of the usual groups billed (or 80% of the usual revenue) is a partial load, not a collapse.
pct('completeness.minShare', S.completeness, T('完整月份的出账集团数至少达到近几月常见水平的', 'A complete month bills at least this share of the usual number of groups'), 0.01, 1);
pct('completeness.minRevenueShare', S.completeness, T('完整月份的出账收入至少达到近几月常见水平的', 'A complete month has at least this share of the usual revenue'), 0, 1);
num('completeness.minGroups', S.completeness, T('常见出账集团数少于此数时不检查', 'No check when fewer groups are usually billed than'), T('家', 'groups'), 0, 1_000_000, 1);
num('completeness.trailingMonths', S.completeness, T('比较的近几月（取中位数）', 'Trailing months compared (median)'), MONTHS, 1, 12, 1);

// seed 001 puts factors by importance and satisfaction without a split rule: the factors' mean is the usual IPA split, the scale's middle a fixed alternative.
add({
  key: 'survey.split',
  section: S.survey,
  label: T('重要性与满意度的高低分界', 'Where importance and satisfaction split into high and low'),
  unit: NONE,
  kind: 'enum',
  options: [
    { value: 'mean', label: T('各因素均值', 'Mean over the factors') },
    { value: 'midScale', label: T('量表中点（如1–5分取3）', 'Middle of the scale (3 on 1–5)') },
  ],
  source: 'engine',
});
// Not in DOMAIN: the base of count vs value retention; 12 months back compares with the same month a year earlier (同比拍照).
add({
  key: 'retention.snapshotPeriod',
  section: S.retention,
  label: T('拍照期（留空 = 分析期往前推的月数）', 'Snapshot month (empty = the months back below)'),
  unit: NONE,
  kind: 'period',
  source: 'engine',
});
num('retention.monthsBack', S.retention, T('未设拍照期时：分析期往前推', 'Without a snapshot month: months before the analysis month'), MONTHS, 1, 36, 1);

export const SETTINGS_META: readonly SettingMeta[] = meta.map((m) => ({ ...m, source: m.source ?? 'engine' }));

// ---------------------------------------------------------------------------
// Access by key path, validation and migration

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The value at a dotted key path (undefined when the path does not exist). */
export function getSetting(settings: AnalyticsSettings, key: string): unknown {
  let cur: unknown = settings;
  for (const part of key.split('.')) {
    if (!isRecord(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

export type SettingsResult = { ok: true; settings: AnalyticsSettings } | { ok: false; issues: { key: string; message: string }[] };

function cloneJson<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

/** A copy of `settings` with one leaf changed, validated. */
export function withSetting(settings: AnalyticsSettings, key: string, value: unknown): SettingsResult {
  const copy = cloneJson(settings) as unknown as Record<string, unknown>;
  const parts = key.split('.');
  let cur: Record<string, unknown> = copy;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = cur[parts[i] ?? ''];
    if (!isRecord(next)) return { ok: false, issues: [{ key, message: 'unknown setting' }] };
    cur = next;
  }
  const leaf = parts[parts.length - 1] ?? '';
  if (!(leaf in cur)) return { ok: false, issues: [{ key, message: 'unknown setting' }] };
  cur[leaf] = value;
  return validateSettings(copy);
}

export function validateSettings(raw: unknown): SettingsResult {
  const r = AnalyticsSettingsSchema.safeParse(raw);
  if (r.success) return { ok: true, settings: r.data };
  return { ok: false, issues: r.error.issues.map((i) => ({ key: i.path.map(String).join('.'), message: i.message })) };
}

/**
 * Reads a stored settings object of any version (or garbage) into valid
 * settings: known leaves that validate are kept, anything missing or invalid
 * falls back to the default, and each such fallback is reported.
 */
export function parseSettings(raw: unknown): { settings: AnalyticsSettings; issues: { key: string; message: string }[] } {
  const issues: { key: string; message: string }[] = [];
  if (!isRecord(raw)) {
    if (raw !== undefined && raw !== null) issues.push({ key: '', message: 'not an object; defaults used' });
    return { settings: cloneJson(DEFAULT_SETTINGS), issues };
  }
  const migrated = migrate(raw, issues);
  // merge leaf by leaf over the defaults
  const merged = cloneJson(DEFAULT_SETTINGS) as unknown as Record<string, Json>;
  const walk = (target: Record<string, Json>, source: Record<string, unknown>, prefix: string): void => {
    for (const k of Object.keys(target)) {
      const key = prefix ? `${prefix}.${k}` : k;
      if (!(k in source)) continue;
      const t = target[k];
      const v = source[k];
      if (isRecord(t) && !Array.isArray(t)) {
        if (isRecord(v)) walk(t as Record<string, Json>, v, key);
        else issues.push({ key, message: 'expected an object; defaults used' });
      } else {
        target[k] = v as Json;
      }
    }
  };
  walk(merged, migrated, '');
  merged.version = SETTINGS_VERSION;
  for (let attempt = 0; attempt < 200; attempt++) {
    const r = AnalyticsSettingsSchema.safeParse(merged);
    if (r.success) return { settings: r.data, issues };
    const first = r.error.issues[0];
    if (!first) break;
    // reset the offending leaf (or object for cross-field rules) to its default
    const path = first.path.map(String);
    const key = path.join('.');
    issues.push({ key, message: `${first.message}; default used` });
    let target: Record<string, Json> = merged;
    let def: unknown = DEFAULT_SETTINGS;
    for (let i = 0; i < path.length - 1; i++) {
      const p = path[i] ?? '';
      const next = target[p];
      if (!isRecord(next)) break;
      target = next as Record<string, Json>;
      def = isRecord(def) ? def[p] : undefined;
    }
    const leaf = path[path.length - 1];
    if (leaf === undefined || !isRecord(def)) return { settings: cloneJson(DEFAULT_SETTINGS), issues };
    target[leaf] = cloneJson(def[leaf]) as Json;
  }
  return { settings: cloneJson(DEFAULT_SETTINGS), issues };
}

/** Version upgrades. Version 1 is the first; older or unversioned objects are read leaf by leaf. */
function migrate(raw: Record<string, unknown>, issues: { key: string; message: string }[]): Record<string, unknown> {
  const v = raw.version;
  if (v !== undefined && v !== SETTINGS_VERSION) {
    issues.push({ key: 'version', message: `settings version ${String(v)} read as version ${SETTINGS_VERSION}` });
  }
  return raw;
}

// ---------------------------------------------------------------------------
// Trace helpers

const META_BY_KEY = new Map(SETTINGS_META.map((m) => [m.key, m]));

export function settingMeta(key: string): SettingMeta | undefined {
  return META_BY_KEY.get(key);
}

/** `Trace.settings` entries for the given keys, values as shown (scaled, unit appended). */
export function settingsTrace(settings: AnalyticsSettings, keys: readonly string[]): Trace['settings'] {
  const out: Trace['settings'] = [];
  for (const key of keys) {
    const m = META_BY_KEY.get(key);
    const v = getSetting(settings, key);
    if (!m) continue;
    // option names and on/off come as LocalText: the Chinese popover must not show "Total revenue" or "Median"
    let value: Trace['settings'][number]['value'];
    if (typeof v === 'number') value = Math.round(v * (m.scale ?? 1) * 1e6) / 1e6;
    else if (Array.isArray(v)) value = v.join(', ');
    else if (typeof v === 'boolean') value = v ? T('开', 'on') : T('关', 'off');
    else if (typeof v === 'string') value = m.options?.find((o) => o.value === v)?.label ?? v;
    else if (v === null) value = T('自动', 'automatic');
    else value = String(v);
    const unit = m.unit.en ? ` (${m.unit.en})` : '';
    const unitZh = m.unit.zh ? `（${m.unit.zh}）` : '';
    out.push({ label: { zh: m.label.zh + unitZh, en: m.label.en + unit }, value });
  }
  return out;
}
