/**
 * A scenario's action list: one action per funded group (owner = account
 * manager, due = today + the earliest lead time of its measures (at least a month), status
 * open, cause 竞争, note naming the scenario and the measures), written to
 * the actions log. Idempotent per scenario: the scenario's open actions are
 * replaced; done or cancelled ones are kept as history.
 */
import { formatYuan } from '../../../shared/review/format';
import { randomBytes } from 'node:crypto';
import type { GroupAction } from '../../../shared/api/analysisContract';
import { actionDueDate, type CounterMeasure, type ScenarioDefinition, type ScenarioResult } from '../../../shared/scenarios';
import type { ActionInput } from '../storage/actionsStore';

/** Ids of a scenario's actions start with this (ids allow [\w-]); the length makes one scenario's prefix never another's. */
export function planActionPrefix(scenarioId: string): string {
  return `sp${scenarioId.length.toString(36)}_${scenarioId}_`;
}

export interface PlannedAction {
  input: ActionInput & { id: string };
  groupName: string;
  measureNames: string;
  cost: number;
  expectedGain: number;
  paybackMonth: number | null;
}

const yuan = (x: number): string => formatYuan(x);

export function plannedActions(scenario: ScenarioDefinition, result: ScenarioResult, counters: readonly CounterMeasure[], today: Date): PlannedAction[] {
  const byId = new Map(counters.map((c) => [c.id, c]));
  // unique per plan run, so a new action never takes the id of an old (done) one
  const run = randomBytes(6).toString('base64url');
  return result.allocation.funded.map((f, i) => {
    const measures = f.measureIds.map((id) => byId.get(id)).filter((c): c is CounterMeasure => c !== undefined);
    const names = measures.map((c) => c.name.zh).join('、');
    const leads: number[] = [];
    for (const c of measures) leads.push(c.leadMonths);
    const action = `竞争应对（${scenario.name}）：${names}`.slice(0, 500);
    const note = [
      `情景推演「${scenario.name}」`,
      `措施：${measures.map((c) => `${c.name.zh}（准备期 ${c.leadMonths} 个月）`).join('；')}`,
      `投入 ${yuan(f.cost)} 元，期望多保收入 ${yuan(f.expectedGain)} 元${f.paybackMonth === null ? '' : `，回收期约 ${f.paybackMonth} 个月`}`,
    ]
      .join('\n')
      .slice(0, 2000);
    return {
      input: {
        id: `${planActionPrefix(scenario.id)}${run}_${i.toString(36)}`,
        groupCode: f.groupCode,
        cause: 'competition',
        action,
        owner: (f.accountManager ?? '').slice(0, 60),
        due: actionDueDate(leads, today),
        status: 'open',
        note,
      },
      groupName: f.groupName,
      measureNames: names,
      cost: f.cost,
      expectedGain: f.expectedGain,
      paybackMonth: f.paybackMonth,
    };
  });
}

export interface ActionsLog {
  list(groupCode?: string): GroupAction[];
  save(input: ActionInput): Promise<GroupAction>;
  remove(id: string): Promise<boolean>;
  /** one atomic save for the whole plan */
  replaceMany(removeIds: readonly string[], inputs: readonly ActionInput[]): Promise<void>;
}

/**
 * Replaces the scenario's open actions with the planned ones. A group that
 * already has an open action of this scenario keeps its id (updated in place),
 * so re-running writes each action once.
 */
export async function writePlanActions(log: ActionsLog, scenarioId: string, planned: PlannedAction[]): Promise<{ created: number; replaced: number; kept: number }> {
  const prefix = planActionPrefix(scenarioId);
  const mine = log.list().filter((a) => a.id.startsWith(prefix));
  const open = mine.filter((a) => a.status === 'open');
  const openByGroup = new Map(open.map((a) => [a.groupCode, a]));
  const inputs = planned.map((p) => {
    const existing = openByGroup.get(p.input.groupCode);
    if (existing) openByGroup.delete(p.input.groupCode);
    return existing ? { ...p.input, id: existing.id } : p.input;
  });
  const leftover = [...openByGroup.values()].map((a) => a.id);
  await log.replaceMany(leftover, inputs);
  return { created: planned.length, replaced: open.length, kept: mine.length - open.length };
}
