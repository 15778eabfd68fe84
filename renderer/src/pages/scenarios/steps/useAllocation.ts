/**
 * Step 4's data: the backend's allocation of the draft (re-fetched, debounced, when the fields that
 * drive it change), and the manual edits (by hand starts from the proposal on screen, or from the
 * last hand-made choice). The step itself only lays it out.
 */
import type { Allocation, Guardrail, ScenarioDefinition } from '../../../../../shared/scenarios/types';
import { api } from '../../../api/transport';
import { useDebouncedCall } from './useDebouncedCall';

export interface AllocationState {
  proposal: { allocation: Allocation; guardrails: Guardrail[] } | null;
  loading: boolean;
  error: string | null;
  /** auto ↔ by hand */
  switchMode(mode: 'auto' | 'manual'): void;
  /** by hand: the backend's proposal again */
  resetToProposal(): Promise<void>;
  /** by hand: a group's measures (none = the group is dropped) */
  setGroupMeasures(code: string, ids: string[]): void;
  /** by hand: a group added with the measures chosen above */
  addGroup(code: string): void;
}

const asManual = (a: Allocation) => a.funded.map((f) => ({ groupCode: f.groupCode, measureIds: f.measureIds }));

export function useAllocation(draft: ScenarioDefinition, update: (patch: Partial<ScenarioDefinition>) => void, delayMs = 400): AllocationState {
  // only the fields that change the allocation
  const key = JSON.stringify([draft.scope, draft.moves, draft.counters, draft.budget, draft.allocation, draft.spendOnGreen, draft.manual, draft.quarters]);
  const { value: proposal, loading, error, setError } = useDebouncedCall(key, () => api.call('scenario.allocate', { scenario: draft }), delayMs);

  const resetToProposal = async () => {
    try {
      const r = await api.call('scenario.allocate', { scenario: { ...draft, allocation: 'auto' } });
      update({ allocation: 'manual', manual: asManual(r.allocation) });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const allocation = proposal?.allocation;
  const switchMode = (mode: 'auto' | 'manual') => {
    if (mode === 'auto') update({ allocation: 'auto' });
    else if (draft.manual.length > 0) update({ allocation: 'manual' });
    else if (allocation && allocation.mode === 'auto') update({ allocation: 'manual', manual: asManual(allocation) });
    else void resetToProposal();
  };
  const setGroupMeasures = (code: string, ids: string[]) =>
    update({ manual: ids.length === 0 ? draft.manual.filter((m) => m.groupCode !== code) : draft.manual.map((m) => (m.groupCode === code ? { ...m, measureIds: ids } : m)) });
  const chosenMeasureIds = [...new Set(draft.counters.map((c) => c.measureId))];
  const addGroup = (code: string) => update({ manual: [...draft.manual.filter((m) => m.groupCode !== code), { groupCode: code, measureIds: chosenMeasureIds }] });

  return { proposal, loading, error, switchMode, resetToProposal, setGroupMeasures, addGroup };
}
