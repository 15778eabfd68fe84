/** Step 2: the competitor move(s) and their intensity; the tactics cards beside them. */
import { Card, Checkbox, Slider, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CompetitorMove } from '../../../../../shared/scenarios/types';
import { localText } from '../../../i18n';
import { colon, describeFilter } from '../scenarioModel';
import type { StepProps } from './stepProps';
import { TacticsPanel } from '../TacticsPanel';

const pct = (v: number) => `${Math.round(v * 100)}%`;

export function MovesStep({ draft, update, language, library, view }: StepProps) {
  const { t } = useTranslation();
  const chosen = new Map(draft.moves.map((m) => [m.moveId, m.intensity]));
  const cellName = (id: string) => {
    const c = view?.cells.find((x) => x.id === id);
    return c ? localText(c.name, language) : id;
  };
  const toggle = (m: CompetitorMove, on: boolean) => {
    update({ moves: on ? [...draft.moves, { moveId: m.id, intensity: 1 }] : draft.moves.filter((x) => x.moveId !== m.id) });
  };
  const setIntensity = (id: string, v: number) => update({ moves: draft.moves.map((x) => (x.moveId === id ? { ...x, intensity: v } : x)) });
  const moves = library.moves.filter((m) => !m.disabled || chosen.has(m.id));

  return (
    <div className="two-col" data-testid="step-moves">
      <div className="page">
        <Typography.Text type="secondary">{t('scenarios.moves.intro')}</Typography.Text>
        <div className="move-grid" style={{ gridTemplateColumns: 'repeat(2, minmax(0, 1fr))' }}>
          {moves.map((m) => {
            const on = chosen.has(m.id);
            return (
              <Card key={m.id} size="small" className={`move-card ${on ? 'selected' : ''}`} data-testid={`move-${m.id}`} data-selected={on}>
                <Checkbox checked={on} onChange={(e) => toggle(m, e.target.checked)}>
                  <Typography.Text strong data-testid={`move-toggle-${m.id}`}>
                    {localText(m.name, language)}
                  </Typography.Text>
                </Checkbox>
                <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0' }} ellipsis={{ rows: 2, tooltip: localText(m.description, language) }}>
                  {localText(m.description, language)}
                </Typography.Paragraph>
                <div className="range-line">
                  {t('scenarios.moves.exposes')}{colon(language)}{describeFilter(m.exposes, t, language, cellName)}
                </div>
                <div className="range-line">
                  {t('scenarios.moves.loss')} {pct(m.lossProbability.low)} / {pct(m.lossProbability.likely)} / {pct(m.lossProbability.high)} · {t('scenarios.moves.diversion')} {pct(m.diversionShare.low)} / {pct(m.diversionShare.likely)} / {pct(m.diversionShare.high)}
                </div>
                {on && (
                  <Space style={{ width: '100%', marginTop: 4 }}>
                    <span style={{ fontSize: 12 }}>{t('scenarios.moves.intensity')}</span>
                    <Slider
                      min={0.5}
                      max={1.5}
                      step={0.1}
                      value={chosen.get(m.id)}
                      onChange={(v: number) => setIntensity(m.id, v)}
                      style={{ width: 200 }}
                      marks={{ 0.5: '0.5', 1: '1.0', 1.5: '1.5' }}
                      data-testid={`move-intensity-${m.id}`}
                    />
                  </Space>
                )}
              </Card>
            );
          })}
        </div>
      </div>
      <div className="page">
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('scenarios.moves.tactics')}
        </Typography.Title>
        <TacticsPanel tactics={library.tactics} language={language} view={view} compact />
      </div>
    </div>
  );
}
