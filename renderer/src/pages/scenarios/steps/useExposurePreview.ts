/** The exposure of the current draft, re-fetched (debounced) when the parts that drive it change. */
import { useEffect, useState } from 'react';
import type { Exposure, ScenarioDefinition } from '../../../../../shared/scenarios/types';
import { api } from '../../../api/transport';

export function useExposurePreview(draft: ScenarioDefinition, enabled = true, delayMs = 350): { exposure: Exposure | null; loading: boolean; error: string | null } {
  const [exposure, setExposure] = useState<Exposure | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify([draft.scope, draft.moves, draft.quarters, draft.asOf ?? null]);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    setLoading(true);
    const timer = setTimeout(() => {
      const [scope, moves, quarters, asOf] = JSON.parse(key) as [ScenarioDefinition['scope'], ScenarioDefinition['moves'], number, string | null];
      api
        .call('scenario.exposure', { scenario: { ...draft, scope, moves, quarters, ...(asOf ? { asOf } : {}), counters: [] } })
        .then(
          (e) => {
            if (!live) return;
            setExposure(e);
            setError(null);
          },
          (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
        )
        .finally(() => live && setLoading(false));
    }, delayMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // the draft's other fields do not change the exposure
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, enabled, delayMs]);
  return { exposure, loading, error };
}
