/**
 * 竞争推演 end to end on the demo workspace: "电信整体转网攻击 on 政府 and 教育
 * groups" with two counters through every wizard step. The exposure and the
 * results page show exactly the backend's numbers (read back through the API,
 * not through the page); the plan's actions appear in a planned group's
 * 行动记录; after a restart on the same data directory the scenario is still
 * there, at its step, with the same result. Every step is screenshotted at
 * 1440×900 (zh; results and plan also in en).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { ROOT, startApp, type RunningApp } from './support/app';
import { launchChromium } from './support/chromium';

const SHOTS = path.join(ROOT, 'tests', 'e2e', 'screenshots');
const MOVE = 'wiring-for-switch';
const COUNTERS = [
  { id: 'service-upgrade', search: '服务升级' },
  { id: 'key-person-care', search: '关键人关系维系' },
];
const INDUSTRIES = ['政府', '教育'];

let tmp: string;
let dataDir: string;
let browser: Browser;
let app: RunningApp;
let page: Page;
let scenarioId = '';

interface StatLike {
  expected: number | null;
  p10: number | null;
  p50: number | null;
  p90: number | null;
}
type OutcomeLike = Record<'revenueKept' | 'groupsLost' | 'cost' | 'netBenefit' | 'roi' | 'paybackMonth', StatLike>;
interface ResultLike {
  plan: OutcomeLike;
  doNothing: OutcomeLike;
  exposure: { exposedGroups: number; revenueAtRisk: StatLike; rows: { groupCode: string }[] };
  allocation: { funded: { groupCode: string; measureIds: string[] }[]; totalCost: number; budget: number };
}

/** Calls the running backend directly, as the UI does (token header), to compare what the page shows. */
async function call<T>(channel: string, payload: unknown): Promise<T> {
  const res = await fetch(`${app.origin}/api/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Holdfast-Token': app.token }, body: JSON.stringify(payload) });
  const body = (await res.json()) as { ok: boolean; data?: T; error?: unknown };
  if (!body.ok) throw new Error(`${channel}: ${JSON.stringify(body.error)}`);
  return body.data as T;
}

async function shot(name: string): Promise<void> {
  await page.mouse.move(0, 0);
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(SHOTS, `scenario-${name}.png`), fullPage: false });
}

async function atStep(step: number): Promise<void> {
  await page.locator(`[data-testid="scenario-wizard"][data-step="${step}"]`).waitFor();
}

async function next(step: number): Promise<void> {
  await page.getByTestId('wizard-next').click();
  await atStep(step);
}

/** Types into an antd Select and picks the option whose text contains `text`. */
async function pick(testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.keyboard.type(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click();
}

async function savedState(): Promise<void> {
  // the top bar sums every pending save (the wizard's draft autosave included)
  const state = page.getByTestId('save-state');
  try {
    await page.locator('[data-testid="save-state"][data-status="saved"]').waitFor({ timeout: 15_000 });
  } catch (err) {
    // say what the top bar shows instead (an error names its cause in the document title)
    throw new Error(`save state is ${String(await state.getAttribute('data-status'))} (${await page.title()}): ${String(err)}`, { cause: err });
  }
}

async function numberAttr(testId: string, attr = 'data-value'): Promise<number | null> {
  const raw = await page.getByTestId(testId).getAttribute(attr);
  return raw === null || raw === '' ? null : Number(raw);
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-scenarios-e2e-'));
  dataDir = path.join(tmp, 'data');
  fs.mkdirSync(SHOTS, { recursive: true });
  app = await startApp('server', dataDir);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(app.url);
  await page.getByTestId('open-demo').click();
  await page.getByTestId('overview-page').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop('SIGKILL');
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('竞争推演', () => {
  it('the demo has the industries the scenario filters on', () => {
    const industries = new Set(generateDemoBranch().portfolio.groups.map((g) => g.industry));
    for (const i of INDUSTRIES) expect(industries.has(i)).toBe(true);
  });

  it('runs 电信整体转网攻击 on 政府 and 教育 with two counters through every step', async () => {
    await page.getByTestId('nav-scenarios').click();
    await page.getByTestId('scenario-list').waitFor();
    await page.getByTestId('scenario-new').click();
    await atStep(1);
    scenarioId = (await page.getByTestId('scenario-wizard').getAttribute('data-scenario-id')) ?? '';
    expect(scenarioId).not.toBe('');
    await page.getByTestId('wizard-name').fill('电信整体转网攻击 · 政府教育');

    // 1 scope: a filter on industry
    await page.getByTestId('scope-kind-filter').click();
    for (const i of INDUSTRIES) {
      await pick('scope-filter-industries', i);
      await page.keyboard.press('Escape');
    }
    await page.getByTestId('scope-count').waitFor();
    await savedState();
    const saved1 = await call<{ scope: { kind: string; filter?: { industries?: string[] } } }>('scenario.get', { id: scenarioId });
    expect(saved1.scope.kind).toBe('filter');
    expect([...(saved1.scope.filter?.industries ?? [])].sort()).toEqual([...INDUSTRIES].sort());
    await shot('1-scope-zh');

    // 2 the move
    await next(2);
    await page.getByTestId(`move-toggle-${MOVE}`).click();
    await page.locator(`[data-testid="move-${MOVE}"][data-selected="true"]`).waitFor();
    await shot('2-moves-zh');

    // 3 exposure: the page's numbers are the backend's
    await next(3);
    const exposureEl = page.locator('[data-testid="step-exposure"][data-loading="false"]');
    await exposureEl.waitFor({ timeout: 60_000 });
    // the page computes from the live draft; the stored one follows after the autosave debounce
    await savedState();
    await expect
      .poll(async () => JSON.stringify((await call<{ moves: { moveId: string }[] }>('scenario.get', { id: scenarioId })).moves), { timeout: 15_000 })
      .toContain(MOVE);
    const draft = await call<Record<string, unknown>>('scenario.get', { id: scenarioId });
    const exposure = await call<ResultLike['exposure']>('scenario.exposure', { scenario: draft });
    expect(exposure.exposedGroups).toBeGreaterThan(0);
    expect(await numberAttr('exposure-groups')).toBe(exposure.exposedGroups);
    expect(await numberAttr('exposure-risk')).toBe(exposure.revenueAtRisk.expected);
    expect(await numberAttr('exposure-risk-p90')).toBe(exposure.revenueAtRisk.p90);
    expect(Number(await page.getByTestId('exposure-list').getAttribute('data-count'))).toBe(exposure.rows.length);
    await page.getByTestId('exposure-quadrant').waitFor();
    await shot('3-exposure-zh');
    // a row opens the group drawer
    const firstExposed = exposure.rows[0]?.groupCode as string;
    await page.getByTestId(`exposure-list-row-${firstExposed}`).click();
    await page.getByTestId(`group-detail-${firstExposed}`).waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId(`group-detail-${firstExposed}`).waitFor({ state: 'detached' });

    // 4 two counters and a budget
    await next(4);
    for (const c of COUNTERS) {
      await pick('counter-add', c.search);
      await page.getByTestId(`counter-row-${c.id}`).waitFor();
    }
    await page.getByTestId('counter-budget').fill('800000');
    await page.getByTestId('counter-budget').blur();
    await expect.poll(async () => numberAttr('allocation-summary', 'data-budget'), { timeout: 30_000 }).toBe(800_000);
    await expect.poll(async () => numberAttr('allocation-summary', 'data-funded'), { timeout: 30_000 }).toBeGreaterThan(0);
    const total = (await numberAttr('allocation-summary', 'data-total')) ?? Infinity;
    expect(total).toBeLessThanOrEqual(800_000);
    await shot('4-counters-zh');

    // 5 simulate: a long run shows its progress and can be cancelled; then the real run
    await next(5);
    await page.getByTestId('sim-runs').fill('100000');
    await page.getByTestId('sim-runs').blur();
    await page.getByTestId('sim-run').click();
    await page.getByTestId('sim-progress').waitFor();
    await page.locator('[data-testid="sim-cancel"]:not([disabled])').click();
    await page.getByTestId('sim-cancelled').waitFor({ timeout: 30_000 });
    await page.getByTestId('sim-runs').fill('10000');
    await page.getByTestId('sim-runs').blur();
    await page.getByTestId('sim-run').click();
    await page.getByTestId('sim-done').waitFor({ timeout: 90_000 });
    await shot('5-simulate-zh');

    // 6 results against do nothing, equal to the backend's result
    await next(6);
    await page.getByTestId('outcome').waitFor({ timeout: 60_000 });
    const result = await call<ResultLike>('scenario.result', { id: scenarioId });
    for (const [side, outcome] of [
      ['plan', result.plan],
      ['none', result.doNothing],
    ] as const) {
      for (const m of ['revenueKept', 'groupsLost', 'cost', 'netBenefit', 'roi', 'paybackMonth'] as const) {
        for (const w of ['expected', 'p10', 'p50', 'p90'] as const) {
          expect(await numberAttr(`outcome-${side}-${m}-${w}`), `${side} ${m} ${w}`).toBe(outcome[m][w]);
        }
      }
    }
    expect(result.doNothing.cost.expected).toBe(0);
    expect(result.plan.revenueKept.expected as number).toBeGreaterThan(result.doNothing.revenueKept.expected as number);
    await page.getByTestId('results-fan').waitFor();
    await page.getByTestId('results-tornado').waitFor();
    // a number opens its trace
    await page.getByTestId('outcome-plan-netBenefit-expected').hover();
    await page.locator('.ant-popover:visible [data-testid="trace"]').waitFor();
    await page.mouse.move(0, 0);
    await page.getByTestId('results-mark-plan').click();
    await page.getByTestId('results-is-plan').waitFor();
    await shot('6-results-zh');

    // 7 plan → actions in the log, visible in a planned group's drawer
    await next(7);
    await page.getByTestId('plan-list').waitFor();
    const planned = ((await page.getByTestId('plan-list').getAttribute('data-codes')) ?? '').split(',').filter(Boolean);
    expect([...planned].sort()).toEqual(result.allocation.funded.map((f) => f.groupCode).sort());
    await page.getByTestId('plan-create').click();
    await page.getByTestId('plan-created').waitFor();
    expect(Number(await page.getByTestId('plan-created').getAttribute('data-count'))).toBe(planned.length);
    const group = planned[0] as string;
    const logged = await call<{ groupCode: string; status: string; note: string }[]>('actions.list', { groupCode: group });
    expect(logged.some((a) => a.status === 'open')).toBe(true);
    await shot('7-plan-zh');
    await page.getByTestId(`plan-list-row-${group}`).click();
    await page.getByTestId(`group-detail-${group}`).waitFor();
    const panel = page.getByTestId('actions-panel');
    await panel.scrollIntoViewIfNeeded();
    await expect.poll(async () => (await panel.innerText()).includes('电信整体转网攻击 · 政府教育'), { timeout: 10_000 }).toBe(true);
    await page.mouse.move(0, 0);
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(SHOTS, 'scenario-7-plan-drawer-zh.png') });
    await page.keyboard.press('Escape');
    await page.getByTestId(`group-detail-${group}`).waitFor({ state: 'detached' });

    // the same two screens in English
    await page.getByTestId('language-switch').click();
    await page.getByTestId('wizard-step-6').click();
    await atStep(6);
    await page.getByTestId('outcome').waitFor({ timeout: 60_000 });
    await shot('6-results-en');
    await page.getByTestId('wizard-step-7').click();
    await atStep(7);
    await page.getByTestId('plan-list').waitFor();
    await shot('7-plan-en');
    await page.getByTestId('language-switch').click();
    await savedState();
  });

  it('the library and the comparison', async () => {
    await page.getByTestId('wizard-close').click();
    await page.getByTestId('scenario-list').waitFor();
    await page.getByTestId(`scenario-duplicate-${scenarioId}`).click();
    await expect.poll(async () => (await call<unknown[]>('scenario.list', {})).length).toBe(2);
    await shot('list-zh');
    await page.getByTestId('scenarios-tab-library').click();
    await page.getByTestId(`lib-move-${MOVE}`).waitFor();
    await shot('library-zh');
    await page.getByTestId(`lib-edit-${MOVE}`).click();
    await page.getByTestId('lib-drawer').waitFor();
    await shot('library-edit-zh');
    // edit a shipped move, then reset it to shipped
    await page.getByTestId('lib-loss-likely').fill('30');
    await page.getByTestId('lib-save').click();
    await page.getByTestId('lib-drawer').waitFor({ state: 'hidden' });
    type Lib = { moves: { id: string; lossProbability: { likely: number } }[] };
    const likely = async () => (await call<Lib>('scenario.library.get', {})).moves.find((m) => m.id === MOVE)?.lossProbability.likely;
    expect(await likely()).toBeCloseTo(0.3, 10);
    await expect.poll(async () => page.getByTestId(`lib-move-${MOVE}`).innerText()).toContain('30.0%');
    await shot('library-edited-zh');
    await page.getByTestId(`lib-reset-${MOVE}`).click();
    await page.locator('.ant-popconfirm:visible .ant-btn-primary').click();
    await expect.poll(likely).toBe(0.25);
    // clone, then delete the clone
    const before = (await call<Lib>('scenario.library.get', {})).moves.map((m) => m.id);
    await page.getByTestId(`lib-clone-${MOVE}`).click();
    await expect.poll(async () => (await call<Lib>('scenario.library.get', {})).moves.length).toBe(before.length + 1);
    const cloneId = (await call<Lib>('scenario.library.get', {})).moves.map((m) => m.id).find((id) => !before.includes(id)) as string;
    await expect.poll(() => page.locator('.ant-popconfirm:visible').count()).toBe(0); // the reset's confirmation has faded out
    await page.getByTestId(`lib-delete-${cloneId}`).click();
    await page.locator('.ant-popconfirm:visible .ant-btn-primary').click();
    await expect.poll(async () => (await call<Lib>('scenario.library.get', {})).moves.map((m) => m.id)).toEqual(before);
    await page.getByTestId('lib-tab-tactics').click();
    await page.getByTestId('tactic-leverage').waitFor();
    expect(await page.getByTestId('tactic-leverage').getAttribute('data-kind')).toBe('threat');
    await page.getByTestId('tactic-reason-leverage').waitFor();
    await page.getByTestId('scenarios-tab-list').click();
    const ids = (await call<{ id: string }[]>('scenario.list', {})).map((s) => s.id);
    for (const id of ids) await page.getByTestId(`scenario-pick-${id}`).click();
    await page.getByTestId('scenario-compare').click();
    await page.getByTestId('compare-table').waitFor({ timeout: 90_000 });
    await page.getByTestId('compare-fan').waitFor();
    await shot('compare-zh');
  });

  it('after a restart the scenario is still there, at its step, with its result', async () => {
    const before = await call<ResultLike>('scenario.result', { id: scenarioId });
    await app.stop('SIGTERM');
    app = await startApp('server', dataDir);
    await page.goto(app.url);
    // the app reopens the last workspace; go to the scenarios page if it did not land there
    const nav = page.getByTestId('nav-scenarios');
    await nav.waitFor();
    if ((await page.getByTestId('scenario-list').count()) === 0) {
      const open = page.getByTestId('open-demo');
      if ((await open.count()) > 0) await open.click();
      await nav.click();
    }
    await page.getByTestId(`scenario-row-${scenarioId}`).waitFor();
    // the list keeps the last run's headline and the plan mark
    const list = await call<{ id: string; step: number; isPlan: boolean; lastResult?: { netBenefit: { expected: number | null } } | null }[]>('scenario.list', {});
    const item = list.find((s) => s.id === scenarioId);
    expect(item?.step).toBe(7);
    expect(item?.isPlan).toBe(true);
    expect(item?.lastResult?.netBenefit.expected).toBe(before.plan.netBenefit.expected);
    await page.getByTestId(`scenario-headline-${scenarioId}`).waitFor();
    await shot('list-after-restart-zh');

    await page.getByTestId(`scenario-open-${scenarioId}`).click();
    await atStep(7);
    await page.getByTestId('wizard-step-6').click();
    await atStep(6);
    await page.getByTestId('outcome').waitFor({ timeout: 60_000 });
    // the same numbers as before the restart (recomputed from the saved definition and seed)
    const after = await call<ResultLike>('scenario.result', { id: scenarioId });
    for (const [side, outcome, again] of [
      ['plan', before.plan, after.plan],
      ['none', before.doNothing, after.doNothing],
    ] as const) {
      for (const m of ['revenueKept', 'netBenefit', 'cost'] as const) {
        for (const w of ['expected', 'p10', 'p90'] as const) {
          expect(again[m][w], `${side} ${m} ${w} after restart`).toBe(outcome[m][w]);
          expect(await numberAttr(`outcome-${side}-${m}-${w}`), `${side} ${m} ${w} on the page`).toBe(outcome[m][w]);
        }
      }
    }
    const def = await call<{ step: number; isPlan: boolean; moves: { moveId: string }[]; counters: { measureId: string }[] }>('scenario.get', { id: scenarioId });
    expect(def.isPlan).toBe(true);
    expect(def.moves.map((m) => m.moveId)).toEqual([MOVE]);
    expect(def.counters.map((c) => c.measureId).sort()).toEqual(COUNTERS.map((c) => c.id).sort());
  });

  it('step 4 adjusted by hand: starts from the proposal; dropping, re-measuring and adding groups is what the backend allocates', async () => {
    type Draft = Record<string, unknown> & { allocation: string; manual: { groupCode: string; measureIds: string[] }[] };
    type Alloc = { allocation: { totalCost: number; funded: { groupCode: string; measureIds: string[] }[] } };
    await page.getByTestId('wizard-close').click();
    await page.getByTestId('scenario-list').waitFor();
    const copyId = (await call<{ id: string }[]>('scenario.list', {})).map((s) => s.id).find((id) => id !== scenarioId) as string;
    await page.getByTestId(`scenario-open-${copyId}`).click();
    await page.getByTestId('wizard-step-4').click();
    await atStep(4);
    const stored = async () => call<Draft>('scenario.get', { id: copyId });
    const proposal = await call<Alloc>('scenario.allocate', { scenario: await stored() });
    expect(proposal.allocation.funded.length).toBeGreaterThan(2);
    await expect.poll(async () => numberAttr('allocation-summary', 'data-total'), { timeout: 30_000 }).toBe(proposal.allocation.totalCost);

    // by hand starts from the proposal
    await page.getByTestId('allocation-mode').getByText('手动调整').click();
    await expect.poll(async () => (await stored()).allocation, { timeout: 15_000 }).toBe('manual');
    expect((await stored()).manual).toEqual(proposal.allocation.funded.map((f) => ({ groupCode: f.groupCode, measureIds: f.measureIds })));
    await page.getByTestId('manual-add-group').waitFor();

    // drop one group, give another every chosen measure, add an exposed group the proposal left out
    const widened = proposal.allocation.funded.find((f) => f.measureIds.length < COUNTERS.length);
    const dropped = proposal.allocation.funded.find((f) => f !== widened);
    if (!dropped || !widened) throw new Error('the proposal funds too few groups, or every group has every measure');
    await page.getByTestId(`manual-drop-${dropped.groupCode}`).click();
    await page.getByTestId(`funded-list-row-${dropped.groupCode}`).waitFor({ state: 'detached' });
    const all = COUNTERS.map((c) => c.id);
    const missing = COUNTERS.filter((c) => !widened.measureIds.includes(c.id));
    for (const c of missing) {
      await page.getByTestId(`manual-measure-${widened.groupCode}-${c.id}`).click();
      await page.locator(`[data-testid="manual-measure-${widened.groupCode}-${c.id}"].ant-tag-checkable-checked`).waitFor();
    }
    const exposure = await call<ResultLike['exposure']>('scenario.exposure', { scenario: await stored() });
    const funded = new Set(proposal.allocation.funded.map((f) => f.groupCode));
    const added = exposure.rows.find((r) => !funded.has(r.groupCode))?.groupCode as string;
    await pick('manual-add-group', added);
    // appended at the end of the (virtualised) list: it may be below the fold, so read the list's codes
    await expect
      .poll(async () => ((await page.getByTestId('funded-list').getAttribute('data-codes')) ?? '').split(','), { timeout: 15_000 })
      .toContain(added);
    await savedState();

    const expected = proposal.allocation.funded
      .filter((f) => f.groupCode !== dropped.groupCode)
      .map((f) => ({ groupCode: f.groupCode, measureIds: f.groupCode === widened.groupCode ? [...f.measureIds, ...missing.map((c) => c.id)] : f.measureIds }))
      .concat([{ groupCode: added, measureIds: all }]);
    await expect.poll(async () => (await stored()).manual, { timeout: 15_000 }).toEqual(expected);
    // the page shows what the backend allocates for the stored choice
    const byHand = await call<Alloc>('scenario.allocate', { scenario: await stored() });
    expect(byHand.allocation.funded.some((f) => f.groupCode === dropped.groupCode)).toBe(false);
    expect(byHand.allocation.funded.find((f) => f.groupCode === widened.groupCode)?.measureIds.length).toBeGreaterThan(widened.measureIds.length);
    await expect.poll(async () => numberAttr('allocation-summary', 'data-total'), { timeout: 30_000 }).toBe(byHand.allocation.totalCost);
    expect(await numberAttr('allocation-summary', 'data-funded')).toBe(byHand.allocation.funded.length);
    expect(byHand.allocation.totalCost).not.toBe(proposal.allocation.totalCost);
    await shot('4-manual-zh');
    await page.getByTestId('language-switch').click();
    await page.getByTestId('allocation-mode').getByText('Adjust by hand').waitFor();
    await shot('4-manual-en');
    await page.getByTestId('language-switch').click();
    await page.getByTestId('allocation-mode').getByText('手动调整').waitFor();

    // back to automatic: the proposal again; the hand-made choice is kept for the next switch
    await page.getByTestId('allocation-mode').getByText('自动分配').click();
    await expect.poll(async () => (await stored()).allocation, { timeout: 15_000 }).toBe('auto');
    await expect.poll(async () => numberAttr('allocation-summary', 'data-total'), { timeout: 30_000 }).toBe(proposal.allocation.totalCost);
    expect((await stored()).manual).toEqual(expected);
    await savedState();
  });
});
