/** Revenue over time as a fan: the P50 line with its P10–P90 band, one fan per series (with / without counters, or per scenario). */
import { useMemo } from 'react';
import type { Language } from '../../../../shared/api/contract';
import { EChart } from '../../charts/EChart';
import { formatYuan } from '../../format';
import { compactNumber } from '../quadrant/quadrantModel';
import { html, tooltipLines } from '../../charts/html';

export interface FanSeries {
  name: string;
  colour: string;
  p10: number[];
  p50: number[];
  p90: number[];
  /** dashed line, for the "do nothing" baseline */
  dashed?: boolean;
}

export function FanChart({ months, series, language, height = 320, testId, exportName }: { months: string[]; series: FanSeries[]; language: Language; height?: number; testId?: string; exportName?: string }) {
  const option = useMemo(() => {
    const en = language === 'en';
    const out: object[] = [];
    series.forEach((s, i) => {
      const stack = `band${i}`;
      // the band: an invisible P10 line with the P90−P10 difference stacked on it as a filled area
      out.push({ type: 'line', name: `${s.name} P10`, data: s.p10, stack, symbol: 'none', lineStyle: { opacity: 0 }, silent: true, tooltip: { show: false } });
      out.push({
        type: 'line',
        name: `${s.name} band`,
        data: s.p90.map((v, m) => v - (s.p10[m] ?? 0)),
        stack,
        symbol: 'none',
        lineStyle: { opacity: 0 },
        areaStyle: { color: s.colour, opacity: 0.16 },
        silent: true,
        tooltip: { show: false },
      });
      out.push({ type: 'line', name: s.name, data: s.p50, symbol: 'circle', symbolSize: 4, lineStyle: { color: s.colour, width: 2, type: s.dashed ? 'dashed' : 'solid' }, itemStyle: { color: s.colour } });
    });
    return {
      animation: false,
      grid: { left: 72, right: 24, top: 36, bottom: 36 },
      legend: { top: 0, data: series.map((s) => s.name) },
      tooltip: {
        trigger: 'axis',
        confine: true,
        formatter: (params: unknown) => {
          const list = params as { dataIndex: number; axisValue: string }[];
          const m = list[0]?.dataIndex ?? 0;
          const rows = series.map(
            (s) => html`<span style="color:${s.colour}">●</span> ${s.name}: P50 <b>${formatYuan(Math.round(s.p50[m] ?? 0))}</b> · P10 ${formatYuan(Math.round(s.p10[m] ?? 0))} · P90 ${formatYuan(Math.round(s.p90[m] ?? 0))}`,
          );
          return tooltipLines([html`<b>${list[0]?.axisValue ?? ''}</b>`, ...rows]);
        },
      },
      xAxis: { type: 'category', data: months, boundaryGap: false },
      yAxis: { type: 'value', scale: true, splitLine: { lineStyle: { color: '#f0f0f0' } }, axisLabel: { formatter: (v: number) => compactNumber(v, en) } },
      series: out,
    };
  }, [months, series, language]);
  return <EChart option={option} height={height} testId={testId} exportName={exportName} />;
}
