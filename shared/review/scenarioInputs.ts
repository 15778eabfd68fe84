/**
 * The competition and plan parts of the review, from the scenario feature's
 * stored data: the scenario library (shipped moves ⊕ the user's edits, section
 * 'scenarioLibrary'), the saved scenarios (section 'scenarios') and, where the
 * scenario module can give them, each scenario's last result. Stored data that
 * does not validate is skipped, never thrown.
 */
import type { LocalText, Trace } from '../model/trace';
import { mergeLibrary, shippedLibrary } from '../scenarios/library';
import { CompetitorMoveSchema, CounterMeasureSchema, ScenarioDefinitionSchema, type ScenarioDefinition, type ScenarioLibrary, type ScenarioResult } from '../scenarios/types';
import type { ReviewCompetitionInput, ReviewPlanInput } from './inputs';

const T = (zh: string, en: string): LocalText => ({ zh, en });

export interface ScenarioSources {
  library: ScenarioLibrary;
  definitions: ScenarioDefinition[];
  /** the last result of a saved scenario, when the scenario module has one */
  results: ReadonlyMap<string, ScenarioResult>;
  /** stored scenarios that could not be read */
  unreadable: number;
}

/** shipped ⊕ the user's edits; edited items that do not validate are skipped (the scenario store keeps them). */
function readLibrary(section: unknown): ScenarioLibrary {
  if (section === null || typeof section !== 'object') return shippedLibrary();
  const s = section as { moves?: unknown; counters?: unknown };
  const moves = (Array.isArray(s.moves) ? s.moves : []).flatMap((m) => {
    const r = CompetitorMoveSchema.safeParse(m);
    return r.success ? [r.data] : [];
  });
  const counters = (Array.isArray(s.counters) ? s.counters : []).flatMap((c) => {
    const r = CounterMeasureSchema.safeParse(c);
    return r.success ? [r.data] : [];
  });
  return mergeLibrary({ version: 1, moves, counters });
}

/** Reads the library and the saved scenarios from the stored sections. */
export function readScenarioSources(librarySection: unknown, scenariosSection: unknown, results: ReadonlyMap<string, ScenarioResult> = new Map()): ScenarioSources {
  const library = readLibrary(librarySection);
  const raw: unknown[] = Array.isArray(scenariosSection)
    ? scenariosSection
    : scenariosSection !== null && typeof scenariosSection === 'object' && Array.isArray((scenariosSection as { scenarios?: unknown }).scenarios)
      ? ((scenariosSection as { scenarios: unknown[] }).scenarios)
      : [];
  const definitions: ScenarioDefinition[] = [];
  let unreadable = 0;
  for (const item of raw) {
    const d = ScenarioDefinitionSchema.safeParse(item);
    if (d.success) definitions.push(d.data);
    else unreadable++;
  }
  return { library, definitions, results, unreadable };
}

export function competitionInputs(src: ScenarioSources): ReviewCompetitionInput {
  const moves = src.library.moves.filter((m) => !m.disabled);
  const scenarios = src.definitions.map((d) => {
    const r = src.results.get(d.id);
    return {
      id: d.id,
      name: d.name,
      isPlan: d.isPlan,
      moves: d.moves.map((m) => m.moveId),
      exposedGroups: r ? r.exposure.exposedGroups : null,
      revenueAtRisk: r ? r.exposure.revenueAtRisk.expected : null,
      revenueAtRiskP90: r ? r.exposure.revenueAtRisk.p90 : null,
      horizonMonths: r ? r.exposure.months.length : null,
    };
  });
  const withResult = src.definitions.filter((d) => src.results.has(d.id));
  const trace: Trace = {
    rule: T(
      '情景库中启用的竞争动作；每个动作的暴露 = 使用该动作的已保存方案中，最近一次推演结果里该动作暴露的集团数与期望损失（取各方案中的最大值）',
      'Enabled moves of the scenario library; per move, exposure = groups exposed and expected loss of that move in the last result of the saved scenarios using it (the largest over those scenarios)',
    ),
    inputs: [
      { label: T('竞争动作', 'Moves'), value: moves.length },
      { label: T('已保存方案', 'Saved scenarios'), value: src.definitions.length },
      { label: T('有推演结果的方案', 'Scenarios with a result'), value: withResult.length },
    ],
    settings: [],
  };
  let note: LocalText | null = null;
  if (src.definitions.length === 0) note = T('尚未保存推演方案：在“竞争推演”中建立方案后，这里显示暴露的集团与收入。', 'No scenario saved yet: build one under Scenarios to see the groups and revenue exposed here.');
  else if (withResult.length === 0) note = T('已保存的方案还没有推演结果：在“竞争推演”中运行后，这里显示暴露的集团与收入。', 'The saved scenarios have no result yet: run them under Scenarios to see the exposure here.');
  return {
    moves: moves.map((m) => {
      const using = src.definitions.filter((d) => d.moves.some((c) => c.moveId === m.id));
      let exposedGroups: number | null = null;
      let revenueAtRisk: number | null = null;
      for (const d of using) {
        const by = src.results.get(d.id)?.exposure.byMove.find((b) => b.moveId === m.id);
        if (!by) continue;
        exposedGroups = Math.max(exposedGroups ?? 0, by.groups);
        revenueAtRisk = Math.max(revenueAtRisk ?? 0, by.expectedLoss);
      }
      return { id: m.id, name: m.name, description: m.description, scenarios: using.length, exposedGroups, revenueAtRisk };
    }),
    scenarios,
    note,
    trace,
  };
}

export function planScenarioInput(src: ScenarioSources): ReviewPlanInput['scenario'] {
  const d = src.definitions.find((x) => x.isPlan);
  if (!d) return null;
  const r = src.results.get(d.id);
  const stat = (x: { expected: number | null; p10: number | null; p50: number | null; p90: number | null } | undefined) => ({ expected: x?.expected ?? null, p10: x?.p10 ?? null, p50: x?.p50 ?? null, p90: x?.p90 ?? null });
  return {
    id: d.id,
    name: d.name,
    budget: d.budget,
    cost: r ? r.allocation.totalCost : null,
    groupsFunded: r ? r.allocation.funded.length : null,
    revenueKept: stat(r?.plan.revenueKept),
    netBenefit: stat(r?.plan.netBenefit),
    roi: r?.plan.roi.expected ?? null,
    paybackMonth: r?.plan.paybackMonth.expected ?? null,
    paybackBeyondShare: r?.plan.paybackMonth.beyondHorizonShare ?? null,
    trace: r
      ? { ...r.plan.netBenefit.trace, inputs: [{ label: T('方案', 'Scenario'), value: d.name }, { label: T('预算（元）', 'Budget (yuan)'), value: d.budget }, ...r.plan.netBenefit.trace.inputs] }
      : { rule: T(`方案“${d.name}”尚无推演结果`, `Scenario “${d.name}” has no result yet`), inputs: [{ label: T('预算（元）', 'Budget (yuan)'), value: d.budget }], settings: [] },
  };
}
