/**
 * Value × Risk with the real warning score: x = current value (log), y = warning
 * score on its one 0–100 scale with the zone cut-offs drawn, split lines at the
 * settings' split values, cell names with counts and value shares in the
 * corners, points sized by members and coloured by zone.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/api/contract';
import type { AnalysisView, ScoreScaleView } from '../../../shared/api/analysisContract';
import { formatPercent, formatYuan } from '../format';
import { localText } from '../i18n';
import { ZONE_COLOURS, zoneName } from '../components/ZoneTag';
import { useOpenGroup } from '../components/groupDrawerContext';
import { QUADRANTS } from '../../../shared/analytics';
import { EChart, type ChartClick } from './EChart';
import { valueAxisName, valueAxisTick } from './valueAxis';
import { html, tooltipLines } from './html';
import { scoreAxisBounds, scoreAxisName, scoreCutOffLines } from './scoreScale';

const ZONE_SERIES = ['red', 'yellow', 'blue', 'green', 'white'] as const;
const CORNER: Record<string, { left?: string | number; right?: string | number; top?: string | number; bottom?: string | number }> = {
  // position = x then y: hh = high value, high score (top right)
  hh: { right: 40, top: 48 },
  hl: { right: 40, bottom: 72 },
  lh: { left: '9%', top: 48 },
  ll: { left: '9%', bottom: 72 },
};

export function WarningScatter({ data, scale, language }: { data: AnalysisView['valueRisk']; scale: ScoreScaleView; language: Language }) {
  const { t } = useTranslation();
  const openGroup = useOpenGroup();
  const onClick = useMemo(
    () => (e: ChartClick) => {
      const code = (e.data as { code?: string } | undefined)?.code;
      if (code) openGroup(code);
    },
    [openGroup],
  );
  const option = useMemo(() => {
    const maxMembers = data.points.reduce((m, p) => Math.max(m, p.members ?? 0), 1);
    const graphic = data.cells.map((c) => ({
      type: 'text' as const,
      ...(CORNER[c.position] ?? {}),
      z: 10,
      style: {
        text: `${localText(c.name, language)}  ${t('scatter.count', { count: c.count })}${c.valueShare === null ? '' : ` · ${formatPercent(c.valueShare)}`}`,
        fill: '#434343',
        font: '600 13px sans-serif',
        backgroundColor: 'rgba(255,255,255,0.88)',
        padding: [3, 6],
        borderRadius: 3,
      },
    }));
    return {
      animation: false,
      grid: { left: 64, right: 32, top: 40, bottom: 56 },
      tooltip: {
        trigger: 'item' as const,
        formatter: (params: unknown) => {
          const d = (params as { data: { name: string; code: string; value: [number, number]; members: number | null; zone: string; top: string | null } }).data;
          return tooltipLines([
            html`<b>${d.name}</b> <span style="color:#888">${d.code}</span>`,
            `${t('scatter.tooltipValue')}: ${formatYuan(Math.round(d.value[0]))} ${localText(QUADRANTS.valueRisk.x.unit, language)}`,
            `${t('warnings.score')}: ${d.value[1]} / ${scale.max} · ${zoneName(d.zone, language)}`,
            `${t('scatter.tooltipMembers')}: ${d.members ?? '—'}`,
            d.top ? `${t('scatter.topSignal')}: ${d.top}` : '',
          ]);
        },
      },
      xAxis: { type: 'log' as const, name: valueAxisName(data.xLabel, QUADRANTS.valueRisk.x.unit, true, language, t('quadrant.log')), nameLocation: 'middle' as const, nameGap: 32, splitLine: { show: false }, axisLabel: { formatter: (v: number) => valueAxisTick(v, language) } },
      yAxis: { type: 'value' as const, name: scoreAxisName(localText(data.yLabel, language), scale, language), nameLocation: 'middle' as const, nameGap: 44, ...scoreAxisBounds(scale), splitLine: { lineStyle: { color: '#f0f0f0' } } },
      graphic,
      series: ZONE_SERIES.map((zone, i) => ({
        type: 'scatter' as const,
        name: zoneName(zone, language),
        large: data.points.length > 5000,
        itemStyle: { color: ZONE_COLOURS[zone], opacity: 0.75, ...(zone === 'white' ? { borderColor: '#8c8c8c', borderType: 'dashed' as const, color: '#f5f5f5' } : {}) },
        symbolSize: (_v: unknown, p: { data: { members: number | null } }) => 5 + 18 * Math.sqrt((p.data.members ?? 0) / maxMembers),
        data: data.points
          .filter((p) => p.zone === zone)
          .map((p) => ({ name: p.groupName, code: p.groupCode, members: p.members, zone: p.zone, top: p.topSignal ? localText(p.topSignal, language) : null, value: [p.value, p.score] })),
        markLine:
          i === 0
            ? {
                silent: true,
                symbol: 'none',
                lineStyle: { color: '#595959', type: 'dashed' as const, width: 1 },
                label: { formatter: (p: { value: number; dataIndex: number }) => (p.dataIndex === 0 ? formatYuan(Math.round(p.value)) : `${p.value}`), color: '#595959' },
                data: [
                  ...(data.xSplit !== null && data.ySplit !== null ? [{ xAxis: Math.max(data.xSplit, 1) }, { yAxis: data.ySplit, label: { formatter: `${t('quadrant.split')} ${data.ySplit}`, position: 'insideEndTop' } }] : []),
                  ...scoreCutOffLines(scale, 'y', language),
                ],
              }
            : undefined,
      })),
    };
  }, [data, scale, language, t]);
  return <EChart option={option} height={440} testId="value-risk-scatter" onClick={onClick} exportName={t('scatter.titleScore')} />;
}
