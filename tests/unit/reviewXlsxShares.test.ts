/**
 * Issue 13 walk: the review workbook's KPI sheet wrote a share's change (统付收入占比 46.9% → 46.8%) as "-0.1%",
 * which reads as a relative change, while the deck and 总览 say "−0.1个百分点". A share's 环比 / 同比 is now in
 * percentage points with a pp number format; relative changes stay percentages.
 */
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { buildIndex, DEFAULT_SETTINGS } from '../../shared/analytics';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { collectReviewInputs } from '../../shared/review/collectInputs';
import { reviewWorkbook } from '../../electron/backend/review/reviewXlsx';
import { readScenarioSources } from '../../shared/review/scenarioInputs';
import { assembleDeck } from '../../shared/review/deck';

const demo = generateDemoBranch();
const ix = buildIndex(demo.portfolio);
const inputs = collectReviewInputs(ix, DEFAULT_SETTINGS, { quarter: '2026Q3', branchName: '滨江', actions: [], scenarios: readScenarioSources(undefined, undefined), now: new Date('2026-11-20T08:00:00Z') });

describe('the KPI sheet writes a share’s change in percentage points', () => {
  for (const language of ['zh-CN', 'en'] as const) {
    it(language, () => {
      const deck = assembleDeck(inputs, language, undefined);
      const wb = XLSX.read(reviewWorkbook(deck, inputs, ix, DEFAULT_SETTINGS, []), { cellNF: true });
      const ws = wb.Sheets[wb.SheetNames[0] ?? ''] as XLSX.WorkSheet;
      const rows = XLSX.utils.sheet_to_json<(string | number | null)[]>(ws, { header: 1, defval: null, raw: true });
      const label = language === 'en' ? 'Unified-pay share' : '统付收入占比';
      const r = rows.findIndex((x) => x[0] === label);
      expect(r).toBeGreaterThan(0);
      const k = inputs.overview.kpis.unifiedShare.previous;
      expect(k.kind).toBe('pp');
      const cell = ws[XLSX.utils.encode_cell({ r, c: 3 })] as XLSX.CellObject;
      expect(cell.v as number).toBeCloseTo((k.change as number) * 100, 9);
      const shown = XLSX.SSF.format(cell.z as string, cell.v as number);
      expect(shown).toMatch(language === 'en' ? / pp$/ : /个百分点$/);
      // the same figure as the deck's card, in the same words
      const card = deck.slides[0]?.visual;
      if (card?.kind !== 'kpis') throw new Error('kpis');
      const display = card.items.find((i) => i.id === 'unifiedShare')?.changes[0]?.display ?? '';
      expect(display.replace('−', '-').replace(/\s/g, '')).toBe(shown.replace(/\s/g, ''));
      // a relative change stays a percentage
      const rev = rows.findIndex((x) => x[0] === (language === 'en' ? 'Revenue (yuan)' : '出账收入（元）'));
      const rc = ws[XLSX.utils.encode_cell({ r: rev, c: 3 })] as XLSX.CellObject;
      expect(rc.v as number).toBeCloseTo(inputs.overview.kpis.revenue.previous.change as number, 12);
      // signed as the pp rows and the deck: +0.3%, -3.6%
      expect(rc.z).toBe('+0.0%;-0.0%;0.0%');
    });
  }
});
