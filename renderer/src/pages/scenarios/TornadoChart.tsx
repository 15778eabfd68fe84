/** Sensitivity: for each input, net benefit with the input at its low and at its high value, as bars around the base. */
import { useMemo } from 'react';
import type { Language } from '../../../../shared/api/contract';
import { EChart } from '../../charts/EChart';
import { formatYuan } from '../../format';
import { compactNumber } from '../quadrant/quadrantModel';
import { html, tooltipLines } from '../../charts/html';

export interface TornadoBar {
  label: string;
  low: number;
  high: number;
}

export function TornadoChart({ base, bars, language, lowLabel, highLabel, testId, exportName }: { base: number; bars: TornadoBar[]; language: Language; lowLabel: string; highLabel: string; testId?: string; exportName?: string }) {
  const option = useMemo(() => {
    const en = language === 'en';
    // widest swing on top
    const sorted = [...bars].sort((a, b) => Math.abs(a.high - a.low) - Math.abs(b.high - b.low));
    return {
      animation: false,
      grid: { left: 8, right: 32, top: 44, bottom: 28, containLabel: true },
      legend: { top: 0, data: [lowLabel, highLabel] },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        confine: true,
        formatter: (params: unknown) => {
          const i = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0;
          const b = sorted[i];
          if (!b) return '';
          return tooltipLines([html`<b>${b.label}</b>`, `${lowLabel}: ${formatYuan(Math.round(b.low))}`, `${highLabel}: ${formatYuan(Math.round(b.high))}`, `base: ${formatYuan(Math.round(base))}`]);
        },
      },
      xAxis: { type: 'value', axisLabel: { formatter: (v: number) => compactNumber(v + base, en) }, splitLine: { lineStyle: { color: '#f0f0f0' } } },
      yAxis: { type: 'category', data: sorted.map((b) => b.label), axisLabel: { width: 230, overflow: 'break', lineHeight: 14 } },
      series: [
        { type: 'bar', name: lowLabel, data: sorted.map((b) => b.low - base), itemStyle: { color: '#8c8c8c' }, barWidth: 14, barGap: '-100%' },
        { type: 'bar', name: highLabel, data: sorted.map((b) => b.high - base), itemStyle: { color: '#1d4ed8' }, barWidth: 14, barGap: '-100%' },
        { type: 'line', data: [], markLine: { silent: true, symbol: 'none', data: [{ xAxis: 0 }], lineStyle: { color: '#262626' }, label: { position: 'end', distance: 4, formatter: () => compactNumber(base, en) } } },
      ],
    };
  }, [base, bars, language, lowLabel, highLabel]);
  return <EChart option={option} height={Math.max(200, 72 + bars.length * 40)} testId={testId} exportName={exportName} />;
}
