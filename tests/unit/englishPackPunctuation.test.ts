/**
 * Issue 13 walk: the English deck's and workbook's own texts carry no full-width brackets. The migration heat
 * map's caption read "Groups 2026-06 → 2026-09（Cell at 2026-06 ↓  Cell at 2026-09 →）", every chart title with
 * a unit "…（groups）", and the workbook's quadrant column "Value × risk（2026-09）".
 */
import { describe, expect, it } from 'vitest';
import { buildIndex, DEFAULT_SETTINGS } from '../../shared/analytics';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { collectReviewInputs } from '../../shared/review/collectInputs';
import { chartTitle, heatmapCaption } from '../../electron/backend/review/reviewPptx';
import { reviewSheets } from '../../electron/backend/review/reviewXlsx';
import { readScenarioSources } from '../../shared/review/scenarioInputs';
import { assembleDeck } from '../../shared/review/deck';

const FULL_WIDTH = /[，。；：（）、！？]/;
const demo = generateDemoBranch();
const ix = buildIndex(demo.portfolio);
const inputs = collectReviewInputs(ix, DEFAULT_SETTINGS, { quarter: '2026Q3', branchName: 'Binjiang', actions: [], scenarios: readScenarioSources(undefined, undefined), now: new Date('2026-11-20T08:00:00Z') });

describe('English review pack punctuation', () => {
  const en = assembleDeck(inputs, 'en', undefined);
  const zh = assembleDeck(inputs, 'zh-CN', undefined);

  it('the heat map caption and the chart titles use half-width brackets in English, full-width in Chinese', () => {
    const heat = en.slides.map((s) => s.visual).find((v) => v?.kind === 'heatmap');
    if (heat?.kind !== 'heatmap') throw new Error('the deck has a migration heat map');
    expect(heatmapCaption(heat, 'en')).not.toMatch(FULL_WIDTH);
    expect(heatmapCaption(heat, 'en')).toContain(`(${heat.yLabel} ↓`);
    const zhHeat = zh.slides.map((s) => s.visual).find((v) => v?.kind === 'heatmap');
    if (zhHeat?.kind !== 'heatmap') throw new Error('zh heat map');
    expect(heatmapCaption(zhHeat, 'zh-CN')).toContain(`（${zhHeat.yLabel} ↓`);
    let charts = 0;
    for (const s of en.slides) {
      const v = s.visual;
      if (!v || (v.kind !== 'bar' && v.kind !== 'line' && v.kind !== 'pie')) continue;
      charts++;
      expect(chartTitle(v, 'en'), s.id).not.toMatch(FULL_WIDTH);
    }
    expect(charts).toBeGreaterThan(0);
  });

  it('the English workbook’s column titles use half-width brackets', () => {
    const sheets = reviewSheets(en, inputs, ix, DEFAULT_SETTINGS, []);
    for (const sh of sheets) for (const c of sh.columns) expect(c.title, `${sh.name}: ${c.title}`).not.toMatch(FULL_WIDTH);
  });
});
