/** The exposure of the current draft, re-fetched (debounced) when the parts that drive it change. */
import type { Exposure, ScenarioDefinition } from '../../../../../shared/scenarios/types';
import { api } from '../../../api/transport';
import { useDebouncedCall } from './useDebouncedCall';

export function useExposurePreview(draft: ScenarioDefinition, enabled = true, delayMs = 350): { exposure: Exposure | null; loading: boolean; error: string | null } {
  // the draft's other fields do not change the exposure
  const key = JSON.stringify([draft.scope, draft.moves, draft.quarters, draft.asOf ?? null]);
  const { value, loading, error } = useDebouncedCall(
    key,
    () => {
      const [scope, moves, quarters, asOf] = JSON.parse(key) as [ScenarioDefinition['scope'], ScenarioDefinition['moves'], number, string | null];
      return api.call('scenario.exposure', { scenario: { ...draft, scope, moves, quarters, ...(asOf ? { asOf } : {}), counters: [] } });
    },
    delayMs,
    enabled,
  );
  return { exposure: value, loading, error };
}
