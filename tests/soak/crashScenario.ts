/**
 * The kill -9 harness's scenario: a deterministic, endless sequence of saves (full data
 * commits, settings, templates, page switches, undo) and the workspace state after each.
 * The child process runs the operations; the parent kills it at random moments and checks
 * that the workspace then holds exactly the state after the last acknowledged operation
 * (old) or after the one in flight (new), never anything else.
 */
import type { MemberSnapshot, MonthlyFact, Portfolio, Group } from '../../shared/model/portfolio';
import type { MappingTemplate, OpenWorkspace } from '../../electron/backend/storage/workspaceStore';

export const GROUPS = 1500;
export const PERIODS = ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12'];

/** The data of version k: every fact differs between versions, so each commit rewrites whole tables. */
export function portfolioFor(k: number): Portfolio {
  const groups: Group[] = [];
  const facts: MonthlyFact[] = [];
  const members: MemberSnapshot[] = [];
  for (let g = 0; g < GROUPS; g++) {
    const code = `571${String(g).padStart(6, '0')}`;
    groups.push({
      groupCode: code,
      groupName: g === 0 ? `marker-${k}` : `集团${g}号`,
      groupClass: g % 7 === 0 ? null : 'B1',
      importance: null,
      industry: ['制造', '教育', '政府'][g % 3] ?? null,
      region: null,
      accountManager: g % 5 === 0 ? null : `经理${g % 12}`,
      employees: (g * 37 + k) % 900,
      contractEnd: '2026-06-30',
      competitorPresence: null,
      lineGrade: null,
    });
    for (const [t, period] of PERIODS.entries()) {
      const base = ((g * 131 + t * 17 + k * 7) % 100_000) / 100;
      facts.push({
        groupCode: code,
        period,
        unifiedPayRevenue: base,
        personalPayRevenue: t % 4 === 0 ? null : base / 2,
        totalRevenue: base * 1.5 + k,
        newBusinessRevenue: null,
        members: (g % 300) + t,
        offNetMembers: g % 9,
        minutes: g * 100 + t + k,
        arrears: t === 11 ? 12.5 : 0,
        complaints: g % 4,
        faults: 0,
        products: 3,
      });
    }
    if (g % 10 === 0) members.push({ memberId: `138****${String(g).padStart(4, '0')}`, groupCode: code, status: 'active', period: '2024-12', snapshotArpu: 58 + k, currentArpu: null });
  }
  return { groups, facts, memberSnapshots: members };
}

export type Op = { kind: 'commit' | 'settings' | 'templates' | 'undo' | 'page'; k: number };

/** Operation n (n ≥ 1). */
export function opAt(n: number): Op {
  const k = Math.floor((n - 1) / 4) + 1;
  switch ((n - 1) % 4) {
    case 0:
      return { kind: 'commit', k };
    case 1:
      return { kind: 'settings', k };
    case 2:
      return { kind: 'templates', k };
    default:
      return { kind: k % 3 === 0 ? 'undo' : 'page', k };
  }
}

export interface State {
  data: number;
  prev: number | null;
  canUndo: boolean;
  settings: number;
  templates: number;
  page: 'overview' | 'warnings';
}

/** The state of the workspace the harness creates (data version 0). */
export const INITIAL: State = { data: 0, prev: null, canUndo: false, settings: -1, templates: -1, page: 'overview' };

export function apply(s: State, op: Op): State {
  switch (op.kind) {
    case 'commit':
      return { ...s, data: op.k, prev: s.data, canUndo: true };
    case 'settings':
      return { ...s, settings: op.k };
    case 'templates':
      return { ...s, templates: op.k };
    case 'undo':
      return s.canUndo && s.prev !== null ? { ...s, data: s.prev, prev: null, canUndo: false } : s;
    case 'page':
      return { ...s, page: op.k % 2 ? 'warnings' : 'overview' };
  }
}

const memo: State[] = [INITIAL];
export function stateAfter(n: number): State {
  while (memo.length <= n) memo.push(apply(memo[memo.length - 1] as State, opAt(memo.length)));
  return memo[n] as State;
}

function template(k: number): MappingTemplate {
  return {
    signature: `sig-${k}`,
    name: `template-${k}`,
    kind: 'monthlyBilling',
    headers: ['集团编码', '账期', '收入'],
    columns: [{ header: '收入', field: 'totalRevenue', unit: 'wanYuan' }],
    createdAt: '2025-01-01T00:00:00.000Z',
    usedAt: '2025-01-01T00:00:00.000Z',
  };
}

export async function runOp(ws: OpenWorkspace, op: Op): Promise<void> {
  switch (op.kind) {
    case 'commit':
      await ws.commitData(portfolioFor(op.k), { files: [`billing-${op.k}.xlsx`], summary: `commit ${op.k}` });
      return;
    case 'settings':
      await ws.saveSettings({ version: 1, marker: op.k });
      return;
    case 'templates':
      await ws.saveTemplates([template(op.k)]);
      return;
    case 'undo':
      await ws.undoLastImport();
      return;
    case 'page':
      await ws.setPage(op.k % 2 ? 'warnings' : 'overview');
  }
}

/** What the open workspace holds, in the scenario's terms. */
export function observe(ws: OpenWorkspace): State & { dataMarker: string } {
  const marker = ws.portfolio.groups[0]?.groupName ?? '';
  const settings = ws.rawSettings as { marker?: number } | undefined;
  const info = ws.info();
  return {
    dataMarker: marker,
    data: Number(/^marker-(\d+)$/.exec(marker)?.[1] ?? NaN),
    prev: null,
    canUndo: info.canUndoImport,
    settings: settings?.marker ?? -1,
    templates: Number(/^template-(\d+)$/.exec(ws.templates[0]?.name ?? '')?.[1] ?? -1),
    page: info.page === 'warnings' ? 'warnings' : 'overview',
  };
}
