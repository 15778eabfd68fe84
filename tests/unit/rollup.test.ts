/** The batch's roll-up deck (shared/review/rollup.ts): rows are each region's own review figures; the slides compare them, paged. */
import { describe, expect, it } from 'vitest';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { partitionPortfolio } from '../../shared/model/scope';
import { buildRollupDeck, ROLLUP_ROWS_PER_SLIDE, rollupRow, type RollupRow } from '../../shared/review/rollup';
import { regionDeck } from '../../electron/backend/review/batchDeck';

const demo = generateDemoBranch().portfolio;
const parts = partitionPortfolio(demo, 'region');
const NOW = '2026-10-15T09:00:00.000Z';
const built = [...parts].map(([value, portfolio]) => {
  const { inputs, deck } = regionDeck({ by: 'region', value, portfolio, sections: {}, rawSettings: undefined, actions: [], quarter: '2026Q3', language: 'zh-CN', now: NOW });
  return { value, inputs, deck, row: rollupRow(value, portfolio.groups.length, inputs) };
});
const options = { quarter: '2026Q3', language: 'zh-CN' as const, title: '滨江区分公司', by: 'region' as const, builtAt: NOW, periods: built[0]?.inputs.overview.months ?? [], asOf: built[0]?.inputs.overview.asOf ?? '', failed: [] };

describe('roll-up', () => {
  it('takes each row from the region’s own deck inputs', () => {
    for (const b of built) {
      expect(b.row.revenue).toBe(b.inputs.overview.kpis.revenue.current.value);
      expect(b.row.valueAtRisk).toBe(b.inputs.warnings.valueAtRisk);
      expect(b.row.zones.red).toBe(b.inputs.warnings.zones.find((z) => z.zone === 'red')?.groups);
      expect(b.row.valueRetention).toBe(b.inputs.retention?.valueRetention ?? null);
      // the region's deck shows that revenue on its first slide
      const kpis = b.deck.slides[0]?.visual;
      expect(kpis?.kind === 'kpis' ? kpis.items[0]?.value : null).toBe(b.row.revenue);
    }
  });

  it('compares the regions: table rows, totals in the findings with their traces, every region on the charts', () => {
    const rows = built.map((b) => b.row);
    const deck = buildRollupDeck(rows, options);
    const table = deck.slides[0]?.visual;
    expect(table?.kind).toBe('table');
    if (table?.kind !== 'table') return;
    expect(table.rows.map((r) => r[0])).toEqual(rows.map((r) => r.value));
    expect(table.rows.map((r) => r[2])).toEqual(rows.map((r) => (r.revenue === null ? null : Math.round(r.revenue))));
    const total = deck.slides[0]?.findings[0]?.figures.find((f) => f.label === '季度收入合计');
    expect(total?.value).toBeCloseTo(rows.reduce((s, r) => s + (r.revenue ?? 0), 0), 6);
    expect(total?.trace.inputs.length).toBe(rows.length);
    for (const id of ['rollup-revenue', 'rollup-risk', 'rollup-zones', 'rollup-retention', 'rollup-plan-1']) expect(deck.slides.some((s) => s.id === id)).toBe(true);
    // retention names the snapshot month (the settings' 拍照期 through retentionAt), not "the same quarter a year earlier"
    const ret = deck.slides.find((s) => s.id === 'rollup-retention');
    expect(rows.every((r) => r.retentionSnapshot === '2025-09')).toBe(true);
    expect(ret?.visual?.kind === 'bar' ? ret.visual.trace?.rule.zh : '').toContain('对比 2025-09 拍照');
    expect(JSON.stringify(ret)).not.toContain('去年同季末');
    const zones = deck.slides.find((s) => s.id === 'rollup-zones')?.visual;
    expect(zones?.kind === 'stackedBar' ? [...zones.categories].sort() : []).toEqual([...parts.keys()].sort());
    for (const s of deck.slides) for (const f of s.findings) for (const fig of f.figures) expect(f.text).toContain(fig.display);
  });

  it('pages the tables for a province’s many regions and names the failed ones', () => {
    const base = built[0]?.row as RollupRow;
    const many = Array.from({ length: 61 }, (_, i) => ({ ...base, value: `区县${String(i + 1).padStart(2, '0')}` }));
    const deck = buildRollupDeck(many, { ...options, failed: [{ value: '区县99', reason: 'x' }] });
    const pages = Math.ceil(61 / ROLLUP_ROWS_PER_SLIDE);
    expect(deck.slides.filter((s) => s.id.startsWith('rollup-table-')).length).toBe(pages);
    expect(deck.slides.filter((s) => s.id.startsWith('rollup-plan-')).length).toBe(pages);
    for (const s of deck.slides) if (s.visual?.kind === 'table') expect(s.visual.rows.length).toBeLessThanOrEqual(ROLLUP_ROWS_PER_SLIDE);
    expect(deck.slides[0]?.findings.some((f) => f.text.includes('区县99'))).toBe(true);
    const en = buildRollupDeck(many, { ...options, language: 'en' });
    expect(en.slides.map((s) => s.title).join('')).not.toMatch(/[\u3000-\u303f\uff00-\uffef]/);
  });
});
