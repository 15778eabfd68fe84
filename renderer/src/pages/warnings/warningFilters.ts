/** The warning list's filters and sort as the page keeps them: defaults, and persistence per workspace. */
import { WarningFilterSchema, WarningSortSchema, type WarningFilter, type WarningSort } from '../../../../shared/api/analysisContract';

export type { WarningFilter, WarningSort };

export const DEFAULT_FILTER: WarningFilter = {
  zones: ['red', 'yellow'],
  abOnly: false,
  contractSoon: false,
  noManager: false,
  region: null,
  groupClass: null,
  industry: null,
  manager: null,
  stage: null,
  search: '',
};

/** zone (red first), then value at risk, then score */
export const DEFAULT_SORT: WarningSort = { key: 'default', order: 'desc' };

const KEY = (workspaceId: string) => `holdfast.warnings.filter.${workspaceId}`;
const SORT_KEY = (workspaceId: string) => `holdfast.warnings.sort.${workspaceId}`;

/** What was saved, checked against the contract: a filter from an older version or a damaged entry falls back to the defaults. */
export function loadFilter(workspaceId: string): WarningFilter {
  try {
    const raw = localStorage.getItem(KEY(workspaceId));
    if (!raw) return DEFAULT_FILTER;
    const parsed = WarningFilterSchema.safeParse({ ...DEFAULT_FILTER, ...(JSON.parse(raw) as object) });
    return parsed.success ? parsed.data : DEFAULT_FILTER;
  } catch {
    return DEFAULT_FILTER;
  }
}

export function saveFilter(workspaceId: string, f: WarningFilter): void {
  try {
    localStorage.setItem(KEY(workspaceId), JSON.stringify(f));
  } catch {
    // storage full or disabled: filters simply do not persist
  }
}

export function loadSort(workspaceId: string): WarningSort {
  try {
    const raw = localStorage.getItem(SORT_KEY(workspaceId));
    const parsed = raw ? WarningSortSchema.safeParse(JSON.parse(raw)) : null;
    return parsed?.success ? parsed.data : DEFAULT_SORT;
  } catch {
    return DEFAULT_SORT;
  }
}

export function saveSort(workspaceId: string, s: WarningSort): void {
  try {
    localStorage.setItem(SORT_KEY(workspaceId), JSON.stringify(s));
  } catch {
    // as above
  }
}
