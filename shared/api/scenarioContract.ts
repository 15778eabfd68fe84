/**
 * 竞争情景推演 channels (issue #7): the library, saved scenarios (the wizard's
 * drafts), the exposure preview, the proposed allocation, the Monte Carlo run
 * as a job with progress and cancel, comparison, the plan and its action list.
 * Shapes live in shared/scenarios/types.ts.
 */
import { z } from 'zod';
import {
  AllocationSchema,
  CompetitorMoveSchema,
  CounterMeasureSchema,
  ExposureSchema,
  FanSchema,
  GuardrailSchema,
  OutcomeSchema,
  SCENARIO_ID,
  ScenarioDefinitionSchema,
  ScenarioLibrarySchema,
  ScenarioLocalTextSchema,
  ScenarioResultSchema,
} from '../scenarios/types';

const Ok = z.object({ ok: z.literal(true) });
const ScenarioId = z.string().regex(SCENARIO_ID);
const JobId = z.string().regex(/^[A-Za-z0-9_-]{4,40}$/);

/** A scenario as the wizard sends it: id, createdAt and updatedAt are filled in by the backend on first save. */
export const ScenarioDraftSchema = ScenarioDefinitionSchema.partial({ id: true, createdAt: true, updatedAt: true });
export type ScenarioDraft = z.input<typeof ScenarioDraftSchema>;

export const ScenarioListItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  step: z.number().int(),
  isPlan: z.boolean(),
  quarters: z.number().int(),
  budget: z.number(),
  moveIds: z.array(z.string()),
  measureIds: z.array(z.string()),
  // requested by wizard UI: the list's "last result" headline (absent or null = never run, or the stored result is gone)
  lastResult: z
    .object({
      /** when the Monte Carlo ran (ISO) */
      runAt: z.string(),
      /** expected net benefit with P10 / P90, 元 */
      netBenefit: z.object({ expected: z.number().nullable(), p10: z.number().nullable(), p90: z.number().nullable() }),
      /** true when the definition changed after that run */
      stale: z.boolean(),
    })
    .nullable()
    .optional(),
});
export type ScenarioListItem = z.infer<typeof ScenarioListItemSchema>;

export const RunStatusSchema = z.object({
  jobId: z.string(),
  scenarioId: z.string(),
  /** 0..1 */
  progress: z.number(),
  done: z.boolean(),
  cancelled: z.boolean(),
  error: ScenarioLocalTextSchema.nullable(),
  /** present when done without error */
  result: ScenarioResultSchema.nullable(),
});
export type RunStatus = z.infer<typeof RunStatusSchema>;

export const CompareItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  isPlan: z.boolean(),
  budget: z.number(),
  quarters: z.number().int(),
  exposedGroups: z.number().int(),
  fundedGroups: z.number().int(),
  plan: OutcomeSchema,
  doNothing: OutcomeSchema,
  fan: FanSchema,
  guardrails: z.array(GuardrailSchema),
});
export type CompareItem = z.infer<typeof CompareItemSchema>;

export const scenarioChannels = {
  /** shipped ⊕ the workspace's edits, with the tactics cards */
  'scenario.library.get': { request: z.object({}).strict(), response: ScenarioLibrarySchema },
  /** create or edit one move or counter (disable = save with disabled: true) */
  'scenario.library.save': {
    request: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('move'), item: CompetitorMoveSchema }).strict(),
      z.object({ kind: z.literal('counter'), item: CounterMeasureSchema }).strict(),
    ]),
    response: ScenarioLibrarySchema,
  },
  /** copy an item under a new id (returned) */
  'scenario.library.clone': {
    request: z.object({ kind: z.enum(['move', 'counter']), id: z.string().min(1).max(48) }).strict(),
    response: z.object({ id: z.string(), library: ScenarioLibrarySchema }),
  },
  /** a shipped item back to shipped, a user item removed; kind 'all' drops every edit */
  'scenario.library.reset': {
    request: z.object({ kind: z.enum(['move', 'counter', 'all']), id: z.string().min(1).max(48).optional() }).strict(),
    response: ScenarioLibrarySchema,
  },

  'scenario.list': { request: z.object({}).strict(), response: z.array(ScenarioListItemSchema) },
  'scenario.get': { request: z.object({ id: ScenarioId }).strict(), response: ScenarioDefinitionSchema },
  /** saves a draft (autosave); without id it creates the scenario. createdAt and isPlan are kept from the store (isPlan: scenario.setPlan). Returns what was stored. */
  'scenario.save': { request: z.object({ scenario: ScenarioDraftSchema }).strict(), response: ScenarioDefinitionSchema },
  'scenario.delete': { request: z.object({ id: ScenarioId }).strict(), response: Ok },
  'scenario.duplicate': {
    request: z.object({ id: ScenarioId, name: z.string().trim().min(1).max(120).optional() }).strict(),
    response: ScenarioDefinitionSchema,
  },

  /** step 3: exposed groups and revenue at risk for a draft (fast; Monte Carlo of do-nothing for P10/P50/P90) */
  'scenario.exposure': { request: z.object({ scenario: ScenarioDraftSchema }).strict(), response: ExposureSchema },
  /** step 4: the proposed (auto) or checked (manual) allocation with its guardrails */
  'scenario.allocate': {
    request: z.object({ scenario: ScenarioDraftSchema }).strict(),
    response: z.object({ allocation: AllocationSchema, guardrails: z.array(GuardrailSchema) }),
  },

  /** step 5: run the saved scenario's Monte Carlo off the UI thread */
  'scenario.run.start': { request: z.object({ id: ScenarioId }).strict(), response: z.object({ jobId: z.string() }) },
  'scenario.run.status': { request: z.object({ jobId: JobId }).strict(), response: RunStatusSchema },
  'scenario.run.cancel': { request: z.object({ jobId: JobId }).strict(), response: Ok },
  /** the result of a saved scenario (recomputed deterministically from its seed when not cached) */
  'scenario.result': { request: z.object({ id: ScenarioId }).strict(), response: ScenarioResultSchema },

  /** step 6: 2–4 saved scenarios side by side */
  'scenario.compare': { request: z.object({ ids: z.array(ScenarioId).min(2).max(4) }).strict(), response: z.object({ items: z.array(CompareItemSchema) }) },
  /** mark one scenario as the plan (unmarks the others) or unmark it */
  'scenario.setPlan': { request: z.object({ id: ScenarioId, isPlan: z.boolean() }).strict(), response: Ok },

  /** step 7: one action per funded group into the actions log (re-running replaces this scenario's open actions) */
  'scenario.plan.create': {
    request: z.object({ id: ScenarioId }).strict(),
    response: z.object({ created: z.number().int(), replaced: z.number().int(), kept: z.number().int(), groupCodes: z.array(z.string()) }),
  },
  /** the action list as .xlsx (formula-like text escaped) */
  'scenario.plan.export': { request: z.object({ id: ScenarioId }).strict(), response: z.object({ fileName: z.string(), dataBase64: z.string() }) },
} as const;
