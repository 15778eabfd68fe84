/**
 * 流失预警 as a manager uses it: quick filters, keyboard, the detail drawer, and
 * export to .xlsx that round-trips — with a group named like a formula escaped.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtest, buildIndex, DEFAULT_SETTINGS } from '../../shared/analytics';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { writeDemoWorkbooks } from '../../electron/backend/demoWorkspace';
import { ROOT, startApp, type RunningApp } from './support/app';
import { launchChromium } from './support/chromium';

const SHOTS = path.join(ROOT, 'tests', 'e2e', 'screenshots');
const EVIL = '=HYPERLINK("https://evil.example","点我")';

let tmp: string;
let browser: Browser;
let app: RunningApp;
let page: Page;
let evilCode: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-warnings-e2e-'));
  execFileSync(process.execPath, [path.join(ROOT, 'bin', 'holdfast.mjs'), 'demo', '--out', path.join(tmp, 'demo')], { cwd: ROOT });
  // Rename a planted decliner (it will be red) to a formula-looking name.
  const planted = JSON.parse(fs.readFileSync(path.join(tmp, 'demo', 'planted.json'), 'utf8')) as { planted: { declining: string[] } };
  evilCode = planted.planted.declining[0] ?? '';
  const masterFile = path.join(tmp, 'demo', '集团客户资料.xlsx');
  const wb = XLSX.read(fs.readFileSync(masterFile));
  const ws = wb.Sheets[wb.SheetNames[0] ?? ''];
  if (!ws) throw new Error('no sheet');
  const aoa = XLSX.utils.sheet_to_json<(string | number | null)[]>(ws, { header: 1, defval: null, raw: true });
  for (const r of aoa) if (String(r[0]) === evilCode) r[1] = EVIL;
  const out = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(out, XLSX.utils.aoa_to_sheet(aoa), wb.SheetNames[0] ?? 'Sheet1');
  fs.writeFileSync(masterFile, XLSX.write(out, { type: 'buffer', bookType: 'xlsx' }) as Buffer);

  app = await startApp('server', path.join(tmp, 'data'));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  await page.goto(app.url);
  await page.getByTestId('new-workspace-name').fill('预警测试');
  await page.getByTestId('new-workspace').click();
  await page.getByTestId('import-page').locator('input[type=file]').setInputFiles([masterFile, path.join(tmp, 'demo', '月度出账.xlsx')]);
  await page.getByTestId('import-commit').click({ timeout: 60_000 });
  await page.getByTestId('import-notice-success').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop('SIGKILL');
});

/** The filtered count once the backend has answered the current filter (the list is queried server-side). */
const count = async () => {
  await page.locator('[data-testid=warnings-count][data-pending=false]').waitFor();
  return Number(await page.getByTestId('warnings-count').getAttribute('data-value'));
};

describe('流失预警', () => {
  it('quick filters narrow the list and combine', async () => {
    await page.getByTestId('nav-warnings').click();
    await page.getByTestId('warnings-table').waitFor();
    const redYellow = await count();
    const red = Number(await page.getByTestId('zone-count-red').getAttribute('data-value'));
    const yellow = Number(await page.getByTestId('zone-count-yellow').getAttribute('data-value'));
    expect(redYellow).toBe(red + yellow);
    await page.getByTestId('filter-ab').click();
    const ab = await count();
    expect(ab).toBeLessThan(redYellow);
    await page.getByTestId('filter-ab').click();
    await page.getByTestId('filter-no-manager').click();
    expect(await count()).toBeLessThan(redYellow);
    await page.getByTestId('filter-no-manager').click();
    expect(await count()).toBe(redYellow);
  });

  it('the keyboard moves through rows and Enter opens the group detail; Esc closes it', async () => {
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('INPUT');
    await page.getByTestId('warnings-table-box').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid^=group-detail-]').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'group-detail-zh.png') });
    await page.keyboard.press('Escape');
    await page.locator('[data-testid^=group-detail-]').waitFor({ state: 'detached' });
  });

  it('exports the list to .xlsx that round-trips, with the formula-like name escaped', async () => {
    const expected = await count();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-warnings').click()]);
    const file = path.join(tmp, 'export.xlsx');
    await download.saveAs(file);
    const wb = XLSX.read(fs.readFileSync(file));
    const ws = wb.Sheets[wb.SheetNames[0] ?? ''];
    if (!ws) throw new Error('no sheet');
    const rows = XLSX.utils.sheet_to_json<(string | number | null)[]>(ws, { header: 1, defval: null, raw: true });
    expect(rows.length - 1).toBe(expected);
    expect(rows[0]?.slice(0, 5)).toEqual(['分区', '集团编码', '集团', '预警分（0–100）', '风险价值（元/年）']);
    const evil = rows.find((r) => r[1] === evilCode);
    expect(evil?.[2]).toBe(`'${EVIL}`);
    // No cell anywhere carries a formula.
    for (const key of Object.keys(ws)) if (!key.startsWith('!')) expect((ws[key] as XLSX.CellObject).f).toBeUndefined();
    // Numbers stay numbers.
    expect(typeof rows[1]?.[3]).toBe('number');
    expect(typeof rows[1]?.[4]).toBe('number');
  });

  it('an action recorded in the group detail shows in the list and survives a backend restart', async () => {
    const search = page.getByTestId('warnings-search').locator('input');
    await search.fill(evilCode);
    await page.getByTestId(`open-detail-${evilCode}`).click();
    await page.getByTestId('action-add').click();
    await page.getByTestId('action-text').fill('首席客户经理上门拜访，续签协议并预存话费');
    await page.getByTestId('action-save').click();
    await page.getByTestId('actions-list').getByText('首席客户经理上门拜访，续签协议并预存话费').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'group-actions-zh.png') });
    await page.keyboard.press('Escape');
    await page.locator('[data-testid^=group-detail-]').waitFor({ state: 'detached' });
    await page.getByTestId(`open-action-${evilCode}`).waitFor();

    await app.stop('SIGKILL');
    app = await startApp('server', path.join(tmp, 'data'));
    await page.goto(app.url);
    await page.getByTestId('warnings-page').waitFor();
    await page.getByTestId('warnings-search').locator('input').fill(evilCode);
    await page.getByTestId(`open-action-${evilCode}`).waitFor();
    await page.getByTestId(`open-detail-${evilCode}`).click();
    await page.getByTestId('actions-list').getByText('首席客户经理上门拜访，续签协议并预存话费').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('[data-testid^=group-detail-]').waitFor({ state: 'detached' });
    await page.getByTestId('warnings-search').locator('input').fill('');
  });

  it('a search that matches only in unticked zones says where, and one click shows them (zh, en)', async () => {
    const call = async <T,>(channel: string, payload: unknown): Promise<T> => {
      const res = await fetch(`${app.origin}/api/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Holdfast-Token': app.token }, body: JSON.stringify(payload) });
      const body = (await res.json()) as { ok: boolean; data?: T; error?: unknown };
      if (!body.ok) throw new Error(`${channel}: ${JSON.stringify(body.error)}`);
      return body.data as T;
    };
    const all = { zones: [], abOnly: false, contractSoon: false, noManager: false, region: null, groupClass: null, industry: null, manager: null, stage: null, search: '' };
    const green = await call<{ rows: { groupCode: string; zone: string }[] }>('warnings.query', { filter: { ...all, zones: ['green'] }, sort: { key: 'default', order: 'desc' }, offset: 0, limit: 1 });
    const code = green.rows[0]?.groupCode ?? '';
    expect(code).not.toBe('');
    // the list opens on red and yellow: the green group is not in it
    await page.getByTestId('warnings-search').locator('input').fill(code);
    expect(await count()).toBe(0);
    const hint = page.getByTestId('warnings-search-elsewhere');
    await hint.waitFor();
    expect(Number(await hint.getAttribute('data-value'))).toBeGreaterThanOrEqual(1);
    expect(await hint.innerText()).toMatch(/^另有 \d+ 家匹配，在未勾选的区：.*绿/);
    await page.screenshot({ path: path.join(SHOTS, 'warnings-search-elsewhere-zh.png'), clip: { x: 0, y: 0, width: 1440, height: 420 } });
    await page.getByTestId('language-switch').click();
    expect(await hint.innerText()).toMatch(/^\d+ more match in unticked zones: .*[Gg]reen/);
    await page.getByTestId('language-switch').click();
    await hint.click();
    await page.getByTestId(`open-detail-${code}`).waitFor();
    expect(await count()).toBeGreaterThanOrEqual(1);
    await hint.waitFor({ state: 'detached' });
    // back to the list the manager had
    await page.getByTestId('warnings-search').locator('input').fill('');
    const zones = page.getByTestId('filter-zones').locator('input[type=checkbox]');
    for (let i = 0; i < (await zones.count()); i++) {
      const value = await zones.nth(i).getAttribute('value');
      if (value === 'red' || value === 'yellow') await zones.nth(i).check();
      else await zones.nth(i).uncheck();
    }
  });

  it('a column header sorts the whole list on the backend; filters and sort persist for the workspace', async () => {
    const scores = () =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('[data-testid=warnings-table] .wt-row[data-row]')]
          .sort((a, b) => Number(a.dataset.row) - Number(b.dataset.row))
          .slice(0, 12)
          .map((r) => Number((r.children[2] as HTMLElement).innerText.replace(/,/g, ''))),
      );
    const header = page.getByTestId('warnings-col-score');
    await header.click();
    await count();
    await expect.poll(async () => header.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(async () => { const s = await scores(); return s.length > 5 && s.every((x, i) => i === 0 || (s[i - 1] as number) >= x); }).toBe(true);
    await header.click();
    await count();
    await expect.poll(async () => { const s = await scores(); return s.length > 5 && s.every((x, i) => i === 0 || (s[i - 1] as number) <= x); }).toBe(true);
    await page.getByTestId('filter-ab').click();
    const ab = await count();
    await page.reload();
    await page.getByTestId('warnings-table').waitFor();
    expect(await count()).toBe(ab);
    expect(await page.getByTestId('warnings-col-score').getAttribute('aria-sort')).toBe('ascending');
    await page.getByTestId('filter-ab').click();
    await page.getByTestId('warnings-col-score').click();
    await count();
    expect(await page.getByTestId('warnings-col-score').getAttribute('aria-sort')).toBeNull();
  });

  it('the back-test popover shows the engine\'s AUC, lift and per-zone precision/recall, believable on the demo, in zh and en', async () => {
    const bt = backtest(buildIndex(generateDemoBranch().portfolio), DEFAULT_SETTINGS);
    if (bt.status !== 'ok') throw new Error('demo back-test');
    for (const language of ['zh', 'en'] as const) {
      await page.getByTestId('warnings-backtest').click();
      const summary = page.getByTestId('backtest-summary');
      await summary.waitFor({ timeout: 30_000 });
      expect(Number(await page.getByTestId('backtest-auc').getAttribute('data-value'))).toBeCloseTo(bt.auc ?? NaN, 10);
      expect(Number(await page.getByTestId('backtest-lift').getAttribute('data-value'))).toBeCloseTo(bt.lift.lift ?? NaN, 10);
      expect(await page.getByTestId('backtest-auc').textContent()).toBe((bt.auc ?? 0).toFixed(2));
      expect(await page.getByTestId('backtest-auc').textContent()).not.toBe('1.00');
      expect(await page.getByTestId('backtest-lift').textContent()).not.toBe('10.00');
      // the demo rests on enough months and events: no caveat beside AUC/lift unless the engine gives one
      expect(await page.getByTestId('backtest-caveat-auc').count()).toBe(bt.caveat ? 1 : 0);
      expect(await page.getByTestId('backtest-caveat').count()).toBe(bt.caveat ? 1 : 0);
      const text = (await summary.textContent()) ?? '';
      if (language === 'en') expect(text).not.toMatch(/[\u4e00-\u9fff，。；：（）]/);
      else expect(text).toContain('精确率');
      await page.waitForTimeout(600); // the popover's opening animation
      await page.screenshot({ path: path.join(SHOTS, `warnings-backtest-${language}.png`) });
      await page.getByTestId('warnings-backtest').click(); // close
      await summary.waitFor({ state: 'hidden' });
      await page.getByTestId('language-switch').click();
      await page.getByTestId('nav-warnings').click();
      await page.getByTestId('warnings-table').waitFor();
    }
  });

  it('screenshots in zh and en', async () => {
    await page.screenshot({ path: path.join(SHOTS, 'warnings-full-zh.png'), fullPage: true });
    await page.getByTestId('language-switch').click();
    await page.getByTestId('nav-warnings').click();
    await page.getByTestId('warnings-table').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'warnings-full-en.png'), fullPage: true });
    await page.getByTestId('warnings-search').locator('input').fill(evilCode);
    await page.getByTestId(`open-detail-${evilCode}`).click();
    await page.locator(`[data-testid=group-detail-${evilCode}]`).waitFor();
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(SHOTS, 'group-detail-en.png') });
    await page.keyboard.press('Escape');
    await page.getByTestId('warnings-search').locator('input').fill('');
    await page.getByTestId('language-switch').click();
  });
});

describe('流失预警 on little history: back-test figures say they rest on few months/events', () => {
  let small: RunningApp;
  let smallPage: Page;
  let expected: ReturnType<typeof backtest>;

  beforeAll(async () => {
    // 40 groups over 9 months: the back-test replays fewer than FEW_MONTHS months
    const branch = generateDemoBranch({ seed: 5, groups: 40, months: 9 });
    expected = backtest(buildIndex(branch.portfolio), DEFAULT_SETTINGS);
    const files = await writeDemoWorkbooks(path.join(tmp, 'small'), branch);
    small = await startApp('server', path.join(tmp, 'data-small'));
    smallPage = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await smallPage.goto(small.url);
    await smallPage.getByTestId('new-workspace-name').fill('小样本');
    await smallPage.getByTestId('new-workspace').click();
    await smallPage.getByTestId('import-page').locator('input[type=file]').setInputFiles([files.master, files.billing]);
    await smallPage.getByTestId('import-commit').click({ timeout: 60_000 });
    await smallPage.getByTestId('import-notice-success').waitFor();
  });

  afterAll(async () => {
    await smallPage?.close();
    await small?.stop('SIGKILL');
  });

  it('shows the engine\'s caveat beside the AUC, the lift and each precision/recall that rests on little data, in zh and en', async () => {
    if (expected.status !== 'ok' || !expected.caveat) throw new Error('the small branch should back-test with a caveat');
    for (const language of ['zh', 'en'] as const) {
      await smallPage.getByTestId('nav-warnings').click();
      await smallPage.getByTestId('warnings-table').waitFor();
      await smallPage.getByTestId('warnings-backtest').click();
      await smallPage.getByTestId('backtest-summary').waitFor({ timeout: 30_000 });
      const text = language === 'en' ? expected.caveat.en : expected.caveat.zh;
      // the whole caveat above the figures, and a mark beside each figure that rests on little data (hover: its own counts)
      expect(await smallPage.getByTestId('backtest-caveat').textContent()).toContain(text);
      expect(await smallPage.getByTestId('backtest-caveat-auc').getAttribute('data-caveat')).toBe(text);
      expect(await smallPage.getByTestId('backtest-caveat-auc').textContent()).toBe(language === 'en' ? 'few data' : '样本少');
      expect(await smallPage.getByTestId('backtest-caveat-lift').getAttribute('data-caveat')).toBe(text);
      for (const t of expected.thresholds) {
        const pc = t.precisionCaveat;
        const loc = smallPage.getByTestId(`backtest-caveat-precision-${t.zone}`);
        if (pc) expect(await loc.getAttribute('data-caveat')).toBe(language === 'en' ? pc.en : pc.zh);
        else expect(await loc.count()).toBe(0);
      }
      if (language === 'en') await smallPage.getByTestId('backtest-caveat-precision-red').hover(); // show one tooltip in the screenshot
      await smallPage.waitForTimeout(600);
      await smallPage.screenshot({ path: path.join(SHOTS, `warnings-backtest-few-${language}.png`) });
      await smallPage.getByTestId('warnings-backtest').click();
      await smallPage.getByTestId('backtest-summary').waitFor({ state: 'hidden' });
      await smallPage.getByTestId('language-switch').click();
    }
  });
});
