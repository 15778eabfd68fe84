/**
 * Gathers the figures of one quarter for the review deck from the engine and
 * the 总览's own code (buildOverview), so the deck shows the very numbers the
 * pages show. Pure given its inputs (index, settings, stored sections, actions):
 * electron/backend/review/reviewService.ts reads them from the workspace.
 */
import { withGroupCounts } from '../analytics/groupCounts';
import type { LocalText, Trace } from '../model/trace';
import type { GroupAction } from '../actions/action';
import { analyzePortfolio, backtest, keyPersonFigures, migrationMatrix, periodCompleteness, POSITIONS, QUADRANTS, retentionAt, SIGNAL_LABELS, ZONES, type AnalysisResult, type Position, type AnalyticsSettings, type PortfolioIndex } from '../analytics';
import { parsePeriod, periodFromIndex, previousPeriod, quarterOf, yearAgoPeriod } from '../util/period';
import type { ReviewActionOutcomesInput, ReviewInputs, ReviewKeyPersonsInput, ReviewPlanInput, ReviewWarningsInput, ZoneRevenueLine } from './inputs';
import { effectivenessOf, ledgerMonth, monthPoints } from '../actions/insights';
import { actionFigures } from '../actions/figures';
import { DEFAULT_LEDGER_SETTINGS, isOverdue, type LedgerSettings } from '../actions/ledger';
import { surveyMatrix, surveyWaveFor, surveyWaves } from '../analytics/surveyMatrix';
import { buildOverview } from '../overview/buildOverview';
import { competitionInputs, planScenarioInput, type ScenarioSources } from './scenarioInputs';

const T = (zh: string, en: string): LocalText => ({ zh, en });
const round2 = (x: number): number => Math.round(x * 100) / 100;

/** The quarters whose 3 months are all in the data, oldest first (as the 总览 offers them). */
export function reviewQuarters(ix: PortfolioIndex): string[] {
  const out: string[] = [];
  for (let t = 2; t < ix.nP; t++) {
    const m = ix.p0 + t;
    if (m % 12 % 3 === 2) out.push(quarterOf(m));
  }
  return out;
}

function quarterComplete(ix: PortfolioIndex, quarter: string): boolean {
  return reviewQuarters(ix).includes(quarter);
}

/** Revenue of the quarter and the quarter before per zone at the quarter's last month. */
function zoneRevenue(ix: PortfolioIndex, r: AnalysisResult, quarter: string, previousQuarter: string): ZoneRevenueLine[] {
  const cols = (q: string): number[] => parsePeriod(q).months.map((m) => m - ix.p0).filter((t) => t >= 0 && t < ix.nP);
  const cur = cols(quarter);
  const prev = cols(previousQuarter);
  const lines = new Map<string, ZoneRevenueLine>(ZONES.map((z) => [z, { zone: z, groups: 0, current: 0, previous: 0, valueAtRisk: 0 }]));
  for (let g = 0; g < ix.nG; g++) {
    const line = lines.get(ZONES[r.table.zone[g] as number] as string) as ZoneRevenueLine;
    line.groups++;
    const v = r.table.valueAtRisk[g] as number;
    if (Number.isFinite(v)) line.valueAtRisk += v;
    for (const t of cur) {
      const x = ix.m.totalRevenue[g * ix.nP + t] as number;
      if (Number.isFinite(x)) line.current += x;
    }
    for (const t of prev) {
      const x = ix.m.totalRevenue[g * ix.nP + t] as number;
      if (Number.isFinite(x)) line.previous += x;
    }
  }
  return [...lines.values()].map((l) => ({ ...l, current: round2(l.current), previous: round2(l.previous), valueAtRisk: round2(l.valueAtRisk) }));
}

function warningsInput(ix: PortfolioIndex, r: AnalysisResult, quarter: string, previousQuarter: string): ReviewWarningsInput {
  const zones = zoneRevenue(ix, r, quarter, previousQuarter);
  const red = r.warnings.filter((w) => w.zone === 'red').slice(0, 10);
  const zonesTrace: Trace = {
    rule: T(`截至 ${r.asOf} 各预警区的集团数与风险价值；收入为这些集团在 ${quarter} 与 ${previousQuarter} 的出账收入`, `Groups and value at risk per zone at ${r.asOf}; revenue of those groups in ${quarter} and ${previousQuarter}`),
    inputs: zones.map((z) => ({ label: T(`${z.zone} 区集团数`, `${z.zone} groups`), value: z.groups })),
    settings: r.kpis.zoneCounts.trace.settings,
  };
  return {
    zones,
    zonesTrace,
    valueAtRisk: r.kpis.valueAtRisk.value,
    valueAtRiskTrace: r.kpis.valueAtRisk.trace,
    topRed: red.map((w) => ({
      groupCode: w.groupCode,
      groupName: w.groupName,
      zone: w.zone,
      value: w.value,
      score: w.score,
      valueAtRisk: w.valueAtRisk,
      signals: w.firedSignals.map((id) => SIGNAL_LABELS[id]),
    })),
    topRedTrace: {
      rule: T(`截至 ${r.asOf} 红区集团，按风险价值（元/年）由高到低`, `Red-zone groups at ${r.asOf}, highest value at risk (yuan/year) first`),
      inputs: red.slice(0, 5).map((w) => ({ label: T(w.groupName, w.groupName), value: round2(w.valueAtRisk ?? 0) })),
      settings: r.kpis.valueAtRisk.trace.settings,
    },
  };
}

export function actionsInput(actions: readonly GroupAction[], names: ReadonlyMap<string, string>, quarter: string, today: string): ReviewPlanInput['actions'] {
  // overdue by the actions log's own rule (isOverdue), judged on the day the deck is built — or, for a deck
  // built before the quarter ends, at the quarter's end (the meeting): a deck built in December does not say
  // "0 overdue" beside actions due in October while the 行动台账 marks them 已逾期
  const last = parsePeriod(quarter).months[2] as number;
  const afterEnd = `${periodFromIndex(last + 1)}-01`;
  const at = today > afterEnd ? today : afterEnd;
  const open = actions.filter((a) => a.status === 'open');
  const overdue = open.filter((a) => isOverdue(a, at)).length;
  const causes = ['service', 'competition', 'special'] as const;
  const list = [...open]
    .sort((a, b) => (a.due ?? '9999') < (b.due ?? '9999') ? -1 : (a.due ?? '9999') > (b.due ?? '9999') ? 1 : a.groupCode < b.groupCode ? -1 : 1)
    .slice(0, 8)
    .map((a) => ({ groupCode: a.groupCode, groupName: names.get(a.groupCode) ?? a.groupCode, cause: a.cause, action: a.action, owner: a.owner, due: a.due, status: a.status }));
  return {
    total: actions.length,
    open: open.length,
    done: actions.filter((a) => a.status === 'done').length,
    cancelled: actions.filter((a) => a.status === 'cancelled').length,
    overdue,
    byCause: causes.map((cause) => ({ cause, open: open.filter((a) => a.cause === cause).length })),
    list,
    trace: {
      rule: T(
        `行动记录（行动台账与集团详情）中的行动；逾期 = 进行中且期限早于 ${at}（生成当天；在季末前生成时取 ${quarter} 末的次日），与行动台账同一规则`,
        `Actions in the actions log (group detail); overdue = open and due before ${at} (the day the deck is built; built before the end of ${quarter}, the day after it), the actions log's own rule`,
      ),
      inputs: [
        { label: T('全部行动', 'All actions'), value: actions.length },
        { label: T('进行中', 'Open'), value: open.length },
        { label: T('逾期', 'Overdue'), value: overdue },
      ],
      settings: [],
    },
  };
}

/** 关键人 at the quarter's last month, by the key-person signal's rule. */
export function keyPersonsInput(ix: PortfolioIndex, r: AnalysisResult): ReviewKeyPersonsInput {
  const f = keyPersonFigures(ix, r);
  return {
    available: f.available,
    days: f.days,
    groups: f.groups,
    personsOnRecord: f.personsOnRecord,
    noKeyPersons: f.noKeyPersons.count,
    noDecisionMaker: f.noDecisionMaker.count,
    poached: f.poached.count,
    changed: f.changed.count,
    notContacted: f.notContacted.count,
    poachedNames: f.poached.groups.slice(0, 3).map((g) => g.groupName),
    trace: f.trace,
  };
}

/** Outcomes and 什么管用 of the closed actions, from the ledger's own functions (shared/actions/figures.ts). */
export function actionOutcomesInput(ix: PortfolioIndex, s: AnalyticsSettings, actions: readonly GroupAction[], ledger: LedgerSettings, measures: readonly { id: string; name: LocalText }[], today: string): ReviewActionOutcomesInput {
  const pointsAt = monthPoints(ix, s);
  const month = ledgerMonth(ix, s);
  const eff = effectivenessOf(ix, actions, ledger, pointsAt, measures, month);
  const a = actionFigures(ix, actions, eff, ledger.recheckMonths, pointsAt, today, month);
  const e = a.effectiveness;
  const ms = e.byMeasure
    .filter((m) => m.measureId !== null && m.enough && m.retentionRate !== null)
    .sort((x, y) => (y.retentionRate ?? 0) - (x.retentionRate ?? 0) || y.closed - x.closed);
  return {
    closed: e.closed,
    retained: a.outcomes.retained,
    partly: a.outcomes.partly,
    lost: a.outcomes.lost,
    retentionRate: e.retentionRate,
    minClosed: e.minClosed,
    measures: ms.map((m) => ({ label: m.label, closed: m.closed, retentionRate: m.retentionRate })),
    rechecked: a.recheck.done,
    scoreDown: a.recheck.scoreDown,
    trace: {
      rule: T(
        `${a.trace.rule.zh}；按措施的保住率只列已完成行动不少于 ${e.minClosed} 项的措施`,
        `${a.trace.rule.en}; retention by measure lists only measures with at least ${e.minClosed} closed actions`,
      ),
      inputs: [
        ...a.trace.inputs,
        { label: T('保住', 'Retained'), value: a.outcomes.retained },
        { label: T('部分保住', 'Partly'), value: a.outcomes.partly },
        { label: T('流失', 'Lost'), value: a.outcomes.lost },
        ...ms.map((m) => ({ label: T(`${m.label.zh} 保住率（${m.closed} 项）`, `${m.label.en} retention (${m.closed} closed)`), value: m.retentionRate === null ? '—' : Math.round(m.retentionRate * 10_000) / 10_000 })),
      ],
      settings: a.trace.settings,
    },
  };
}

/** Every placed group's [value, score] per value × risk cell. */
function quadrantPoints(r: AnalysisResult): Record<string, [number, number][]> {
  const out: Record<string, [number, number][]> = {};
  const cells = QUADRANTS.valueRisk.cells;
  for (let g = 0; g < r.table.size; g++) {
    const pos = r.table.quadrant.valueRisk[g] as number;
    if (pos < 0) continue;
    const id = cells[POSITIONS[pos] as Position].id;
    (out[id] ??= []).push([round2(r.table.value[g] as number), r.table.score[g] as number]);
  }
  return out;
}

/** Every placed group's [value, score] per warning zone (the 价值象限 page colours its points by zone). */
function quadrantZonePoints(r: AnalysisResult): Record<string, [number, number][]> {
  const out: Record<string, [number, number][]> = {};
  for (let g = 0; g < r.table.size; g++) {
    if ((r.table.quadrant.valueRisk[g] as number) < 0) continue;
    const zone = ZONES[r.table.zone[g] as number] ?? 'white';
    (out[zone] ??= []).push([round2(r.table.value[g] as number), r.table.score[g] as number]);
  }
  return out;
}

export interface ReviewInputOptions {
  quarter: string;
  branchName: string;
  actions: readonly GroupAction[];
  scenarios: ScenarioSources;
  now?: Date;
  /** the 行动台账 settings (re-check window, minimum closed actions); default the ledger's defaults */
  ledger?: LedgerSettings;
}

export function collectReviewInputs(ix: PortfolioIndex, s: AnalyticsSettings, o: ReviewInputOptions): ReviewInputs {
  const { quarter } = o;
  if (!quarterComplete(ix, quarter)) {
    const have = reviewQuarters(ix);
    throw new RangeError(
      `${quarter} 的 3 个月不全在数据中（可选：${have.join('、') || '无'}） / ${quarter} is not fully in the data (available: ${have.join(', ') || 'none'})`,
    );
  }
  const parsed = parsePeriod(quarter);
  const previousQuarter = previousPeriod(parsed);
  const yearAgoQuarter = yearAgoPeriod(parsed);
  const overview = buildOverview(ix, s, quarter);
  const asOf = overview.asOf as string;
  const r = analyzePortfolio(ix, s, { asOf, explainTop: 0 });
  // incomplete months: say whether the quarter leaves them out (the default quarter does) or holds them
  let completenessNote: LocalText | null = null;
  const incompleteMonths: string[] = [];
  const bad = periodCompleteness(ix, s).filter((c) => !c.complete && c.reason);
  if (bad.length > 0) {
    const inQuarter = bad.filter((c) => overview.months.includes(c.period));
    for (const c of bad) if (!overview.months.includes(c.period)) incompleteMonths.push(c.period);
    const zh = bad.map((c) => (c.reason as LocalText).zh).join('；');
    const en = bad.map((c) => (c.reason as LocalText).en).join('; ');
    completenessNote =
      inQuarter.length > 0
        ? T(`注意：${quarter} 含不完整的月份（${zh}），本季数字偏低`, `Note: ${quarter} holds incomplete months (${en}); its figures are low`)
        : T(`数据完整性：${zh}；本回顾为 ${quarter}，不含不完整的月份`, `Data completeness: ${en}; this review is of ${quarter}, which holds no incomplete month`);
  }

  // retention against the settings' snapshot month (default 12 months before the quarter's last month: the same quarter a year earlier)
  let ret: ReviewInputs['retention'] = null;
  const rr = retentionAt(ix, s, ix.periods.indexOf(asOf), ix.portfolio.memberSnapshots);
  if (rr.groups && rr.detail) {
    ret = {
      snapshot: rr.snapshot,
      snapshotCount: rr.groups.snapshotCount,
      stillActive: rr.groups.stillActive,
      countRetention: rr.groups.count.value,
      valueRetention: rr.groups.value.value,
      trace: rr.detail.groups.trace,
      countTrace: rr.groups.count.trace,
      valueTrace: rr.groups.value.trace,
    };
  }

  const q = r.quadrants.valueRisk;
  const quadrant: ReviewInputs['quadrant'] = {
    label: q.label,
    xLabel: q.x.label,
    yLabel: q.y.label,
    cells: q.cells.map((c) => ({ id: c.id, position: c.position, name: c.name, action: c.action, count: c.count, value: round2(c.value), valueShare: c.valueShare })),
    placed: q.placed,
    notPlaced: q.notPlaced,
    white: q.white,
    scoreScale: { max: r.scoreScale.max, cutOffs: r.scoreScale.cutOffs, rule: r.scoreScale.rule },
    points: quadrantPoints(r),
    zonePoints: quadrantZonePoints(r),
    split: { x: q.x.value, y: q.y.value },
    trace: withGroupCounts(q.trace, r.groupCounts, s.value.windowMonths, 'valueRisk'),
  };

  let migration: ReviewInputs['migration'] = null;
  if (quarterComplete(ix, previousQuarter)) {
    const m = migrationMatrix(ix, s, { quadrant: 'valueRisk', from: previousQuarter, to: quarter });
    migration = {
      from: m.from.period,
      to: m.to.period,
      cells: m.cells.map((c) => ({ id: c.id, name: c.name })),
      counts: m.counts,
      left: m.leftQuadrant.counts,
      entered: m.enteredQuadrant.counts,
      stayed: m.stayed,
      moved: m.moved,
      trace: m.trace,
    };
  }

  const bt = backtest(ix, s, { asOf });
  const backtestInput: ReviewInputs['backtest'] =
    bt.status === 'ok'
      ? {
          status: 'ok',
          auc: bt.auc,
          baseRate: bt.baseRate,
          rows: bt.rows,
          monthsUsed: bt.monthsUsed,
          lift: bt.lift,
          thresholds: bt.thresholds.map((t) => ({
            zone: t.zone,
            precision: t.precision,
            recall: t.recall,
            flagged: t.flagged,
            precisionCaveat: t.precisionCaveat,
            recallCaveat: t.recallCaveat,
          })),
          logisticAuc: bt.logistic.status === 'ok' ? bt.logistic.auc : null,
          caveat: bt.caveat,
          logisticCaveat: bt.logistic.status === 'ok' ? bt.logistic.caveat : null,
          trace: bt.trace,
        }
      : { status: 'insufficient', reason: bt.reason };

  const names = new Map<string, string>();
  for (const g of ix.portfolio.groups) names.set(g.groupCode, g.groupName);

  // the satisfaction survey (seed 001): branch-wide, the latest wave that ends by the quarter's end (answers without a period: all of them)
  let survey: ReviewInputs['survey'] = null;
  const answers = ix.portfolio.surveyResponses ?? [];
  if (answers.length > 0) {
    const waves = surveyWaves(answers);
    const wave = waves.length > 0 ? surveyWaveFor(waves, quarter) : null;
    survey = { matrix: waves.length === 0 || wave !== null ? surveyMatrix(answers, s, wave !== null ? { period: wave } : {}) : null, waves };
  }

  return {
    quarter,
    previousQuarter,
    yearAgoQuarter,
    branchName: o.branchName,
    builtAt: (o.now ?? new Date()).toISOString(),
    overview,
    completenessNote,
    incompleteMonths,
    retention: ret,
    quadrant,
    migration,
    warnings: warningsInput(ix, r, quarter, previousQuarter),
    keyPersons: keyPersonsInput(ix, r),
    backtest: backtestInput,
    survey,
    outsideScope: ix.portfolio.outsideScope ? { keyPersons: ix.portfolio.outsideScope.keyPersons, surveyResponses: ix.portfolio.outsideScope.surveyResponses } : null,
    competition: competitionInputs(o.scenarios),
    plan: {
      scenario: planScenarioInput(o.scenarios),
      actions: actionsInput(o.actions, names, quarter, (o.now ?? new Date()).toISOString().slice(0, 10)),
      outcomes: actionOutcomesInput(ix, s, o.actions, { ...DEFAULT_LEDGER_SETTINGS, ...o.ledger }, o.scenarios.library.counters.map((c) => ({ id: c.id, name: c.name })), (o.now ?? new Date()).toISOString().slice(0, 10)),
    },
  };
}
