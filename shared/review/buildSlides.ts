/**
 * The built slides of a quarterly review (docs/domain.md §7): overall position →
 * value structure → risks → competition → plan. Each slide has one visual and
 * two or three findings written from the engine's numbers; every number in a
 * finding is a ReviewFigure with its trace, and the text quotes its display.
 */
import type { LocalText, Trace } from '../model/trace';
import type { Comparison, OverviewKpi } from '../model/overview';
import { ZONE_LABELS, round2, type Zone } from '../analytics/text';
import { figure, fmtShort, formatChange, formatDecimal, formatCompact, formatCount, formatFigure, formatPercent, formatYuan, parenText, quarterLabel } from './format';
import type { ReviewInputs, ReviewPlanInput } from './inputs';
import { SURVEY_CELL_COLOURS, SURVEY_CELL_DEFS, SURVEY_CELLS, surveyAxisRange, type SurveyCellId, type SurveyMatrix } from '../analytics/surveyMatrix';
import type { BuiltSlideId, KpiItem, ReviewFigure, ReviewFinding, ReviewLanguage, ReviewPart, ReviewSlide, ReviewVisual } from './types';

type Part = string | ReviewFigure;

// UI.md: zone colours mean the zone everywhere (slides included) and nothing else.
const ZONE_COLORS: Record<Zone, string> = { red: '#d4380d', yellow: '#d48806', blue: '#1d39c4', green: '#389e0d', white: '#bfbfbf' };
/** UI.md money series: unified pay deep blue, personal pay light blue (never a zone colour). */
const UNIFIED_BLUE = '#0b3a6e';
const ZONE_ORDER: readonly Zone[] = ['red', 'yellow', 'blue', 'green', 'white'];

function trace(zh: string, en: string, inputs: Trace['inputs'] = [], settings: Trace['settings'] = []): Trace {
  return { rule: { zh, en }, inputs, settings };
}
const lt = (zh: string, en: string): LocalText => ({ zh, en });
/** a change that rounds to 0.0 in the text */
const flat = (change: number): boolean => Math.abs(change) < 5e-4;

class Writer {
  constructor(readonly lang: ReviewLanguage) {}
  /** pick the text of the deck's language */
  t(zh: string, en: string): string {
    return this.lang === 'en' ? en : zh;
  }
  l(text: LocalText): string {
    return this.lang === 'en' ? text.en : text.zh;
  }
  finding(id: string, parts: Part[]): ReviewFinding {
    let text = '';
    const figures: ReviewFigure[] = [];
    for (const p of parts) {
      if (typeof p === 'string') text += p;
      else {
        text += p.display;
        figures.push(p);
      }
    }
    return { id, text, figures };
  }
  /** "下降"/"上升"/"持平" (or fell/rose/was flat) for a signed change */
  dir(change: number | null, zh: [string, string, string] = ['上升', '下降', '持平'], en: [string, string, string] = ['rose', 'fell', 'was flat']): string {
    const words = this.lang === 'en' ? en : zh;
    if (change === null || Math.abs(change) < 5e-4) return words[2];
    return change > 0 ? words[0] : words[1];
  }
}

function slide(id: BuiltSlideId, part: ReviewPart, title: string, subtitle: string | null, visual: ReviewVisual | null, findings: ReviewFinding[], notes: string): ReviewSlide {
  return { id, part, origin: 'built', sourceId: null, title, subtitle, visual, findings, notes, hidden: false, edited: { title: false, findings: [], notes: false } };
}

function changeOf(w: Writer, c: Comparison, which: 'previous' | 'yearAgo'): KpiItem['changes'][number] {
  return {
    label: which === 'previous' ? w.t('环比', 'QoQ') : w.t('同比', 'YoY'),
    change: c.change,
    kind: c.kind,
    display: formatChange(c.change, c.kind, w.lang),
    reason: c.reason ? w.l(c.reason) : null,
    trace: c.trace,
  };
}

function kpi(w: Writer, id: string, label: string, k: OverviewKpi, format: ReviewFigure['format'], better: KpiItem['better']): KpiItem {
  const v = k.current.value;
  return {
    id,
    label,
    value: v,
    display: format === 'pct' ? formatPercent(v) : formatFigure(v, format, w.lang),
    changes: [changeOf(w, k.previous, 'previous'), changeOf(w, k.yearAgo, 'yearAgo')],
    better,
    trace: k.current.trace,
  };
}

// ---- 1. overall position -------------------------------------------------------------------

function positionSlide(w: Writer, x: ReviewInputs): ReviewSlide {
  const o = x.overview;
  const k = o.kpis;
  const q = quarterLabel(x.quarter, w.lang);
  const items: KpiItem[] = [
    kpi(w, 'revenue', w.t('出账收入', 'Revenue'), k.revenue, 'wan', 'up'),
    kpi(w, 'activeGroups', w.t('本季出账集团数', 'Groups billed in the quarter'), k.activeGroups, 'count', 'up'),
    kpi(w, 'unifiedShare', w.t('统付收入占比', 'Unified-pay share'), k.unifiedShare, 'pct', 'up'),
    // concentration is neither good nor bad news by itself
    kpi(w, 'topShare', w.t('头部集团价值占比', 'Top groups’ value share'), k.topShare, 'pct', 'none'),
    kpi(w, 'redYellow', w.t('红黄区集团数', 'Groups in red/yellow'), k.redYellow, 'count', 'down'),
    kpi(w, 'valueAtRisk', w.t('风险价值（年化）', 'Value at risk (per year)'), k.valueAtRisk, 'wan', 'down'),
  ];
  if (x.retention) {
    items.push({
      id: 'valueRetention',
      label: w.t(`价值保有率（对比 ${x.retention.snapshot} 拍照）`, `Value retention (vs ${x.retention.snapshot} snapshot)`),
      value: x.retention.valueRetention,
      display: formatPercent(x.retention.valueRetention),
      changes: [],
      better: 'up',
      trace: x.retention.valueTrace ?? x.retention.trace,
    });
  }
  const findings: ReviewFinding[] = [];
  // f1: revenue change and where it comes from
  const rev = figure(w.t('出账收入', 'Revenue'), k.revenue.current.value, 'wan', w.lang, k.revenue.current.trace);
  const qoq = k.revenue.previous.change;
  const qoqFig = figure(w.t('出账收入环比', 'Revenue QoQ'), qoq, 'pct', w.lang, k.revenue.previous.trace);
  const yoy = k.revenue.yearAgo.change;
  const yoyFig = figure(w.t('出账收入同比', 'Revenue YoY'), yoy, 'pct', w.lang, k.revenue.yearAgo.trace);
  const parts: Part[] = [w.t(`${q}出账收入 `, `Revenue in ${q} was `), rev];
  if (qoq !== null) parts.push(w.t(`，环比${w.dir(qoq)} `, `; it ${w.dir(qoq)} `), qoqFig, w.t('', ' on the previous quarter'));
  if (yoy !== null) parts.push(w.t(`，同比${w.dir(yoy)} `, `${qoq !== null ? ' and' : '; it'} ${w.dir(yoy)} `), yoyFig, w.t('', ' on a year earlier'));
  const zones = x.warnings.zones;
  const delta = zones.reduce((s, z) => s + z.current - z.previous, 0);
  if (qoq !== null && Math.abs(delta) > 0) {
    // the zone whose groups moved revenue most in the same direction as the total
    const best = [...zones].filter((z) => Math.sign(z.current - z.previous) === Math.sign(delta)).sort((a, b) => Math.abs(b.current - b.previous) - Math.abs(a.current - a.previous))[0];
    if (best) {
      const zd = best.current - best.previous;
      const zoneName = w.l(ZONE_LABELS[best.zone]);
      const zt = trace(
        `截至 ${o.asOf} 处于${ZONE_LABELS[best.zone].zh}区的集团在 ${x.quarter} 与 ${x.previousQuarter} 的出账收入之差；占比 = 该差额 ÷ 全部集团的收入变化`,
        `Revenue of the groups in the ${ZONE_LABELS[best.zone].en.toLowerCase()} zone at ${o.asOf}: ${x.quarter} minus ${x.previousQuarter}; share = that difference ÷ the change of all groups`,
        [
          { label: lt(`${x.quarter} 收入（元）`, `${x.quarter} revenue (yuan)`), value: Math.round(best.current * 100) / 100 },
          { label: lt(`${x.previousQuarter} 收入（元）`, `${x.previousQuarter} revenue (yuan)`), value: Math.round(best.previous * 100) / 100 },
          { label: lt('全部集团收入变化（元）', 'Change of all groups (yuan)'), value: Math.round(delta * 100) / 100 },
        ],
      );
      parts.push(
        w.t(`，${delta < 0 ? '降幅' : '增量'}主要来自 `, `. Most of the ${delta < 0 ? 'fall' : 'rise'} comes from `),
        figure(w.t(`${zoneName}区集团数`, `${zoneName}-zone groups`), best.groups, 'count', w.lang, zt),
        w.t(` 家${zoneName}色预警集团（${delta < 0 ? '减少' : '增加'} `, ` ${zoneName.toLowerCase()}-zone groups (`),
        figure(w.t(`${zoneName}区集团收入变化`, `${zoneName}-zone revenue change`), Math.abs(zd), 'wan', w.lang, zt),
        w.t(`，占${delta < 0 ? '降幅' : '增量'} `, ', '),
        figure(w.t(`${zoneName}区占收入变化之比`, `${zoneName}-zone share of the change`), zd / delta, 'pct', w.lang, zt),
        w.t('）', ' of it)'),
      );
    }
  }
  parts.push(w.t('。', '.'));
  findings.push(w.finding('f1', parts));
  // f2: retention (count vs value)
  const r = x.retention;
  if (r && r.countRetention !== null && r.valueRetention !== null) {
    findings.push(
      w.finding('f2', [
        w.t(`与 ${r.snapshot} 拍照时在网的 `, `Of the `),
        figure(w.t('拍照集团数', 'Snapshot groups'), r.snapshotCount, 'count', w.lang, r.countTrace ?? r.trace),
        w.t(' 家集团相比，集团数保有率 ', ` groups billed in the ${r.snapshot} snapshot, `),
        figure(w.t('集团数保有率', 'Count retention'), r.countRetention, 'pct', w.lang, r.countTrace ?? r.trace),
        w.t('，价值保有率 ', ' are still billed (count retention); value retention is '),
        figure(w.t('价值保有率', 'Value retention'), r.valueRetention, 'pct', w.lang, r.valueTrace ?? r.trace),
        r.valueRetention < r.countRetention
          ? w.t('——留下来的集团收入在收缩，比流失集团数更值得关注。', ' — the groups that stayed spend less, which matters more than the count lost.')
          : w.t('，留存集团的收入保持住了。', ', so the groups that stayed held their revenue.'),
      ]),
    );
  } else {
    const ag = k.activeGroups;
    findings.push(
      w.finding('f2', [
        w.t('本季出账集团 ', 'Groups billed in the quarter: '),
        figure(w.t('本季出账集团数', 'Groups billed in the quarter'), ag.current.value, 'count', w.lang, ag.current.trace),
        w.t(' 家，环比', ', '),
        w.t(w.dir(ag.previous.change), w.dir(ag.previous.change)),
        w.t(' ', ' '),
        figure(w.t('本季出账集团数环比', 'Groups billed in the quarter, QoQ'), ag.previous.change, 'pct', w.lang, ag.previous.trace),
        w.t('。', ' on the previous quarter.'),
      ]),
    );
  }
  // f3: concentration
  const ts = k.topShare;
  const tsParts: Part[] = [
    w.t('头部 ', 'The top '),
    figure(w.t('头部集团数', 'Top groups'), o.pareto.topCount, 'count', w.lang, ts.current.trace),
    w.t(' 家集团贡献 ', ' groups hold '),
    figure(w.t('头部集团价值占比', 'Top groups’ value share'), ts.current.value, 'pct', w.lang, ts.current.trace),
    w.t(' 的价值', ' of the value'),
  ];
  if (ts.previous.change !== null && flat(ts.previous.change)) tsParts.push(w.t('，与上季度持平', ', unchanged on the previous quarter'));
  else if (ts.previous.change !== null) {
    tsParts.push(w.t(`，较上季度${w.dir(ts.previous.change)} `, `, ${w.dir(ts.previous.change, ['up', 'down', 'unchanged'], ['up', 'down', 'unchanged'])} `), figure(w.t('头部占比环比', 'Top share vs previous quarter'), ts.previous.change, 'pp', w.lang, ts.previous.trace));
    tsParts.push(w.t('', ' on the previous quarter'));
  }
  tsParts.push(w.t('；守住头部集团就守住了大部分收入。', '; holding them holds most of the revenue.'));
  findings.push(w.finding('f3', tsParts));
  return slide(
    'position',
    'position',
    w.t(`${q}经营全貌`, `${q}: overall position`),
    x.incompleteMonths && x.incompleteMonths.length > 0
      ? w.t(`收入、集团数、保有与集中度（截至 ${o.asOf}；${x.incompleteMonths.join('、')} 数据不完整，未计入）`, `Revenue, groups, retention and concentration (as of ${o.asOf}; ${x.incompleteMonths.join(', ')} incomplete, left out)`)
      : w.t(`收入、集团数、保有与集中度（截至 ${o.asOf}）`, `Revenue, groups, retention and concentration (as of ${o.asOf})`),
    { kind: 'kpis', items },
    findings,
    w.t(
      `先讲总量：本季度收入与集团数的变化，再讲保有与集中度。环比比较上一季度（${x.previousQuarter}），同比比较去年同期（${x.yearAgoQuarter}）。`,
      `Start with the totals, then retention and concentration. QoQ compares with ${x.previousQuarter}, YoY with ${x.yearAgoQuarter}.`,
    ) + (x.completenessNote ? (w.lang === 'en' ? ` ${x.completenessNote.en}.` : `${x.completenessNote.zh}。`) : ''),
  );
}

function trendSlide(w: Writer, x: ReviewInputs): ReviewSlide {
  const o = x.overview;
  const end = o.revenueTrend.months.findIndex((m) => m.period === o.asOf);
  const months = o.revenueTrend.months.slice(Math.max(0, end - 11), end + 1);
  const hasSplit = months.some((m) => m.unified !== null) && months.some((m) => m.personal !== null);
  const wan = (v: number | null): number | null => (v === null ? null : Math.round(v / 100) / 100);
  const visual: ReviewVisual = hasSplit
    ? {
        kind: 'stackedBar',
        title: w.t('月度出账收入（统付 / 个付）', 'Monthly revenue (unified / personal pay)'),
        categories: months.map((m) => m.period),
        series: [
          { name: w.t('统付收入', 'Unified pay'), values: months.map((m) => wan(m.unified)), color: UNIFIED_BLUE },
          { name: w.t('个付收入', 'Personal pay'), values: months.map((m) => wan(m.personal)), color: '#69b1ff' },
        ],
        unit: w.t('万元', '10k yuan'),
        trace: o.revenueTrend.trace,
      }
    : {
        kind: 'line',
        title: w.t('月度出账收入', 'Monthly revenue'),
        categories: months.map((m) => m.period),
        series: [{ name: w.t('出账收入', 'Revenue'), values: months.map((m) => wan(m.total)), color: UNIFIED_BLUE }],
        unit: w.t('万元', '10k yuan'),
        trace: o.revenueTrend.trace,
      };
  const k = o.kpis;
  const findings: ReviewFinding[] = [];
  const yoy = k.revenue.yearAgo;
  if (yoy.change !== null) {
    findings.push(
      w.finding('f1', [
        w.t('与去年同期相比，季度收入', 'Quarterly revenue '),
        w.t(w.dir(yoy.change), w.dir(yoy.change)),
        w.t(' ', ' '),
        figure(w.t('出账收入同比', 'Revenue YoY'), yoy.change, 'pct', w.lang, yoy.trace),
        w.t(`（${x.yearAgoQuarter}：`, ` on ${x.yearAgoQuarter} (`),
        figure(w.t(`${x.yearAgoQuarter} 出账收入`, `${x.yearAgoQuarter} revenue`), yoy.value, 'wan', w.lang, yoy.trace),
        w.t('）。', ').'),
      ]),
    );
  } else {
    findings.push(w.finding('f1', [w.t('去年同期不在数据中，无法计算同比', 'The same quarter last year is not in the data: no YoY change'), w.t(yoy.reason ? `（${yoy.reason.zh}）。` : '。', yoy.reason ? ` (${yoy.reason.en}).` : '.')]));
  }
  const us = k.unifiedShare;
  if (us.current.value !== null) {
    const p: Part[] = [w.t('统付收入占比 ', 'Unified pay is '), figure(w.t('统付收入占比', 'Unified-pay share'), us.current.value, 'pct', w.lang, us.current.trace), w.t('', ' of revenue')];
    if (us.previous.change !== null && flat(us.previous.change)) p.push(w.t('，与上季度持平', ', unchanged on the previous quarter'));
    else if (us.previous.change !== null) p.push(w.t(`，较上季度${w.dir(us.previous.change)} `, `, ${w.dir(us.previous.change, ['up', 'down', 'unchanged'], ['up', 'down', 'unchanged'])} `), figure(w.t('统付占比环比', 'Unified share vs previous quarter'), us.previous.change, 'pp', w.lang, us.previous.trace));
    p.push(w.t('；统付收入由集团决策，是保网的核心。', '; the group decides unified pay, so it is what retention defends.'));
    findings.push(w.finding('f2', p));
  }
  // f3: who pays — unified vs personal revenue against the previous quarter
  const all = o.revenueTrend.months;
  const at = all.findIndex((m) => m.period === o.asOf);
  const sumOf = (from: number, key: 'unified' | 'personal'): number | null => {
    if (from < 0) return null;
    let s = 0;
    for (let i = from; i < from + 3; i++) {
      const v = all[i]?.[key];
      if (v === null || v === undefined) return null;
      s += v;
    }
    return s;
  };
  const uCur = sumOf(at - 2, 'unified');
  const uPrev = sumOf(at - 5, 'unified');
  const pCur = sumOf(at - 2, 'personal');
  const pPrev = sumOf(at - 5, 'personal');
  let weakest: { period: string; total: number } | null = null;
  for (const m of months.slice(-3)) if (!weakest || m.total < weakest.total) weakest = { period: m.period, total: m.total };
  if (uCur !== null && uPrev !== null && pCur !== null && pPrev !== null && uPrev > 0 && pPrev > 0) {
    const payTrace = (zh: string, en: string, cur: number, prev: number): Trace =>
      trace(`${zh}：${x.quarter} 三个月之和 ÷ ${x.previousQuarter} 三个月之和 − 1`, `${en}: sum of the 3 months of ${x.quarter} ÷ sum of the 3 months of ${x.previousQuarter} − 1`, [
        { label: lt(`${x.quarter}（元）`, `${x.quarter} (yuan)`), value: Math.round(cur * 100) / 100 },
        { label: lt(`${x.previousQuarter}（元）`, `${x.previousQuarter} (yuan)`), value: Math.round(prev * 100) / 100 },
      ]);
    const u = uCur / uPrev - 1;
    const pc = pCur / pPrev - 1;
    findings.push(
      w.finding('f3', [
        w.t(`集团统付收入环比${w.dir(u)} `, `Unified-pay revenue ${w.dir(u)} `),
        figure(w.t('统付收入环比', 'Unified pay QoQ'), u, 'pct', w.lang, payTrace('统付收入环比', 'Unified pay QoQ', uCur, uPrev)),
        w.t(`，个付收入环比${w.dir(pc)} `, ` on the previous quarter, personal-pay revenue ${w.dir(pc)} `),
        figure(w.t('个付收入环比', 'Personal pay QoQ'), pc, 'pct', w.lang, payTrace('个付收入环比', 'Personal pay QoQ', pCur, pPrev)),
        // Rates within half a point say nothing about where the change is; otherwise the larger
        // change in yuan (not in rate) is where the money moved.
        Math.abs(u - pc) < 0.005
          ? w.t('：两者同步变化，付费结构基本未变。', ': both moved together, so the pay mix hardly changed.')
          : Math.abs(uCur - uPrev) > Math.abs(pCur - pPrev)
            ? w.t('：金额变化主要在集团决策的统付部分。', ': in yuan, the change is mostly in what the group itself pays.')
            : w.t('：金额变化主要在成员个人付费部分。', ': in yuan, the change is mostly in what members pay themselves.'),
      ]),
    );
  } else if (weakest) {
    findings.push(
      w.finding('f3', [
        w.t(`季度内收入最低的月份是 ${weakest.period}：`, `The weakest month of the quarter was ${weakest.period}: `),
        figure(w.t(`${weakest.period} 出账收入`, `${weakest.period} revenue`), weakest.total, 'wan', w.lang, o.revenueTrend.trace),
        w.t('。', '.'),
      ]),
    );
  }
  return slide(
    'position-trend',
    'position',
    w.t('收入走势', 'Revenue trend'),
    w.t(`近 ${months.length} 个月（${months[0]?.period ?? ''}–${o.asOf}）`, `Last ${months.length} months (${months[0]?.period ?? ''}–${o.asOf})`),
    visual,
    findings,
    w.t('说明收入的季节性与统付/个付结构的变化。', 'Explain the seasonality and the shift between unified and personal pay.'),
  );
}

// ---- 2. value structure --------------------------------------------------------------------

/** The 价值象限 page's x axis: log when every placed value is > 0 (the page's default scale), whole powers of ten. */
export function quadrantXAxis(qd: Pick<ReviewInputs['quadrant'], 'zonePoints'>): { log: boolean; range: { min: number; max: number } } {
  let min = Infinity;
  let max = -Infinity;
  for (const pts of Object.values(qd.zonePoints)) {
    for (const p of pts) {
      if (p[0] < min) min = p[0];
      if (p[0] > max) max = p[0];
    }
  }
  if (!Number.isFinite(min)) return { log: false, range: { min: 0, max: 1 } };
  if (min > 0) {
    const lo = Math.pow(10, Math.floor(Math.log10(min)));
    let hi = Math.pow(10, Math.ceil(Math.log10(max)));
    if (hi <= lo) hi = lo * 10;
    return { log: true, range: { min: lo, max: hi } };
  }
  return { log: false, range: { min: Math.min(0, min), max: max > 0 ? max : 1 } };
}

/**
 * The value axis's ticks, labelled by the app's one compact formatter (1,000 / 1万 / 10万; 1k / 10k / 100k):
 * each power of ten on a log axis, else about five round steps (1, 2 or 5 × 10ⁿ).
 */
export function quadrantXTicks(range: { min: number; max: number }, log: boolean, lang: ReviewLanguage): { value: number; label: string }[] {
  const out: { value: number; label: string }[] = [];
  if (!(range.max > range.min)) return out;
  if (log) {
    if (!(range.min > 0)) return out;
    for (let e = Math.round(Math.log10(range.min)); e <= Math.round(Math.log10(range.max)) && out.length < 40; e++) {
      const v = Math.pow(10, e);
      out.push({ value: v, label: formatCompact(v, lang) });
    }
    return out;
  }
  const raw = (range.max - range.min) / 5;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((k) => k * p).find((x) => x >= raw) ?? 10 * p;
  for (let i = Math.ceil(range.min / step); i * step <= range.max + step * 1e-9 && out.length < 40; i++) {
    const v = i * step;
    out.push({ value: v, label: formatCompact(v, lang) });
  }
  return out;
}

/** A split value as the 价值象限 page labels it: whole with separators from 1,000, else up to two decimals. */
function splitText(v: number): string {
  return Math.abs(v) >= 1000 ? formatYuan(v) : fmtShort(v, 2);
}

function quadrantSlide(w: Writer, x: ReviewInputs): ReviewSlide {
  const qd = x.quadrant;
  // the same picture as the 价值象限 page: x = current value (元/月, log when every value is > 0), y = warning score 0–100
  // with the zone cut-offs, points coloured by zone (UI.md), split lines at the thresholds labelled with their values,
  // the cell names with count and value share in the corners
  const { log, range } = quadrantXAxis(qd);
  const sc = qd.scoreScale;
  let maxScore = 0;
  for (const pts of Object.values(qd.zonePoints)) for (const p of pts) if (p[1] > maxScore) maxScore = p[1];
  const yMax = Math.max(sc?.max ?? 100, Math.ceil(maxScore / 10) * 10);
  const xUnit = w.t('元/月', 'yuan/month');
  const zoneShort = (z: Zone): string => w.t(ZONE_LABELS[z].zh, ZONE_LABELS[z].en);
  const visual: ReviewVisual = {
    kind: 'scatter',
    title: w.l(qd.label),
    series: ZONE_ORDER.filter((z) => (qd.zonePoints[z]?.length ?? 0) > 0).map((z) => {
      const pts = qd.zonePoints[z] ?? [];
      return { name: `${zoneShort(z)}${parenText(formatCount(pts.length), w.lang)}`, points: pts.map(([v, score]): [number, number] => [v, score]), color: ZONE_COLORS[z] };
    }),
    // a log-scale label only when the scale is log (as the page's axis name)
    xLabel: `${w.l(qd.xLabel)}${parenText(log ? `${xUnit}${w.t('，对数', ', log')}` : xUnit, w.lang)}`,
    yLabel: `${w.l(qd.yLabel)}${parenText(`0–${yMax}`, w.lang)}`,
    xLog: log,
    xRange: range,
    xTicks: quadrantXTicks(range, log, w.lang),
    yRange: { min: 0, max: yMax },
    ...(sc ? { yMarks: sc.cutOffs.map((c) => ({ value: c.from, label: `${zoneShort(c.zone)} ≥${fmtShort(c.from, 2)}`, color: ZONE_COLORS[c.zone] })) } : {}),
    split: {
      x: qd.split.x,
      y: qd.split.y,
      xLabel: qd.split.x === null ? '' : `${w.t('分割', 'Split')} ${splitText(qd.split.x)}`,
      yLabel: qd.split.y === null ? '' : `${w.t('分割', 'Split')} ${splitText(qd.split.y)}`,
    },
    corners: qd.cells.map((c) => ({
      position: c.position,
      // the name on its own line: two cells' names side by side must not run into each other on a narrow slide chart
      text: `${w.l(c.name)}\n${formatCount(c.count)}${w.t(' 家', ' groups')}${c.valueShare === null ? '' : ` · ${w.t('收入占比', 'value')} ${formatPercent(c.valueShare)}`}`,
    })),
    trace: sc ? { ...qd.trace, rule: { zh: `${qd.trace.rule.zh}；${sc.rule.zh}`, en: `${qd.trace.rule.en}; ${sc.rule.en}` } } : qd.trace,
  };
  const cell = (id: string) => qd.cells.find((c) => c.id === id);
  const findings: ReviewFinding[] = [];
  const d = cell('defend');
  if (d) {
    findings.push(
      w.finding('f1', [
        w.t('重点保网（高价值、高风险）', 'Defend now (high value, high risk): '),
        figure(w.t('重点保网集团数', 'Defend-now groups'), d.count, 'count', w.lang, qd.trace),
        w.t(' 家，占价值 ', ' groups holding '),
        figure(w.t('重点保网价值占比', 'Defend-now value share'), d.valueShare, 'pct', w.lang, qd.trace),
        w.t(`：${d.action.zh}。`, ` of the value: ${d.action.en.charAt(0).toLowerCase()}${d.action.en.slice(1)}.`),
      ]),
    );
  }
  const m = cell('maintain');
  if (m) {
    findings.push(
      w.finding('f2', [
        w.t('价值维系（高价值、低风险）', 'Maintain & grow (high value, low risk): '),
        figure(w.t('价值维系集团数', 'Maintain groups'), m.count, 'count', w.lang, qd.trace),
        w.t(' 家，占价值 ', ' groups holding '),
        figure(w.t('价值维系价值占比', 'Maintain value share'), m.valueShare, 'pct', w.lang, qd.trace),
        w.t('，是收入的压舱石。', ' — the ballast of revenue.'),
      ]),
    );
  }
  const s = cell('save');
  if (s) {
    findings.push(
      w.finding('f3', [
        w.t('低成本挽留 ', 'Low-cost save: '),
        figure(w.t('低成本挽留集团数', 'Low-cost save groups'), s.count, 'count', w.lang, qd.trace),
        w.t(' 家；另有 ', ' groups; '),
        figure(w.t('未入象限集团数', 'Groups not placed'), qd.notPlaced, 'count', w.lang, qd.trace),
        ...(qd.white !== undefined && qd.white > 0
          ? [
              w.t(' 家未入象限，其中白区（已流失或数据不足）', ' more are not placed, of which '),
              figure(w.t('白区集团数', 'White groups'), qd.white, 'count', w.lang, qd.trace),
              qd.notPlaced > qd.white
                ? w.t(' 家不按分数归入任何象限，其余无当前价值或数据不全。', ' are white (lost or too little data) and get no cell; the rest have no current value or missing data.')
                : w.t(' 家不按分数归入任何象限。', ' are white (lost or too little data) and get no cell.'),
            ]
          : [w.t(' 家因无当前价值或数据不全未入象限。', ' more are not placed (no current value or missing data).')]),
      ]),
    );
  }
  return slide(
    'value-quadrant',
    'value',
    w.t('价值结构：价值 × 风险四象限', 'Value structure: value × risk quadrant'),
    w.t(`截至 ${x.overview.asOf}，${formatCount(qd.placed)} 家集团入象限`, `As of ${x.overview.asOf}, ${formatCount(qd.placed)} groups placed`),
    visual,
    findings,
    w.t('四象限决定资源投向：重点保网集中投入，标准服务控制成本。', 'The quadrant decides where effort goes: concentrate on defend-now, keep standard service cheap.'),
  );
}

function migrationSlide(w: Writer, x: ReviewInputs): ReviewSlide {
  const mg = x.migration;
  const title = w.t('价值结构：与上季度相比的象限迁移', 'Value structure: migration since last quarter');
  if (!mg) {
    return slide(
      'value-migration',
      'value',
      title,
      null,
      null,
      [w.finding('f1', [w.t(`上季度（${x.previousQuarter}）不完整地在数据中，无法比较迁移。`, `The previous quarter (${x.previousQuarter}) is not fully in the data: no migration.`)])],
      '',
    );
  }
  const names = mg.cells.map((c) => w.l(c.name));
  const visual: ReviewVisual = {
    kind: 'heatmap',
    title: w.t(`${mg.from} → ${mg.to} 集团数`, `Groups ${mg.from} → ${mg.to}`),
    rows: names,
    cols: names,
    values: mg.counts,
    unit: w.t('家', 'groups'),
    xLabel: w.t(`${mg.to} 象限`, `Cell at ${mg.to}`),
    yLabel: w.t(`${mg.from} 象限`, `Cell at ${mg.from}`),
    trace: mg.trace,
  };
  const idx = (id: string) => mg.cells.findIndex((c) => c.id === id);
  const di = idx('defend');
  const mi = idx('maintain');
  const findings: ReviewFinding[] = [
    w.finding('f1', [
      w.t('与上季度末相比，', 'Since the end of last quarter, '),
      figure(w.t('换象限集团数', 'Groups that moved'), mg.moved, 'count', w.lang, mg.trace),
      w.t(' 家集团换了象限，', ' groups changed cell and '),
      figure(w.t('留在原象限集团数', 'Groups that stayed'), mg.stayed, 'count', w.lang, mg.trace),
      w.t(' 家留在原象限。', ' stayed.'),
    ]),
  ];
  if (di >= 0 && mi >= 0) {
    const up = mg.counts[mi]?.[di] ?? 0;
    findings.push(
      w.finding('f2', [
        figure(w.t('价值维系→重点保网集团数', 'Maintain → defend groups'), up, 'count', w.lang, mg.trace),
        w.t(' 家价值维系集团风险上升、进入重点保网，是本季度新增的保网对象。', ' maintain-and-grow groups became riskier and moved to defend now: this quarter’s new defence targets.'),
      ]),
    );
  }
  const left = mg.left.reduce((s, v) => s + v, 0);
  const entered = mg.entered.reduce((s, v) => s + v, 0);
  findings.push(
    w.finding('f3', [
      figure(w.t('离开象限集团数', 'Groups that left'), left, 'count', w.lang, mg.trace),
      w.t(' 家集团失去价值或数据而离开象限，', ' groups left the quadrant (no value or data) and '),
      figure(w.t('新入象限集团数', 'Groups that entered'), entered, 'count', w.lang, mg.trace),
      w.t(' 家新进入。', ' entered.'),
    ]),
  );
  return slide('value-migration', 'value', title, w.t(`行：${mg.from} 所在象限；列：${mg.to} 所在象限`, `Rows: cell at ${mg.from}; columns: cell at ${mg.to}`), visual, findings, w.t('重点讲从价值维系滑入重点保网的集团。', 'Dwell on the groups that slid from maintain into defend now.'));
}

// ---- 3. risks ------------------------------------------------------------------------------

function warningsSlide(w: Writer, x: ReviewInputs): ReviewSlide {
  const wn = x.warnings;
  const byZone = new Map(wn.zones.map((z) => [z.zone, z]));
  const visual: ReviewVisual = {
    kind: 'bar',
    title: w.t('各预警区集团数', 'Groups per warning zone'),
    categories: ZONE_ORDER.map((z) => w.l(ZONE_LABELS[z])),
    series: [{ name: w.t('集团数', 'Groups'), values: ZONE_ORDER.map((z) => byZone.get(z)?.groups ?? 0) }],
    categoryColors: ZONE_ORDER.map((z) => ZONE_COLORS[z]),
    unit: w.t('家', 'groups'),
    trace: wn.zonesTrace,
  };
  const k = x.overview.kpis;
  const ry = k.redYellow;
  const f1: Part[] = [
    w.t('红黄区集团 ', 'Groups in red or yellow: '),
    figure(w.t('红黄区集团数', 'Red/yellow groups'), ry.current.value, 'count', w.lang, ry.current.trace),
    w.t(' 家', ''),
  ];
  if (ry.previous.change !== null) f1.push(w.t(`，环比${w.dir(ry.previous.change, ['增加', '减少', '持平'])} `, `, ${w.dir(ry.previous.change, ['up', 'down', 'flat'], ['up', 'down', 'flat'])} `), figure(w.t('红黄区集团数环比', 'Red/yellow QoQ'), ry.previous.change, 'pct', w.lang, ry.previous.trace));
  f1.push(w.t('（其中红区 ', ' (red: '), figure(w.t('红区集团数', 'Red groups'), byZone.get('red')?.groups ?? 0, 'count', w.lang, wn.zonesTrace), w.t(' 家）。', ').'));
  const va = k.valueAtRisk;
  const redVar = byZone.get('red')?.valueAtRisk ?? 0;
  const f2: Part[] = [w.t('风险价值 ', 'Value at risk: '), figure(w.t('风险价值', 'Value at risk'), va.current.value, 'wan', w.lang, va.current.trace), w.t('/年', ' a year')];
  if (va.previous.change !== null) f2.push(w.t(`，环比${w.dir(va.previous.change)} `, `, ${w.dir(va.previous.change, ['up', 'down', 'flat'], ['up', 'down', 'flat'])} `), figure(w.t('风险价值环比', 'Value at risk QoQ'), va.previous.change, 'pct', w.lang, va.previous.trace));
  if (va.current.value !== null && va.current.value > 0) {
    f2.push(w.t('；红区占 ', '; the red zone carries '), figure(w.t('红区风险价值占比', 'Red share of value at risk'), redVar / va.current.value, 'pct', w.lang, wn.zonesTrace));
  }
  f2.push(w.t('。', '.'));
  const findings = [w.finding('f1', f1), w.finding('f2', f2)];
  const top = wn.topRed.slice(0, 3);
  if (top.length > 0) {
    const sum = top.reduce((s, g) => s + (g.valueAtRisk ?? 0), 0);
    findings.push(
      w.finding('f3', [
        w.t(`风险价值最高的红区集团：${top.map((g) => g.groupName).join('、')}，合计 `, `Red groups with the most value at risk: ${top.map((g) => g.groupName).join(', ')}, together `),
        figure(w.t('前三红区集团风险价值', 'Top-3 red value at risk'), sum, 'wan', w.lang, wn.topRedTrace),
        w.t('/年。', ' a year.'),
      ]),
    );
  }
  return slide('risk-warnings', 'risk', w.t('风险：流失预警', 'Risks: churn warnings'), w.t(`截至 ${x.overview.asOf}`, `As of ${x.overview.asOf}`), visual, findings, w.t('红区集团需要本周内接触；黄区纳入月度走访。', 'Red groups need contact this week; yellow ones go on the monthly visit plan.'));
}

/** 关键人: groups without a decision maker, seen with a competitor, not contacted (the key-person signal's rule). */
function keyPersonFinding(w: Writer, x: ReviewInputs): ReviewFinding | null {
  const k = x.keyPersons;
  if (!k) return null;
  if (!k.available || k.personsOnRecord === 0) {
    const outside = x.outsideScope?.keyPersons ?? 0;
    if (outside > 0)
      return w.finding('f3', [
        w.t(
          `本范围的集团没有关键人记录（工作区的 ${formatCount(outside)} 条关键人记录都不属于本范围）：无法判断这些集团的决策者是否登记、是否被竞争对手接触。`,
          `None of this scope’s groups has key persons on record (the workspace’s ${formatCount(outside)} are all outside it): whether their decision makers are on record or seen by competitors cannot be judged.`,
        ),
      ]);
    return w.finding('f3', [w.t('尚未导入关键人资料：无法判断决策者是否登记、是否被竞争对手接触。', 'No key persons imported yet: whether decision makers are on record or seen by competitors cannot be judged.')]);
  }
  const c = (label: string, v: number) => figure(label, v, 'count', w.lang, k.trace);
  // no digit of our own before a figure: the text marks each figure by finding its display in order
  const parts: Part[] = [
    w.t('关键人：', 'Key persons: '),
    c(w.t('未登记决策者的集团数', 'Groups without a decision maker'), k.noDecisionMaker),
    w.t(' 家集团未登记决策者，', k.noDecisionMaker === 1 ? ' group has no decision maker on record, ' : ' groups have no decision maker on record, '),
    c(w.t('关键人被竞争对手接触的集团数', 'Groups whose key person was seen with a competitor'), k.poached),
    w.t(' 家关键人被竞争对手接触，', k.poached === 1 ? ' has a key person seen with a competitor, ' : ' have a key person seen with a competitor, '),
    c(w.t(`关键人 ${k.days} 天以上未联系的集团数`, `Groups with a key person not contacted for ${k.days}+ days`), k.notContacted),
    w.t(' 家久未联系关键人，', ' have not contacted a key person for long, '),
    c(w.t(`关键人 ${k.days} 天内更换的集团数`, `Groups whose key person changed within ${k.days} days`), k.changed),
    w.t(' 家近期更换关键人', ' changed a key person recently'),
  ];
  const names = k.poachedNames.length > 0 ? w.t(`；被接触的有 ${k.poachedNames.join('、')}${k.poached > k.poachedNames.length ? ' 等' : ''}`, `; seen with a competitor: ${k.poachedNames.join(', ')}${k.poached > k.poachedNames.length ? ' and others' : ''}`) : '';
  parts.push(w.t(`（阈值 ${k.days} 天${names}）。`, ` (threshold ${k.days} days${names}).`));
  return w.finding('f3', parts);
}

function topRedSlide(w: Writer, x: ReviewInputs): ReviewSlide {
  const wn = x.warnings;
  const rows = wn.topRed.slice(0, 6);
  const visual: ReviewVisual = {
    kind: 'table',
    title: w.t('风险价值最高的红区集团', 'Red groups with the most value at risk'),
    columns: [
      { key: 'name', label: w.t('集团', 'Group'), format: 'text' },
      { key: 'value', label: w.t('当前价值（元/月）', 'Value (yuan/month)'), format: 'yuan' },
      { key: 'score', label: w.t('预警分（0–100）', 'Score (0–100)'), format: 'int' },
      { key: 'var', label: w.t('风险价值（元/年）', 'Value at risk (yuan/year)'), format: 'yuan' },
      { key: 'signals', label: w.t('触发信号', 'Signals fired'), format: 'text' },
    ],
    // at most 3 signals per row so the table fits the slide; the trace and the Excel pack list all
    rows: rows.map((g) => [g.groupName, g.value === null ? null : Math.round(g.value * 100) / 100, g.score, g.valueAtRisk === null ? null : Math.round(g.valueAtRisk * 100) / 100, g.signals.slice(0, 3).map((s) => w.l(s)).join(w.t('、', ', ')) + (g.signals.length > 3 ? w.t(' 等', ' …') : '')]),
    trace: wn.topRedTrace,
  };
  const red = wn.zones.find((z) => z.zone === 'red');
  const sum = rows.reduce((s, g) => s + (g.valueAtRisk ?? 0), 0);
  const findings: ReviewFinding[] = [];
  if (red && red.valueAtRisk > 0 && rows.length > 0) {
    findings.push(
      w.finding('f1', [
        w.t(`表中 ${rows.length} 家集团占红区风险价值的 `, `These ${rows.length} groups carry `),
        figure(w.t('表中集团占红区风险价值之比', 'Share of red value at risk'), sum / red.valueAtRisk, 'pct', w.lang, wn.topRedTrace),
        w.t('，逐一落实责任人。', ' of the red zone’s value at risk: give each an owner.'),
      ]),
    );
  }
  const counts = new Map<string, { label: string; n: number }>();
  for (const g of rows) for (const s of g.signals) counts.set(s.en, { label: w.l(s), n: (counts.get(s.en)?.n ?? 0) + 1 });
  const common = [...counts.values()].sort((a, b) => b.n - a.n)[0];
  if (common) {
    findings.push(
      w.finding('f2', [
        w.t(`最常见的信号是“${common.label}”，出现在 `, `The most common signal is “${common.label}”, in `),
        figure(w.t('出现该信号的集团数', 'Groups with that signal'), common.n, 'count', w.lang, wn.topRedTrace),
        w.t(' 家中。', ' of them.'),
      ]),
    );
  }
  if (findings.length === 0) findings.push(w.finding('f1', [w.t('本季度末没有红区集团。', 'No group is in the red zone at the end of the quarter.')]));
  const kp = keyPersonFinding(w, x);
  if (kp) findings.push(kp);
  return slide('risk-top', 'risk', w.t('风险：重点红区集团', 'Risks: the red groups to act on'), w.t(`截至 ${x.overview.asOf}`, `As of ${x.overview.asOf}`), visual, findings, w.t('逐家说明原因与行动。', 'Go through each group: cause and action.'));
}

function backtestSlide(w: Writer, x: ReviewInputs): ReviewSlide {
  const b = x.backtest;
  const title = w.t('风险：预警的回测质量', 'Risks: how well the warnings predicted');
  if (b.status !== 'ok') {
    return slide('risk-backtest', 'risk', title, null, null, [w.finding('f1', [w.t(`数据不足，无法回测：${b.reason.zh}`, `Not enough data for a back-test: ${b.reason.en}`)])], '');
  }
  const pct = (v: number | null): number | null => (v === null ? null : Math.round(v * 1000) / 10);
  const visual: ReviewVisual = {
    kind: 'bar',
    title: w.t('各预警区的精确率与召回率', 'Precision and recall per zone threshold'),
    categories: b.thresholds.map((t) => w.l(ZONE_LABELS[t.zone])),
    series: [
      { name: w.t('精确率', 'Precision'), values: b.thresholds.map((t) => pct(t.precision)), color: UNIFIED_BLUE },
      { name: w.t('召回率', 'Recall'), values: b.thresholds.map((t) => pct(t.recall)), color: '#8c8c8c' },
    ],
    unit: '%',
    trace: b.trace,
  };
  // a figure that rests on few months or events says so beside it (issue #13)
  const caveat = (c: LocalText | null | undefined): string => (c ? w.t(`（${c.zh}）`, ` (${c.en})`) : '');
  const findings: ReviewFinding[] = [
    w.finding('f1', [
      w.t(`用过去 ${b.monthsUsed} 个月逐月回测，预警分的 AUC 为 `, `Back-tested month by month over ${b.monthsUsed} months, the warning score has an AUC of `),
      figure('AUC', b.auc, 'ratio', w.lang, b.trace),
      // one bracket: the caveat, then the logistic model for comparison
      b.caveat || b.logisticAuc !== null ? w.t('（', ' (') : '',
      b.caveat ? w.l(b.caveat) : '',
      b.caveat && b.logisticAuc !== null ? w.t('；', '; ') : '',
      b.logisticAuc !== null ? w.t('对照逻辑回归 ', 'logistic regression for comparison: ') : '',
      b.logisticAuc !== null ? figure(w.t('逻辑回归 AUC', 'Logistic AUC'), b.logisticAuc, 'ratio', w.lang, b.trace) : '',
      b.logisticAuc !== null && b.logisticCaveat && b.logisticCaveat.en !== b.caveat?.en ? w.t(`，${b.logisticCaveat.zh}`, `, ${b.logisticCaveat.en}`) : '',
      b.caveat || b.logisticAuc !== null ? w.t('）', ')') : '',
      w.t('。', '.'),
    ]),
  ];
  const red = b.thresholds.find((t) => t.zone === 'red');
  if (red) {
    findings.push(
      w.finding('f2', [
        w.t('红区预警的精确率 ', 'Red-zone warnings: precision '),
        figure(w.t('红区精确率', 'Red precision'), red.precision, 'pct', w.lang, b.trace),
        caveat(red.precisionCaveat),
        w.t('，召回率 ', ', recall '),
        figure(w.t('红区召回率', 'Red recall'), red.recall, 'pct', w.lang, b.trace),
        caveat(red.recallCaveat),
        w.t('。', '.'),
      ]),
    );
  }
  if (b.lift.lift !== null) {
    findings.push(
      w.finding('f3', [
        w.t(`预警分最高的 ${Math.round(b.lift.share * 100)}% 集团中，流失比例是平均水平的 `, `Among the top ${Math.round(b.lift.share * 100)}% by score, losses run at `),
        figure(w.t('头部提升度', 'Top-decile lift'), b.lift.lift, 'ratio', w.lang, b.trace),
        w.t(' 倍', ' times the average'),
        caveat(b.caveat),
        w.t('。', '.'),
      ]),
    );
  }
  return slide('risk-backtest', 'risk', title, w.t(`截至 ${x.overview.asOf}`, `As of ${x.overview.asOf}`), visual, findings, w.t('说明预警可信到什么程度，哪些区的名单需要人工复核。', 'Say how far the warnings can be trusted and which lists need a human check.'));
}

// ---- 3b. satisfaction survey (seed 001) -----------------------------------------------------

/** The importance × satisfaction cells in the scatter's corners: x = satisfaction, y = importance. */
const SURVEY_CORNER: Record<SurveyCellId, 'hh' | 'hl' | 'lh' | 'll'> = { keepUp: 'hh', advantage: 'hl', fixFirst: 'lh', latent: 'll' };

/** The four cells as a table (what the slide shows when there is no survey to place: the model, no factors). */
function surveyModelTable(w: Writer, m: SurveyMatrix | null, trace: Trace): ReviewVisual {
  const hiLo = (high: boolean): string => (high ? w.t('高', 'High') : w.t('低', 'Low'));
  return {
    kind: 'table',
    title: w.t('重要性 × 满意度矩阵（种子001）', 'Importance × satisfaction matrix (seed 001)'),
    columns: [
      { key: 'cell', label: w.t('格', 'Cell'), format: 'text' },
      { key: 'importance', label: w.t('重要性', 'Importance'), format: 'text' },
      { key: 'satisfaction', label: w.t('满意度', 'Satisfaction'), format: 'text' },
      { key: 'action', label: w.t('做法', 'What to do'), format: 'text' },
      { key: 'factors', label: w.t('因素', 'Factors'), format: 'text' },
    ],
    rows: SURVEY_CELLS.map((id) => {
      const d = SURVEY_CELL_DEFS[id];
      const fs = m?.cells.find((c) => c.id === id)?.factors ?? [];
      return [w.l(d.name), hiLo(d.highImportance), hiLo(d.highSatisfaction), w.l(d.action), fs.length > 0 ? fs.join(w.t('、', ', ')) : '—'];
    }),
    trace,
  };
}

function surveySlide(w: Writer, x: ReviewInputs): ReviewSlide {
  const title = w.t('风险：满意度调查的改进重点', 'Risks: what the satisfaction survey says to fix first');
  const notes = w.t('先讲“罪魁祸首”的改进计划和负责人，再讲如何守住“忠诚关键”。', 'Start with the plan and owners for the chief culprits, then how to hold the keys to loyalty.');
  const s = x.survey ?? null;
  const m = s?.matrix ?? null;
  if (!s || !m) {
    // no survey imported, or every wave is after the quarter: say so, and show the model the slide would fill
    const outside = x.outsideScope?.surveyResponses ?? 0;
    const noneRule = !s
      ? outside > 0
        ? { zh: `本范围内没有调查回答（工作区的 ${formatCount(outside)} 份回答都不属于本范围的集团）`, en: `No survey answers in this scope (the workspace’s ${formatCount(outside)} answers all lie outside its groups)` }
        : { zh: '未导入满意度调查', en: 'No satisfaction survey imported' }
      : { zh: `满意度调查的各期（${s.waves.join('、')}）都在 ${x.quarter} 之后`, en: `Every survey wave (${s.waves.join(', ')}) is after ${x.quarter}` };
    const trace: Trace = { rule: noneRule, inputs: [], settings: [] };
    const findings: ReviewFinding[] = !s
      ? [
          outside > 0
            ? w.finding('f1', [w.t(`${noneRule.zh}：这里只放本范围集团的回答。`, `${noneRule.en}: this slide places only the answers of the scope’s groups.`)])
            : w.finding('f1', [w.t('尚未导入满意度调查：在“导入”中导入调查表（因素、重要性、满意度，可含集团编码与调查期）后，这里显示各因素落在哪一格。', 'No satisfaction survey imported yet: import one under Import (factor, importance, satisfaction; optionally group code and survey period) to place each factor here.')]),
          w.finding('f2', [w.t('高重要性、低满意度的因素是客户流失的“罪魁祸首”，应优先改进；低重要性、低满意度为潜在流失区域。', 'Factors of high importance and low satisfaction are the chief culprits of churn, to fix first; low importance with low satisfaction is the latent-churn zone.')]),
        ]
      : [
          w.finding('f1', [w.t(`已导入的满意度调查（${s.waves.join('、')}）都在 ${x.quarter} 结束之后，本季回顾不引用。`, `The imported survey waves (${s.waves.join(', ')}) all come after ${x.quarter} ends, so this review quotes none of them.`)]),
          w.finding('f2', [w.t('高重要性、低满意度的因素是客户流失的“罪魁祸首”，应优先改进；低重要性、低满意度为潜在流失区域。', 'Factors of high importance and low satisfaction are the chief culprits of churn, to fix first; low importance with low satisfaction is the latent-churn zone.')]),
        ];
    return slide('risk-survey', 'risk', title, w.t(noneRule.zh, noneRule.en), surveyModelTable(w, null, trace), findings, notes);
  }

  const sep = w.t('、', ', ');
  const list = (fs: readonly string[], max: number): string => (fs.length > 0 ? fs.slice(0, max).join(sep) + (fs.length > max ? w.t(' 等', ' …') : '') : '—');
  const visual: ReviewVisual = {
    kind: 'scatter',
    title: w.t('重要性 × 满意度矩阵', 'Importance × satisfaction matrix'),
    series: m.cells
      .filter((c) => c.factors.length > 0)
      .map((c) => ({
        name: `${w.l(c.name)}${parenText(formatCount(c.factors.length), w.lang)}`,
        points: m.factors.filter((f) => f.cell === c.id).map((f): [number, number] => [round2(f.satisfaction), round2(f.importance)]),
        color: SURVEY_CELL_COLOURS[c.id],
      })),
    xLabel: `${w.t('满意度', 'Satisfaction')}${parenText(`${fmtShort(m.satisfaction.scale.min, 2)}–${fmtShort(m.satisfaction.scale.max, 2)}`, w.lang)}`,
    yLabel: `${w.t('重要性', 'Importance')}${parenText(`${fmtShort(m.importance.scale.min, 2)}–${fmtShort(m.importance.scale.max, 2)}`, w.lang)}`,
    // zoomed to the factor means and the splits, within the scale (as the 满意度调查 page)
    xRange: surveyAxisRange(m.satisfaction, m.factors.map((f) => f.satisfaction)),
    yRange: surveyAxisRange(m.importance, m.factors.map((f) => f.importance)),
    split: {
      x: m.satisfaction.value,
      y: m.importance.value,
      xLabel: `${w.t('分界', 'Split')} ${formatDecimal(m.satisfaction.value, 2)}`,
      yLabel: `${w.t('分界', 'Split')} ${formatDecimal(m.importance.value, 2)}`,
    },
    // each point named: which dot is 网络质量 is what the meeting asks first (up to 40; a longer survey keeps the lists)
    ...(m.factors.length <= 40 ? { pointLabels: m.factors.map((f) => ({ x: round2(f.satisfaction), y: round2(f.importance), label: f.factor })) } : {}),
    // the cell's name and what to do on one line, its factors on the next
    corners: m.cells.map((c) => ({ position: SURVEY_CORNER[c.id], text: `${w.l(c.name)} · ${w.l(c.action)}\n${list(c.factors, 3)}` })),
    trace: {
      rule: { zh: `${m.trace.rule.zh}；${m.importance.trace.rule.zh}；${m.satisfaction.trace.rule.zh}`, en: `${m.trace.rule.en}; ${m.importance.trace.rule.en}; ${m.satisfaction.trace.rule.en}` },
      inputs: m.trace.inputs,
      settings: m.trace.settings,
    },
  };
  const fix = m.factors.filter((f) => f.cell === 'fixFirst');
  const keep = m.factors.filter((f) => f.cell === 'keepUp');
  const findings: ReviewFinding[] = [];
  const top = fix[0];
  if (top) {
    findings.push(
      w.finding('f1', [
        w.t('“罪魁祸首”（高重要性、低满意度，优先改进）共 ', 'Chief culprits (high importance, low satisfaction; fix first): '),
        figure(w.t('罪魁祸首因素数', 'Chief-culprit factors'), fix.length, 'count', w.lang, m.trace),
        w.t(` 项：${fix.map((f) => f.factor).join('、')}；其中“${top.factor}”重要性 `, ` (${fix.map((f) => f.factor).join(', ')}); ${top.factor} has importance `),
        figure(w.t(`${top.factor}重要性`, `${top.factor} importance`), top.importance, 'ratio', w.lang, top.trace),
        w.t('、满意度 ', ' and satisfaction '),
        figure(w.t(`${top.factor}满意度`, `${top.factor} satisfaction`), top.satisfaction, 'ratio', w.lang, top.trace),
        w.t('（满意度分界 ', ' (satisfaction split '),
        figure(w.t('满意度分界', 'Satisfaction split'), m.satisfaction.value, 'ratio', w.lang, m.satisfaction.trace),
        w.t('）。', ').'),
      ]),
    );
  } else findings.push(w.finding('f1', [w.t('没有高重要性、低满意度的因素（无“罪魁祸首”）。', 'No factor is both important and poorly rated (no chief culprit).')]));
  if (keep.length > 0) {
    findings.push(
      w.finding('f2', [
        w.t('“忠诚关键”（高重要性、高满意度）', 'Keys to loyalty (high importance, high satisfaction): '),
        figure(w.t('忠诚关键因素数', 'Key-to-loyalty factors'), keep.length, 'count', w.lang, m.trace),
        w.t(` 项：${keep.map((f) => f.factor).join('、')}，最易受竞争对手攻击，重点维护。`, ` (${keep.map((f) => f.factor).join(', ')}), the most exposed to competitors: manage and optimise.`),
      ]),
    );
  }
  const latent = m.cells.find((c) => c.id === 'latent')?.factors ?? [];
  // a stable id per finding (edits are kept by id): the survey's figures are f3 whether or not f2 exists
  findings.push(
    w.finding('f3', [
      w.t(`${m.period ? `${m.period} ` : ''}调查共 `, `The ${m.period ? `${m.period} ` : ''}survey: `),
      figure(w.t('回答数', 'Answers'), m.answers, 'count', w.lang, m.trace),
      w.t(' 份回答，来自 ', ' answers from '),
      figure(w.t('回答的集团数', 'Groups answering'), m.groups, 'count', w.lang, m.trace),
      w.t(
        // the split rule is a sentence of its own (in brackets after the groups it read as if it described them), the
        // latent cell under the name the chart gives it
        ` 家集团；高低按${m.importance.rule === 'mean' ? '各因素均值' : '量表中点'}划分。${latent.length > 0 ? `潜在流失（适当调整）：${latent.join('、')}。` : ''}`,
        ` groups; high and low are split at ${m.importance.rule === 'mean' ? 'the mean of the factors' : 'the middle of the scale'}.${latent.length > 0 ? ` Latent churn (adjust): ${latent.join(', ')}.` : ''}`,
      ),
    ]),
  );
  const later = s.waves.filter((p) => m.period !== null && p > m.period);
  // a scoped deck (titled with its scope) places only its groups' answers: it is not the whole branch
  const whoZh = x.outsideScope ? `${x.branchName}的集团` : '全分公司';
  const whoEn = x.outsideScope ? `groups of ${x.branchName}` : 'branch-wide';
  return slide(
    'risk-survey',
    'risk',
    title,
    m.period
      ? w.t(`${m.period} 满意度调查，${whoZh}${later.length > 0 ? `（之后还有 ${later.join('、')}）` : ''}`, `${m.period} satisfaction survey, ${whoEn}${later.length > 0 ? ` (later waves: ${later.join(', ')})` : ''}`)
      : w.t(`满意度调查，${whoZh}`, `Satisfaction survey, ${whoEn}`),
    visual,
    findings,
    notes,
  );
}

// ---- 4. competition ------------------------------------------------------------------------

function competitionSlide(w: Writer, x: ReviewInputs): ReviewSlide {
  const c = x.competition;
  const visual: ReviewVisual = {
    kind: 'table',
    title: w.t('竞争对手动作与暴露', 'Competitor moves and exposure'),
    columns: [
      { key: 'move', label: w.t('竞争动作', 'Move'), format: 'text' },
      { key: 'scenarios', label: w.t('推演方案数', 'Scenarios'), format: 'int' },
      { key: 'exposed', label: w.t('暴露集团数', 'Groups exposed'), format: 'int' },
      { key: 'risk', label: w.t('风险收入（元，推演期）', 'Revenue at risk (yuan, horizon)'), format: 'yuan' },
    ],
    rows: c.moves.map((m) => [w.l(m.name), m.scenarios, m.exposedGroups, m.revenueAtRisk === null ? null : Math.round(m.revenueAtRisk * 100) / 100]),
    trace: c.trace,
  };
  const findings: ReviewFinding[] = [];
  const used = c.moves.filter((m) => m.scenarios > 0);
  findings.push(
    w.finding('f1', [
      w.t('情景库中有 ', 'The scenario library holds '),
      figure(w.t('竞争动作数', 'Moves in the library'), c.moves.length, 'count', w.lang, c.trace),
      w.t(' 种竞争动作，已保存的推演方案 ', ' competitor moves; saved scenarios: '),
      figure(w.t('推演方案数', 'Saved scenarios'), c.scenarios.length, 'count', w.lang, c.trace),
      w.t(` 个，涉及其中 ${used.length} 种。`, `, using ${used.length} of the moves.`),
    ]),
  );
  const worst = [...c.scenarios].filter((s) => s.revenueAtRisk !== null).sort((a, b) => (b.revenueAtRisk ?? 0) - (a.revenueAtRisk ?? 0))[0];
  if (worst) {
    findings.push(
      w.finding('f2', [
        w.t(`暴露最大的方案“${worst.name}”：`, `The most exposed scenario, “${worst.name}”: `),
        figure(w.t('暴露集团数', 'Groups exposed'), worst.exposedGroups, 'count', w.lang, c.trace),
        w.t(' 家集团，风险收入 ', ' groups, revenue at risk '),
        figure(w.t('风险收入（期望）', 'Revenue at risk (expected)'), worst.revenueAtRisk, 'wan', w.lang, c.trace),
        w.t(`（推演期 ${worst.horizonMonths ?? '—'} 个月）`, ` over ${worst.horizonMonths ?? '—'} months`),
        worst.revenueAtRiskP90 !== null ? w.t('，P90 ', ' (P90 ') : '',
        worst.revenueAtRiskP90 !== null ? figure(w.t('风险收入 P90', 'Revenue at risk P90'), worst.revenueAtRiskP90, 'wan', w.lang, c.trace) : '',
        worst.revenueAtRiskP90 !== null ? w.t('', ')') : '',
        w.t('。', '.'),
      ]),
    );
  } else {
    findings.push(w.finding('f2', [c.note ? w.l(c.note) : w.t('尚未保存推演方案：在“竞争推演”中建立方案后，这里显示暴露的集团与收入。', 'No scenario saved yet: build one under Scenarios to see the groups and revenue exposed here.')]));
  }
  return slide('competition', 'competition', w.t('竞争：对手动作与我方暴露', 'Competition: moves and exposure'), null, visual, findings, w.t('结合一线掌握的对手动向，说明哪些集团最容易被攻击。', 'Add what the front line has seen; say which groups are most exposed.'));
}

// ---- 5. plan -------------------------------------------------------------------------------

/** The end of the open-actions finding: outcomes of the closed actions and 什么管用 by measure. */
function outcomeParts(w: Writer, o: ReviewPlanInput['outcomes'] | null): Part[] {
  const end = w.t(' 项。', '.');
  if (!o || o.closed === 0) return [end];
  const parts: Part[] = [
    w.t(' 项。已完成 ', '. Of the '),
    figure(w.t('已完成行动数', 'Closed actions'), o.closed, 'count', w.lang, o.trace),
    w.t(' 项中保住 ', ' closed actions, retained '),
    figure(w.t('保住', 'Retained'), o.retained, 'count', w.lang, o.trace),
    w.t('、部分保住 ', ', partly '),
    figure(w.t('部分保住', 'Partly retained'), o.partly, 'count', w.lang, o.trace),
    w.t('、流失 ', ', lost '),
    figure(w.t('流失', 'Lost'), o.lost, 'count', w.lang, o.trace),
  ];
  if (o.retentionRate !== null) parts.push(w.t('，保住率 ', '; retention rate '), figure(w.t('已完成行动保住率', 'Retention rate of closed actions'), o.retentionRate, 'pct', w.lang, o.trace));
  const top = o.measures.slice(0, 2);
  if (top.length > 0) {
    parts.push(w.t('；按措施：', '; by measure: '));
    top.forEach((m, i) => {
      if (i > 0) parts.push(w.t('，', ', '));
      parts.push(
        `${w.l(m.label)} `,
        figure(w.t(`${m.label.zh} 保住率`, `${m.label.en} retention`), m.retentionRate, 'pct', w.lang, o.trace),
        w.t('（', ' ('),
        figure(w.t(`${m.label.zh} 已完成行动数`, `${m.label.en} closed actions`), m.closed, 'count', w.lang, o.trace),
        w.t(' 项）', ' closed)'),
      );
    });
  }
  parts.push(w.t('。', '.'));
  return parts;
}

function planSlide(w: Writer, x: ReviewInputs): ReviewSlide {
  const p = x.plan;
  const a = p.actions;
  const title = w.t('计划：下季度保网方案', 'Plan: next quarter');
  const causeName = (c: 'service' | 'competition' | 'special'): string => ({ service: w.t('服务', 'Service'), competition: w.t('竞争', 'Competition'), special: w.t('特殊', 'Special') })[c];
  const statusName = (s: 'open' | 'done' | 'cancelled'): string => ({ open: w.t('进行中', 'Open'), done: w.t('已完成', 'Done'), cancelled: w.t('已取消', 'Cancelled') })[s];
  const findings: ReviewFinding[] = [];
  let visual: ReviewVisual;
  if (p.scenario) {
    const s = p.scenario;
    const beyond = s.paybackBeyondShare ?? null;
    const formatPct = (v: number): string => formatFigure(v, 'pct', w.lang);
    const item = (id: string, label: string, value: number | null, format: ReviewFigure['format']): KpiItem => ({
      id,
      label,
      value,
      display:
        id === 'roi' && value !== null
          ? formatPercent(value)
          : id === 'payback' && value === null && beyond !== null
            ? w.t('超出推演期', 'beyond the horizon')
            : formatFigure(value, format, w.lang),
      changes: [],
      better: id === 'cost' ? 'none' : 'up',
      trace: s.trace,
    });
    visual = {
      kind: 'kpis',
      items: [
        item('budget', w.t('预算', 'Budget'), s.budget, 'wan'),
        item('cost', w.t('投入', 'Cost'), s.cost, 'wan'),
        item('revenueKept', w.t('保住收入（期望）', 'Revenue kept (expected)'), s.revenueKept.expected, 'wan'),
        item('netBenefit', w.t('净收益（期望）', 'Net benefit (expected)'), s.netBenefit.expected, 'wan'),
        item('roi', w.t('投入产出比', 'ROI'), s.roi, 'pct'),
        item('payback', w.t('回收期（月）', 'Payback (months)'), s.paybackMonth, 'month'),
      ],
    };
    findings.push(
      w.finding('f1', [
        w.t(`计划方案“${s.name}”：预算 `, `Plan “${s.name}”: budget `),
        figure(w.t('预算', 'Budget'), s.budget, 'wan', w.lang, s.trace),
        w.t('，覆盖 ', ', covering '),
        figure(w.t('投入集团数', 'Groups funded'), s.groupsFunded, 'count', w.lang, s.trace),
        w.t(' 家集团，期望保住收入 ', ' groups; expected revenue kept '),
        figure(w.t('保住收入（期望）', 'Revenue kept (expected)'), s.revenueKept.expected, 'wan', w.lang, s.trace),
        w.t('（P10–P90：', ' (P10–P90: '),
        figure('P10', s.revenueKept.p10, 'wan', w.lang, s.trace),
        w.t('–', '–'),
        figure('P90', s.revenueKept.p90, 'wan', w.lang, s.trace),
        w.t('）。', ').'),
      ]),
    );
    findings.push(
      w.finding('f2', [
        w.t('期望净收益 ', 'Expected net benefit '),
        figure(w.t('净收益（期望）', 'Net benefit (expected)'), s.netBenefit.expected, 'wan', w.lang, s.trace),
        s.paybackMonth !== null
          ? w.t('，第 ', ', paying back in month ')
          : beyond !== null && beyond < 1
            ? w.t(`；${formatPct(beyond)} 的模拟在推演期内收不回投入，回收期记为超出推演期`, `; ${formatPct(beyond)} of the runs do not pay back within the horizon, so the payback counts as beyond it`)
            : w.t('，方案期内无法回收投入', '; the cost is not paid back within the horizon'),
        s.paybackMonth !== null ? figure(w.t('回收月', 'Payback month'), s.paybackMonth, 'month', w.lang, s.trace) : '',
        s.paybackMonth !== null ? w.t(' 个月回收投入。', '.') : w.t('。', '.'),
      ]),
    );
  } else {
    visual = {
      kind: 'table',
      title: w.t('进行中的行动', 'Open actions'),
      columns: [
        { key: 'group', label: w.t('集团', 'Group'), format: 'text' },
        { key: 'cause', label: w.t('原因', 'Cause'), format: 'text' },
        { key: 'action', label: w.t('行动', 'Action'), format: 'text' },
        { key: 'owner', label: w.t('负责人', 'Owner'), format: 'text' },
        { key: 'due', label: w.t('期限', 'Due'), format: 'text' },
        { key: 'status', label: w.t('状态', 'Status'), format: 'text' },
      ],
      rows: a.list.map((r) => [r.groupName, causeName(r.cause), r.action, r.owner, r.due ?? '—', statusName(r.status)]),
      trace: a.trace,
    };
    findings.push(w.finding('f1', [w.t('尚未将推演方案设为计划：在“竞争推演”中选定方案并设为计划后，这里显示预算、投入与期望保住的收入。', 'No scenario is marked as the plan yet: mark one under Scenarios to show its budget, cost and expected revenue kept here.')]));
  }
  findings.push(
    w.finding(p.scenario ? 'f3' : 'f2', [
      w.t('行动记录中进行中的行动 ', 'Open actions in the log: '),
      figure(w.t('进行中的行动数', 'Open actions'), a.open, 'count', w.lang, a.trace),
      w.t(' 项，其中竞争原因 ', ', of which competition '),
      figure(w.t('竞争原因行动数', 'Competition actions'), a.byCause.find((c) => c.cause === 'competition')?.open ?? 0, 'count', w.lang, a.trace),
      w.t(' 项；已逾期 ', '; overdue '),
      figure(w.t('逾期行动数', 'Overdue actions'), a.overdue, 'count', w.lang, a.trace),
      ...outcomeParts(w, p.outcomes ?? null),
    ]),
  );
  return slide('plan', 'plan', title, null, visual, findings, w.t('明确下季度的预算、负责人和检查时间。', 'Agree next quarter’s budget, owners and review dates.'));
}

/** The built slides in their default order, without edits. */
export function buildSlides(inputs: ReviewInputs, language: ReviewLanguage): ReviewSlide[] {
  const w = new Writer(language);
  return [
    positionSlide(w, inputs),
    trendSlide(w, inputs),
    quadrantSlide(w, inputs),
    migrationSlide(w, inputs),
    warningsSlide(w, inputs),
    topRedSlide(w, inputs),
    backtestSlide(w, inputs),
    surveySlide(w, inputs),
    competitionSlide(w, inputs),
    planSlide(w, inputs),
  ];
}
