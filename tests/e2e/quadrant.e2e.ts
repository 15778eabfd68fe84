/**
 * 价值象限 in the UI equals the engine: a cell's list is the engine's membership
 * for that cell, a framework switch re-places the groups, a box drawn over the
 * whole plot selects every placed group, and a migration cell lists exactly
 * migrationMatrix's movers (also with a region filter), and the month selector
 * shows the engine at that month. The expected figures come from the engine run
 * directly on the demo generator's portfolio, not through the app's channel.
 * Last, a 50,000-group workspace measures the page's first render.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePortfolio, buildIndex, DEFAULT_SETTINGS, migrationMatrix, POSITIONS, type PortfolioIndex, type QuadrantId } from '../../shared/analytics';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { demoPortfolio } from '../../shared/demo/demoPortfolio';
import { ROOT } from './support/app';
import { withDemoApp } from './support/demoApp';

const SHOTS = path.join(ROOT, 'tests', 'e2e', 'screenshots');

let page: Page;
let ix: PortfolioIndex;

function membership(q: QuadrantId, position: (typeof POSITIONS)[number]): string[] {
  const r = analyzePortfolio(ix, DEFAULT_SETTINGS);
  const p = POSITIONS.indexOf(position);
  const col = r.table.quadrant[q];
  return r.table.codes.filter((_, g) => col[g] === p).sort();
}

async function listCodes(testId: string): Promise<string[]> {
  const el = page.getByTestId(testId);
  await el.waitFor();
  const raw = (await el.getAttribute('data-codes')) ?? '';
  return raw === '' ? [] : raw.split(',').sort();
}

async function chartSettled(p: Page): Promise<void> {
  const el = p.getByTestId('quadrant-scatter');
  await el.waitFor();
  await expect
    .poll(
      async () => {
        const gen = await el.getAttribute('data-gen');
        return gen !== null && gen === (await el.getAttribute('data-finished'));
      },
      { timeout: 60_000, interval: 10 },
    )
    .toBe(true);
}

const fixture = withDemoApp({ prefix: 'hf-quadrant-e2e-' });
beforeAll(() => {
  ({ page } = fixture);
  ix = buildIndex(demoPortfolio(generateDemoBranch()));
});

describe('价值象限', () => {
  it('a cell lists exactly the engine membership (value × risk)', async () => {
    await page.getByTestId('nav-quadrant').click();
    await page.getByTestId('quadrant-page').waitFor();
    await chartSettled(page);
    const r = analyzePortfolio(ix, DEFAULT_SETTINGS);
    for (const c of r.quadrants.valueRisk.cells) {
      expect(Number(await page.getByTestId(`quadrant-cell-${c.position}`).getAttribute('data-count'))).toBe(c.count);
    }
    await page.getByTestId('quadrant-cell-hh').click();
    expect(await listCodes('selection-list')).toEqual(membership('valueRisk', 'hh'));
    await page.mouse.move(0, 0);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, 'quadrant-zh.png'), fullPage: true });
  });

  it('switching the framework re-places the groups (value × binding)', async () => {
    await page.getByTestId('framework-valueBinding').click();
    await page.locator('[data-testid="quadrant-page"][data-framework="valueBinding"]').waitFor();
    await chartSettled(page);
    await page.getByTestId('quadrant-cell-hl').click();
    expect(await listCodes('selection-list')).toEqual(membership('valueBinding', 'hl'));
  });

  it('a box over the whole plot selects every placed group', async () => {
    await page.getByTestId('brush-rect').click();
    const box = await page.getByTestId('quadrant-scatter').boundingBox();
    if (!box) throw new Error('no chart');
    // grid: left 72, right 28, top 28, bottom 64
    await page.mouse.move(box.x + 74, box.y + 30);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
    await page.mouse.move(box.x + box.width - 30, box.y + box.height - 66, { steps: 5 });
    await page.mouse.up();
    const placed = analyzePortfolio(ix, DEFAULT_SETTINGS).quadrants.valueBinding.placed;
    await expect.poll(async () => Number(await page.getByTestId('selection-list').getAttribute('data-count'))).toBe(placed);
    await page.getByTestId('brush-none').click();
  });

  it('a migration cell lists exactly migrationMatrix’s movers', async () => {
    await page.getByTestId('framework-valueRisk').click();
    await page.locator('[data-testid="quadrant-page"][data-framework="valueRisk"]').waitFor();
    await page.getByTestId('mode-migration').click();
    await page.getByTestId('migration-matrix').waitFor();
    // the last two complete quarters of the data
    const quarters = ix.periods.filter((p, i) => Number(p.slice(5)) % 3 === 0 && i >= 2).map((p) => `${p.slice(0, 4)}Q${Number(p.slice(5)) / 3}`);
    const to = quarters[quarters.length - 1] as string;
    const from = quarters[quarters.length - 2] as string;
    const m = migrationMatrix(ix, DEFAULT_SETTINGS, { quadrant: 'valueRisk', from, to });
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++)
        expect(Number(await page.getByTestId(`migration-cell-${POSITIONS[i]}-${POSITIONS[j]}`).getAttribute('data-count'))).toBe(m.counts[i]?.[j]);
    // the biggest off-diagonal cell
    let best: [number, number] = [0, 1];
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (i !== j && (m.counts[i]?.[j] ?? 0) > (m.counts[best[0]]?.[best[1]] ?? 0)) best = [i, j];
    await page.getByTestId(`migration-cell-${POSITIONS[best[0]]}-${POSITIONS[best[1]]}`).click();
    const expected = [...(m.groups[best[0]]?.[best[1]] ?? [])].sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(await listCodes('movers-list')).toEqual(expected);
    await page.mouse.move(0, 0);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, 'migration-zh.png'), fullPage: true });
    await page.getByTestId('mode-snapshot').click();
  });

  it('the snapshot month selector shows the engine at that month', async () => {
    const month = ix.periods[ix.periods.length - 4] as string;
    await page.getByTestId('quadrant-period').click();
    await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${month}"]`).click();
    await page.locator(`[data-testid="quadrant-page"][data-asof="${month}"]`).waitFor();
    await chartSettled(page);
    const r = analyzePortfolio(ix, DEFAULT_SETTINGS, { asOf: month });
    for (const c of r.quadrants.valueRisk.cells) {
      await expect.poll(async () => Number(await page.getByTestId(`quadrant-cell-${c.position}`).getAttribute('data-count'))).toBe(c.count);
    }
    const latest = ix.periods[ix.periods.length - 1] as string;
    await page.getByTestId('quadrant-period').click();
    await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${latest}"]`).click();
    await page.locator(`[data-testid="quadrant-page"][data-asof="${latest}"]`).waitFor();
    await chartSettled(page);
  });

  it('the region filter reaches the migration matrix and its movers', async () => {
    const region = ix.groups.map((g) => g.region).find((r): r is string => r !== null) as string;
    await page.getByTestId('filter-region').click();
    await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${region}"]`).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('mode-migration').click();
    await page.getByTestId('migration-matrix').waitFor();
    const quarters = ix.periods.filter((p, i) => Number(p.slice(5)) % 3 === 0 && i >= 2).map((p) => `${p.slice(0, 4)}Q${Number(p.slice(5)) / 3}`);
    const m = migrationMatrix(ix, DEFAULT_SETTINGS, { quadrant: 'valueRisk', from: quarters[quarters.length - 2] as string, to: quarters[quarters.length - 1] as string });
    const inRegion = new Set(ix.groups.filter((g) => g.region === region).map((g) => g.groupCode));
    const expected = m.groups.map((row) => row.map((codes) => codes.filter((c) => inRegion.has(c))));
    await page.locator(`[data-testid="migration-summary"][data-filtered="${inRegion.size}"]`).waitFor();
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++)
        expect(Number(await page.getByTestId(`migration-cell-${POSITIONS[i]}-${POSITIONS[j]}`).getAttribute('data-count'))).toBe(expected[i]?.[j]?.length);
    await page.getByTestId(`migration-cell-${POSITIONS[0]}-${POSITIONS[0]}`).click();
    expect(await listCodes('movers-list')).toEqual([...(expected[0]?.[0] ?? [])].sort());
    await page.mouse.move(0, 0);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, 'migration-filtered-zh.png'), fullPage: true });
    await page.getByTestId('filters-clear').click();
    await page.getByTestId('mode-snapshot').click();
    await chartSettled(page);
  });

  it('reads in English', async () => {
    await page.getByTestId('language-switch').click();
    await page.getByTestId('quadrant-cell-hh').click();
    await page.getByTestId('selection-list').waitFor();
    await chartSettled(page);
    await page.mouse.move(0, 0);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, 'quadrant-en.png'), fullPage: true });
    await page.getByTestId('mode-migration').click();
    await page.getByTestId('migration-matrix').waitFor();
    await page.getByTestId(`migration-cell-${POSITIONS[0]}-${POSITIONS[1]}`).click();
    await page.getByTestId('movers-list').waitFor();
    await page.mouse.move(0, 0);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, 'migration-en.png'), fullPage: true });
    await page.getByTestId('mode-snapshot').click();
    await page.getByTestId('language-switch').click();
  });
});
