/**
 * 什么管用 and 客户经理覆盖 on the demo workspace in browser mode: the page's figures equal the
 * backend's (ledger.effectiveness, ledger.coverage), a figure opens its trace with the definition of
 * comparable groups, clicking a manager lists their groups and filters the ledger to their actions,
 * the scenario library shows "your history", and `holdfast analyze --json` gives the same figures.
 * Expectations come from the backend in the same run, never pinned demo counts.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse } from '../../shared/api/contract';
import { ROOT, type RunningApp } from './support/app';
import { withDemoApp } from './support/demoApp';

const SHOTS = path.join(ROOT, 'tests', 'e2e', 'screenshots');

let tmp: string;
let app: RunningApp;
let page: Page;

async function call<C extends 'ledger.effectiveness' | 'ledger.coverage' | 'ledger.list'>(channel: C, payload: unknown): Promise<ApiResponse<C>> {
  const res = await fetch(`${app.origin}/api/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Holdfast-Token': app.token }, body: JSON.stringify(payload) });
  const body = (await res.json()) as { ok: boolean; data?: ApiResponse<C>; error?: unknown };
  if (!body.ok) throw new Error(`${channel}: ${JSON.stringify(body.error)}`);
  return body.data as ApiResponse<C>;
}

async function shot(name: string): Promise<void> {
  await page.mouse.move(0, 0);
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

const fixture = withDemoApp({ prefix: 'hf-insights-e2e-', timeoutMs: 180_000 });
beforeAll(async () => {
  ({ tmp, app, page } = fixture);
  await page.getByTestId('nav-actions').click();
  await page.getByTestId('actions-page').waitFor();
}, 180_000);

describe('什么管用 and 客户经理覆盖', () => {
  it('什么管用 shows the backend’s figures, each with its trace and the comparable-group definition', async () => {
    const e = await call('ledger.effectiveness', {});
    expect(e.closed).toBeGreaterThan(0);
    await page.getByTestId('ledger-tab-worked').click();
    await page.getByTestId('worked-by-measure').waitFor();
    expect(Number(await page.getByTestId('worked-closed-all').textContent())).toBe(e.closed);
    expect(Number(await page.getByTestId('worked-rate-all').getAttribute('data-value'))).toBeCloseTo(e.total.retentionRate.value ?? NaN, 12);
    const top = e.byMeasure[0];
    if (!top) throw new Error('no measure');
    expect(Number(await page.getByTestId(`worked-uplift-${top.key}`).first().getAttribute('data-value'))).toBeCloseTo(top.upliftVsComparable.value ?? NaN, 12);
    expect(await page.getByTestId('worked-definition').textContent()).toBe(e.definition.zh);
    for (const r of e.byMeasure) expect(await page.getByTestId(`worked-caveat-${r.key}`).count()).toBe(r.enough ? 0 : 1);
    await page.getByTestId('worked-cmp-all').hover();
    const trace = page.getByTestId('trace').filter({ hasText: '同一价值档' });
    await trace.first().waitFor();
    expect(await trace.first().textContent()).toContain(String(e.total.compared));
    await page.mouse.move(0, 0);
    await trace.first().waitFor({ state: 'hidden' });
    await shot('ledger-worked-zh');
  });

  it('客户经理覆盖 lists every manager and the vacuum; a click lists their groups and filters the ledger', async () => {
    const c = await call('ledger.coverage', {});
    expect(c.vacuum?.groups ?? 0).toBeGreaterThan(0);
    await page.getByTestId('ledger-tab-coverage').click();
    await page.getByTestId('coverage-table').waitFor();
    expect(Number(await page.getByTestId('coverage-groups-vacuum').textContent())).toBe(c.vacuum?.groups);
    // the manager with the most open actions
    const m = c.managers.reduce((a, b) => (b.openActions > a.openActions ? b : a));
    expect(Number(await page.getByTestId(`coverage-var-${m.manager}`).getAttribute('data-value'))).toBeCloseTo(m.valueAtRisk.value, 6);
    expect(Number(await page.getByTestId(`coverage-open-${m.manager}`).textContent())).toBe(m.openActions);
    await page.getByTestId(`coverage-row-${m.manager}`).click();
    await page.getByTestId('coverage-selected').waitFor();
    const mine = await call('ledger.coverage', { manager: m.manager });
    expect(mine.groups).toHaveLength(m.groups);
    await expect.poll(async () => (await page.getByTestId('coverage-selected').textContent()) ?? '').toContain(`${m.groups}`);
    await shot('ledger-coverage-zh');
    // their actions in the ledger: every action on their groups, whatever the status
    const ledger = await call('ledger.list', {});
    const theirs = ledger.rows.filter((r) => (r.accountManager ?? '').trim() === m.manager);
    await page.getByTestId('coverage-show-actions').click();
    await page.getByTestId('ledger-manager-filter').waitFor();
    await expect.poll(async () => (await page.getByTestId('actions-page').textContent()) ?? '').toContain(`共 ${theirs.length} 条`);
    await page.getByTestId('ledger-manager-filter').locator('.ant-tag-close-icon').click();
    await expect.poll(async () => (await page.getByTestId('actions-page').textContent()) ?? '').toContain(`共 ${ledger.rows.length} 条`);
  });

  it('reads in English', async () => {
    await page.getByTestId('language-switch').click();
    await page.getByTestId('ledger-tab-worked').getByText('What worked').waitFor();
    await page.getByTestId('ledger-tab-worked').click();
    await page.getByTestId('worked-by-measure').waitFor();
    const e = await call('ledger.effectiveness', {});
    expect(await page.getByTestId('worked-definition').textContent()).toBe(e.definition.en);
    const text = (await page.getByTestId('worked-panel').textContent()) ?? '';
    expect(text).not.toMatch(/[\u3000-\u303f\uff00-\uffef]/); // no full-width punctuation in the English UI
    await shot('ledger-worked-en');
    await page.getByTestId('ledger-tab-coverage').click();
    await page.getByTestId('coverage-table').waitFor();
    await page.getByTestId('coverage-row-vacuum').click();
    await page.getByTestId('coverage-selected').waitFor();
    await shot('ledger-coverage-en');
    await page.getByTestId('language-switch').click();
    await page.getByTestId('ledger-tab-ledger').getByText('台账').waitFor();
  });

  it('the scenario library offers your history beside the shipped ranges', async () => {
    const e = await call('ledger.effectiveness', {});
    await page.getByTestId('nav-scenarios').click();
    await page.getByTestId('scenarios-tab-library').click();
    await page.getByTestId('lib-tab-counters').click();
    for (const r of e.byMeasure) {
      if (r.measureId === null) continue;
      const cell = page.getByTestId(`lib-history-${r.measureId}`);
      await cell.waitFor();
      expect(await cell.getAttribute('data-closed')).toBe(String(r.closed));
      expect(await cell.getAttribute('data-enough')).toBe(String(r.enough));
    }
    await page.getByTestId('lib-tab-counters').scrollIntoViewIfNeeded();
    await shot('library-history-zh');
  });

  it('holdfast analyze --json gives the same effectiveness and coverage', async () => {
    const dir = path.join(tmp, 'data', 'workspaces', 'demo');
    expect(fs.existsSync(path.join(dir, 'workspace.json'))).toBe(true);
    const e = await call('ledger.effectiveness', {});
    const c = await call('ledger.coverage', {});
    const out = execFileSync(process.execPath, [path.join(ROOT, 'bin', 'holdfast.mjs'), 'analyze', '--workspace', dir, '--json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const j = JSON.parse(out) as { effectiveness: typeof e; coverage: typeof c };
    expect(j.effectiveness.closed).toBe(e.closed);
    expect(j.effectiveness.total.upliftVsComparable.value).toBeCloseTo(e.total.upliftVsComparable.value ?? NaN, 12);
    expect(j.coverage.vacuum?.groups).toBe(c.vacuum?.groups);
    expect(j.coverage.managers.map((m) => [m.manager, m.groups])).toEqual(c.managers.map((m) => [m.manager, m.groups]));
  });
});
