/**
 * Competitive scenario planning (竞争情景推演, docs/domain.md §6): the shapes of the
 * library (competitor moves, counter-measures, tactics), of a scenario the
 * wizard edits, and of the simulation result. zod schemas are the single
 * source: the API contract (shared/api/scenarioContract.ts) and the workspace
 * store validate with them, the types are inferred from them.
 *
 * Conventions: probabilities, shares and reductions are fractions 0..1; money
 * is 元; months of the horizon are numbered 1..H after the analysis month
 * (as-of), shown as YYYY-MM.
 */
import { z } from 'zod';

const LocalText = z.object({ zh: z.string().max(4000), en: z.string().max(4000) });
export type LocalText = z.infer<typeof LocalText>;
export const ScenarioLocalTextSchema = LocalText;

const TraceSchema = z.object({
  rule: LocalText,
  inputs: z.array(z.object({ label: LocalText, value: z.union([z.number(), z.string(), LocalText]) })),
  settings: z.array(z.object({ label: LocalText, value: z.union([z.number(), z.string(), LocalText]) })),
});
export type ScenarioTrace = z.infer<typeof TraceSchema>;

const fraction = z.number().min(0).max(1);

/** low ≤ likely ≤ high, each a fraction 0..1: a triangular distribution in the Monte Carlo. */
export const Range3Schema = z
  .object({ low: fraction, likely: fraction, high: fraction })
  .strict()
  .refine((r) => r.low <= r.likely && r.likely <= r.high, { message: 'low ≤ likely ≤ high / 须满足 低 ≤ 可能 ≤ 高' });
export type Range3 = z.infer<typeof Range3Schema>;

export const ZONE_IDS = ['red', 'yellow', 'blue', 'green', 'white'] as const;
export const ZoneIdSchema = z.enum(ZONE_IDS);
export type ScenarioZone = z.infer<typeof ZoneIdSchema>;

/** The four cells of the default quadrant (价值 × 风险), by their ids in shared/analytics/quadrants.ts. */
export const VALUE_RISK_CELLS = ['defend', 'maintain', 'save', 'standard'] as const;
export const ValueRiskCellSchema = z.enum(VALUE_RISK_CELLS);
export type ValueRiskCell = z.infer<typeof ValueRiskCellSchema>;

/** The lifecycle stages (shared/analytics/text.ts STAGES, docs/domain.md §5). */
export const STAGE_IDS = ['acquisition', 'growth', 'mature', 'decline', 'exited'] as const;
export const StageIdSchema = z.enum(STAGE_IDS);
export type ScenarioStage = z.infer<typeof StageIdSchema>;

const names = z.array(z.string().min(1).max(100)).max(2000);

/**
 * Which groups a move exposes, a measure fits, or a scope/segment takes.
 * Every set field must match (AND); within a list any value matches (OR).
 * An empty object matches every group with data.
 */
export const GroupFilterSchema = z
  .object({
    industries: names.optional(),
    /** 集团等级 as imported (A1, A2, B1, B2, C, D …) */
    groupClasses: names.optional(),
    regions: names.optional(),
    /** warning zone at the as-of month */
    zones: z.array(ZoneIdSchema).max(5).optional(),
    /** cell of the value × risk quadrant at the as-of month */
    quadrantCells: z.array(ValueRiskCellSchema).max(4).optional(),
    /** lifecycle stage at the as-of month (a group whose stage is unknown never matches) */
    stages: z.array(StageIdSchema).max(5).optional(),
    /** true: 异网情况 names a competitor (not empty, not 无); false: it names none */
    competitorPresent: z.boolean().optional(),
    /** 异网情况 contains any of these names (e.g. 电信) */
    competitors: names.optional(),
    /** the contract ends within N months after the as-of month, has already ended, or there is none */
    contractEndWithinMonths: z.number().int().min(0).max(120).optional(),
    minMembers: z.number().min(0).optional(),
    maxMembers: z.number().min(0).optional(),
    /** 三高 groups only (true) or non-三高 only (false) */
    sanGao: z.boolean().optional(),
    groupCodes: z.array(z.string().min(1).max(64)).max(100_000).optional(),
  })
  .strict();
export type GroupFilter = z.infer<typeof GroupFilterSchema>;

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,48}$/);

export const CompetitorMoveSchema = z
  .object({
    id: idSchema,
    name: LocalText,
    description: LocalText,
    /** where the numbers come from (seed, reasoning), shown in traces */
    basis: LocalText,
    exposes: GroupFilterSchema,
    /** probability the move takes the group within the scenario horizon (at intensity 1) */
    lossProbability: Range3Schema,
    /** share of the revenue diverted while the group stays (at intensity 1) */
    diversionShare: Range3Schema,
    shipped: z.boolean(),
    disabled: z.boolean(),
  })
  .strict();
export type CompetitorMove = z.infer<typeof CompetitorMoveSchema>;

export const CounterMeasureSchema = z
  .object({
    id: idSchema,
    name: LocalText,
    description: LocalText,
    basis: LocalText,
    fits: GroupFilterSchema,
    cost: z
      .object({
        /** 元 per funded group */
        perGroup: z.number().min(0).max(1e9),
        /** fraction of the group's baseline revenue over the next 12 months */
        revenueShare: z.number().min(0).max(1),
        /** 元 once per scenario when the measure is funded on any group */
        oneOff: z.number().min(0).max(1e10),
      })
      .strict(),
    /** relative reduction of the group's loss probability (0.4 = 40% less likely to be lost) */
    lossReduction: Range3Schema,
    /** relative reduction of the diverted share */
    diversionReduction: Range3Schema,
    /** months until it takes effect: effective from horizon month leadMonths + 1 */
    leadMonths: z.number().int().min(0).max(24),
    /** move ids it answers; empty = any move */
    answers: z.array(idSchema).max(50),
    /** the price cut it implies as a fraction of the bill (for the margin guardrail); null = no discount */
    discountShare: z.number().min(0).max(1).nullable(),
    shipped: z.boolean(),
    disabled: z.boolean(),
  })
  .strict();
export type CounterMeasure = z.infer<typeof CounterMeasureSchema>;

export const TACTIC_IDS = ['strength', 'disintegrate', 'flank', 'wedge', 'delay', 'leverage', 'decoy'] as const;
export const TacticSchema = z.object({
  id: z.enum(TACTIC_IDS),
  name: LocalText,
  /** the position in which it applies */
  when: LocalText,
  guidance: LocalText,
  /** 'threat': shown only as something a competitor may do to us, with the reason (借力, 陷阱) */
  kind: z.enum(['advice', 'threat']),
  /** threats: why it is not advice */
  reason: LocalText.nullable(),
  /** where the card is shown: groups matching this filter (e.g. competitor present) */
  appliesTo: GroupFilterSchema,
});
export type Tactic = z.infer<typeof TacticSchema>;

export const ScenarioLibrarySchema = z.object({
  moves: z.array(CompetitorMoveSchema),
  counters: z.array(CounterMeasureSchema),
  tactics: z.array(TacticSchema),
});
export type ScenarioLibrary = z.infer<typeof ScenarioLibrarySchema>;

/** What the 'scenarioLibrary' section stores: only the user's edits and additions, by id. */
export const LibraryEditsSchema = z.object({
  version: z.literal(1),
  moves: z.array(CompetitorMoveSchema),
  counters: z.array(CounterMeasureSchema),
});
export type LibraryEdits = z.infer<typeof LibraryEditsSchema>;

export const ScenarioScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('branch') }).strict(),
  z
    .object({
      kind: z.literal('cell'),
      framework: z.enum(['valueRisk', 'revenueNewBiz', 'valueBinding', 'currentPotential']).optional(),
      /** cell id of that framework (e.g. 'defend', 'bindNow') */
      cell: z.string().min(1).max(40),
    })
    .strict(),
  z.object({ kind: z.literal('zone'), zones: z.array(ZoneIdSchema).min(1).max(5) }).strict(),
  z.object({ kind: z.literal('filter'), filter: GroupFilterSchema }).strict(),
  z.object({ kind: z.literal('list'), groupCodes: z.array(z.string().min(1).max(64)).max(100_000) }).strict(),
]);
export type ScenarioScope = z.infer<typeof ScenarioScopeSchema>;

export const ScenarioMoveChoiceSchema = z
  .object({
    moveId: idSchema,
    /** 0.5..1.5: scales the move's loss probability and diversion (capped at 1) */
    intensity: z.number().min(0.5).max(1.5),
  })
  .strict();

export const ScenarioCounterChoiceSchema = z
  .object({
    measureId: idSchema,
    /** null = every exposed group the measure fits; else only groups also matching this filter */
    segment: GroupFilterSchema.nullable(),
  })
  .strict();

export const ManualFundingSchema = z.object({ groupCode: z.string().min(1).max(64), measureIds: z.array(idSchema).max(50) }).strict();

export const SCENARIO_ID = /^[A-Za-z0-9_-]{4,40}$/;

export const ScenarioDefinitionSchema = z
  .object({
    id: z.string().regex(SCENARIO_ID),
    name: z.string().trim().min(1).max(120),
    createdAt: z.string(),
    updatedAt: z.string(),
    /** wizard step to resume at (1 scope … 7 plan) */
    step: z.number().int().min(1).max(7),
    scope: ScenarioScopeSchema,
    moves: z.array(ScenarioMoveChoiceSchema).max(20),
    counters: z.array(ScenarioCounterChoiceSchema).max(30),
    /** 元 */
    budget: z.number().min(0).max(1e11),
    allocation: z.enum(['auto', 'manual']),
    /** auto mode: may money go to green-zone groups (stable, not at risk)? Off by default (a guardrail flags it). */
    spendOnGreen: z.boolean().default(false),
    /** manual mode: the user's choice per group (ignored in auto mode) */
    manual: z.array(ManualFundingSchema).max(100_000).default([]),
    quarters: z.number().int().min(4).max(8),
    /** Monte Carlo runs: at least 10,000 (issue #7) */
    runs: z.number().int().min(10_000).max(100_000).default(10_000),
    seed: z.number().int().min(0).max(2 ** 31 - 1),
    isPlan: z.boolean(),
    /** analysis month (YYYY-MM); absent = the latest month of the data */
    asOf: z.string().regex(/^\d{4}-\d{2}$/).optional(),
    note: z.string().max(4000).default(''),
  })
  .strict();
export type ScenarioDefinition = z.infer<typeof ScenarioDefinitionSchema>;
/** What callers may pass (defaults filled in by the schema). */
export type ScenarioDefinitionInput = z.input<typeof ScenarioDefinitionSchema>;

/** A scenario file for the CLI (examples/*.json): a definition without the bookkeeping fields. */
export const ScenarioFileSchema = ScenarioDefinitionSchema.omit({ id: true, createdAt: true, updatedAt: true, step: true, isPlan: true })
  .extend({
    id: z.string().regex(SCENARIO_ID).optional(),
    $comment: z.string().optional(),
    /** library additions or overrides used only by this file (same shapes as the library) */
    library: z.object({ moves: z.array(CompetitorMoveSchema).default([]), counters: z.array(CounterMeasureSchema).default([]) }).strict().optional(),
  })
  .strict();
export type ScenarioFile = z.infer<typeof ScenarioFileSchema>;

// ---------------------------------------------------------------------------
// Results

/** Expected value (closed form) and Monte Carlo percentiles; null = not defined (e.g. ROI with no cost, payback never). */
export const StatSchema = z.object({
  expected: z.number().nullable(),
  p10: z.number().nullable(),
  p50: z.number().nullable(),
  p90: z.number().nullable(),
  /** payback only: share of the runs (0–1) that do not pay back within the horizon; those count as "beyond the horizon" (null) in every statistic */
  beyondHorizonShare: z.number().optional(),
  trace: TraceSchema,
});
export type Stat = z.infer<typeof StatSchema>;

export const OutcomeSchema = z.object({
  /** revenue of the exposed groups over the horizon, 元 */
  revenueKept: StatSchema,
  groupsLost: StatSchema,
  /** 元 */
  cost: StatSchema,
  /** revenue kept beyond "do nothing" minus cost, 元 */
  netBenefit: StatSchema,
  /** net benefit ÷ cost; null without cost */
  roi: StatSchema,
  /** first horizon month (1..H) in which the extra revenue covers the cost; null = never within the horizon */
  paybackMonth: StatSchema,
});
export type Outcome = z.infer<typeof OutcomeSchema>;

export const ExposureRowSchema = z.object({
  groupCode: z.string(),
  groupName: z.string(),
  zone: ZoneIdSchema,
  /** value × risk cell id, null = not placed */
  cell: ValueRiskCellSchema.nullable(),
  industry: z.string().nullable(),
  groupClass: z.string().nullable(),
  accountManager: z.string().nullable(),
  /** current value, 元/月 */
  value: z.number(),
  /** baseline revenue over the horizon, 元 */
  baseline: z.number(),
  /** expected combined loss probability over the horizon (moves at their mean, no counters) */
  lossProbability: z.number(),
  /** expected combined diverted share while kept */
  diversion: z.number(),
  /** expected revenue lost over the horizon without counters, 元 */
  expectedLoss: z.number(),
  /** move ids that expose it */
  moveIds: z.array(z.string()),
});
export type ExposureRow = z.infer<typeof ExposureRowSchema>;

export const ExposureSchema = z.object({
  asOf: z.string().nullable(),
  /** horizon months, YYYY-MM */
  months: z.array(z.string()),
  groupsInScope: z.number().int(),
  exposedGroups: z.number().int(),
  /** baseline revenue of the exposed groups over the horizon, 元 */
  baselineRevenue: z.number(),
  /** revenue lost without counters: expected (closed form) and P10/P50/P90 (Monte Carlo) */
  revenueAtRisk: StatSchema,
  /** Monte Carlo runs behind the percentiles (step 3 previews fewer runs than the full result: its P90 is labelled so) */
  runs: z.number().int().default(0),
  /** exposed rows, highest expected loss first */
  rows: z.array(ExposureRowSchema),
  /** per move: exposed groups and expected loss (a group exposed to two moves counts in both) */
  byMove: z.array(z.object({ moveId: z.string(), name: LocalText, groups: z.number().int(), expectedLoss: z.number() })),
  trace: TraceSchema,
});
export type Exposure = z.infer<typeof ExposureSchema>;

export const FundedRowSchema = z.object({
  groupCode: z.string(),
  groupName: z.string(),
  zone: ZoneIdSchema,
  accountManager: z.string().nullable(),
  measureIds: z.array(z.string()),
  /** 元, without one-off costs */
  cost: z.number(),
  /** expected revenue kept beyond "do nothing" for this group, 元 */
  expectedGain: z.number(),
  /** months until the group's extra revenue covers its cost (expected curve), null = not within 24 months */
  paybackMonth: z.number().nullable(),
});
export type FundedRow = z.infer<typeof FundedRowSchema>;

export const AllocationSchema = z.object({
  mode: z.enum(['auto', 'manual']),
  budget: z.number(),
  /** 元, per-group costs plus one-off costs */
  totalCost: z.number(),
  oneOffCost: z.number(),
  funded: z.array(FundedRowSchema),
  /** per measure: groups funded, cost, expected gain */
  byMeasure: z.array(
    z.object({
      measureId: z.string(),
      name: LocalText,
      groups: z.number().int(),
      cost: z.number(),
      expectedGain: z.number(),
      /** why a chosen measure funds no group (null when it funds some) */
      unused: LocalText.nullable().optional(),
    }),
  ),
  /** manual choices that were not applied (measure does not fit the group, unknown group …) */
  skipped: z.array(z.object({ groupCode: z.string(), measureId: z.string(), reason: LocalText })),
  /** how the allocation was made, in words */
  method: LocalText,
});
export type Allocation = z.infer<typeof AllocationSchema>;

export const GUARDRAIL_KINDS = ['green-spend', 'discount-over-margin', 'payback-over-contract', 'payback-over-24m', 'over-budget', 'nothing-funded'] as const;
export const GuardrailSchema = z.object({
  kind: z.enum(GUARDRAIL_KINDS),
  message: LocalText,
  groupCodes: z.array(z.string()),
  /** 元 involved (spend on those groups, or the overrun) */
  amount: z.number().nullable(),
});
export type Guardrail = z.infer<typeof GuardrailSchema>;

const Band = z.object({ p10: z.array(z.number()), p50: z.array(z.number()), p90: z.array(z.number()), expected: z.array(z.number()) });
export const FanSchema = z.object({
  /** horizon months, YYYY-MM */
  months: z.array(z.string()),
  /** monthly revenue of the exposed groups, 元 */
  plan: Band,
  doNothing: Band,
  /** the baseline (no competitor move) */
  baseline: z.array(z.number()),
});
export type Fan = z.infer<typeof FanSchema>;

export const TornadoRowSchema = z.object({
  inputId: z.string(),
  label: LocalText,
  /** the range end values used */
  low: z.number(),
  high: z.number(),
  /** net benefit with this input at its low / high and every other at likely, 元 */
  netBenefitLow: z.number(),
  netBenefitHigh: z.number(),
  swing: z.number(),
});
export const TornadoSchema = z.object({
  /** net benefit with every input at likely */
  base: z.number(),
  rows: z.array(TornadoRowSchema),
  trace: TraceSchema,
});
export type Tornado = z.infer<typeof TornadoSchema>;

export const ScenarioResultSchema = z.object({
  scenarioId: z.string(),
  name: z.string(),
  asOf: z.string().nullable(),
  months: z.array(z.string()),
  runs: z.number().int(),
  seed: z.number().int(),
  exposure: ExposureSchema,
  allocation: AllocationSchema,
  plan: OutcomeSchema,
  doNothing: OutcomeSchema,
  fan: FanSchema,
  tornado: TornadoSchema,
  guardrails: z.array(GuardrailSchema),
  /** the Monte Carlo mean beside the closed form (revenue kept with the plan), a self-check */
  check: z.object({ mcMeanRevenueKept: z.number(), expectedRevenueKept: z.number(), relativeDifference: z.number() }),
  /** settings and rules that drove the numbers */
  settings: z.object({ marginShare: z.number(), trendRule: LocalText, lossTiming: LocalText }),
  /** ms of compute */
  elapsedMs: z.number(),
});
export type ScenarioResult = z.infer<typeof ScenarioResultSchema>;
