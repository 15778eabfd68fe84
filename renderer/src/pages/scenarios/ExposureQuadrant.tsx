/**
 * The value × risk quadrant for step 3: every placed group as a faint grey point,
 * the exposed ones on top in their zone colour and sized by expected loss, the
 * split lines labelled with their values, the cells' exposed counts in the corners;
 * on value × risk the score axis is the one 0–100 scale with the zone cut-offs drawn.
 * A click on an exposed point opens the group.
 */
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import type { QuadrantView } from '../../../../shared/api/quadrantContract';
import type { ExposureRow } from '../../../../shared/scenarios/types';
import { EChart, type ChartClick } from '../../charts/EChart';
import { ZONE_COLOURS, zoneName } from '../../components/ZoneTag';
import { formatPercent, formatYuan } from '../../format';
import { localText } from '../../i18n';
import { compactNumber } from '../quadrant/quadrantModel';
import { colon } from './scenarioModel';
import { html, tooltipLines } from '../../charts/html';
import { scoreAxisBounds, scoreCutOffLines } from '../../charts/scoreScale';

const CORNER: Record<string, { left?: number; right?: number; top?: number; bottom?: number }> = {
  hh: { right: 36, top: 36 },
  hl: { right: 36, bottom: 88 },
  lh: { left: 80, top: 36 },
  ll: { left: 80, bottom: 88 },
};

export function ExposureQuadrant({ view, rows, language, height, onGroup }: { view: QuadrantView; rows: ExposureRow[]; language: Language; height: number; onGroup: (code: string) => void }) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const en = language === 'en';
    const P = view.points;
    const at = new Map(P.codes.map((c, i) => [c, i]));
    const exposed = new Set(rows.map((r) => r.groupCode));
    const background: number[][] = [];
    P.codes.forEach((c, i) => {
      if (!exposed.has(c) && (P.x[i] as number) > 0) background.push([P.x[i] as number, P.y[i] as number]);
    });
    const maxLoss = rows.reduce((m, r) => Math.max(m, r.expectedLoss), 1);
    const byZone = new Map<string, { value: number[]; code: string; row: ExposureRow }[]>();
    for (const r of rows) {
      const i = at.get(r.groupCode);
      if (i === undefined || (P.x[i] as number) <= 0) continue;
      const list = byZone.get(r.zone) ?? [];
      list.push({ value: [P.x[i] as number, P.y[i] as number, r.expectedLoss], code: r.groupCode, row: r });
      byZone.set(r.zone, list);
    }
    const total = rows.reduce((a, r) => a + r.expectedLoss, 0);
    const graphic = view.cells.map((c) => {
      const inCell = rows.filter((r) => r.cell === c.id);
      const loss = inCell.reduce((a, r) => a + r.expectedLoss, 0);
      return {
        type: 'text',
        ...(CORNER[c.position] ?? {}),
        z: 10,
        silent: true,
        style: {
          // English names are long: the counts go on a second line so the top corners do not run into each other
          text: `${localText(c.name, language)}${en ? '\n' : '  '}${t('quadrant.groupsCount', { count: inCell.length })} · ${t('scenarios.exposure.lossShare')} ${formatPercent(total > 0 ? loss / total : null)}`,
          fill: '#595959',
          font: '600 12px sans-serif',
          backgroundColor: 'rgba(255,255,255,0.85)',
          padding: [3, 6],
          borderRadius: 3,
        },
      };
    });
    // exposed white groups (lost or too little data) have no cell: say so instead of dropping them silently
    const whiteExposed = rows.filter((r) => r.zone === 'white' && !at.has(r.groupCode)).length;
    if (whiteExposed > 0) {
      graphic.push({
        type: 'text',
        left: 8,
        bottom: 3,
        z: 10,
        silent: true,
        style: { text: t('scenarios.exposure.whiteNotPlaced', { count: whiteExposed }), fill: '#8c8c8c', font: '12px sans-serif', backgroundColor: 'rgba(255,255,255,0.85)', padding: [2, 4], borderRadius: 3 },
      });
    }
    const fmtSplit = (v: number) => (Math.abs(v) >= 1000 ? formatYuan(Math.round(v)) : String(Math.round(v * 100) / 100));
    const xs = view.x.value;
    const ys = view.y.value;
    const isScore = view.framework === 'valueRisk';
    return {
      animation: false,
      grid: { left: 72, right: 28, top: 28, bottom: 80 },
      // the legend makes room on the left for the note on white groups
      legend: { bottom: 0, ...(whiteExposed > 0 ? { right: 8 } : { left: 'center' }), data: [...byZone.keys()].map((z) => zoneName(z, language)) },
      tooltip: {
        trigger: 'item',
        confine: true,
        formatter: (params: unknown) => {
          const d = (params as { data?: { row?: ExposureRow } }).data;
          const r = d?.row;
          if (!r) return '';
          return tooltipLines([
            html`<b>${r.groupName}</b> <span style="color:#888">${r.groupCode}</span>`,
            `${t('scenarios.exposure.zone')}${colon(language)}${zoneName(r.zone, language)}`,
            `${t('scenarios.exposure.expectedLoss')}${colon(language)}${formatYuan(Math.round(r.expectedLoss))}`,
            `${t('scenarios.exposure.lossProb')}${colon(language)}${formatPercent(r.lossProbability)} · ${t('scenarios.exposure.diversion')}${colon(language)}${formatPercent(r.diversion)}`,
          ]);
        },
      },
      xAxis: {
        type: 'log',
        name: `${localText(view.x.label, language)}${en ? ` (${view.x.unit.en}, log)` : `（${view.x.unit.zh}，对数）`}`,
        nameLocation: 'middle',
        nameGap: 30,
        splitLine: { show: false },
        axisLabel: { formatter: (v: number) => compactNumber(v, en) },
      },
      yAxis: {
        type: 'value',
        name: en ? `${view.y.label.en} (${view.y.unit.en})` : `${view.y.label.zh}（${view.y.unit.zh}）`,
        nameLocation: 'middle',
        nameGap: 40,
        // the warning score's one scale (0–100), the same on every chart
        ...(isScore ? scoreAxisBounds(view.scoreScale) : {}),
        splitLine: { lineStyle: { color: '#f0f0f0' } },
      },
      graphic,
      series: [
        {
          type: 'scatter',
          name: '__others',
          silent: true,
          symbolSize: 4,
          itemStyle: { color: '#d9d9d9', opacity: 0.7 },
          data: background,
          markLine: {
            silent: true,
            symbol: 'none',
            animation: false,
            lineStyle: { color: '#595959', type: 'dashed', width: 1 },
            label: { color: '#434343', backgroundColor: 'rgba(255,255,255,0.85)', padding: [1, 4], fontSize: 11 },
            data: [
              ...(xs !== null && xs > 0 ? [{ xAxis: xs, label: { formatter: `${t('quadrant.split')} ${fmtSplit(xs)}`, position: 'end' } }] : []),
              ...(ys !== null ? [{ yAxis: ys, label: { formatter: `${t('quadrant.split')} ${fmtSplit(ys)}`, position: 'insideEndTop' } }] : []),
              ...(isScore ? scoreCutOffLines(view.scoreScale, 'y', language) : []),
            ],
          },
        },
        ...[...byZone.entries()].map(([zone, data]) => ({
          type: 'scatter',
          name: zoneName(zone, language),
          z: 5,
          symbolSize: (v: number[]) => 7 + 18 * Math.sqrt((v[2] ?? 0) / maxLoss),
          itemStyle: zone === 'white' ? { color: '#f5f5f5', borderColor: '#8c8c8c', borderType: 'dashed' } : { color: ZONE_COLOURS[zone], opacity: 0.85, borderColor: '#fff', borderWidth: 1 },
          data,
        })),
      ],
    };
  }, [view, rows, language, t]);

  const onClick = useCallback(
    (e: ChartClick) => {
      const code = (e.data as { code?: string } | undefined)?.code;
      if (code) onGroup(code);
    },
    [onGroup],
  );
  return <EChart option={option} height={height} onClick={onClick} testId="exposure-quadrant" exportName={t('scenarios.exposure.onQuadrant')} />;
}
