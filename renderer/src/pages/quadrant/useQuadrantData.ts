/**
 * 价值象限's data: the view of the chosen framework and month (fetched again when either or the
 * workspace changes), the facet filters (saved per workspace), the selection (a cell or a brushed
 * area) and what follows from them: the filtered rows, each cell's totals and the selected groups.
 * The page only lays it out.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Language } from '../../../../shared/api/contract';
import type { QuadrantFramework, QuadrantView } from '../../../../shared/api/quadrantContract';
import { api } from '../../api/transport';
import { zoneName } from '../../components/ZoneTag';
import type { ListRow } from './GroupList';
import { cellTotals, filterRows, hasFilters, loadFilters, NO_FILTERS, saveFilters, type Filters } from './quadrantModel';

export type Selection = { kind: 'cell'; cell: number } | { kind: 'brush'; rows: number[] } | null;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function useQuadrantData(workspaceKey: string, language: Language) {
  const [framework, setFrameworkState] = useState<QuadrantFramework>('valueRisk');
  /** the snapshot's month; undefined = the latest */
  const [asOf, setAsOfState] = useState<string | undefined>(undefined);
  const [view, setView] = useState<QuadrantView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filters, setFilters] = useState<Filters>(() => {
    const s = storage();
    return s ? loadFilters(s, workspaceKey) : NO_FILTERS;
  });
  const [selection, setSelection] = useState<Selection>(null);

  useEffect(() => {
    performance.mark('quadrant.fetch.start');
    let live = true;
    setError(null);
    api.call('quadrant.view', asOf ? { framework, asOf } : { framework }).then(
      (v) => {
        if (!live) return;
        performance.mark('quadrant.fetch.end');
        setView(v);
        setSelection(null);
      },
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [framework, workspaceKey, asOf]);

  const setFramework = (f: QuadrantFramework) => {
    setFrameworkState(f);
    setSelection(null);
  };
  const setAsOf = (p: string | undefined) => {
    setAsOfState(p);
    setSelection(null);
  };
  const updateFilters = useCallback(
    (next: Filters) => {
      setFilters(next);
      setSelection(null);
      const s = storage();
      if (s) saveFilters(s, workspaceKey, next);
    },
    [workspaceKey],
  );

  const rows = useMemo(() => (view ? filterRows(view, filters) : new Int32Array(0)), [view, filters]);
  const filtered = hasFilters(filters);
  const totals = useMemo(() => (view ? cellTotals(view, rows) : []), [view, rows]);

  const selectedRows: number[] = useMemo(() => {
    if (!view || !selection) return [];
    if (selection.kind === 'brush') return selection.rows;
    const out: number[] = [];
    for (const i of rows) if (view.points.cell[i] === selection.cell) out.push(i);
    return out;
  }, [view, selection, rows]);

  const listRows: ListRow[] = useMemo(() => {
    if (!view) return [];
    const P = view.points;
    return selectedRows
      .map((i) => ({
        code: P.codes[i] as string,
        name: P.names[i] as string,
        row: i,
        value: Math.round(P.value[i] as number),
        y: P.y[i] as number,
        zone: zoneName(view.zones[P.zone[i] as number] ?? 'white', language),
      }))
      .sort((a, b) => b.value - a.value);
  }, [view, selectedRows, language]);

  return { framework, setFramework, asOf, setAsOf, view, error, filters, updateFilters, filtered, rows, totals, selection, setSelection, selectedRows, listRows };
}
