/**
 * The warning score's one scale on every chart axis that shows it: 0–100
 * (the fired signals' points summed, capped at 100 — `scoreScale` in
 * shared/analytics/warnings.ts) with the zone cut-offs of the settings drawn
 * as lines in the zone colours, labelled "红 ≥50" / "Red ≥50".
 */
import type { Language } from '../../../shared/api/contract';
import type { ScoreScaleView } from '../../../shared/api/analysisContract';
import { ZONE_COLOURS, zoneName } from '../components/ZoneTag';

/** The axis bounds: always the whole scale, so 50 sits at the same height on every chart. */
export function scoreAxisBounds(scale: Pick<ScoreScaleView, 'min' | 'max'>): { min: number; max: number } {
  return { min: scale.min, max: scale.max };
}

export interface CutOffLine {
  xAxis?: number;
  yAxis?: number;
  lineStyle: { color: string; type: 'dashed'; width: number };
  label: { formatter: string; position: string; color: string; fontSize: number; backgroundColor: string; padding: number[] };
}

/** The cut-off label: "红 ≥50" / "Red ≥50". */
export function cutOffLabel(zone: string, from: number, language: Language): string {
  return `${zoneName(zone, language)} ≥${from}`;
}

/** markLine data items for the cut-offs on the x or the y axis. */
export function scoreCutOffLines(scale: Pick<ScoreScaleView, 'cutOffs'>, axis: 'x' | 'y', language: Language): CutOffLine[] {
  return scale.cutOffs.map((c) => {
    const colour = ZONE_COLOURS[c.zone] ?? '#595959';
    return {
      ...(axis === 'x' ? { xAxis: c.from } : { yAxis: c.from }),
      lineStyle: { color: colour, type: 'dashed', width: 1.5 },
      label: {
        formatter: cutOffLabel(c.zone, c.from, language),
        position: axis === 'x' ? 'end' : 'insideStartTop',
        color: colour,
        fontSize: 11,
        backgroundColor: 'rgba(255,255,255,0.85)',
        padding: [1, 4],
      },
    };
  });
}

/** The axis name with the scale: "预警分（0–100）" / "Warning score (0–100)". */
export function scoreAxisName(label: string, scale: Pick<ScoreScaleView, 'min' | 'max'>, language: Language): string {
  return language === 'en' ? `${label} (${scale.min}–${scale.max})` : `${label}（${scale.min}–${scale.max}）`;
}
