/**
 * The scenario marked as the plan, summarised for the quarterly review's
 * "plan" slide: expected and P10/P50/P90 outcomes with the plan and doing
 * nothing, budget, cost, and how its actions stand. Recomputed
 * deterministically from the scenario's seed (results are not stored).
 */
import type { AnalyticsSettings, PortfolioIndex } from '../../../shared/analytics';
import type { GroupAction } from '../../../shared/api/analysisContract';
import type { Guardrail, Outcome } from '../../../shared/scenarios';
import type { OpenWorkspace } from '../storage/workspaceStore';
import { computeResult, libraryOf } from './compute';
import { planActionPrefix } from './planActions';
import { ScenarioStore } from './scenarioStore';

export interface PlanSummary {
  id: string;
  name: string;
  updatedAt: string;
  asOf: string | null;
  /** horizon months, YYYY-MM */
  months: string[];
  quarters: number;
  budget: number;
  /** 元, the allocation's total cost */
  cost: number;
  exposedGroups: number;
  fundedGroups: number;
  moveIds: string[];
  measureIds: string[];
  plan: Outcome;
  doNothing: Outcome;
  guardrails: Guardrail[];
  /** the plan's actions in the actions log */
  actions: { total: number; open: number; done: number; cancelled: number };
}

export function planSummary(
  ws: Pick<OpenWorkspace, 'section' | 'saveSection'>,
  index: PortfolioIndex,
  settings: AnalyticsSettings,
  actions: readonly GroupAction[] = [],
): PlanSummary | null {
  const scenario = new ScenarioStore(ws).list().find((s) => s.isPlan);
  if (!scenario) return null;
  const result = computeResult(index, settings, libraryOf(ws), scenario);
  const prefix = planActionPrefix(scenario.id);
  const mine = actions.filter((a) => a.id.startsWith(prefix));
  return {
    id: scenario.id,
    name: scenario.name,
    updatedAt: scenario.updatedAt,
    asOf: result.asOf,
    months: result.months,
    quarters: scenario.quarters,
    budget: scenario.budget,
    cost: result.allocation.totalCost,
    exposedGroups: result.exposure.exposedGroups,
    fundedGroups: result.allocation.funded.length,
    moveIds: scenario.moves.map((m) => m.moveId),
    measureIds: scenario.counters.map((c) => c.measureId),
    plan: result.plan,
    doNothing: result.doNothing,
    guardrails: result.guardrails,
    actions: {
      total: mine.length,
      open: mine.filter((a) => a.status === 'open').length,
      done: mine.filter((a) => a.status === 'done').length,
      cancelled: mine.filter((a) => a.status === 'cancelled').length,
    },
  };
}
