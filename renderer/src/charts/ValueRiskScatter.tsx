/** Value × Risk scatter: x = current value (log), y = revenue decline, split at the median value and the risk threshold. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Summary } from '../../../shared/api/contract';
import { formatYuan } from '../format';
import { EChart } from './EChart';

type Cell = Summary['scatter']['points'][number]['cell'];

/** Cell colours are deliberately not the warning-zone colours, which mean one thing only. */
export const CELL_COLOURS: Record<Cell, string> = {
  defend: '#c41d7f',
  maintain: '#13a8a8',
  save: '#874d00',
  standard: '#8c8c8c',
};

const CELLS: Cell[] = ['defend', 'maintain', 'save', 'standard'];

export function ValueRiskScatter({ scatter }: { scatter: Summary['scatter'] }) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const counts: Record<Cell, number> = { defend: 0, maintain: 0, save: 0, standard: 0 };
    for (const p of scatter.points) counts[p.cell]++;
    const maxMembers = Math.max(1, ...scatter.points.map((p) => p.members ?? 0));
    const corner = (cell: Cell, pos: { left?: string | number; right?: string | number; top?: string | number; bottom?: string | number }) => ({
      type: 'text' as const,
      ...pos,
      style: {
        text: `${t(`scatter.cells.${cell}`)}  ${t('scatter.count', { count: counts[cell] })}`,
        fill: CELL_COLOURS[cell],
        font: '600 13px sans-serif',
        // A light plate keeps the label readable over dense points.
        backgroundColor: 'rgba(255,255,255,0.88)',
        padding: [3, 6],
        borderRadius: 3,
      },
      z: 10,
    });
    return {
      animation: false,
      grid: { left: 64, right: 32, top: 40, bottom: 56 },
      tooltip: {
        trigger: 'item' as const,
        formatter: (params: unknown) => {
          const data = (params as { data: { name: string; code: string; value: [number, number]; members: number | null } }).data;
          return [
            `<b>${data.name}</b> <span style="color:#888">${data.code}</span>`,
            `${t('scatter.tooltipValue')}: ${formatYuan(data.value[0])} 元/月`,
            `${t('scatter.tooltipRisk')}: ${data.value[1].toFixed(1)}%`,
            `${t('scatter.tooltipMembers')}: ${data.members ?? '—'}`,
          ].join('<br/>');
        },
      },
      xAxis: { type: 'log' as const, name: t('scatter.x'), nameLocation: 'middle' as const, nameGap: 32, logBase: 10, splitLine: { show: false } },
      yAxis: { type: 'value' as const, name: t('scatter.y'), nameLocation: 'middle' as const, nameGap: 44, min: 0, splitLine: { lineStyle: { color: '#f0f0f0' } } },
      graphic: [
        corner('save', { left: '9%', top: 48 }),
        corner('defend', { right: 40, top: 48 }),
        corner('standard', { left: '9%', bottom: 72 }),
        corner('maintain', { right: 40, bottom: 72 }),
      ],
      series: CELLS.map((cell) => ({
        type: 'scatter' as const,
        name: t(`scatter.cells.${cell}`),
        itemStyle: { color: CELL_COLOURS[cell], opacity: 0.75 },
        symbolSize: (_v: unknown, p: { data: { members: number | null } }) => 5 + 18 * Math.sqrt((p.data.members ?? 0) / maxMembers),
        data: scatter.points
          .filter((p) => p.cell === cell)
          .map((p) => ({ name: p.groupName, code: p.groupCode, members: p.members, value: [p.value, p.risk] })),
        markLine:
          cell === 'defend'
            ? {
                silent: true,
                symbol: 'none',
                lineStyle: { color: '#595959', type: 'dashed' as const, width: 1 },
                label: { formatter: (p: { value: number; dataIndex: number }) => (p.dataIndex === 0 ? `${formatYuan(p.value)}` : `${p.value}%`), color: '#595959' },
                data: [{ xAxis: Math.max(scatter.valueSplit, 1) }, { yAxis: scatter.riskSplit }],
              }
            : undefined,
      })),
    };
  }, [scatter, t]);
  return <EChart option={option} height={420} testId="value-risk-scatter" />;
}
