/** The warning list's filters: quick filters, field filters and a search, applied in one place. */
import type { WarningRow } from '../../../../shared/api/analysisContract';

export interface WarningFilter {
  zones: string[];
  abOnly: boolean;
  contractSoon: boolean;
  noManager: boolean;
  region: string | null;
  groupClass: string | null;
  industry: string | null;
  manager: string | null;
  stage: string | null;
  search: string;
}

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

/** Days from the end of the as-of month to the contract end. */
export function daysToContractEnd(contractEnd: string | null, asOf: string | null): number | null {
  if (!contractEnd || !asOf) return null;
  const [y, m] = asOf.split('-').map(Number);
  if (!y || !m) return null;
  const monthEnd = Date.UTC(y, m, 0);
  const end = Date.parse(`${contractEnd}T00:00:00Z`);
  if (Number.isNaN(end)) return null;
  return Math.round((end - monthEnd) / 86_400_000);
}

export function applyFilter(rows: readonly WarningRow[], f: WarningFilter, asOf: string | null): WarningRow[] {
  const q = f.search.trim().toLowerCase();
  return rows.filter((w) => {
    if (f.zones.length > 0 && !f.zones.includes(w.zone)) return false;
    if (f.abOnly && !/^[AB]/i.test(w.groupClass ?? '')) return false;
    if (f.contractSoon) {
      const d = daysToContractEnd(w.contractEnd, asOf);
      if (d === null || d < 0 || d > 90) return false;
    }
    if (f.noManager && w.accountManager !== null) return false;
    if (f.region !== null && w.region !== f.region) return false;
    if (f.groupClass !== null && w.groupClass !== f.groupClass) return false;
    if (f.industry !== null && w.industry !== f.industry) return false;
    if (f.manager !== null && w.accountManager !== f.manager) return false;
    if (f.stage !== null && w.stage !== f.stage) return false;
    if (q !== '' && !w.groupName.toLowerCase().includes(q) && !w.groupCode.includes(q)) return false;
    return true;
  });
}

export function distinct(rows: readonly WarningRow[], pick: (w: WarningRow) => string | null): string[] {
  return [...new Set(rows.map(pick).filter((v): v is string => v !== null))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
}

const KEY = (workspaceId: string) => `holdfast.warnings.filter.${workspaceId}`;

export function loadFilter(workspaceId: string): WarningFilter {
  try {
    const raw = localStorage.getItem(KEY(workspaceId));
    return raw ? { ...DEFAULT_FILTER, ...(JSON.parse(raw) as Partial<WarningFilter>) } : DEFAULT_FILTER;
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
