/** Maps the analytics engine's result to the views' contract shape (value × risk, warnings, back-test). */
import type { LocalText } from '../model/trace';
import type { AnalysisView, BacktestView, WarningRow } from '../model/analysisView';
import { analyzePortfolio, backtest, buildIndex, groupRows, STAGE_LABELS, type AnalyticsSettings, type GroupRow, type PortfolioIndex } from '../analytics';
import type { Portfolio } from '../model/portfolio';
import { daysToContractEnd } from './warningsQuery';
import { valueRiskFrame } from './valueRiskFrame';

function emptyView(r: ReturnType<typeof analyzePortfolio>, settings: AnalyticsSettings, settingsIssues: { key: string; message: string }[]): AnalysisView {
  const none: LocalText = { zh: '尚无出账数据', en: 'No billing data yet' };
  const figure = { value: null, trace: { rule: none, inputs: [], settings: [] } };
  return {
    asOf: null,
    periods: r.periods,
    defaultNote: null,
    incomplete: [],
    kpis: { groups: r.kpis.groups, activeGroups: figure, latestRevenue: figure, unifiedShare: figure, topShare: figure, valueAtRisk: figure },
    zones: { counts: { red: 0, yellow: 0, blue: 0, green: 0, white: 0 }, trace: { rule: none, inputs: [], settings: [] } },
    valueRisk: {
      xLabel: { zh: '当前价值', en: 'Current value' },
      yLabel: { zh: '预警分', en: 'Warning score' },
      xSplit: null,
      ySplit: null,
      cells: [],
      points: [],
      trace: { rule: none, inputs: [], settings: [] },
    },
    warnings: [],
    backtest: { status: 'insufficient', needMonths: settings.backtest.minMonths, haveMonths: 0, reason: none },
    settingsIssues,
    zoneLossProbability: { ...settings.warnings.lossProbability },
    scoreScale: r.scoreScale,
  };
}

const ZONE_ORDER: Record<string, number> = { red: 0, yellow: 1, blue: 2, white: 3, green: 4 };

/**
 * `index` is the engine's columnar index of `portfolio`; build it once per data
 * load (buildIndex) and pass it in — it is the expensive part.
 */
export function buildAnalysisView(
  portfolio: Portfolio,
  settings: AnalyticsSettings,
  settingsIssues: { key: string; message: string }[],
  asOf?: string,
  index?: PortfolioIndex,
): AnalysisView {
  const ix = index ?? buildIndex(portfolio);
  const r = analyzePortfolio(ix, settings, asOf ? { asOf } : {});
  if (r.asOf === null || !r.quadrants.valueRisk) return emptyView(r, settings, settingsIssues);
  const contractEnd = new Map(portfolio.groups.map((g) => [g.groupCode, g.contractEnd]));
  const q = r.quadrants.valueRisk;

  // Every group's row; the fired signals are explained for the groups that are warned (red, yellow, blue).
  const plain = groupRows(ix, r);
  const warnedCodes = plain.filter((row) => row.zone === 'red' || row.zone === 'yellow' || row.zone === 'blue').map((row) => row.groupCode);
  const explained = new Map(groupRows(ix, r, { codes: warnedCodes, explain: true }).map((row) => [row.groupCode, row]));
  const rows: GroupRow[] = plain.map((row) => explained.get(row.groupCode) ?? row);

  const warnings: WarningRow[] = rows
    .map((row) => ({
      groupCode: row.groupCode,
      groupName: row.groupName,
      groupClass: row.groupClass,
      industry: row.industry,
      region: row.region,
      accountManager: row.accountManager,
      contractEnd: contractEnd.get(row.groupCode) ?? null,
      contractDays: daysToContractEnd(contractEnd.get(row.groupCode) ?? null, r.asOf),
      zone: row.zone,
      zoneRule: r.rules.zone[row.zoneRule],
      score: row.score,
      maxAvailableScore: row.maxAvailableScore,
      valueAtRisk: row.valueAtRisk,
      value: row.value,
      latestRevenue: row.latestRevenue,
      trendShortPct: row.trendShortPct,
      stage: row.stage,
      stageLabel: row.stage ? STAGE_LABELS[row.stage] : null,
      stageRule: row.stageRule && row.signals ? r.rules.stage[row.stageRule] : null,
      valueRiskCell: row.quadrants.valueRisk,
      signals: (row.signals ?? []).filter((s) => s.fired).map((s) => ({ id: s.id, label: s.label, points: s.points, explanation: s.explanation })),
      // Listed for the warned groups only: at 50,000 groups the same few labels repeated on every row cost megabytes.
      unavailable: row.signals
        ? row.signals.filter((s) => s.unavailable).map((s) => ({ id: s.id, label: s.label, reason: s.reason ?? { zh: '无数据', en: 'no data' } }))
        : [],
    }))
    .sort((a, b) => (ZONE_ORDER[a.zone] ?? 9) - (ZONE_ORDER[b.zone] ?? 9) || (b.valueAtRisk ?? 0) - (a.valueAtRisk ?? 0) || b.score - a.score);

  // The strongest fired signal of each warned group, for the scatter's tooltip (one pass, no per-point search).
  const topSignal = new Map<string, LocalText>();
  for (const w of warnings) {
    let best: WarningRow['signals'][number] | null = null;
    for (const sig of w.signals) if (best === null || sig.points > best.points) best = sig;
    if (best) topSignal.set(w.groupCode, best.explanation);
  }

  const points: AnalysisView['valueRisk']['points'] = [];
  for (const row of rows) {
    const cell = row.quadrants.valueRisk;
    if (cell === null || row.value === null || row.value <= 0) continue;
    points.push({
      groupCode: row.groupCode,
      groupName: row.groupName,
      value: row.value,
      score: row.score,
      members: row.members,
      zone: row.zone,
      cell,
      topSignal: topSignal.get(row.groupCode) ?? null,
    });
  }

  const b = r.asOf ? backtest(ix, settings, { asOf: r.asOf }) : null;
  const bt: BacktestView =
    b === null
      ? { status: 'insufficient', needMonths: settings.backtest.minMonths, haveMonths: 0, reason: { zh: '尚无出账数据', en: 'No billing data yet' } }
      : b.status === 'insufficient'
        ? { status: 'insufficient', needMonths: b.needMonths, haveMonths: b.haveMonths, reason: b.reason }
        : {
            status: 'ok',
            auc: b.auc,
            monthsUsed: b.monthsUsed,
            rows: b.rows,
            positives: b.positives,
            baseRate: b.baseRate,
            thresholds: b.thresholds.map((t) => ({
              zone: t.zone,
              minScore: t.minScore,
              flagged: t.flagged,
              precision: t.precision,
              recall: t.recall,
              precisionCaveat: t.precisionCaveat,
              recallCaveat: t.recallCaveat,
            })),
            lift: b.lift,
            caveat: b.caveat,
            logistic:
              b.logistic.status === 'ok'
                ? {
                    status: 'ok',
                    auc: b.logistic.auc,
                    rulesAuc: b.logistic.rulesAuc,
                    folds: b.logistic.folds,
                    caveat: b.logistic.caveat,
                    features: b.logistic.features.map((f) => ({ id: f.id, label: f.label, coefficient: f.coefficient })),
                  }
                : { status: 'insufficient', reason: b.logistic.reason },
          };

  return {
    asOf: r.asOf,
    periods: r.periods,
    defaultNote: r.defaultNote,
    incomplete: r.incomplete.map((c) => ({ period: c.period, reason: c.reason ?? { zh: '', en: '' } })),
    kpis: {
      groups: r.kpis.groups,
      activeGroups: r.kpis.activeGroups,
      latestRevenue: r.kpis.latestRevenue,
      unifiedShare: r.kpis.unifiedShare,
      topShare: r.kpis.topShare,
      valueAtRisk: r.kpis.valueAtRisk,
    },
    zones: { counts: r.kpis.zoneCounts.counts, trace: r.kpis.zoneCounts.trace },
    valueRisk: { ...valueRiskFrame(q), points },
    warnings,
    backtest: bt,
    settingsIssues,
    zoneLossProbability: { ...settings.warnings.lossProbability },
    scoreScale: r.scoreScale,
  };
}
