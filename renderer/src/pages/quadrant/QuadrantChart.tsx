/**
 * The quadrant scatter: x = current value (log or linear), y = the framework's
 * second axis, split lines labelled with their values, cell names with counts
 * and value shares in the corners, points sized by members (three size
 * classes in large mode) and coloured by zone, rectangle and lasso brushing.
 */
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import type { QuadrantView } from '../../../../shared/api/quadrantContract';
import { echarts } from '../../charts/echarts';
import { ZONE_COLOURS, zoneName } from '../../components/ZoneTag';
import { formatYuan } from '../../format';
import { localText } from '../../i18n';
import { valueAxisName } from '../../charts/valueAxis';
import { compactNumber, memberSizeClasses, SIZE_CLASS_PX, type BrushArea } from './quadrantModel';
import { html, tooltipLines } from '../../charts/html';
import { scoreAxisBounds, scoreCutOffLines } from '../../charts/scoreScale';

export type BrushMode = 'none' | 'rect' | 'polygon';

/** Above this many points the scatter switches to ECharts' large mode (one symbol size per series, typed-array data). */
export const LARGE_THRESHOLD = 4000;

type Instance = ReturnType<typeof echarts.init>;

const CORNER: Record<string, { left?: number; right?: number; top?: number; bottom?: number }> = {
  hh: { right: 36, top: 36 },
  hl: { right: 36, bottom: 72 },
  lh: { left: 80, top: 36 },
  ll: { left: 80, bottom: 72 },
};

export interface CornerLabel {
  position: string;
  text: string;
}

/** The group row behind a chart event: the highlight ring carries it, scatter points are looked up by series and index. */
function rowOf(e: unknown, mapping: Int32Array[]): number | null {
  const p = e as { data?: unknown; seriesIndex?: number; dataIndex?: number };
  const tagged = (p.data as { row?: unknown } | undefined)?.row;
  if (typeof tagged === 'number') return tagged;
  const rows = p.seriesIndex === undefined ? undefined : mapping[p.seriesIndex];
  const row = rows && p.dataIndex !== undefined ? rows[p.dataIndex] : undefined;
  return row === undefined ? null : row;
}

export function QuadrantChart(props: {
  view: QuadrantView;
  rows: Int32Array;
  language: Language;
  logX: boolean;
  corners: CornerLabel[];
  highlight: number | null;
  brushMode: BrushMode;
  height: number;
  onBrush: (areas: BrushArea[]) => void;
  onPoint: (row: number) => void;
}) {
  const { view, rows, language, logX, corners, highlight, brushMode, height, onBrush, onPoint } = props;
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<Instance | null>(null);
  const handlers = useRef({ onBrush, onPoint });
  handlers.current = { onBrush, onPoint };
  // which row each point of each series is (series index → data index → row), for the tooltip and clicks
  const seriesRows = useRef<Int32Array[]>([]);

  useEffect(() => {
    if (!ref.current) return;
    const instance = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current);
    instance.on('click', (e: unknown) => {
      const row = rowOf(e, seriesRows.current);
      if (row !== null) handlers.current.onPoint(row);
    });
    instance.on('finished', () => {
      const el = ref.current;
      if (el && el.dataset.finished !== el.dataset.gen) {
        el.dataset.finished = el.dataset.gen;
        performance.mark('quadrant.chart.finished');
      }
    });
    instance.on('brushEnd', (e: unknown) => {
      handlers.current.onBrush(((e as { areas?: BrushArea[] }).areas ?? []).filter((a) => a.coordRange !== undefined));
    });
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  const option = useMemo(() => {
    performance.mark('quadrant.option.start');
    const P = view.points;
    const large = rows.length > LARGE_THRESHOLD;
    let maxMembers = 1;
    for (const i of rows) maxMembers = Math.max(maxMembers, P.members[i] ?? 0);
    const en = language === 'en';
    const xName = valueAxisName(view.x.label, view.x.unit, logX, language, t('quadrant.log'));
    const yName = en ? `${view.y.label.en} (${view.y.unit.en})` : `${view.y.label.zh}（${view.y.unit.zh}）`;
    const fmtSplit = (v: number) => (Math.abs(v) >= 1000 ? formatYuan(Math.round(v)) : String(Math.round(v * 100) / 100));
    const h = highlight !== null ? highlight : null;
    const zoneStyle = (zone: string) =>
      zone === 'white'
        ? { color: '#f5f5f5', borderColor: '#8c8c8c', borderType: 'dashed', opacity: 0.9 }
        : { color: ZONE_COLOURS[zone], opacity: large ? 0.55 : 0.72 };
    const series: object[] = [];
    const mapping: Int32Array[] = [];
    if (large) {
      // Large mode draws one symbol size per series: one series per zone × member size class,
      // fed flat typed arrays (x, y pairs) that ECharts reads without per-point objects.
      const { cls } = memberSizeClasses(P.members, rows);
      const nz = view.zones.length;
      const counts = new Int32Array(nz * SIZE_CLASS_PX.length);
      for (const i of rows) {
        const s = (P.zone[i] as number) * SIZE_CLASS_PX.length + (cls[i] as number);
        counts[s] = (counts[s] ?? 0) + 1;
      }
      const xy = Array.from(counts, (n) => new Float64Array(n * 2));
      const idx = Array.from(counts, (n) => new Int32Array(n));
      const fill = new Int32Array(counts.length);
      for (const i of rows) {
        const s = (P.zone[i] as number) * SIZE_CLASS_PX.length + (cls[i] as number);
        const k = fill[s] as number;
        (xy[s] as Float64Array)[2 * k] = P.x[i] as number;
        (xy[s] as Float64Array)[2 * k + 1] = P.y[i] as number;
        (idx[s] as Int32Array)[k] = i;
        fill[s] = k + 1;
      }
      for (let zi = 0; zi < nz; zi++) {
        const zone = view.zones[zi] as string;
        SIZE_CLASS_PX.forEach((px, c) => {
          const s = zi * SIZE_CLASS_PX.length + c;
          // an empty large series breaks ECharts' large-symbol painter
          if ((counts[s] ?? 0) === 0) return;
          series.push({
            type: 'scatter',
            name: zoneName(zone, language),
            large: true,
            largeThreshold: 0,
            progressive: 0,
            dimensions: ['x', 'y'],
            symbolSize: px,
            itemStyle: zoneStyle(zone),
            emphasis: { disabled: true },
            data: xy[s],
          });
          mapping.push(idx[s] as Int32Array);
        });
      }
    } else {
      view.zones.forEach((zone, zi) => {
        const mine: number[] = [];
        for (const i of rows) if (P.zone[i] === zi) mine.push(i);
        series.push({
          type: 'scatter',
          name: zoneName(zone, language),
          symbolSize: (v: number[]) => 5 + 16 * Math.sqrt((v[2] ?? 0) / maxMembers),
          itemStyle: zoneStyle(zone),
          data: mine.map((i) => [P.x[i] as number, P.y[i] as number, P.members[i] ?? 0]),
        });
        mapping.push(Int32Array.from(mine));
      });
    }
    // split lines on their own silent series, labelled with their values
    const xs = view.x.value;
    const ys = view.y.value;
    series.push({
      type: 'scatter',
      name: '__split',
      silent: true,
      data: [],
      markLine: {
        silent: true,
        symbol: 'none',
        animation: false,
        lineStyle: { color: '#595959', type: 'dashed', width: 1 },
        label: { color: '#434343', backgroundColor: 'rgba(255,255,255,0.85)', padding: [1, 4], fontSize: 11 },
        data: [
          ...(xs !== null && (!logX || xs > 0) ? [{ xAxis: xs, label: { formatter: `${t('quadrant.split')} ${fmtSplit(xs)}`, position: 'end' } }] : []),
          ...(ys !== null ? [{ yAxis: ys, label: { formatter: `${t('quadrant.split')} ${fmtSplit(ys)}`, position: 'insideEndTop' } }] : []),
          // value × risk: the warning score's zone cut-offs on its 0–100 axis
          ...(view.framework === 'valueRisk' ? scoreCutOffLines(view.scoreScale, 'y', language) : []),
        ],
      },
    });
    if (h !== null) {
      series.push({
        type: 'scatter',
        name: '__highlight',
        z: 20,
        symbolSize: 22,
        itemStyle: { color: 'rgba(0,0,0,0)', borderColor: '#000', borderWidth: 2.5 },
        label: { show: true, formatter: P.names[h], position: 'right', fontWeight: 600, backgroundColor: '#fff', padding: [2, 4], borderColor: '#000', borderWidth: 1 },
        data: [{ value: [P.x[h], P.y[h], P.members[h] ?? 0, h], row: h }],
      });
    }
    const graphic = corners.map((c) => ({
      type: 'text',
      ...(CORNER[c.position] ?? {}),
      z: 10,
      silent: true,
      style: { text: c.text, fill: '#595959', font: '600 12px sans-serif', backgroundColor: 'rgba(255,255,255,0.85)', padding: [3, 6], borderRadius: 3 },
    }));
    const o = {
      animation: false,
      grid: { left: 72, right: 28, top: 28, bottom: 64 },
      tooltip: {
        trigger: 'item',
        confine: true,
        formatter: (params: unknown) => {
          const row = rowOf(params, seriesRows.current);
          if (row === null) return '';
          const sig = P.topSignal[row] as number;
          const s = sig >= 0 ? view.signals[sig] : undefined;
          const zone = view.zones[P.zone[row] as number] ?? 'white';
          const cell = view.cells[P.cell[row] as number];
          return tooltipLines([
            html`<b>${P.names[row]}</b> <span style="color:#888">${P.codes[row]}</span>`,
            cell ? `${t('quadrant.cell')}: ${localText(cell.name, language)}` : '',
            `${t('quadrant.value')}: ${formatYuan(Math.round(P.value[row] as number))} ${localText(view.x.unit, language)}`,
            view.framework === 'valueRisk' ? '' : `${localText(view.y.label, language)}: ${fmtSplit(P.y[row] as number)} ${localText(view.y.unit, language)}`,
            `${t('quadrant.score')}: ${P.score[row]} / ${view.scoreScale.max} · ${zoneName(zone, language)}`,
            `${t('quadrant.members')}: ${P.members[row] ?? '—'}`,
            `${t('quadrant.topSignal')}: ${s ? `${localText(s.label, language)} (${s.points} ${t('quadrant.points')})` : t('quadrant.noSignal')}`,
          ]);
        },
      },
      xAxis: {
        type: logX ? 'log' : 'value',
        name: xName,
        nameLocation: 'middle',
        nameGap: 30,
        scale: !logX,
        splitLine: { show: false },
        axisLabel: { formatter: (v: number) => compactNumber(v, en) },
      },
      yAxis: {
        type: 'value',
        name: yName,
        nameLocation: 'middle',
        nameGap: 52,
        ...(view.framework === 'valueRisk' ? scoreAxisBounds(view.scoreScale) : {}),
        splitLine: { lineStyle: { color: '#f0f0f0' } },
        axisLabel: { formatter: (v: number) => compactNumber(v, en) },
      },
      brush: { xAxisIndex: 0, yAxisIndex: 0, throttleType: 'debounce', throttleDelay: 150, transformable: false, brushStyle: { borderWidth: 1, color: 'rgba(89,89,89,0.08)', borderColor: '#595959' }, outOfBrush: { opacity: 0.25 } },
      graphic,
      series,
    };
    performance.mark('quadrant.option.end');
    return { o, mapping };
  }, [view, rows, language, logX, corners, highlight, t]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    const el = ref.current;
    if (el) el.dataset.gen = String(Number(el.dataset.gen ?? '0') + 1);
    seriesRows.current = option.mapping;
    instance.setOption(option.o as Parameters<Instance['setOption']>[0], { notMerge: true });
    performance.mark('quadrant.setOption.end');
  }, [option]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    if (brushMode === 'none') {
      instance.dispatchAction({ type: 'takeGlobalCursor', key: 'brush', brushOption: { brushType: false } });
    } else {
      instance.dispatchAction({ type: 'takeGlobalCursor', key: 'brush', brushOption: { brushType: brushMode, brushMode: 'single' } });
    }
  }, [brushMode, option]);

  return <div ref={ref} style={{ width: '100%', height }} data-testid="quadrant-scatter" data-points={rows.length} />;
}
