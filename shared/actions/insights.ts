/**
 * The engine glue of 什么管用 and 客户经理覆盖, shared by the backend and the CLI: zone and value
 * of every group at a month (the engine run at that month, cached), effectiveness over a ledger,
 * and coverage at the analysis month (the month the warning list shows).
 */
import { analyzePortfolio, groupRows, latestCompleteColumn, type AnalyticsSettings, type PortfolioIndex } from '../analytics';
import type { GroupAction } from './action';
import { coverage, type CoverageGroup, type CoverageResult } from './coverage';
import { effectiveness, type EffectivenessResult, type MeasureRef } from './effectiveness';
import { DEFAULT_LEDGER_SETTINGS, type LedgerSettings, type RecheckPoint } from './ledger';

export type PointsAt = (period: string) => Map<string, RecheckPoint>;

/**
 * The month the ledger judges at — the zone "now", whether a re-check's month has arrived: the last
 * complete month (the analysis month of every page), never a partial load's month (issue 13: with a
 * partial 2026-11 the 行动台账 showed almost every group 黄 while 流失预警 showed them at 2026-10).
 */
export function ledgerMonth(ix: PortfolioIndex, settings: AnalyticsSettings): string | null {
  const c = latestCompleteColumn(ix, settings);
  return c < 0 ? null : (ix.periods[c] ?? null);
}

/** Every group's zone, score and value at a month (empty outside the data), one engine run per month. */
export function monthPoints(ix: PortfolioIndex, settings: AnalyticsSettings): PointsAt {
  const months = new Map<string, Map<string, RecheckPoint>>();
  const first = ix.periods[0];
  const last = ix.periods[ix.periods.length - 1];
  return (period) => {
    let m = months.get(period);
    if (!m) {
      m = new Map();
      if (first !== undefined && last !== undefined && period >= first && period <= last) {
        const r = analyzePortfolio(ix, settings, { asOf: period, explainTop: 0 });
        for (const row of groupRows(ix, r)) m.set(row.groupCode, { period, zone: row.zone, score: row.score, value: row.value });
      }
      months.set(period, m);
    }
    return m;
  };
}

export function effectivenessOf(
  ix: PortfolioIndex,
  actions: readonly GroupAction[],
  ledger: LedgerSettings,
  pointsAt: PointsAt,
  measures: readonly MeasureRef[] = [],
  // required: the ledger month (ledgerMonth), never the raw last month, which may be a partial load
  lastPeriod: string | null,
): EffectivenessResult & { asOf: string | null } {
  const known = new Set(ix.groups.map((g) => g.groupCode));
  const r = effectiveness({
    actions: actions.filter((a) => known.has(a.groupCode)),
    pointsAt,
    lastPeriod,
    months: ledger.recheckMonths,
    minClosed: ledger.minClosed ?? DEFAULT_LEDGER_SETTINGS.minClosed,
    measures,
  });
  return { ...r, asOf: lastPeriod };
}

export function coverageOf(ix: PortfolioIndex, settings: AnalyticsSettings, actions: readonly GroupAction[], today: string): CoverageResult & { allGroups: CoverageGroup[] } {
  const r = analyzePortfolio(ix, settings, { explainTop: 0 });
  const rows = r.asOf === null ? [] : groupRows(ix, r);
  const groups = rows.map((g) => ({
    groupCode: g.groupCode,
    groupName: g.groupName,
    groupClass: g.groupClass,
    accountManager: g.accountManager,
    zone: g.zone,
    score: g.score,
    value: g.value,
    valueAtRisk: g.valueAtRisk,
  }));
  return { ...coverage(groups, actions, r.asOf, today), allGroups: groups };
}
