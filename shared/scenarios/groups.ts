/**
 * The per-group facts the scenario engine filters on and simulates from,
 * taken from the analytics engine's index and result (one column per field,
 * index = position in the engine's sorted codes), and GroupFilter matching.
 */
import { QUADRANTS, POSITIONS, STAGE_RULES, STAGES, type AnalysisResult, type PortfolioIndex, type QuadrantId } from '../analytics';
import { stageOfRule } from '../analytics/lifecycle';
import { monthEndDay } from '../analytics/columnar';
import { periodIndex } from '../util/period';
import { STAGE_IDS, VALUE_RISK_CELLS, ZONE_IDS, type GroupFilter, type ScenarioScope, type ScenarioStage, type ScenarioZone, type ValueRiskCell } from './types';

/** Monthly growth used for the baseline is clamped to this band (a 3-month trend extrapolated over 2 years must not explode). */
export const GROWTH_CLAMP = { min: -0.05, max: 0.03 } as const;
const DAYS_PER_MONTH = 365.25 / 12;

export interface ScenarioGroups {
  size: number;
  /** the analysis month, YYYY-MM (null without data) */
  asOf: string | null;
  codes: readonly string[];
  names: readonly string[];
  industry: readonly (string | null)[];
  groupClass: readonly (string | null)[];
  region: readonly (string | null)[];
  accountManager: readonly (string | null)[];
  competitorPresence: readonly (string | null)[];
  /** index into ZONE_IDS */
  zone: Uint8Array;
  /** lifecycle stage: index into STAGE_IDS (= the engine's STAGES), 255 = unknown (too little history) */
  stage: Uint8Array;
  /** cell index per framework (index into POSITIONS, −1 = not placed) */
  quadrant: Record<QuadrantId, Int8Array>;
  /** current value, 元/月 (0 when unknown) */
  value: Float64Array;
  /** the engine's short trend as a fraction (NaN = unknown) */
  trendPct: Float64Array;
  /** months the short trend spans */
  trendMonths: number;
  /** monthly growth used for the baseline (clamped, 0 when unknown) */
  growth: Float64Array;
  members: Float64Array;
  /** 1 yes, 0 no, −1 unknown */
  sanGao: Int8Array;
  /** months from the end of the as-of month to the contract end (NaN = no contract or unknown; ≤ 0 = ended) */
  contractMonthsLeft: Float64Array;
  /** 1 = no contract on file (and the column was imported) */
  contractNone: Uint8Array;
  /** 1 when the group has data up to the as-of month and a positive value */
  active: Uint8Array;
}

export function scenarioGroups(ix: PortfolioIndex, r: AnalysisResult): ScenarioGroups {
  const n = ix.nG;
  const t = r.table;
  const trendMonths = r.settings.trend.shortMonths;
  const growth = new Float64Array(n);
  const value = new Float64Array(n);
  const active = new Uint8Array(n);
  const zone = new Uint8Array(n);
  const stage = new Uint8Array(n).fill(255);
  for (let g = 0; g < n; g++) {
    const rule = STAGE_RULES[t.stageRule[g] ?? 255];
    const st = rule === undefined ? null : stageOfRule(rule);
    if (st !== null) stage[g] = STAGES.indexOf(st);
    const v = t.value[g] ?? NaN;
    value[g] = Number.isFinite(v) && v > 0 ? v : 0;
    active[g] = (t.history[g] ?? 0) > 0 && value[g]! > 0 ? 1 : 0;
    const pct = t.trendShortPct[g] ?? NaN;
    let gr = Number.isFinite(pct) && pct > -1 ? Math.pow(1 + pct, 1 / trendMonths) - 1 : 0;
    if (gr < GROWTH_CLAMP.min) gr = GROWTH_CLAMP.min;
    if (gr > GROWTH_CLAMP.max) gr = GROWTH_CLAMP.max;
    growth[g] = gr;
    // the engine's zone index follows ZONES = ZONE_IDS
    zone[g] = t.zone[g] ?? ZONE_IDS.indexOf('white');
  }
  const contractMonthsLeft = new Float64Array(n).fill(NaN);
  const asOf = r.asOf;
  if (asOf !== null) {
    const end = monthEndDay(periodIndex(asOf));
    for (let g = 0; g < n; g++) {
      const d = ix.contractEndDay[g] ?? NaN;
      if (Number.isFinite(d)) contractMonthsLeft[g] = (d - end) / DAYS_PER_MONTH;
    }
  }
  return {
    size: n,
    asOf,
    codes: ix.codes,
    names: ix.names,
    industry: ix.groups.map((g) => g.industry),
    groupClass: ix.groups.map((g) => g.groupClass),
    region: ix.groups.map((g) => g.region),
    accountManager: ix.groups.map((g) => g.accountManager),
    competitorPresence: ix.groups.map((g) => g.competitorPresence),
    zone,
    stage,
    quadrant: t.quadrant,
    value,
    trendPct: t.trendShortPct,
    trendMonths,
    growth,
    members: t.members,
    sanGao: t.sanGao,
    contractMonthsLeft,
    contractNone: ix.contractNone,
    active,
  };
}

/** The lifecycle stage of a group, null when unknown. */
export function stageOf(groups: ScenarioGroups, g: number): ScenarioStage | null {
  return STAGE_IDS[groups.stage[g] ?? 255] ?? null;
}

export function zoneOf(groups: ScenarioGroups, g: number): ScenarioZone {
  return ZONE_IDS[groups.zone[g] ?? 4] ?? 'white';
}

/** The value × risk cell id of a group, null when not placed. */
export function valueRiskCellOf(groups: ScenarioGroups, g: number): ValueRiskCell | null {
  const p = groups.quadrant.valueRisk[g] ?? -1;
  const pos = POSITIONS[p];
  if (pos === undefined) return null;
  const id = QUADRANTS.valueRisk.cells[pos].id;
  return (VALUE_RISK_CELLS as readonly string[]).includes(id) ? (id as ValueRiskCell) : null;
}

const NO_COMPETITOR = new Set(['', '无', '没有', 'none', 'no', '否', '-', '—']);

export function hasCompetitor(presence: string | null): boolean {
  if (presence === null) return false;
  return !NO_COMPETITOR.has(presence.trim().toLowerCase());
}

/** One flag per group: 1 when the filter matches. Inactive groups (no data or no value) never match. */
export function filterMask(groups: ScenarioGroups, filter: GroupFilter): Uint8Array {
  const n = groups.size;
  const out = new Uint8Array(n);
  const industries = filter.industries ? new Set(filter.industries) : null;
  const classes = filter.groupClasses ? new Set(filter.groupClasses) : null;
  const regions = filter.regions ? new Set(filter.regions) : null;
  const zones = filter.zones ? new Set(filter.zones.map((z) => ZONE_IDS.indexOf(z))) : null;
  const cells = filter.quadrantCells ? new Set<string>(filter.quadrantCells) : null;
  const stages = filter.stages ? new Set(filter.stages.map((st) => STAGE_IDS.indexOf(st))) : null;
  const codes = filter.groupCodes ? new Set(filter.groupCodes) : null;
  const competitors = filter.competitors?.filter((c) => c.trim() !== '') ?? null;
  for (let g = 0; g < n; g++) {
    if (groups.active[g] !== 1) continue;
    if (industries && !industries.has(groups.industry[g] ?? '')) continue;
    if (classes && !classes.has(groups.groupClass[g] ?? '')) continue;
    if (regions && !regions.has(groups.region[g] ?? '')) continue;
    if (zones && !zones.has(groups.zone[g] ?? -1)) continue;
    if (stages && !stages.has(groups.stage[g] ?? 255)) continue;
    if (cells) {
      const cell = valueRiskCellOf(groups, g);
      if (cell === null || !cells.has(cell)) continue;
    }
    const presence = groups.competitorPresence[g] ?? null;
    if (filter.competitorPresent !== undefined && hasCompetitor(presence) !== filter.competitorPresent) continue;
    if (competitors && (presence === null || !competitors.some((c) => presence.includes(c)))) continue;
    if (filter.contractEndWithinMonths !== undefined) {
      const left = groups.contractMonthsLeft[g] ?? NaN;
      const none = groups.contractNone[g] === 1;
      if (!(none || (Number.isFinite(left) && left <= filter.contractEndWithinMonths))) continue;
    }
    const members = groups.members[g] ?? NaN;
    if (filter.minMembers !== undefined && !(members >= filter.minMembers)) continue;
    if (filter.maxMembers !== undefined && !(members <= filter.maxMembers)) continue;
    if (filter.sanGao !== undefined && (groups.sanGao[g] ?? -1) !== (filter.sanGao ? 1 : 0)) continue;
    if (codes && !codes.has(groups.codes[g] ?? '')) continue;
    out[g] = 1;
  }
  return out;
}

/** The groups a scenario's scope takes. */
export function scopeMask(groups: ScenarioGroups, scope: ScenarioScope): Uint8Array {
  switch (scope.kind) {
    case 'branch':
      return filterMask(groups, {});
    case 'zone':
      return filterMask(groups, { zones: scope.zones });
    case 'filter':
      return filterMask(groups, scope.filter);
    case 'list':
      return filterMask(groups, { groupCodes: scope.groupCodes });
    case 'cell': {
      const fw: QuadrantId = scope.framework ?? 'valueRisk';
      const def = QUADRANTS[fw];
      const pos = POSITIONS.findIndex((p) => def.cells[p].id === scope.cell);
      const all = filterMask(groups, {});
      const col = groups.quadrant[fw];
      for (let g = 0; g < groups.size; g++) if (all[g] === 1 && (pos < 0 || col[g] !== pos)) all[g] = 0;
      return all;
    }
  }
}
