/**
 * 行动台账 (every action with owner by rule, overdue, zone now and its re-check) and
 * 关键人 (a group's key persons: list, replace; the changes between imports).
 */
import type { ApiRequest, ApiResponse } from '../../shared/api/contract';
import type { LedgerRow, RecheckView } from '../../shared/api/ledgerContract';
import { coverageOf, effectivenessOf, ledgerMonth, monthPoints, type PointsAt } from '../../shared/actions/insights';
import { matchMeasure, type MeasureRef } from '../../shared/actions/effectiveness';
import { mergeLibrary, SHIPPED_COUNTERS } from '../../shared/scenarios';
import { ScenarioStore } from './scenarios/scenarioStore';
import { compareLedger, isOverdue, ownerByRule, recheck, type RecheckPoint } from '../../shared/actions/ledger';
import { keyPersonChanges, mergeKeyPersons } from '../../shared/model/keyPersons';
import type { KeyPerson, Portfolio } from '../../shared/model/portfolio';
import { keyPersonAsOfDay } from '../../shared/import/plan';
import { factColumnsOf, factPeriods } from '../../shared/model/factColumns';
import type { AnalysisContext } from './analysisContext';
import type { ActionsStore } from './storage/actionsStore';

/** The newest data month, from the columns' period dictionary (reading p.facts would build a row object per fact). */
export function lastPeriodOf(p: Portfolio): string | null {
  let last = '';
  for (const period of factPeriods(p)) if (period > last) last = period;
  return last === '' ? null : last;
}

const todayIso = (): string => new Date().toISOString().slice(0, 10);

interface Deps {
  actions: () => Promise<ActionsStore>;
}

export function ledgerHandlers(ctx: AnalysisContext, deps: Deps) {
  /** zone, score and value of every group at a month, cached per data, settings and month */
  let cache: { key: string; pointsAt: PointsAt } | null = null;
  const pointsAt = (period: string): Map<string, RecheckPoint> => {
    const key = ctx.cacheKey();
    if (cache?.key !== key) cache = { key, pointsAt: monthPoints(ctx.index(), ctx.settings()) };
    return cache.pointsAt(period);
  };
  const measures = (): MeasureRef[] => {
    try {
      return mergeLibrary(new ScenarioStore(ctx.workspace()).libraryEdits()).counters.map((c) => ({ id: c.id, name: c.name }));
    } catch {
      return SHIPPED_COUNTERS.map((c) => ({ id: c.id, name: c.name })); // a damaged library section must not hide the ledger's figures
    }
  };
  const recheckOf = (groupCode: string, basePeriod: string | null | undefined, months: number, last: string | null): RecheckView =>
    recheck(basePeriod ?? null, months, last, (period) => pointsAt(period).get(groupCode) ?? null);

  return {
    'actions.list': async ({ groupCode }: ApiRequest<'actions.list'>) => (await deps.actions()).list(groupCode),
    'actions.save': async (input: ApiRequest<'actions.save'>) => {
      const ws = ctx.workspace();
      if (!ws.portfolio.groups.some((g) => g.groupCode === input.groupCode)) {
        throw ctx.userError({ code: 'not-found', message: { zh: `找不到集团：${input.groupCode}`, en: `No such group: ${input.groupCode}` } });
      }
      const store = await deps.actions();
      if (input.id !== undefined && !store.list().some((a) => a.id === input.id)) {
        throw ctx.userError({ code: 'not-found', message: { zh: '找不到该行动记录', en: 'No such action' } });
      }
      // a new action remembers the analysis month (the last complete month, never a partial load's month):
      // its re-check compares that month with N months later
      if (input.id === undefined) return store.save({ ...input, basePeriod: ledgerMonth(ctx.index(), ctx.settings()) ?? lastPeriodOf(ws.portfolio) });
      return store.save(input);
    },
    'actions.delete': async ({ id }: ApiRequest<'actions.delete'>) => {
      await (await deps.actions()).remove(id);
      return { ok: true as const };
    },
    'ledger.effectiveness': async (): Promise<ApiResponse<'ledger.effectiveness'>> => {
      const store = await deps.actions();
      return effectivenessOf(ctx.index(), store.list(), store.ledgerSettings(), pointsAt, measures(), ledgerMonth(ctx.index(), ctx.settings()));
    },
    'ledger.coverage': async ({ today, manager }: { today?: string; manager?: string }): Promise<ApiResponse<'ledger.coverage'>> => {
      const store = await deps.actions();
      const { allGroups, ...r } = coverageOf(ctx.index(), ctx.settings(), store.list(), today ?? todayIso());
      const groups = manager === undefined ? [] : allGroups.filter((g) => (g.accountManager ?? '').trim() === manager.trim()).sort((x, y) => (y.valueAtRisk ?? 0) - (x.valueAtRisk ?? 0) || (y.value ?? 0) - (x.value ?? 0));
      return { ...r, groups };
    },
    'ledger.list': async ({ today }: { today?: string }): Promise<ApiResponse<'ledger.list'>> => {
      const ws = ctx.workspace();
      const store = await deps.actions();
      const settings = store.ledgerSettings();
      const ix = ctx.index();
      const last = ledgerMonth(ix, ctx.settings());
      const now = last ? pointsAt(last) : new Map<string, RecheckPoint>();
      const groups = new Map(ix.groups.map((g) => [g.groupCode, g] as const));
      const day = today ?? todayIso();
      const rows: LedgerRow[] = [];
      const library = measures();
      for (const a of store.list()) {
        const g = groups.get(a.groupCode);
        if (!g) continue; // outside the scope, or the group left the data
        const rule = ownerByRule(g, settings);
        const p = now.get(a.groupCode);
        rows.push({
          action: a,
          groupName: g.groupName,
          groupClass: g.groupClass,
          region: g.region,
          accountManager: g.accountManager,
          zone: p?.zone ?? null,
          score: p?.score ?? null,
          owner: a.owner.trim() !== '' ? a.owner : rule.owner,
          ownerByRule: rule.owner,
          ownerSource: rule.source,
          overdue: isOverdue(a, day),
          recheck: recheckOf(a.groupCode, a.basePeriod, settings.recheckMonths, last),
          // the library measure in both languages (the action stores its name as written, in Chinese)
          measureName: a.measure ? (matchMeasure(a.measure, library)?.name ?? null) : null,
        });
      }
      rows.sort((x, y) => compareLedger(x.action, y.action, day));
      void ws;
      return { asOf: last, today: day, settings, rows };
    },
    'ledger.recheck': async ({ groupCode }: { groupCode: string }): Promise<ApiResponse<'ledger.recheck'>> => {
      const store = await deps.actions();
      const months = store.ledgerSettings().recheckMonths;
      const ix = ctx.index();
      const last = ledgerMonth(ix, ctx.settings());
      return store.list(groupCode).map((a) => ({ id: a.id, recheck: recheckOf(groupCode, a.basePeriod, months, last) }));
    },
    'ledger.bulkStatus': async ({ ids, status }: { ids: string[]; status: 'open' | 'done' | 'cancelled' }): Promise<ApiResponse<'ledger.bulkStatus'>> => {
      const store = await deps.actions();
      return { updated: await store.setStatus(ids, status) };
    },
    'ledger.settings': async ({ settings }: { settings?: { recheckMonths: number; chiefManager: string; minClosed?: number } }): Promise<ApiResponse<'ledger.settings'>> => {
      const store = await deps.actions();
      if (settings) await store.saveLedgerSettings(settings);
      return store.ledgerSettings();
    },
    'keyPersons.list': async ({ groupCode }: { groupCode: string }): Promise<ApiResponse<'keyPersons.list'>> => {
      const p = ctx.workspace().portfolio;
      return { available: p.keyPersons !== undefined, persons: (p.keyPersons ?? []).filter((k) => k.groupCode === groupCode) };
    },
    'keyPersons.save': async ({ groupCode, persons }: { groupCode: string; persons: KeyPerson[] }): Promise<ApiResponse<'keyPersons.save'>> => {
      const ws = ctx.workspace();
      const p = ws.portfolio;
      if (!p.groups.some((g) => g.groupCode === groupCode)) throw ctx.userError({ code: 'not-found', message: { zh: `找不到集团：${groupCode}`, en: `No such group: ${groupCode}` } });
      if (persons.some((k) => k.groupCode !== groupCode)) throw ctx.userError({ code: 'bad-request', message: { zh: '关键人不属于该集团', en: 'A key person belongs to another group' } });
      const day = keyPersonAsOfDay([factColumnsOf(p)], todayIso());
      let next: KeyPerson[];
      if (persons.length > 0) next = mergeKeyPersons(p.keyPersons ?? [], persons, day);
      else next = (p.keyPersons ?? []).filter((k) => k.groupCode !== groupCode);
      await ws.commitData({ ...p, keyPersons: next }, { files: [], summary: `key persons of ${groupCode} edited (${persons.length})` });
      return { persons: next.filter((k) => k.groupCode === groupCode) };
    },
    'keyPersons.changes': async (): Promise<ApiResponse<'keyPersons.changes'>> => {
      const ix = ctx.index();
      const last = ledgerMonth(ix, ctx.settings());
      const now = last ? pointsAt(last) : new Map<string, RecheckPoint>();
      const names = new Map(ix.groups.map((g) => [g.groupCode, g.groupName] as const));
      return keyPersonChanges(ix.portfolio.keyPersons)
        .filter((c) => names.has(c.groupCode))
        .map((c) => ({ ...c, groupName: names.get(c.groupCode) ?? c.groupCode, zone: now.get(c.groupCode)?.zone ?? null }));
    },
  };
}
