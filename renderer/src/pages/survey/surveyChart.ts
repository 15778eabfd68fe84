/**
 * The survey matrix scatter (seed 001): x = satisfaction, y = importance on the survey's scale, thin split
 * lines labelled with their values, the four cells as areas with their names in the cell's outer corner,
 * one point per factor (labelled with its name, sized by its answers, coloured and shaped by its cell),
 * and a tooltip built with the html helpers. Pure: the option only, no ECharts instance.
 */
import type { Language } from '../../../../shared/api/contract';
import type { SurveyMatrixView } from '../../../../shared/api/surveyContract';
import { SURVEY_CELL_COLOURS, SURVEY_CELLS, surveyAxisRange, type SurveyCellId } from '../../../../shared/analytics/surveyMatrix';
import { html, tooltipLines } from '../../charts/html';
import { colonText, formatCount, formatDecimal, parenText } from '../../format';
import { localText } from '../../i18n';

/** Each cell's own symbol (the cells differ by shape too, not colour alone). */
export const SURVEY_CELL_SYMBOLS: Readonly<Record<SurveyCellId, string>> = { fixFirst: 'diamond', keepUp: 'circle', advantage: 'rect', latent: 'triangle' };

export interface SurveyChartTexts {
  importance: string;
  satisfaction: string;
  split: string;
  answers: string;
  groups: string;
  cell: string;
}

/** Where a cell's area lies and which of its corners carries its name. */
const CELL_LABEL_POSITION: Readonly<Record<SurveyCellId, string>> = { fixFirst: 'insideTopLeft', keepUp: 'insideTopRight', advantage: 'insideBottomRight', latent: 'insideBottomLeft' };

/** An axis label inside the scale; blank in the step beyond its ends. */
const inScale = (a: SurveyMatrixView['importance']) => (v: number): string => (v < a.scale.min - 1e-9 || v > a.scale.max + 1e-9 ? '' : formatDecimal(v, Number.isInteger(v) ? 0 : 1));

export function surveyChartOption(m: SurveyMatrixView, language: Language, t: SurveyChartTexts, highlight: string | null = null): Record<string, unknown> {
  // zoomed to the means (shared/analytics/surveyMatrix.ts), up to a step beyond the scale for the cell names
  const x = surveyAxisRange(m.satisfaction, m.factors.map((f) => f.satisfaction), true);
  const y = surveyAxisRange(m.importance, m.factors.map((f) => f.importance), true);
  const xs = m.satisfaction.value;
  const ys = m.importance.value;
  const colon = colonText(language);
  const scaleText = (a: SurveyMatrixView['importance']): string => `${formatDecimal(a.scale.min, 0)}–${formatDecimal(a.scale.max, 0)}`;
  let maxAnswers = 1;
  for (const f of m.factors) if (f.answers > maxAnswers) maxAnswers = f.answers;
  const cellOf = new Map(m.cells.map((c) => [c.id, c]));
  // two factors close together: the less satisfied one is named on its left, so the names do not cover each other
  const leftLabel = new Set<string>();
  for (const a of m.factors)
    for (const b of m.factors)
      if (a !== b && Math.abs(a.satisfaction - b.satisfaction) < (x.max - x.min) * 0.08 && Math.abs(a.importance - b.importance) < (y.max - y.min) * 0.08 && (a.satisfaction < b.satisfaction || (a.satisfaction === b.satisfaction && a.factor < b.factor)))
        leftLabel.add(a.factor);

  const series: Record<string, unknown>[] = SURVEY_CELLS.map((id) => {
    const cell = cellOf.get(id);
    const mine = m.factors.filter((f) => f.cell === id);
    return {
      type: 'scatter',
      id: `cell-${id}`,
      name: cell ? localText(cell.name, language) : id,
      symbol: SURVEY_CELL_SYMBOLS[id],
      symbolSize: (v: number[]) => 12 + 14 * Math.sqrt((v[2] ?? 0) / maxAnswers),
      itemStyle: { color: SURVEY_CELL_COLOURS[id], opacity: 0.9, borderColor: '#fff', borderWidth: 1 },
      z: 5,
      label: { show: true, position: 'right', distance: 6, formatter: (p: { data?: { factor?: string } }) => p.data?.factor ?? '', color: '#262626', fontSize: 12 },
      labelLayout: { moveOverlap: 'shiftY' },
      emphasis: { scale: 1.2, label: { fontWeight: 600 } },
      data: mine.map((f) => ({
        value: [f.satisfaction, f.importance, f.answers],
        factor: f.factor,
        ...(leftLabel.has(f.factor) || highlight === f.factor
          ? { label: { ...(leftLabel.has(f.factor) ? { position: 'left' } : {}), ...(highlight === f.factor ? { fontWeight: 700 } : {}) } }
          : {}),
        ...(highlight === f.factor ? { itemStyle: { borderColor: '#000', borderWidth: 2.5 } } : {}),
      })),
    };
  });

  // the four cells as areas, each named in its outer corner with what to do and its factor count; the split lines labelled with their values
  const area = (id: SurveyCellId): [Record<string, unknown>, Record<string, unknown>] => {
    const c = cellOf.get(id);
    const hiI = c?.highImportance ?? false;
    const hiS = c?.highSatisfaction ?? false;
    const name = c ? `${localText(c.name, language)} · ${localText(c.action, language)}${parenText(formatCount(c.factors.length), language)}` : id;
    return [
      {
        name,
        xAxis: hiS ? xs : x.min,
        yAxis: hiI ? y.max : ys,
        itemStyle: { color: id === 'fixFirst' ? 'rgba(196,29,127,0.07)' : id === 'latent' ? 'rgba(240,111,176,0.05)' : 'rgba(0,0,0,0)' },
        label: { position: CELL_LABEL_POSITION[id], color: id === 'fixFirst' ? SURVEY_CELL_COLOURS.fixFirst : '#595959', fontWeight: 600, fontSize: 12, padding: [6, 8] },
      },
      { xAxis: hiS ? x.max : xs, yAxis: hiI ? ys : y.min },
    ];
  };
  series.push({
    type: 'scatter',
    id: 'cells',
    name: '__cells',
    silent: true,
    data: [],
    z: 1,
    markArea: { silent: true, animation: false, data: SURVEY_CELLS.map(area) },
    markLine: {
      silent: true,
      symbol: 'none',
      animation: false,
      lineStyle: { color: '#595959', type: 'dashed', width: 1 },
      label: { color: '#434343', backgroundColor: 'rgba(255,255,255,0.85)', padding: [1, 4], fontSize: 11 },
      data: [
        { xAxis: xs, label: { formatter: `${t.split} ${formatDecimal(xs, 2)}`, position: 'end' } },
        { yAxis: ys, label: { formatter: `${t.split}\n${formatDecimal(ys, 2)}`, position: 'end' } },
      ],
    },
  });

  const factorOf = new Map(m.factors.map((f) => [f.factor, f]));
  return {
    animation: false,
    // the split values sit outside the plot (x above it, y to its right), clear of the points
    grid: { left: 64, right: 56, top: 36, bottom: 56 },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: { data?: { factor?: string } }) => {
        const f = p.data?.factor !== undefined ? factorOf.get(p.data.factor) : undefined;
        if (!f) return '';
        const c = cellOf.get(f.cell);
        return tooltipLines([
          html`<b>${f.factor}</b>`,
          c ? html`${t.cell}${colon}<span style="color:${SURVEY_CELL_COLOURS[f.cell]}">${localText(c.name, language)}</span> · ${localText(c.action, language)}` : '',
          `${t.importance}${colon}${formatDecimal(f.importance, 2)} ${f.importance >= ys ? '≥' : '<'} ${formatDecimal(ys, 2)}`,
          `${t.satisfaction}${colon}${formatDecimal(f.satisfaction, 2)} ${f.satisfaction >= xs ? '≥' : '<'} ${formatDecimal(xs, 2)}`,
          `${t.answers}${colon}${formatCount(f.answers)}`,
          m.groupCode === null ? `${t.groups}${colon}${formatCount(f.groups)}` : '',
        ]);
      },
    },
    xAxis: {
      type: 'value',
      name: `${t.satisfaction}${parenText(scaleText(m.satisfaction), language)}`,
      nameLocation: 'middle',
      nameGap: 30,
      min: x.min,
      max: x.max,
      axisLabel: { formatter: inScale(m.satisfaction) },
      splitLine: { lineStyle: { color: '#f0f0f0' } },
    },
    yAxis: {
      type: 'value',
      name: `${t.importance}${parenText(scaleText(m.importance), language)}`,
      nameLocation: 'middle',
      nameGap: 40,
      min: y.min,
      max: y.max,
      axisLabel: { formatter: inScale(m.importance) },
      splitLine: { lineStyle: { color: '#f0f0f0' } },
    },
    series,
  };
}
