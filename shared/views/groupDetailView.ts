/** One group explained: its figures with traces, every signal, monthly series and its zone/stage/cell history. */
import { factColumnsOf, factRows, filterFactColumns } from '../model/factColumns';
import type { GroupDetailView } from '../model/analysisView';
import { analyzePortfolio, buildIndex, groupDetail, groupRows, scoreScale, stageApproach, STAGE_LABELS, type AnalyticsSettings, type PortfolioIndex } from '../analytics';
import type { Portfolio } from '../model/portfolio';

const HISTORY_MONTHS = 12;

/** Zone, score, stage and cell of every group for each of the last months (cached by the caller). */
type DrawerSignal = GroupDetailView['signals'][number];

/** One warning signal as the drawer and `analyze --json` show it: its own fields, none of the engine's internals. */
export function signalView(s: DrawerSignal): DrawerSignal {
  return { id: s.id, label: s.label, fired: s.fired, unavailable: s.unavailable, points: s.points, maxPoints: s.maxPoints, explanation: s.explanation, reason: s.reason };
}

export function zoneHistory(ix: PortfolioIndex, settings: AnalyticsSettings, periods: readonly string[]): Map<string, GroupDetailView['history']> {
  const out = new Map<string, GroupDetailView['history']>();
  for (const period of periods.slice(-HISTORY_MONTHS)) {
    const r = analyzePortfolio(ix, settings, { asOf: period, explainTop: 0 });
    for (const row of groupRows(ix, r)) {
      let list = out.get(row.groupCode);
      if (!list) {
        list = [];
        out.set(row.groupCode, list);
      }
      list.push({ period, zone: row.zone, score: row.score, stage: row.stage ? STAGE_LABELS[row.stage] : null, valueRiskCell: row.quadrants.valueRisk });
    }
  }
  return out;
}

export function buildGroupDetailView(
  portfolio: Portfolio,
  groupCode: string,
  settings: AnalyticsSettings,
  history: (ix: PortfolioIndex, periods: readonly string[]) => Map<string, GroupDetailView['history']>,
  index?: PortfolioIndex,
): GroupDetailView | null {
  const ix = index ?? buildIndex(portfolio);
  const d = groupDetail(ix, groupCode, settings);
  const group = portfolio.groups.find((g) => g.groupCode === groupCode);
  if (!d || !group) return null;
  // this group's facts from the columns (no row object for the other groups' facts)
  const fc = factColumnsOf(portfolio);
  const codeId = fc.codes.indexOf(groupCode);
  const facts = (codeId < 0 ? [] : factRows(filterFactColumns(fc, (i) => fc.code[i] === codeId)))
    .filter((f) => f.period <= d.asOf)
    .sort((a, b) => (a.period < b.period ? -1 : 1));
  const row = d.row;
  const periods = [...fc.periods].sort().filter((p) => p <= d.asOf);
  return {
    asOf: d.asOf,
    group: {
      groupCode: group.groupCode,
      groupName: group.groupName,
      groupClass: group.groupClass,
      importance: group.importance,
      industry: group.industry,
      region: group.region,
      accountManager: group.accountManager,
      employees: group.employees,
      contractEnd: group.contractEnd,
      competitorPresence: group.competitorPresence,
      lineGrade: group.lineGrade,
    },
    zone: row.zone,
    whiteReason: row.zone === 'white' ? d.traces.zone.rule : null,
    score: row.score,
    maxAvailableScore: row.maxAvailableScore,
    scoreScale: scoreScale(settings),
    stageLabel: d.stageLabel,
    stage: row.stage ? { id: row.stage, label: STAGE_LABELS[row.stage], trace: d.traces.stage, approach: stageApproach(row.stage) } : null,
    valueRiskCell: row.quadrants.valueRisk,
    figures: [
      { id: 'value', label: { zh: '当前价值（元/月）', en: 'Current value (yuan/month)' }, value: row.value, unit: 'yuan', trace: d.traces.value },
      { id: 'valueAtRisk', label: { zh: '风险价值（元/年）', en: 'Value at risk (yuan/year)' }, value: row.valueAtRisk, unit: 'yuan', trace: d.traces.valueAtRisk },
      { id: 'score', label: { zh: '预警分', en: 'Warning score' }, value: row.score, unit: 'score', trace: d.traces.score },
      { id: 'trendShort', label: { zh: '近3月趋势', en: '3-month trend' }, value: row.trendShortPct, unit: 'percent', trace: d.traces.trendShort },
      { id: 'trendLong', label: { zh: '近12月趋势', en: '12-month trend' }, value: row.trendLongPct, unit: 'percent', trace: d.traces.trendLong },
      { id: 'purity', label: { zh: '统付纯度', en: 'Unified-pay purity' }, value: row.purity, unit: 'percent', trace: d.traces.purity },
      { id: 'penetration', label: { zh: '渗透率', en: 'Penetration' }, value: row.penetration, unit: 'percent', trace: d.traces.penetration },
      { id: 'binding', label: { zh: '捆绑深度', en: 'Binding depth' }, value: row.bindingDepth, unit: 'score', trace: d.traces.binding },
      { id: 'potential', label: { zh: '潜力', en: 'Potential' }, value: row.potential, unit: 'score', trace: d.traces.potential },
      { id: 'sanGao', label: { zh: '三高集团', en: 'Three-high group' }, value: row.sanGao === null ? null : row.sanGao ? 1 : 0, unit: 'flag', trace: d.traces.sanGao },
    ],
    signals: d.signals.map(signalView),
    series: facts.map((f) => ({
      period: f.period,
      unified: f.unifiedPayRevenue,
      personal: f.personalPayRevenue,
      total: f.totalRevenue,
      newBusiness: f.newBusinessRevenue,
      members: f.members,
      offNet: f.offNetMembers,
      minutes: f.minutes,
    })),
    history: history(ix, periods).get(groupCode) ?? [],
  };
}
