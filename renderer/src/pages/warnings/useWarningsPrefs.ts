/**
 * The warning list's choices as the page keeps them: filter, sort and optional columns, saved per
 * workspace (a link from another page, e.g. a zone on 总览, replaces the saved filter), and the
 * groups with an open action (for the 已有行动 tags).
 */
import { useCallback, useEffect, useState } from 'react';
import type { WarningSort } from '../../../../shared/api/analysisContract';
import { api } from '../../api/transport';
import { DEFAULT_FILTER, loadFilter, loadSort, saveFilter, saveSort, type WarningFilter } from './warningFilters';

export interface WarningsLink {
  zones?: string[];
  stage?: string;
}

export const ALL_ZONES = ['red', 'yellow', 'blue', 'green', 'white'] as const;
export type ZoneId = (typeof ALL_ZONES)[number];
export const OPTIONAL_COLUMNS = ['stage', 'manager', 'contractEnd', 'region', 'groupClass', 'industry', 'trend', 'value'] as const;
export type OptionalColumn = (typeof OPTIONAL_COLUMNS)[number];
const DEFAULT_COLUMNS: OptionalColumn[] = ['stage', 'manager', 'contractEnd'];

const columnsKey = (workspaceId: string) => `holdfast.warnings.columns.${workspaceId}`;

function loadColumns(workspaceId: string): OptionalColumn[] {
  try {
    const raw = localStorage.getItem(columnsKey(workspaceId));
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    return Array.isArray(parsed) ? OPTIONAL_COLUMNS.filter((c) => parsed.includes(c)) : DEFAULT_COLUMNS;
  } catch {
    return DEFAULT_COLUMNS;
  }
}

/** `onChange`: after a new filter or sort (the page resets its cursor and expanded row) */
export function useWarningsPrefs(workspaceId: string, link: WarningsLink | null | undefined, onChange: () => void) {
  const [filter, setFilterState] = useState<WarningFilter>(() => {
    const stored = loadFilter(workspaceId);
    if (!link) return stored;
    return { ...DEFAULT_FILTER, zones: (link.zones ?? []).filter((z): z is ZoneId => (ALL_ZONES as readonly string[]).includes(z)), stage: link.stage ?? null };
  });
  const [sort, setSortState] = useState<WarningSort>(() => loadSort(workspaceId));
  const [columns, setColumnsState] = useState<OptionalColumn[]>(() => loadColumns(workspaceId));

  const setFilter = (f: WarningFilter) => {
    setFilterState(f);
    saveFilter(workspaceId, f);
    onChange();
  };
  const setSort = useCallback(
    (s: WarningSort) => {
      setSortState(s);
      saveSort(workspaceId, s);
      onChange();
    },
    // onChange only resets page state: a new function each render must not make a new setSort
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [workspaceId],
  );
  const setColumns = (chosen: readonly string[]) => {
    const next = OPTIONAL_COLUMNS.filter((k) => chosen.includes(k));
    setColumnsState(next);
    try {
      localStorage.setItem(columnsKey(workspaceId), JSON.stringify(next));
    } catch {
      // storage full or blocked: the choice holds for this visit
    }
  };
  return { filter, setFilter, sort, setSort, columns, setColumns };
}

/** Codes of the groups with an open action, fetched again when actions change. */
export function useOpenActionGroups(workspaceKey: string, actionsVersion: number): Set<string> {
  const [open, setOpen] = useState<Set<string>>(new Set());
  useEffect(() => {
    api.call('actions.list', {}).then(
      (list) => setOpen(new Set(list.filter((a) => a.status === 'open').map((a) => a.groupCode))),
      () => setOpen(new Set()),
    );
  }, [workspaceKey, actionsVersion]);
  return open;
}
