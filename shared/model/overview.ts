/** The 总览 of one period (a month or a quarter): its KPIs with 环比/同比, trend, Pareto and distributions. The `overview.get` channel carries it and the quarterly review reads it (shared/api re-exports it). */
import { z } from 'zod';
import { ScoreScaleSchema, ValueRiskViewSchema } from './riskView';
import { FigureSchema as Figure, LocalTextSchema as LocalText, TraceSchema as TraceLike } from './trace';

/** The figure of another period and the change to it; null (with `reason`) when that period cannot be compared — never 0. */
export const ComparisonSchema = z.object({
  /** the period compared with (YYYY-MM or YYYYQn), null when there is none */
  period: z.string().nullable(),
  value: z.number().nullable(),
  /** 'pct': relative change as a fraction (cur ÷ prev − 1); 'pp': difference of two shares as a fraction */
  kind: z.enum(['pct', 'pp']),
  change: z.number().nullable(),
  /** why there is no change (period outside the data, incomplete quarter, previous value 0 …) */
  reason: LocalText.nullable(),
  trace: TraceLike,
});
export type Comparison = z.infer<typeof ComparisonSchema>;

export const OverviewKpiSchema = z.object({
  current: Figure,
  previous: ComparisonSchema,
  yearAgo: ComparisonSchema,
});
export type OverviewKpi = z.infer<typeof OverviewKpiSchema>;

export const OVERVIEW_KPIS = ['activeGroups', 'revenue', 'unifiedShare', 'topShare', 'redYellow', 'valueAtRisk'] as const;
export type OverviewKpiId = (typeof OVERVIEW_KPIS)[number];

/** Count and value retention against the snapshot month (retentionAt, shared/analytics/retention.ts), each figure with its trace. */
export const RetentionSummarySchema = z.object({
  snapshot: z.string(),
  source: z.enum(['setting', 'monthsBack', 'request']),
  asOf: z.string(),
  reason: LocalText.nullable(),
  groups: z
    .object({ snapshotCount: z.number(), stillActive: z.number(), snapshotRevenue: z.number(), currentRevenue: z.number(), count: Figure, value: Figure })
    .nullable(),
  members: z
    .object({ snapshotCount: z.number(), stillActive: z.number(), snapshotArpu: z.number(), currentArpu: z.number(), count: Figure, value: Figure })
    .nullable(),
  membersReason: LocalText.nullable(),
  membersImported: z.boolean(),
});

export const OverviewViewSchema = z.object({
  /** the period shown (YYYY-MM or YYYYQn); null when there is no billing data */
  period: z.string().nullable(),
  kind: z.enum(['month', 'quarter']),
  /** the month the period's snapshot figures (zones, value at risk, concentration) are taken at */
  asOf: z.string().nullable(),
  /** the months the period's flow figures (revenue, unified share) add up */
  months: z.array(z.string()),
  /** the periods the selector offers: every month of the data, and every quarter whose 3 months are all in the data */
  options: z.object({ months: z.array(z.string()), quarters: z.array(z.string()) }),
  /** the default month: the last complete month of the data (an incomplete month is never the default) */
  latestMonth: z.string().nullable(),
  /** months of the data that look incomplete (few groups billed or little revenue vs the months before), with why */
  incomplete: z.array(z.object({ period: z.string(), reason: LocalText, trace: TraceLike })),
  /** when the data's last month is incomplete: why the default is an earlier month ("2026-11 不完整：…，按 2026-10 分析"); null otherwise */
  defaultNote: LocalText.nullable(),
  /** groups in the workspace (master plus groups only in the billing data), as on the 总览 since the first release */
  groups: Figure,
  kpis: z.object({
    activeGroups: OverviewKpiSchema,
    revenue: OverviewKpiSchema,
    unifiedShare: OverviewKpiSchema,
    topShare: OverviewKpiSchema,
    redYellow: OverviewKpiSchema,
    valueAtRisk: OverviewKpiSchema,
  }),
  /** revenue of the asOf's 3 months ÷ the 3 months before − 1 (the 总览's trend figure since the first release) */
  trend3m: Figure,
  /** monthly revenue of every month in the data, by who pays */
  revenueTrend: z.object({
    months: z.array(z.object({ period: z.string(), unified: z.number().nullable(), personal: z.number().nullable(), total: z.number() })),
    trace: TraceLike,
  }),
  pareto: z.object({
    curve: z.array(z.object({ x: z.number(), y: z.number() })),
    topShare: z.number().nullable(),
    topCount: z.number(),
    groups: z.number(),
    settingShare: z.number(),
    trace: TraceLike,
  }),
  zones: z.object({ counts: z.record(z.enum(['red', 'yellow', 'blue', 'green', 'white']), z.number()), trace: TraceLike }),
  /** groups per lifecycle stage at asOf; 'none' = stage unknown (too little history) */
  stages: z.object({
    counts: z.record(z.enum(['acquisition', 'growth', 'mature', 'decline', 'exited', 'none']), z.number()),
    rules: z.record(z.string(), LocalText),
    trace: TraceLike,
  }),
  /** Value × warning score at asOf (the value × risk quadrant), null without billing data */
  valueRisk: ValueRiskViewSchema.nullable(),
  /** loss probability per zone: the zones that carry value at risk */
  zoneLossProbability: z.record(z.enum(['red', 'yellow', 'blue', 'green', 'white']), z.number()),
  /** the warning score's scale and zone cut-offs (drawn on the value × risk map's score axis) */
  scoreScale: ScoreScaleSchema,
  /** count and value retention of groups and members at asOf against the settings' snapshot month; null without billing data */
  retention: RetentionSummarySchema.nullable(),
});
export type OverviewView = z.infer<typeof OverviewViewSchema>;
