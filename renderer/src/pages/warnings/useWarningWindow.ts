/**
 * The 流失预警 rows, fetched from the backend a block at a time as the table
 * scrolls. A new filter or sort starts a new query; until its first block
 * arrives the old rows stay on screen (no flash), and `pending` says so.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { WarningFilter, WarningPage, WarningRow, WarningSort } from '../../../../shared/api/analysisContract';
import { api } from '../../api/transport';

export const BLOCK = 100;

export type WarningMeta = Omit<WarningPage, 'rows' | 'offset'>;

interface Loaded {
  query: string;
  meta: WarningMeta;
  blocks: Map<number, WarningRow[]>;
}

export function useWarningWindow(filter: WarningFilter, sort: WarningSort, workspaceKey: string) {
  const query = JSON.stringify([filter, sort, workspaceKey]);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(new Set<string>());
  const current = useRef(query);
  current.current = query;

  const fetchBlock = useCallback(
    (q: string, block: number) => {
      const id = `${q}#${block}`;
      if (inFlight.current.has(id)) return;
      inFlight.current.add(id);
      const [f, s] = JSON.parse(q) as [WarningFilter, WarningSort];
      api.call('warnings.query', { filter: f, sort: s, offset: block * BLOCK, limit: BLOCK }).then(
        (page) => {
          inFlight.current.delete(id);
          if (current.current !== q) return;
          const { rows, offset: _offset, ...meta } = page;
          setLoaded((prev) => {
            // a block of the query on screen joins it; the first block of a new query replaces it
            const blocks = prev && prev.query === q ? new Map(prev.blocks) : new Map<number, WarningRow[]>();
            blocks.set(block, rows);
            return { query: q, meta, blocks };
          });
          setError(null);
        },
        (err: unknown) => {
          inFlight.current.delete(id);
          if (current.current === q) setError(err instanceof Error ? err.message : String(err));
        },
      );
    },
    [],
  );

  useEffect(() => {
    fetchBlock(query, 0);
  }, [query, fetchBlock]);

  const fresh = loaded !== null && loaded.query === query;

  /** asks for the blocks covering rows [start, end) of the current query */
  const ensure = useCallback(
    (start: number, end: number) => {
      if (!fresh || !loaded) return;
      const last = Math.min(end, loaded.meta.total) - 1;
      for (let b = Math.floor(start / BLOCK); b <= Math.floor(last / BLOCK); b++) if (!loaded.blocks.has(b)) fetchBlock(query, b);
    },
    [fresh, loaded, fetchBlock, query],
  );

  const rowAt = useCallback((i: number): WarningRow | undefined => loaded?.blocks.get(Math.floor(i / BLOCK))?.[i % BLOCK], [loaded]);

  /** drops the rows on screen and fetches again (after an action or a data change) */
  const reload = useCallback(() => {
    setLoaded((prev) => (prev ? { ...prev, query: '' } : prev));
    fetchBlock(current.current, 0);
  }, [fetchBlock]);

  return { meta: loaded?.meta ?? null, pending: !fresh, error, ensure, rowAt, reload, queryKey: loaded?.query ?? '' };
}
