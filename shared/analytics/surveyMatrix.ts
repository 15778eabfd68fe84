/**
 * The importance × satisfaction matrix of a satisfaction survey (seed 001 ㈣, 「电信客户忠诚度应用模型」,
 * docs/domain.md §2): each factor's mean importance and mean satisfaction, split into high and low,
 * give four cells named as the seed names them:
 *
 *   high importance, low satisfaction  → 罪魁祸首 (the chief culprit of churn): fix first
 *   high importance, high satisfaction → 忠诚关键 (the key to loyalty, most exposed to attack): manage and optimise
 *   low importance, high satisfaction  → 满意区域 (the customer-satisfied zone): keep the advantage
 *   low importance, low satisfaction   → 潜在流失 (the latent-churn zone): adjust to prevent latent churn
 *
 * The scale (1–5, 0–10 or 0–100) is detected from the answers on each axis; the split is the mean over
 * the factors or the middle of the scale (setting survey.split). A factor exactly on a split counts as high.
 * Pure; the answers are never changed.
 */
import type { LocalText, Trace } from '../model/trace';
import type { SurveyResponse } from '../model/portfolio';
import type { AnalyticsSettings } from './settings';
import { settingsTrace } from './settings';
import { T, fmtShort, round2 } from './text';
import { parsePeriod } from '../util/period';

export type SurveyScaleId = '1-5' | '0-10' | '0-100' | 'other';

export interface SurveyScale {
  id: SurveyScaleId;
  min: number;
  max: number;
  /** the middle of the scale (the fixed split) */
  mid: number;
  /** the lowest and highest answer seen */
  seenMin: number;
  seenMax: number;
  trace: Trace;
}

export const SURVEY_CELLS = ['fixFirst', 'keepUp', 'advantage', 'latent'] as const;
export type SurveyCellId = (typeof SURVEY_CELLS)[number];

export interface SurveyCellDef {
  id: SurveyCellId;
  highImportance: boolean;
  highSatisfaction: boolean;
  /** the seed's name of the cell */
  name: LocalText;
  /** what to do with its factors */
  action: LocalText;
  /** the seed's wording */
  source: string;
}

export const SURVEY_CELL_DEFS: Readonly<Record<SurveyCellId, SurveyCellDef>> = {
  fixFirst: { id: 'fixFirst', highImportance: true, highSatisfaction: false, name: T('罪魁祸首', 'Chief culprit'), action: T('优先改进', 'fix first'), source: '罪魁祸首' },
  keepUp: { id: 'keepUp', highImportance: true, highSatisfaction: true, name: T('忠诚关键', 'Key to loyalty'), action: T('重点维护', 'manage and optimise'), source: '保持客户忠诚的关键' },
  advantage: { id: 'advantage', highImportance: false, highSatisfaction: true, name: T('满意区域', 'Satisfied zone'), action: T('保持优势', 'keep the advantage'), source: '客户满意的区域' },
  latent: { id: 'latent', highImportance: false, highSatisfaction: false, name: T('潜在流失', 'Latent churn'), action: T('适当调整', 'adjust'), source: '潜在流失区域' },
};

/**
 * The cells' colours in the app's scatter and on the review slide: magenta for the two low-satisfaction cells
 * (strong for fix first), greys for the satisfied ones; never a warning-zone colour (UI.md: colour means one thing).
 * The app also gives each cell its own symbol, so the cells do not differ by colour alone.
 */
export const SURVEY_CELL_COLOURS: Readonly<Record<SurveyCellId, string>> = { fixFirst: '#c41d7f', keepUp: '#262626', advantage: '#8c8c8c', latent: '#f06fb0' };

/** "罪魁祸首（优先改进）" / "Chief culprit (fix first)" */
export function surveyCellLabel(id: SurveyCellId): LocalText {
  const d = SURVEY_CELL_DEFS[id];
  return { zh: `${d.name.zh}（${d.action.zh}）`, en: `${d.name.en} (${d.action.en})` };
}

export function surveyCellOf(highImportance: boolean, highSatisfaction: boolean): SurveyCellId {
  return highImportance ? (highSatisfaction ? 'keepUp' : 'fixFirst') : highSatisfaction ? 'advantage' : 'latent';
}

const SCALES: readonly { id: Exclude<SurveyScaleId, 'other'>; min: number; max: number }[] = [
  { id: '1-5', min: 1, max: 5 },
  { id: '0-10', min: 0, max: 10 },
  { id: '0-100', min: 0, max: 100 },
];

const scaleText = (min: number, max: number): string => `${fmtShort(min)}–${fmtShort(max)}`;

/**
 * The smallest of 1–5, 0–10 and 0–100 that holds every answer; 'other' (the range seen) when none does.
 * `values` may be empty (then 1–5 with no answers seen).
 */
export function detectSurveyScale(values: Iterable<number>, axis: LocalText = T('得分', 'score')): SurveyScale {
  let lo = Infinity;
  let hi = -Infinity;
  let n = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    n++;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const seenMin = n > 0 ? lo : Number.NaN;
  const seenMax = n > 0 ? hi : Number.NaN;
  const found = n === 0 ? SCALES[0] : SCALES.find((s) => lo >= s.min && hi <= s.max);
  const min = found ? found.min : lo;
  const max = found ? found.max : hi;
  const id: SurveyScaleId = found ? found.id : 'other';
  const mid = (min + max) / 2;
  const seen = n > 0 ? scaleText(lo, hi) : '—';
  return {
    id,
    min,
    max,
    mid,
    seenMin,
    seenMax,
    trace: {
      rule: found
        ? T(
            `${axis.zh}量表：回答均在 ${scaleText(min, max)} 之内（依次检查 1–5、0–10、0–100，取第一个容纳全部回答的量表），中点 ${fmtShort(mid)}`,
            `${axis.en} scale: every answer lies within ${scaleText(min, max)} (1–5, 0–10 and 0–100 checked in turn, the first that holds every answer), middle ${fmtShort(mid)}`,
          )
        : T(
            `${axis.zh}量表：回答超出 0–100，按所见范围 ${seen} 计，中点 ${fmtShort(mid)}`,
            `${axis.en} scale: answers go beyond 0–100, taken as the range seen ${seen}, middle ${fmtShort(mid)}`,
          ),
      inputs: [
        { label: T('回答数', 'Answers'), value: n },
        { label: T('最低回答', 'Lowest answer'), value: n > 0 ? lo : '—' },
        { label: T('最高回答', 'Highest answer'), value: n > 0 ? hi : '—' },
      ],
      settings: [],
    },
  };
}

export interface SurveyFactorPoint {
  factor: string;
  /** mean importance over the answers for this factor */
  importance: number;
  satisfaction: number;
  /** answers averaged */
  answers: number;
  /** distinct groups among them (branch-wide answers not counted) */
  groups: number;
  cell: SurveyCellId;
  trace: Trace;
}

export interface SurveyAxisSplit {
  value: number;
  rule: 'mean' | 'midScale';
  scale: SurveyScale;
  trace: Trace;
}

export interface SurveyCellSummary extends SurveyCellDef {
  label: LocalText;
  /** the factors in this cell, the most important first */
  factors: string[];
}

export interface SurveyMatrix {
  /** null = branch-wide (every answer); else the group's answers only */
  groupCode: string | null;
  /** the survey wave used (the latest one with answers), null when the answers carry no period */
  period: string | null;
  /** the waves present, oldest first */
  periods: string[];
  answers: number;
  respondents: number;
  groups: number;
  importance: SurveyAxisSplit;
  satisfaction: SurveyAxisSplit;
  factors: SurveyFactorPoint[];
  cells: SurveyCellSummary[];
  trace: Trace;
}

export interface SurveyMatrixOptions {
  /** a group's matrix; absent or null = branch-wide */
  groupCode?: string | null;
  /** the survey wave; absent = the latest wave present */
  period?: string | null;
}

interface Acc {
  imp: number;
  sat: number;
  n: number;
  groups: Set<string>;
}

/** The groups that answered, with their answer counts, largest first. */
export function surveyGroups(responses: readonly SurveyResponse[]): { groupCode: string; answers: number }[] {
  const m = new Map<string, number>();
  for (const r of responses) if (r.groupCode !== null) m.set(r.groupCode, (m.get(r.groupCode) ?? 0) + 1);
  return [...m].map(([groupCode, answers]) => ({ groupCode, answers })).sort((a, b) => b.answers - a.answers || (a.groupCode < b.groupCode ? -1 : 1));
}

/** The survey matrix, or null when no answer falls in the scope. */
export function surveyMatrix(responses: readonly SurveyResponse[], settings: AnalyticsSettings, options: SurveyMatrixOptions = {}): SurveyMatrix | null {
  const groupCode = options.groupCode ?? null;
  const periodSet = new Set<string>();
  for (const r of responses) if (r.period !== null) periodSet.add(r.period);
  const periods = [...periodSet].sort();
  const period = options.period !== undefined && options.period !== null ? options.period : (periods[periods.length - 1] ?? null);
  const inScope = (r: SurveyResponse): boolean =>
    (groupCode === null || r.groupCode === groupCode) && (period === null || r.period === period) && Number.isFinite(r.importance) && Number.isFinite(r.satisfaction);

  const byFactor = new Map<string, Acc>();
  const impValues: number[] = [];
  const satValues: number[] = [];
  const respondents = new Set<string>();
  const groups = new Set<string>();
  let answers = 0;
  for (const r of responses) {
    if (!inScope(r)) continue;
    answers++;
    impValues.push(r.importance);
    satValues.push(r.satisfaction);
    if (r.respondent !== null) respondents.add(`${r.groupCode ?? ''}\u0000${r.respondent}`);
    if (r.groupCode !== null) groups.add(r.groupCode);
    let a = byFactor.get(r.factor);
    if (a === undefined) {
      a = { imp: 0, sat: 0, n: 0, groups: new Set<string>() };
      byFactor.set(r.factor, a);
    }
    a.imp += r.importance;
    a.sat += r.satisfaction;
    a.n++;
    if (r.groupCode !== null) a.groups.add(r.groupCode);
  }
  if (answers === 0) return null;

  const rule = settings.survey.split;
  const splitKeys = ['survey.split'];
  const means = [...byFactor].map(([factor, a]) => ({ factor, imp: a.imp / a.n, sat: a.sat / a.n, n: a.n, groups: a.groups.size }));
  const axis = (label: LocalText, values: readonly number[], pick: (m: (typeof means)[number]) => number): SurveyAxisSplit => {
    const scale = detectSurveyScale(values, label);
    let sum = 0;
    for (const m of means) sum += pick(m);
    const mean = sum / means.length;
    const value = rule === 'mean' ? mean : scale.mid;
    return {
      value,
      rule,
      scale,
      trace: {
        rule:
          rule === 'mean'
            ? T(`${label.zh}分界 = ${means.length}个因素的${label.zh}均值的平均值 ${fmtShort(mean)}；不低于分界为高`, `${label.en} split = the average of the ${means.length} factors' mean ${label.en} ${fmtShort(mean)}; at or above the split is high`)
            : T(`${label.zh}分界 = 量表 ${scaleText(scale.min, scale.max)} 的中点 ${fmtShort(scale.mid)}；不低于分界为高`, `${label.en} split = the middle of the ${scaleText(scale.min, scale.max)} scale, ${fmtShort(scale.mid)}; at or above the split is high`),
        inputs: [
          { label: T('分界值', 'Split value'), value: round2(value) },
          { label: T('因素数', 'Factors'), value: means.length },
          { label: T('量表', 'Scale'), value: scaleText(scale.min, scale.max) },
          { label: T('各因素均值的平均值', 'Average of the factor means'), value: round2(mean) },
        ],
        settings: settingsTrace(settings, splitKeys),
      },
    };
  };
  const importance = axis(T('重要性', 'importance'), impValues, (m) => m.imp);
  const satisfaction = axis(T('满意度', 'satisfaction'), satValues, (m) => m.sat);

  const scopeText: LocalText =
    groupCode === null ? T('全分公司', 'branch-wide') : T(`集团${groupCode}`, `group ${groupCode}`);
  const periodText: LocalText = period === null ? T('', '') : T(`${period}，`, `${period}, `);
  const factors: SurveyFactorPoint[] = means.map((m) => {
    const hi = m.imp >= importance.value;
    const hs = m.sat >= satisfaction.value;
    const cell = surveyCellOf(hi, hs);
    const label = surveyCellLabel(cell);
    return {
      factor: m.factor,
      importance: m.imp,
      satisfaction: m.sat,
      answers: m.n,
      groups: m.groups,
      cell,
      trace: {
        rule: T(
          `${periodText.zh}${scopeText.zh}“${m.factor}”的${m.n}份回答的平均值：重要性 ${fmtShort(m.imp)}（${hi ? '≥' : '<'} 分界 ${fmtShort(importance.value)}，${hi ? '高' : '低'}），满意度 ${fmtShort(m.sat)}（${hs ? '≥' : '<'} 分界 ${fmtShort(satisfaction.value)}，${hs ? '高' : '低'}）→ ${label.zh}`,
          `${periodText.en}${scopeText.en}, the mean of ${m.n} answers on ${m.factor}: importance ${fmtShort(m.imp)} (${hi ? '≥' : '<'} split ${fmtShort(importance.value)}, ${hi ? 'high' : 'low'}), satisfaction ${fmtShort(m.sat)} (${hs ? '≥' : '<'} split ${fmtShort(satisfaction.value)}, ${hs ? 'high' : 'low'}) → ${label.en}`,
        ),
        inputs: [
          { label: T('回答数', 'Answers'), value: m.n },
          { label: T('平均重要性', 'Mean importance'), value: round2(m.imp) },
          { label: T('平均满意度', 'Mean satisfaction'), value: round2(m.sat) },
          { label: T('重要性分界', 'Importance split'), value: round2(importance.value) },
          { label: T('满意度分界', 'Satisfaction split'), value: round2(satisfaction.value) },
          ...(groupCode === null ? [{ label: T('回答的集团数', 'Groups answering'), value: m.groups }] : []),
        ],
        settings: settingsTrace(settings, splitKeys),
      },
    };
  });
  factors.sort((a, b) => b.importance - a.importance || a.satisfaction - b.satisfaction || (a.factor < b.factor ? -1 : a.factor > b.factor ? 1 : 0));
  const cells: SurveyCellSummary[] = SURVEY_CELLS.map((id) => ({ ...SURVEY_CELL_DEFS[id], label: surveyCellLabel(id), factors: factors.filter((f) => f.cell === id).map((f) => f.factor) }));
  const fix = cells[0]?.factors.length ?? 0;
  return {
    groupCode,
    period,
    periods,
    answers,
    respondents: respondents.size,
    groups: groups.size,
    importance,
    satisfaction,
    factors,
    cells,
    trace: {
      rule: T(
        `${periodText.zh}${scopeText.zh}满意度调查 ${answers} 份回答、${factors.length} 个因素：按重要性与满意度的高低分入四格（种子001“电信客户忠诚度应用模型”）；高重要性、低满意度为“罪魁祸首”，优先改进（${fix}个）`,
        `${periodText.en}${scopeText.en} satisfaction survey, ${answers} answers on ${factors.length} factors: each factor put in one of four cells by high or low importance and satisfaction (seed 001 loyalty model); high importance with low satisfaction is the chief culprit, fix first (${fix})`,
      ),
      inputs: [
        { label: T('回答数', 'Answers'), value: answers },
        { label: T('因素数', 'Factors'), value: factors.length },
        { label: T('回答的集团数', 'Groups answering'), value: groups.size },
        { label: T('重要性分界', 'Importance split'), value: round2(importance.value) },
        { label: T('满意度分界', 'Satisfaction split'), value: round2(satisfaction.value) },
        { label: T('重要性量表', 'Importance scale'), value: scaleText(importance.scale.min, importance.scale.max) },
        { label: T('满意度量表', 'Satisfaction scale'), value: scaleText(satisfaction.scale.min, satisfaction.scale.max) },
      ],
      settings: settingsTrace(settings, splitKeys),
    },
  };
}

/** The matrix as plain JSON for `holdfast analyze --json` (cells with their factors). */
export function surveyMatrixJson(m: SurveyMatrix): {
  groupCode: string | null;
  period: string | null;
  answers: number;
  groups: number;
  split: { rule: 'mean' | 'midScale'; importance: number; satisfaction: number };
  scale: { importance: SurveyScaleId; satisfaction: SurveyScaleId };
  cells: { id: SurveyCellId; name: LocalText; action: LocalText; factors: { factor: string; importance: number; satisfaction: number; answers: number }[] }[];
} {
  return {
    groupCode: m.groupCode,
    period: m.period,
    answers: m.answers,
    groups: m.groups,
    split: { rule: m.importance.rule, importance: round2(m.importance.value), satisfaction: round2(m.satisfaction.value) },
    scale: { importance: m.importance.scale.id, satisfaction: m.satisfaction.scale.id },
    cells: m.cells.map((c) => ({
      id: c.id,
      name: c.name,
      action: c.action,
      factors: m.factors.filter((f) => f.cell === c.id).map((f) => ({ factor: f.factor, importance: round2(f.importance), satisfaction: round2(f.satisfaction), answers: f.answers })),
    })),
  };
}

/** The last month (periodIndex-like count: year × 12 + month − 1) a wave 'YYYY-MM' or 'YYYYQn' covers; null when unreadable. */
function waveEnd(wave: string): number | null {
  try {
    return parsePeriod(wave).months.at(-1) ?? null;
  } catch {
    return null;
  }
}

/**
 * The survey wave a quarterly review of `quarter` ('YYYYQn') quotes: the latest wave that ends at or
 * before the quarter's last month. null when every wave is later (or there is none).
 */
export function surveyWaveFor(waves: readonly string[], quarter: string): string | null {
  const end = waveEnd(quarter);
  if (end === null) return null;
  let best: string | null = null;
  let bestEnd = -Infinity;
  for (const w of waves) {
    const e = waveEnd(w);
    if (e !== null && e <= end && e > bestEnd) {
      best = w;
      bestEnd = e;
    }
  }
  return best;
}

/** The waves of the answers, oldest first (answers without a period have no wave). */
export function surveyWaves(responses: readonly SurveyResponse[]): string[] {
  const s = new Set<string>();
  for (const r of responses) if (r.period !== null) s.add(r.period);
  return [...s].sort();
}

/**
 * The range to draw an axis of the matrix over: the factor means and the split with half a step's margin,
 * on a step (half a point on 1–5, a point on 0–10, ten on 0–100). The means of a survey sit close
 * together; drawn over the whole scale their points and names would run into each other. Within the
 * scale, but for up to a step beyond its ends when `beyond` (the app leaves the axis labels there blank
 * and the cell names sit in that band, clear of a point at the end of the scale).
 */
export function surveyAxisRange(a: { value: number; scale: { min: number; max: number } }, means: readonly number[], beyond = false): { min: number; max: number } {
  const span = a.scale.max - a.scale.min;
  const step = span <= 5 ? 0.5 : span <= 10 ? 1 : 10;
  let lo = a.value;
  let hi = a.value;
  for (const v of means) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const extra = beyond ? step : 0;
  const min = Math.max(a.scale.min - extra, Math.floor((lo - step / 2) / step) * step);
  const max = Math.min(a.scale.max + extra, Math.ceil((hi + step / 2) / step) * step);
  return max > min ? { min, max } : { min: a.scale.min, max: a.scale.max };
}
