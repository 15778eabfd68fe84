/**
 * ECharts options for a slide's visual, in three looks: the editor ('app'),
 * presenter mode (bigger type, thicker lines, no gridlines: legible from the
 * back of a meeting room) and the print view (same as presenter, never animated).
 * Pure: sizes scale with the slide's width so a thumbnail, the editor and a
 * projector show the same composition.
 */
import type { ReviewVisual } from '../../../../shared/review/types';
import { fmtNum, fmtShort } from '../../../../shared/review/format';

export type SlideLook = 'app' | 'presenter' | 'print';

type ChartVisualAny = Exclude<ReviewVisual, { kind: 'kpis' } | { kind: 'table' }>;

/** Money series (UI.md): unified pay deep blue, personal pay light blue, new business teal, then neutrals. */
export const SERIES_PALETTE = ['#0b3a6e', '#8cc4f2', '#13a8a8', '#4a5a6e', '#a0a7b4', '#2f3b4c'];

export const FONT_STACK = "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', sans-serif";

const INK = '#111827';
const MUTED = '#4b5563';

/** The slide coordinate system is 1280 px wide; everything scales from there. */
export const SLIDE_DESIGN_WIDTH = 1280;

export function isChartVisual(v: ReviewVisual | null): v is ChartVisualAny {
  return v !== null && v.kind !== 'kpis' && v.kind !== 'table';
}

interface LookStyle {
  font: number;
  line: number;
  grid: boolean;
  symbol: number;
}

/** `scale` is 1 for a chart box 55% of a 1280 px slide (the visual's share of the slide). */
function lookStyle(look: SlideLook, scale: number): LookStyle {
  const big = look !== 'app';
  return {
    font: Math.max(10, Math.round((big ? 17 : 14) * scale)),
    line: big ? 4 : 2.5,
    grid: !big,
    symbol: Math.max(4, Math.round((big ? 12 : 9) * scale)),
  };
}

/** Sorter thumbnails: the shapes only; text at that size is noise. */
function thumbOption(option: Record<string, unknown>): Record<string, unknown> {
  const hideAxis = (axis: unknown) => (axis && typeof axis === 'object' ? { ...axis, name: '', axisLabel: { show: false } } : axis);
  // reference lines stay (unlabelled), the quadrant's corner names go: at thumbnail size their text is noise too
  const unlabelled = (m: unknown) => {
    if (!m || typeof m !== 'object') return m;
    const ml = m as { data?: (Record<string, unknown> | Record<string, unknown>[])[] };
    // a line is one item, or a pair of points (a segment) whose first point carries the label
    const hide = (d: Record<string, unknown>) => ({ ...d, label: { show: false } });
    return { ...ml, label: { show: false }, data: (ml.data ?? []).map((d) => (Array.isArray(d) ? d.map(hide) : hide(d))) };
  };
  const series = Array.isArray(option.series)
    ? option.series.map((x: Record<string, unknown>) => ({ ...x, label: { show: false }, labelLine: { show: false }, symbolSize: 2, lineStyle: { width: 1 }, markLine: unlabelled(x.markLine), markArea: undefined }))
    : option.series;
  return {
    ...option,
    animation: false,
    tooltip: { show: false },
    legend: { show: false },
    grid: { left: 2, right: 2, top: 4, bottom: 2, containLabel: false },
    xAxis: hideAxis(option.xAxis),
    yAxis: hideAxis(option.yAxis),
    series,
  };
}

function formatValue(v: number | null, unit: string): string {
  if (v === null || !Number.isFinite(v)) return '—';
  const text = fmtShort(v, Math.abs(v) >= 100 ? 0 : 1);
  return unit ? `${text}${unit === '%' || unit === '万元' || unit === '家' ? '' : ' '}${unit}` : text;
}

/**
 * The option for a chart visual. `animate` is true only for the first draw
 * of a slide in presenter mode (charts animate once, then stay still).
 */
/**
 * Where each point's name goes (right, else left, above, below of its point): the first side that runs into no
 * earlier name, judged on the plot as a unit square (a name about 2.5% of the width per character, 6% high), as the
 * .pptx places them in inches.
 */
export function placeLabels(
  labels: readonly { x: number; y: number; label: string }[],
  xr: { min: number; max: number } | undefined,
  yr: { min: number; max: number } | undefined,
): { x: number; y: number; label: string; position: 'right' | 'left' | 'top' | 'bottom' }[] {
  const fx = (x: number) => (xr && xr.max > xr.min ? (x - xr.min) / (xr.max - xr.min) : 0.5);
  const fy = (y: number) => (yr && yr.max > yr.min ? (y - yr.min) / (yr.max - yr.min) : 0.5);
  const taken: { x: number; y: number; w: number; h: number }[] = [];
  const hit = (a: { x: number; y: number; w: number; h: number }) => taken.some((b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h);
  return labels.map((p) => {
    const x = fx(p.x);
    const y = fy(p.y);
    const w = 0.02 + 0.025 * [...p.label].length;
    const h = 0.06;
    const sides = [
      { position: 'right' as const, box: { x: x + 0.015, y: y - h / 2, w, h } },
      { position: 'left' as const, box: { x: x - 0.015 - w, y: y - h / 2, w, h } },
      { position: 'top' as const, box: { x: x - w / 2, y: y + 0.02, w, h } },
      { position: 'bottom' as const, box: { x: x - w / 2, y: y - 0.02 - h, w, h } },
    ];
    const inside = (b: { x: number; y: number; w: number; h: number }) => b.x >= 0 && b.x + b.w <= 1 && b.y >= 0 && b.y + b.h <= 1;
    const at = sides.find((c) => inside(c.box) && !hit(c.box)) ?? (sides[0] as (typeof sides)[number]);
    taken.push(at.box);
    return { ...p, position: at.position };
  });
}

export function visualOption(visual: ChartVisualAny, look: SlideLook, width: number, animate: boolean, thumb = false): Record<string, unknown> {
  if (thumb) return thumbOption(visualOption(visual, look, SLIDE_DESIGN_WIDTH, false));
  const scale = width / (SLIDE_DESIGN_WIDTH * 0.55);
  const s = lookStyle(look, scale);
  const text = { color: INK, fontSize: s.font, fontFamily: FONT_STACK };
  const axisLabel = { color: MUTED, fontSize: s.font, fontFamily: FONT_STACK, hideOverlap: true };
  const splitLine = { show: s.grid, lineStyle: { color: '#eef0f3' } };
  const axisLine = { lineStyle: { color: '#9ca3af', width: look === 'app' ? 1 : 2 } };
  const base = {
    animation: animate,
    animationDuration: animate ? 700 : 0,
    textStyle: text,
    color: SERIES_PALETTE,
    tooltip: look === 'print' ? { show: false } : { trigger: visual.kind === 'pie' || visual.kind === 'scatter' || visual.kind === 'heatmap' ? 'item' : 'axis', textStyle: { fontFamily: FONT_STACK } },
  };
  const legend = (names: string[]) =>
    names.length > 1 ? { top: 0, left: 'center', itemWidth: s.font, itemHeight: Math.round(s.font * 0.7), textStyle: text, data: names } : undefined;

  switch (visual.kind) {
    case 'bar':
    case 'stackedBar':
    case 'line': {
      const names = visual.series.map((x) => x.name);
      const isLine = visual.kind === 'line';
      const hasLegend = names.length > 1;
      return {
        ...base,
        legend: legend(names),
        grid: { left: 8, right: 16, top: hasLegend ? s.font * 4.2 : s.font * 2.4, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: visual.categories, axisLabel, axisLine, axisTick: { show: false } },
        yAxis: { type: 'value', name: visual.unit, nameTextStyle: { ...axisLabel, align: 'left' }, axisLabel, splitLine, axisLine: { show: false } },
        series: visual.series.map((x, i) => ({
          name: x.name,
          type: isLine ? 'line' : 'bar',
          stack: visual.kind === 'stackedBar' ? 'total' : undefined,
          barMaxWidth: Math.round(56 * scale),
          lineStyle: isLine ? { width: s.line } : undefined,
          symbolSize: s.symbol,
          itemStyle: { color: x.color ?? SERIES_PALETTE[i % SERIES_PALETTE.length] },
          // Values on the bars where they fit: a projected chart is read, not hovered.
          label:
            look !== 'app' && !isLine && visual.categories.length <= 8 && visual.kind !== 'stackedBar'
              ? { show: true, position: 'top', color: INK, fontSize: Math.round(s.font * 0.9), formatter: (p: { value: number | null }) => formatValue(p.value, '') }
              : undefined,
          // One-series bars with per-category colours (e.g. zones): each bar keeps its zone colour.
          data:
            visual.kind === 'bar' && visual.series.length === 1 && visual.categoryColors
              ? x.values.map((value, j) => ({ value, itemStyle: { color: visual.categoryColors?.[j] ?? x.color } }))
              : x.values,
        })),
      };
    }
    case 'pie': {
      const serie = visual.series[0];
      const data = visual.categories.map((name, i) => ({
        name,
        value: serie?.values[i] ?? null,
        itemStyle: { color: SERIES_PALETTE[i % SERIES_PALETTE.length] },
      }));
      return {
        ...base,
        series: [
          {
            type: 'pie',
            radius: ['38%', '68%'],
            center: ['50%', '54%'],
            avoidLabelOverlap: true,
            label: { color: INK, fontSize: s.font, fontFamily: FONT_STACK, formatter: (p: { name: string; percent: number }) => `${p.name}\n${fmtNum(p.percent, 1)}%` },
            labelLine: { length: 8 * scale, length2: 8 * scale },
            data,
          },
        ],
      };
    }
    case 'scatter': {
      const names = visual.series.map((x) => x.name);
      const fmtTick = (v: number) => fmtShort(v, 2);
      // the value axis as the 价值象限 page writes it (1万 / 10万; 10k / 100k): the slide's own tick labels
      const xTicks = visual.xTicks ?? [];
      const fmtXTick = (v: number) => xTicks.find((t) => Math.abs(t.value - v) <= Math.abs(v) * 1e-9)?.label ?? fmtTick(v);
      const xInterval = !visual.xLog && xTicks.length > 1 ? { interval: (xTicks[1] as { value: number }).value - (xTicks[0] as { value: number }).value } : {};
      const axisRange = (r: { min: number; max: number } | undefined, log: boolean | undefined) => (r ? { min: r.min, max: r.max } : log ? {} : { scale: true });
      const small = { fontSize: Math.max(9, Math.round(s.font * 0.8)), fontFamily: FONT_STACK };
      // the quadrant's reference lines: split lines (dashed grey, labelled with their values) and the score's zone cut-offs
      const lines: object[] = [];
      const sp = visual.split;
      if (sp && sp.x !== null && (!visual.xLog || sp.x > 0)) lines.push({ xAxis: sp.x, lineStyle: { color: '#595959', type: 'dashed', width: 1.5 }, label: { formatter: sp.xLabel, position: 'end', color: '#434343', backgroundColor: 'rgba(255,255,255,0.85)', padding: [1, 4], ...small } });
      if (sp && sp.y !== null) {
        const style = { color: '#595959', type: 'dashed', width: 1.5 };
        const yLabel = { formatter: sp.yLabel, color: '#434343', backgroundColor: 'rgba(255,255,255,0.85)', padding: [1, 4], ...small };
        const X = visual.xRange;
        if (sp.x !== null && X && sp.x > X.min && sp.x < X.max) {
          // labelled just right of the value split, as in the .pptx: the right end is the high-value cells' corner,
          // where a low score split's label would sit under the cell's name
          lines.push([{ coord: [X.min, sp.y], lineStyle: style, label: { show: false } }, { coord: [sp.x, sp.y] }]);
          lines.push([{ coord: [sp.x, sp.y], lineStyle: style, label: { ...yLabel, position: 'insideStartTop' } }, { coord: [X.max, sp.y] }]);
        } else lines.push({ yAxis: sp.y, lineStyle: style, label: { ...yLabel, position: 'insideEndTop' } });
      }
      for (const m of visual.yMarks ?? []) lines.push({ yAxis: m.value, lineStyle: { color: m.color, type: 'dashed', width: 1 }, label: { formatter: m.label, position: 'insideStartTop', color: m.color, backgroundColor: 'rgba(255,255,255,0.85)', padding: [1, 4], ...small } });
      // the cell names in the corners of the plot: each cell is a transparent area from its split line to the axis end
      const areas: object[] = [];
      if (sp && sp.x !== null && sp.y !== null && visual.corners && visual.xRange && visual.yRange) {
        const X = visual.xRange;
        const Y = visual.yRange;
        const POS: Record<string, { x: [number, number]; y: [number, number]; label: string }> = {
          hh: { x: [sp.x, X.max], y: [sp.y, Y.max], label: 'insideTopRight' },
          hl: { x: [sp.x, X.max], y: [Y.min, sp.y], label: 'insideBottomRight' },
          lh: { x: [X.min, sp.x], y: [sp.y, Y.max], label: 'insideTopLeft' },
          ll: { x: [X.min, sp.x], y: [Y.min, sp.y], label: 'insideBottomLeft' },
        };
        for (const c of visual.corners) {
          const p = POS[c.position];
          if (!p) continue;
          areas.push([
            { coord: [p.x[0], p.y[0]], itemStyle: { color: 'rgba(0,0,0,0)' }, label: { show: true, formatter: c.text, position: p.label, color: '#434343', fontWeight: 600, backgroundColor: 'rgba(255,255,255,0.85)', padding: [3, 6], borderRadius: 3, ...small, lineHeight: Math.round(small.fontSize * 1.35) } },
            { coord: [p.x[1], p.y[1]] },
          ]);
        }
      }
      return {
        ...base,
        legend: legend(names),
        // room for the legend and, under it, the y-axis name
        grid: { left: 16, right: 24, top: names.length > 1 ? s.font * 4.6 : s.font * 2.4, bottom: s.font * 2.4, containLabel: true },
        xAxis: { type: visual.xLog ? 'log' : 'value', name: visual.xLabel, nameLocation: 'middle', nameGap: s.font * 2, nameTextStyle: axisLabel, axisLabel: { ...axisLabel, formatter: fmtXTick }, splitLine, axisLine, ...axisRange(visual.xRange, visual.xLog), ...xInterval },
        yAxis: { type: visual.yLog ? 'log' : 'value', name: visual.yLabel, nameTextStyle: { ...axisLabel, align: 'left' }, axisLabel: { ...axisLabel, formatter: fmtTick }, splitLine, axisLine: { show: false }, ...axisRange(visual.yRange, visual.yLog) },
        series: visual.series.map((x, i) => ({
          name: x.name,
          type: 'scatter',
          symbolSize: s.symbol,
          itemStyle: { color: x.color ?? SERIES_PALETTE[i % SERIES_PALETTE.length], opacity: 0.8 },
          data: x.points,
          // the reference lines and the corner cells, once (on the first series)
          ...(i === 0 && lines.length > 0 ? { markLine: { silent: true, symbol: 'none', animation: false, data: lines } } : {}),
        })).concat(
          // the points' names (the survey's factors) on a series of their own, moved apart where they would overlap
          visual.pointLabels && visual.pointLabels.length > 0
            ? [
                {
                  type: 'scatter',
                  name: '',
                  // a symbol of size 0 draws no label either: a transparent one of the points' size
                  symbolSize: s.symbol,
                  silent: true,
                  z: 4,
                  itemStyle: { color: 'rgba(0,0,0,0)' },
                  label: { show: true, position: 'right', distance: 4, color: '#434343', ...small },
                  data: placeLabels(visual.pointLabels, visual.xRange, visual.yRange).map((p) => ({ value: [p.x, p.y], name: p.label, label: { formatter: p.label, position: p.position } })),
                } as never,
              ]
            : [],
          // the corner cells on a series of their own drawn above the points, so no point covers a cell's name
          // (a marker's z is its own, not its series': markArea defaults to 1, below the scatter's 2)
          areas.length > 0 ? [{ type: 'scatter', name: '', symbolSize: 0, itemStyle: { color: 'rgba(0,0,0,0)', opacity: 0 }, data: [], z: 5, silent: true, markArea: { silent: true, animation: false, z: 5, data: areas } } as never] : [],
        ),
      };
    }
    case 'heatmap': {
      const max = visual.values.flat().reduce((m, x) => Math.max(m, x), 1);
      return {
        ...base,
        grid: { left: 8, right: 16, top: s.font * 2.4, bottom: s.font * 2.4, containLabel: true },
        xAxis: { type: 'category', data: visual.cols, name: visual.xLabel, nameLocation: 'middle', nameGap: s.font * 2, nameTextStyle: axisLabel, axisLabel: { ...axisLabel, hideOverlap: false }, axisTick: { show: false }, splitArea: { show: false } },
        // inverse puts the first row on top; nameLocation 'start' then keeps the axis name on top too
        yAxis: { type: 'category', data: visual.rows, name: visual.yLabel, nameLocation: 'start', nameTextStyle: { ...axisLabel, align: 'right' }, axisLabel: { ...axisLabel, hideOverlap: false }, axisTick: { show: false }, inverse: true },
        visualMap: { show: false, min: 0, max, inRange: { color: ['#f3f6fa', '#0b3a6e'] } },
        series: [
          {
            type: 'heatmap',
            // Dark text on light cells, white on dark ones: readable at any value.
            data: heatmapData(visual.values),
            label: { show: true, fontSize: s.font, fontWeight: 'bold', fontFamily: FONT_STACK, formatter: (p: { value: [number, number, number] }) => formatValue(p.value[2], '') },
            itemStyle: { borderColor: '#ffffff', borderWidth: 2 },
            emphasis: { disabled: look === 'print' },
          },
        ],
      };
    }
  }
}

/**
 * Heatmap data with a label colour per cell: near-black up to 60% of the ramp (≥ 4.6:1), white
 * beyond (≥ 3.8:1, bold labels count as large text).
 */
export function heatmapData(values: number[][]): { value: [number, number, number]; label: { color: string } }[] {
  const max = values.flat().reduce((m, x) => Math.max(m, x), 1);
  const out: { value: [number, number, number]; label: { color: string } }[] = [];
  values.forEach((row, r) => row.forEach((v, c) => out.push({ value: [c, r, v], label: { color: v / max > 0.6 ? '#ffffff' : INK } })));
  return out;
}
