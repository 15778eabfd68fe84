/**
 * The analysis views (流失预警 rows, the back-test, the group drawer) and the warning list's
 * filters, as zod schemas: the domain's own shapes, which shared/api/analysisContract.ts re-exports
 * for its channels (the view builders in the domain never import shared/api).
 */
import { z } from 'zod';
import { FigureSchema as Figure, LocalTextSchema as LocalText, TraceSchema as TraceLike } from './trace';
import { ScoreScaleSchema, ValueRiskViewSchema, ZoneSchema } from './riskView';

/** A lifecycle stage's recommended approach (shared/analytics/stageApproach.ts, docs/domain.md §5, seed 004). */
export const StageApproachSchema = z.object({
  stage: z.string(),
  label: LocalText,
  summary: LocalText,
  steps: z.array(LocalText),
  source: LocalText,
});
export type StageApproachView = z.infer<typeof StageApproachSchema>;

export const SignalViewSchema = z.object({
  id: z.string(),
  label: LocalText,
  points: z.number(),
  explanation: LocalText,
});

export const WarningRowSchema = z.object({
  groupCode: z.string(),
  groupName: z.string(),
  groupClass: z.string().nullable(),
  industry: z.string().nullable(),
  region: z.string().nullable(),
  accountManager: z.string().nullable(),
  contractEnd: z.string().nullable(),
  /** days from the end of the as-of month to the contract end (negative = ended), null without a contract date */
  contractDays: z.number().nullable(),
  zone: ZoneSchema,
  zoneRule: LocalText,
  score: z.number(),
  maxAvailableScore: z.number(),
  valueAtRisk: z.number().nullable(),
  value: z.number().nullable(),
  latestRevenue: z.number().nullable(),
  trendShortPct: z.number().nullable(),
  stage: z.string().nullable(),
  stageLabel: LocalText.nullable(),
  stageRule: LocalText.nullable(),
  valueRiskCell: z.string().nullable(),
  signals: z.array(SignalViewSchema),
  unavailable: z.array(z.object({ id: z.string(), label: LocalText, reason: LocalText })),
});
export type WarningRow = z.infer<typeof WarningRowSchema>;

export const BacktestViewSchema = z.union([
  z.object({ status: z.literal('insufficient'), needMonths: z.number(), haveMonths: z.number(), reason: LocalText }),
  z.object({
    status: z.literal('ok'),
    auc: z.number().nullable(),
    monthsUsed: z.number(),
    rows: z.number(),
    positives: z.number(),
    baseRate: z.number().nullable(),
    thresholds: z.array(
      z.object({
        zone: z.string(),
        minScore: z.number(),
        flagged: z.number(),
        precision: z.number().nullable(),
        recall: z.number().nullable(),
        /** the figure rests on few months or rows (FEW_MONTHS / FEW_EVENTS); null = enough */
        precisionCaveat: LocalText.nullable().optional(),
        recallCaveat: LocalText.nullable().optional(),
      }),
    ),
    lift: z.object({ share: z.number(), lift: z.number().nullable() }),
    /** AUC and lift rest on few months or value-loss rows; null = enough */
    caveat: LocalText.nullable().optional(),
    logistic: z.union([
      z.object({
        status: z.literal('ok'),
        auc: z.number().nullable(),
        rulesAuc: z.number().nullable(),
        folds: z.number(),
        caveat: LocalText.nullable().optional(),
        features: z.array(z.object({ id: z.string(), label: LocalText, coefficient: z.number() })),
      }),
      z.object({ status: z.literal('insufficient'), reason: LocalText }),
    ]),
  }),
]);
export type BacktestView = z.infer<typeof BacktestViewSchema>;

export const AnalysisViewSchema = z.object({
  /** default: the last complete month (see shared/analytics/completeness.ts) */
  asOf: z.string().nullable(),
  periods: z.array(z.string()),
  /** when asOf was not asked for and the data's last month is incomplete: why an earlier month is used */
  defaultNote: LocalText.nullable().default(null),
  /** months of the data that look incomplete, with why */
  incomplete: z.array(z.object({ period: z.string(), reason: LocalText })).default([]),
  kpis: z.object({
    groups: Figure,
    activeGroups: Figure,
    latestRevenue: Figure,
    unifiedShare: Figure,
    topShare: Figure,
    valueAtRisk: Figure,
  }),
  zones: z.object({ counts: z.record(ZoneSchema, z.number()), trace: TraceLike }),
  valueRisk: ValueRiskViewSchema,
  warnings: z.array(WarningRowSchema),
  backtest: BacktestViewSchema,
  settingsIssues: z.array(z.object({ key: z.string(), message: z.string() })),
  /** the setting behind each row's value at risk: current value × 12 × this probability */
  zoneLossProbability: z.record(ZoneSchema, z.number()),
  scoreScale: ScoreScaleSchema,
});
export type AnalysisView = z.infer<typeof AnalysisViewSchema>;

/** 流失预警's filters, applied by the backend over the cached analysis (quick filters, field filters, search). */
export const WarningFilterSchema = z
  .object({
    zones: z.array(ZoneSchema).max(5),
    abOnly: z.boolean(),
    /** contract ends within 90 days of the as-of month's end */
    contractSoon: z.boolean(),
    noManager: z.boolean(),
    region: z.string().max(200).nullable(),
    groupClass: z.string().max(200).nullable(),
    industry: z.string().max(200).nullable(),
    manager: z.string().max(200).nullable(),
    stage: z.string().max(40).nullable(),
    search: z.string().max(200),
  })
  .strict();
export type WarningFilter = z.infer<typeof WarningFilterSchema>;

export const WARNING_SORT_KEYS = ['default', 'score', 'valueAtRisk', 'value', 'trend', 'contractEnd'] as const;
/** 'default' = zone (red first), then value at risk, then score */
export const WarningSortSchema = z.object({ key: z.enum(WARNING_SORT_KEYS), order: z.enum(['asc', 'desc']) }).strict();
export type WarningSort = z.infer<typeof WarningSortSchema>;

export const WARNING_EXPORT_COLUMNS = ['zone', 'code', 'group', 'score', 'valueAtRisk', 'value', 'trend', 'signals', 'stage', 'manager', 'contractEnd', 'region', 'groupClass', 'industry'] as const;

export const WarningPageSchema = z.object({
  asOf: z.string().nullable(),
  /** when the data's last month is incomplete: why the list is of an earlier month (see shared/analytics/completeness.ts) */
  defaultNote: LocalText.nullable().default(null),
  /** rows matching the filter (the whole filtered set, not just this window) */
  total: z.number(),
  /** groups in the analysis */
  all: z.number(),
  /** with a search: the groups it matches in zones left unticked (other filters held), so the page can offer them */
  searchElsewhere: z.array(z.object({ zone: ZoneSchema, count: z.number() })).default([]),
  offset: z.number(),
  rows: z.array(WarningRowSchema),
  zoneCounts: z.record(ZoneSchema, z.number()),
  /** distinct values for the field filters */
  facets: z.object({ region: z.array(z.string()), groupClass: z.array(z.string()), industry: z.array(z.string()), manager: z.array(z.string()) }),
  stageLabels: z.record(z.string(), LocalText),
  /** each stage's recommended approach (the rows carry only the stage id) */
  stageApproaches: z.record(z.string(), StageApproachSchema).default({}),
  /** the setting behind each row's value at risk */
  zoneLossProbability: z.record(ZoneSchema, z.number()),
  scoreScale: ScoreScaleSchema,
});
export type WarningPage = z.infer<typeof WarningPageSchema>;

export const GroupDetailViewSchema = z.object({
  asOf: z.string(),
  group: z.object({
    groupCode: z.string(),
    groupName: z.string(),
    groupClass: z.string().nullable(),
    importance: z.string().nullable(),
    industry: z.string().nullable(),
    region: z.string().nullable(),
    accountManager: z.string().nullable(),
    employees: z.number().nullable(),
    contractEnd: z.string().nullable(),
    competitorPresence: z.string().nullable(),
    lineGrade: z.string().nullable(),
  }),
  zone: ZoneSchema,
  /** why the group is white (lost or too little data); null for the other zones */
  whiteReason: LocalText.nullable(),
  score: z.number(),
  maxAvailableScore: z.number(),
  scoreScale: ScoreScaleSchema,
  stageLabel: LocalText.nullable(),
  /** the lifecycle stage with the rule that placed the group (trace) and the stage's recommended approach; null = no stage */
  stage: z.object({ id: z.string(), label: LocalText, trace: TraceLike, approach: StageApproachSchema }).nullable().default(null),
  valueRiskCell: z.string().nullable(),
  figures: z.array(z.object({ id: z.string(), label: LocalText, value: z.number().nullable(), unit: z.enum(['yuan', 'percent', 'score', 'flag']), trace: TraceLike })),
  signals: z.array(
    z.object({
      id: z.string(),
      label: LocalText,
      fired: z.boolean(),
      unavailable: z.boolean(),
      points: z.number(),
      maxPoints: z.number(),
      explanation: LocalText,
      reason: LocalText.nullable(),
    }),
  ),
  series: z.array(
    z.object({
      period: z.string(),
      unified: z.number().nullable(),
      personal: z.number().nullable(),
      total: z.number().nullable(),
      newBusiness: z.number().nullable(),
      members: z.number().nullable(),
      offNet: z.number().nullable(),
      minutes: z.number().nullable(),
    }),
  ),
  history: z.array(z.object({ period: z.string(), zone: ZoneSchema, score: z.number(), stage: LocalText.nullable(), valueRiskCell: z.string().nullable() })),
});
export type GroupDetailView = z.infer<typeof GroupDetailViewSchema>;
