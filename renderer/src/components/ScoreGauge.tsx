/**
 * A group's warning score on the one 0–100 scale: a bar filled to the score in
 * its zone's colour, with the zone cut-offs of the settings marked and
 * labelled beneath. Hover shows how the score is built.
 */
import type { Language } from '../../../shared/api/contract';
import type { ScoreScaleView } from '../../../shared/api/analysisContract';
import { localText } from '../i18n';
import { ZONE_COLOURS } from './ZoneTag';

export function ScoreGauge({ score, zone, scale, language, width = 180 }: { score: number; zone: string; scale: ScoreScaleView; language: Language; width?: number }) {
  const span = scale.max - scale.min || 1;
  const at = (v: number) => `${(Math.max(0, Math.min(span, v - scale.min)) / span) * 100}%`;
  const colour = zone === 'white' ? '#bfbfbf' : (ZONE_COLOURS[zone] ?? '#8c8c8c');
  return (
    <span className="score-gauge traceable" title={localText(scale.rule, language)} data-testid="score-gauge" style={{ display: 'inline-block', width, verticalAlign: 'middle' }}>
      <span style={{ position: 'relative', display: 'block', height: 8, background: '#f0f0f0', borderRadius: 4 }}>
        <span style={{ position: 'absolute', left: 0, top: 0, bottom: 0, width: at(score), background: colour, borderRadius: 4 }} />
        {scale.cutOffs.map((c) => (
          <span key={c.zone} style={{ position: 'absolute', left: at(c.from), top: -2, bottom: -2, width: 2, background: ZONE_COLOURS[c.zone] ?? '#595959' }} />
        ))}
      </span>
      <span style={{ position: 'relative', display: 'block', height: 14, fontSize: 10, color: '#595959' }}>
        <span style={{ position: 'absolute', left: 0 }}>{scale.min}</span>
        {scale.cutOffs.map((c) => (
          <span key={c.zone} style={{ position: 'absolute', left: at(c.from), transform: 'translateX(-50%)', color: ZONE_COLOURS[c.zone], whiteSpace: 'nowrap' }}>
            {c.from}
          </span>
        ))}
        <span style={{ position: 'absolute', right: 0 }}>{scale.max}</span>
      </span>
    </span>
  );
}
