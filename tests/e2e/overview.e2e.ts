/**
 * 总览 in the browser: the period selector (a quarter, an earlier month), KPI
 * values equal to the engine's figures for that period (computed here through
 * shared/analytics on the same demo data), the click-through from a zone to
 * 流失预警, and full-page screenshots in Chinese and English.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePortfolio, buildIndex, DEFAULT_SETTINGS, type AnalysisResult } from '../../shared/analytics';
import { computeSummary } from '../../shared/analytics/summary';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { demoPortfolio } from '../../shared/demo/demoPortfolio';
import { addMonths } from '../../shared/util/period';
import { ROOT } from './support/app';
import { withDemoApp } from './support/demoApp';

const SHOTS = path.join(ROOT, 'tests', 'e2e', 'screenshots');

const demo = generateDemoBranch();
const demoData = demoPortfolio(demo);
const ix = buildIndex(demoData);
const at = (asOf: string): AnalysisResult => analyzePortfolio(ix, DEFAULT_SETTINGS, { asOf });
const latest = ix.periods[ix.nP - 1] as string;

/** The top-20% share at the month asOf, as `holdfast summary` computes it on the data up to then (the engine's definition). */
function legacyTopShare(asOf: string): number | null {
  return computeSummary({ ...demoData, facts: demoData.facts.filter((f) => f.period <= asOf) }).top20Share.value;
}
/** Unified-pay and total revenue of the engine's unified-share trace. */
function unifiedParts(r: AnalysisResult): [number, number] {
  const [u, tot] = r.kpis.unifiedShare.trace.inputs.map((i) => Number(i.value));
  return [u ?? NaN, tot ?? NaN];
}

let page: Page;

async function value(id: string): Promise<number | null> {
  const raw = await page.getByTestId(id).getAttribute('data-value');
  return raw === null || raw === '' ? null : Number(raw);
}

/**
 * Waits until every select dropdown has finished closing: antd fades a dropdown out after the choice (still in the
 * layout, opacity going down) and only then hides it (display: none); a screenshot taken before catches the overlay.
 */
async function dropdownsClosed(): Promise<void> {
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll('.ant-select-dropdown')).every((el) => {
      const s = getComputedStyle(el);
      return s.display === 'none' || s.visibility === 'hidden' || el.getBoundingClientRect().height === 0;
    }),
  );
}

async function choosePeriod(kind: 'month' | 'quarter', period: string): Promise<void> {
  const current = await page.getByTestId('overview-page').getAttribute('data-period');
  const isQuarter = current !== null && /Q/.test(current);
  if ((kind === 'quarter') !== isQuarter) {
    await page.getByTestId('overview-period-kind').getByText(kind === 'quarter' ? '季度' : '月度', { exact: true }).click();
    await page.waitForFunction((q) => /Q/.test(document.querySelector('[data-testid="overview-page"]')?.getAttribute('data-period') ?? '') === q, kind === 'quarter');
  }
  await page.getByTestId('overview-period').click();
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${period}"]`).click();
  await page.locator(`[data-testid="overview-page"][data-period="${period}"]`).waitFor();
  await dropdownsClosed();
}

const fixture = withDemoApp({ prefix: 'hf-overview-e2e-' });
beforeAll(() => {
  ({ page } = fixture);
});

describe('总览 periods', () => {
  it('opens on the latest month with the engine figures and both comparisons', async () => {
    const r = at(latest);
    const prev = at(addMonths(latest, -1));
    expect(await page.getByTestId('overview-page').getAttribute('data-period')).toBe(latest);
    expect(await value('kpi-groups')).toBe(r.kpis.groups.value);
    expect(await value('kpi-latest-revenue')).toBeCloseTo(r.kpis.latestRevenue.value ?? NaN, 2);
    expect(await value('kpi-unified-share')).toBeCloseTo(r.kpis.unifiedShare.value ?? NaN, 9);
    expect(await value('kpi-top20')).toBeCloseTo(legacyTopShare(latest) ?? NaN, 9);
    // a card title cut with … (the English ones are long) carries its whole name on hover
    const cardTitle = page.getByTestId('kpi-top20').locator('.ov-card-title');
    expect(await cardTitle.getAttribute('title')).toBe(await cardTitle.innerText());
    expect(await value('kpi-red-yellow')).toBe(r.kpis.zoneCounts.counts.red + r.kpis.zoneCounts.counts.yellow);
    expect(await value('kpi-value-at-risk')).toBeCloseTo(r.kpis.valueAtRisk.value ?? NaN, 2);
    expect(await value('kpi-latest-revenue-previous')).toBeCloseTo((r.kpis.latestRevenue.value ?? NaN) / (prev.kpis.latestRevenue.value ?? NaN) - 1, 9);
    const yoy = at(addMonths(latest, -12));
    expect(await value('kpi-latest-revenue-year-ago')).toBeCloseTo((r.kpis.latestRevenue.value ?? NaN) / (yoy.kpis.latestRevenue.value ?? NaN) - 1, 9);
    expect(await value('kpi-value-at-risk-previous')).toBeCloseTo((r.kpis.valueAtRisk.value ?? NaN) / (prev.kpis.valueAtRisk.value ?? NaN) - 1, 9);
    // shares compare in percentage points
    expect(await value('kpi-unified-share-previous')).toBeCloseTo((r.kpis.unifiedShare.value ?? NaN) - (prev.kpis.unifiedShare.value ?? NaN), 9);
    for (const z of ['red', 'yellow', 'blue', 'green', 'white'] as const) expect(await value(`overview-zone-${z}`)).toBe(r.kpis.zoneCounts.counts[z]);
    // every comparison has its trace: current value, previous value, the period names
    await page.getByTestId('kpi-latest-revenue-previous').hover();
    const trace = await page.getByTestId('trace').last().innerText();
    expect(trace).toContain(latest);
    expect(trace).toContain(addMonths(latest, -1));
    await page.mouse.move(0, 0);
    await page.getByTestId('overview-revenue-trend').locator('canvas').first().waitFor();
    await page.getByTestId('overview-pareto').locator('canvas').first().waitFor();
    await page.getByTestId('overview-stages').locator('canvas').first().waitFor();
    await page.getByTestId('value-risk-scatter').locator('canvas').first().waitFor();
    await page.waitForTimeout(400);
    await dropdownsClosed();
    await page.screenshot({ path: path.join(SHOTS, 'overview-full-zh.png'), fullPage: true });
  });

  it('a quarter adds up its 3 months; snapshot figures are the engine’s at its last month', async () => {
    // the last quarter whose 3 months are all in the data
    const lastIndex = ix.p0 + ix.nP - 1;
    const qEnd = lastIndex % 3 === 2 ? lastIndex : lastIndex - ((lastIndex % 3) + 1);
    const year = Math.floor(qEnd / 12);
    const quarter = `${year}Q${Math.floor((qEnd % 12) / 3) + 1}`;
    const endMonth = `${year}-${String((qEnd % 12) + 1).padStart(2, '0')}`;
    const months = [addMonths(endMonth, -2), addMonths(endMonth, -1), endMonth];
    await choosePeriod('quarter', quarter);
    const rs = months.map(at);
    const r = at(quarter);
    expect(r.asOf).toBe(endMonth);
    const revenue = rs.reduce((s, x) => s + (x.kpis.latestRevenue.value ?? 0), 0);
    expect(await value('kpi-latest-revenue')).toBeCloseTo(revenue, 1);
    expect(await page.getByTestId('kpi-latest-revenue').innerText()).toContain(`（${quarter}）`);
    const [u, tot] = rs.map(unifiedParts).reduce(([a, b], [c, d]) => [a + c, b + d], [0, 0]);
    expect(await value('kpi-unified-share')).toBeCloseTo(u / tot, 6);
    expect(await value('kpi-value-at-risk')).toBeCloseTo(r.kpis.valueAtRisk.value ?? NaN, 2);
    expect(await value('kpi-red-yellow')).toBe(r.kpis.zoneCounts.counts.red + r.kpis.zoneCounts.counts.yellow);
    expect(await value('kpi-top20')).toBeCloseTo(legacyTopShare(endMonth) ?? NaN, 9);
    for (const z of ['red', 'yellow', 'blue', 'green', 'white'] as const) expect(await value(`overview-zone-${z}`)).toBe(r.kpis.zoneCounts.counts[z]);
    // groups billed in at least one of the 3 months
    const billed = new Set<number>();
    for (const x of rs) x.table.latestRevenue.forEach((v, g) => v > 0 && billed.add(g));
    expect(await page.getByTestId('kpi-groups').innerText()).toContain(String(billed.size));
    // the quarter before, by hand from its 3 months
    const prevRevenue = [-5, -4, -3].map((d) => at(addMonths(endMonth, d)).kpis.latestRevenue.value ?? 0).reduce((a, b) => a + b, 0);
    expect(await value('kpi-latest-revenue-previous')).toBeCloseTo(revenue / prevRevenue - 1, 6);
    expect(await page.getByTestId('kpi-latest-revenue-previous').getAttribute('data-period')).toMatch(/^\d{4}Q[1-4]$/);
    await page.mouse.move(0, 0);
    await page.waitForTimeout(300);
    await dropdownsClosed();
    await page.screenshot({ path: path.join(SHOTS, 'overview-quarter-zh.png'), fullPage: true });
  });

  it('an earlier month shows that month’s figures; the first month has no previous period', async () => {
    const month = addMonths(latest, -4);
    await choosePeriod('month', month);
    const r = at(month);
    expect(await value('kpi-latest-revenue')).toBeCloseTo(r.kpis.latestRevenue.value ?? NaN, 2);
    expect(await value('kpi-unified-share')).toBeCloseTo(r.kpis.unifiedShare.value ?? NaN, 9);
    expect(await value('kpi-value-at-risk')).toBeCloseTo(r.kpis.valueAtRisk.value ?? NaN, 2);
    expect(await value('kpi-red-yellow')).toBe(r.kpis.zoneCounts.counts.red + r.kpis.zoneCounts.counts.yellow);
    expect(await value('kpi-top20')).toBeCloseTo(legacyTopShare(month) ?? NaN, 9);
    for (const z of ['red', 'yellow', 'blue', 'green', 'white'] as const) expect(await value(`overview-zone-${z}`)).toBe(r.kpis.zoneCounts.counts[z]);

    const first = ix.periods[0] as string;
    await choosePeriod('month', first);
    expect(await page.getByTestId('kpi-latest-revenue-previous').getAttribute('data-value')).toBe('');
    expect(await page.getByTestId('kpi-latest-revenue-previous').innerText()).toContain('无可比');
  });

  it('a month’s bar in the revenue trend opens that month', async () => {
    const k = ix.nP - 7;
    const month = ix.periods[k] as string;
    const canvas = page.getByTestId('overview-revenue-trend').locator('canvas').first();
    const box = await canvas.boundingBox();
    if (!box) throw new Error('no chart');
    // grid: left 56, right 16, bottom 28; one category per month
    const x = box.x + 56 + ((k + 0.5) * (box.width - 72)) / ix.nP;
    await page.mouse.click(x, box.y + box.height - 28 - 6);
    await page.locator(`[data-testid="overview-page"][data-period="${month}"]`).waitFor();
    expect(await value('kpi-latest-revenue')).toBeCloseTo(at(month).kpis.latestRevenue.value ?? NaN, 2);
  });

  it('clicking the red zone opens 流失预警', async () => {
    await choosePeriod('month', latest);
    await page.getByTestId('overview-zone-red').click();
    await page.getByTestId('warnings-page').waitFor();
    await page.getByTestId('nav-overview').click();
    await page.getByTestId('overview-page').waitFor();
  });

  it('reads in English', async () => {
    await page.getByTestId('language-switch').click();
    await page.getByTestId('nav-overview').getByText('Overview').waitFor();
    await page.getByTestId('overview-stages').locator('canvas').first().waitFor();
    await page.getByTestId('value-risk-scatter').locator('canvas').first().waitFor();
    await page.mouse.move(0, 0);
    await page.waitForTimeout(400);
    await dropdownsClosed();
    await page.screenshot({ path: path.join(SHOTS, 'overview-full-en.png'), fullPage: true });
    await page.getByTestId('language-switch').click();
  });
});
