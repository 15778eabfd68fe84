/** `holdfast analyze`: the same analysis the 总览 and 流失预警 pages show, as JSON for analysts. */
import { formatCount, formatDecimal, formatPercent } from '../../shared/review/format';
import { factCount, factPeriods } from '../../shared/model/factColumns';
import path from 'node:path';
import { analyzePortfolio, buildIndex, groupRows, keyPersonFigures, parseSettings, retentionAt, retentionSummary, type AnalyticsSettings, type PortfolioIndex } from '../../shared/analytics';
import { surveyMatrix, surveyMatrixJson } from '../../shared/analytics/surveyMatrix';
import { buildAnalysisView } from '../../shared/views/analysisView';
import { signalView } from '../../shared/views/groupDetailView';
import { isWorkspace, OpenWorkspace } from '../backend/storage/workspaceStore';
import type { Flags } from './args';
import { UsageError } from './args';
import { restrictPortfolio, scopeLabel } from '../../shared/model/scope';
import { parsePeriod, PERIOD_SHAPE_RE, periodFromIndex, QUARTER_RE } from '../../shared/util/period';
import { scopeFromFlags } from './scopeFlags';
import { ActionsSectionSchema } from '../backend/storage/actionsStore';
import { DEFAULT_LEDGER_SETTINGS } from '../../shared/actions/ledger';
import { coverageOf, effectivenessOf, ledgerMonth, monthPoints } from '../../shared/actions/insights';
import { actionFigures } from '../../shared/actions/figures';
import { mergeLibrary, SHIPPED_COUNTERS } from '../../shared/scenarios';
import { ScenarioStore } from '../backend/scenarios/scenarioStore';
import type { OpenWorkspace as Ws } from '../backend/storage/workspaceStore';

/**
 * 什么管用, 客户经理覆盖 and the ledger in figures (open, overdue, outcomes, re-checks, by measure:
 * shared/actions/figures.ts) over the workspace's actions ledger, as the 行动台账 page shows them
 * (a damaged actions section gives null with the reason, never a crash).
 */
export function ledgerFigures(ws: Ws, ix: PortfolioIndex, settings: AnalyticsSettings, today: string) {
  const raw = ws.section('actions');
  const parsed = ActionsSectionSchema.safeParse(raw ?? { version: 1, actions: [] });
  if (!parsed.success) return { effectiveness: null, coverage: null, actions: null, ledgerProblem: `the actions section of workspace.json is damaged: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  const ledger = { ...DEFAULT_LEDGER_SETTINGS, ...parsed.data.settings };
  let measures: { id: string; name: { zh: string; en: string } }[];
  try {
    measures = mergeLibrary(new ScenarioStore(ws).libraryEdits()).counters.map((c) => ({ id: c.id, name: c.name }));
  } catch {
    measures = SHIPPED_COUNTERS.map((c) => ({ id: c.id, name: c.name })); // a damaged library section: the shipped names
  }
  const actions = parsed.data.actions;
  const pointsAt = monthPoints(ix, settings);
  const month = ledgerMonth(ix, settings);
  const effectiveness = effectivenessOf(ix, actions, ledger, pointsAt, measures, month);
  const { allGroups, ...coverage } = coverageOf(ix, settings, actions, today);
  void allGroups;
  return { effectiveness, coverage, actions: actionFigures(ix, actions, effectiveness, ledger.recheckMonths, pointsAt, today, month), ledgerProblem: null };
}

/**
 * Every group for `--all`: zone (with the reason when white), score (0–100),
 * stage, value × risk cell (null for white groups: they get none), and the
 * fired signals in the shape of `analysis.group`'s signals — for every group,
 * not only the warned ones the warning list explains.
 */
export function allGroups(ix: PortfolioIndex, settings: AnalyticsSettings, asOf: string | null, warnings: ReturnType<typeof buildAnalysisView>['warnings']) {
  if (asOf === null) return [];
  const r = analyzePortfolio(ix, settings, { asOf, explainTop: 0 });
  const rows = new Map(groupRows(ix, r, { explain: true }).map((row) => [row.groupCode, row]));
  return warnings.map((w) => {
    const row = rows.get(w.groupCode);
    const signals = (row?.signals ?? []).map(signalView);
    return {
      groupCode: w.groupCode,
      score: w.score,
      zone: w.zone,
      zoneRule: w.zoneRule,
      stage: w.stage,
      valueRiskCell: w.valueRiskCell,
      fired: signals.map((s) => s.id),
      signals,
    };
  });
}

/** keyPersonFigures at the analysis month, without its trace (the JSON says the rule once, in `rule`). */
export function keyPersonsOut(ix: PortfolioIndex, settings: AnalyticsSettings, asOf: string | null) {
  const r = analyzePortfolio(ix, settings, { ...(asOf === null ? {} : { asOf }), explainTop: 0 });
  const { trace, ...f } = keyPersonFigures(ix, r);
  return { ...f, rule: trace.rule };
}

export async function runAnalyze(flags: Flags): Promise<number> {
  const dir = path.resolve(flags.string('workspace'));
  if (!(await isWorkspace(dir))) throw new UsageError(`${dir} is not a Holdfast workspace (no workspace.json)`);
  const asOf = flags.optionalString('as-of');
  if (asOf !== undefined && !PERIOD_SHAPE_RE.test(asOf)) throw new UsageError('--as-of must be YYYY-MM or YYYYQn');
  const topText = flags.optionalString('top');
  const top = topText === undefined ? 20 : Number(topText);
  if (!Number.isInteger(top) || top < 0) throw new UsageError('--top must be a whole number');
  const ws = await OpenWorkspace.open(path.basename(dir), dir);
  const { settings, issues } = parseSettings(ws.rawSettings);
  const scope = scopeFromFlags(flags, ws.portfolio);
  const portfolio = restrictPortfolio(ws.portfolio, scope);
  if (asOf !== undefined && factCount(portfolio) > 0) {
    const periods = factPeriods(portfolio);
    const first = periods.reduce((a, b) => (a < b ? a : b));
    const month = QUARTER_RE.test(asOf) ? periodFromIndex(parsePeriod(asOf).months[2] as number) : asOf;
    if (month < first) throw new UsageError(`--as-of ${asOf} is before the first period in the workspace (${first})`);
  }
  const ix = buildIndex(portfolio);
  const view = buildAnalysisView(portfolio, settings, issues, asOf, ix);
  const warned = view.warnings.filter((w) => w.zone === 'red' || w.zone === 'yellow');
  // the satisfaction survey's importance × satisfaction matrix (seed 001), branch-wide over the latest wave; null without a survey
  const survey = portfolio.surveyResponses ? surveyMatrix(portfolio.surveyResponses, settings) : null;
  const out = {
    workspace: dir,
    scope: { ...scope, label: scopeLabel(scope), groups: portfolio.groups.length },
    asOf: view.asOf,
    /** why the default month is not the data's last one (incomplete last month), else null */
    asOfNote: view.defaultNote,
    incompletePeriods: view.incomplete.map((c) => ({ period: c.period, reason: c.reason })),
    kpis: Object.fromEntries(Object.entries(view.kpis).map(([k, f]) => [k, f.value])),
    zones: view.zones.counts,
    scoreScale: view.scoreScale,
    quadrant: {
      valueRisk: view.valueRisk.cells.map((c) => ({ cell: c.id, name: c.name.zh, count: c.count, valueShare: c.valueShare })),
      xSplit: view.valueRisk.xSplit,
      ySplit: view.valueRisk.ySplit,
    },
    warnings: warned.slice(0, top).map((w) => ({
      groupCode: w.groupCode,
      groupName: w.groupName,
      zone: w.zone,
      score: w.score,
      valueAtRisk: w.valueAtRisk,
      signals: w.signals.map((s) => ({ id: s.id, points: s.points, zh: s.explanation.zh, en: s.explanation.en })),
    })),
    warningsTotal: warned.length,
    backtest: view.backtest,
    /** 满意度调查: the four cells (罪魁祸首 fix first, 忠诚关键, 满意区域, 潜在流失) with their factors, or null when no survey is imported */
    survey: survey ? surveyMatrixJson(survey) : null,
    /** count and value retention, groups and members, against the settings' snapshot month (retentionAt; the 总览's retention card) */
    retention: view.asOf === null ? null : retentionSummary(retentionAt(ix, settings, ix.periods.indexOf(view.asOf), ix.portfolio.memberSnapshots)),
    /** 关键人 at asOf, by the key-person signal's own rule (shared/analytics/keyPersonFigures.ts) */
    keyPersons: keyPersonsOut(ix, settings, view.asOf),
    /**
     * 什么管用 (closed actions by measure and cause, vs comparable groups), 客户经理覆盖 (per account manager,
     * 管理真空) and actions (open, overdue, outcomes, re-checks, retention by measure)
     */
    ...ledgerFigures(ws, ix, settings, new Date().toISOString().slice(0, 10)),
    settings,
    settingsIssues: issues,
    ...(flags.has('all')
      ? { groups: allGroups(ix, settings, view.asOf, view.warnings) }
      : {}),
  };
  if (flags.has('json')) console.log(JSON.stringify(out, null, 2));
  else {
    console.log(`As of ${out.asOf ?? '—'}${asOf === undefined ? (out.asOfNote ? ` (${out.asOfNote.en})` : ' (the last complete month)') : ''}: ${JSON.stringify(out.zones)}`);
    console.log(view.scoreScale.rule.en);
    for (const w of out.warnings) console.log(`${w.zone.padEnd(6)} ${String(w.score).padStart(3)}/${view.scoreScale.max}  ${w.groupName}  ${w.signals.map((s) => s.zh).join('；')}`);
    if (view.backtest.status === 'ok') {
      const c = view.backtest.caveat;
      // two decimals, as 流失预警 and the deck write it
      console.log(`Back-test AUC ${formatDecimal(view.backtest.auc ?? null, 2)} over ${formatCount(view.backtest.monthsUsed)} months${c ? ` (${c.en})` : ''}`);
    }
    else console.log(view.backtest.reason.en);
    if (out.survey) {
      const fix = out.survey.cells.find((c) => c.id === 'fixFirst');
      console.log(`Survey ${out.survey.period ?? ''} (${out.survey.answers} answers), fix first: ${fix && fix.factors.length > 0 ? fix.factors.map((f) => f.factor).join(', ') : '—'}`);
    }
    const r = out.retention;
    if (r?.groups) {
      const m = r.members;
      console.log(
        `Retention vs the ${r.snapshot} snapshot: groups ${formatPercent(r.groups.count.value)} by count, ${formatPercent(r.groups.value.value)} by value; ` +
          (m ? `members ${formatPercent(m.count.value)} by count, ${formatPercent(m.value.value)} by value` : (r.membersReason?.en ?? '')),
      );
    } else if (r?.reason) console.log(`Retention: ${r.reason.en}`);
    const kp = out.keyPersons;
    if (kp.available) console.log(`Key persons: ${formatCount(kp.personsOnRecord)} on record; no decision maker ${formatCount(kp.noDecisionMaker.count)}, seen with a competitor ${formatCount(kp.poached.count)}, changed within ${kp.days} days ${formatCount(kp.changed.count)}, not contacted for ${kp.days}+ days ${formatCount(kp.notContacted.count)} groups`);
    const a = out.actions;
    if (a) console.log(`Actions: ${formatCount(a.open)} open (${formatCount(a.overdue)} overdue), ${formatCount(a.done)} done; retention of closed actions ${formatPercent(a.effectiveness.retentionRate)}`);
  }
  return 0;
}
