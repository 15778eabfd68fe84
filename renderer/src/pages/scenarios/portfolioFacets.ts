/**
 * What the scenario screens need to know about the portfolio (filter choices, cells,
 * every group's code and name, the value × risk scatter), taken from the quadrant
 * channel the 价值象限 page already uses, fetched once per workspace state.
 */
import { useEffect, useState } from 'react';
import type { QuadrantView } from '../../../../shared/api/quadrantContract';
import { api } from '../../api/transport';

const cache = new Map<string, Promise<QuadrantView>>();

export function usePortfolioView(workspaceKey: string): { view: QuadrantView | null; error: string | null } {
  const [view, setView] = useState<QuadrantView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    let p = cache.get(workspaceKey);
    if (!p) {
      p = api.call('quadrant.view', { framework: 'valueRisk' });
      cache.clear();
      cache.set(workspaceKey, p);
      p.catch(() => cache.delete(workspaceKey));
    }
    p.then(
      (v) => live && setView(v),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [workspaceKey]);
  return { view, error };
}

export const ZONES = ['red', 'yellow', 'blue', 'green', 'white'] as const;
