/**
 * Import through the UI, as an analyst does it: new workspace → choose the demo
 * group master and billing workbooks → every column auto-mapped → confirm →
 * 总览 totals equal the totals computed from the files. A broken file shows its
 * message and changes nothing; a re-import of a month replaces it after asking,
 * and undo restores the previous totals.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startApp, type RunningApp } from './support/app';
import { launchChromium } from './support/chromium';
import { expectedFigures, type ExpectedFigures } from './support/expectedFigures';

const SHOTS = path.join(ROOT, 'tests', 'e2e', 'screenshots');
const MASTER_FIELDS = ['groupCode', 'groupName', 'groupClass', 'importance', 'industry', 'region', 'accountManager', 'employees', 'contractEnd', 'competitorPresence', 'lineGrade'];
const BILLING_FIELDS = ['groupCode', 'groupName', 'period', 'unifiedPayRevenue', 'personalPayRevenue', 'totalRevenue', 'newBusinessRevenue', 'members', 'offNetMembers', 'minutes', 'arrears', 'complaints', 'faults', 'products'];

let tmp: string;
let master: string;
let billing: string;
let expected: ExpectedFigures;
let browser: Browser;
let app: RunningApp;
let page: Page;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-import-e2e-'));
  execFileSync(process.execPath, [path.join(ROOT, 'bin', 'holdfast.mjs'), 'demo', '--out', path.join(tmp, 'demo')], { cwd: ROOT });
  master = path.join(tmp, 'demo', '集团客户资料.xlsx');
  billing = path.join(tmp, 'demo', '月度出账.xlsx');
  expected = expectedFigures(master, billing);
  app = await startApp('server', path.join(tmp, 'data'));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(app.url);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop('SIGKILL');
});

async function chooseFiles(files: string[]): Promise<void> {
  await page.getByTestId('import-page').locator('input[type=file]').setInputFiles(files);
}

async function kpiValue(id: string): Promise<number> {
  await page.getByTestId('nav-overview').click();
  const card = page.getByTestId(id);
  await card.waitFor();
  return Number(await card.getAttribute('data-value'));
}

async function mappedFields(fileIndex: number, columns: number): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  for (let c = 0; c < columns; c++) {
    const sel = page.getByTestId(`mapping-field-${fileIndex}-${c}`);
    out.push((await sel.getAttribute('data-field')) || null);
  }
  return out;
}

describe('import through the UI', () => {
  it('maps both demo workbooks automatically and the totals match the files', async () => {
    await page.getByTestId('new-workspace-name').fill('导入测试');
    await page.getByTestId('new-workspace').click();
    await page.getByTestId('import-page').waitFor();
    await chooseFiles([master, billing]);
    await page.getByTestId('import-confirm').waitFor({ timeout: 60_000 });

    const tab0 = await page.getByTestId('import-file-tab-0').innerText();
    expect(tab0).toContain('集团客户资料');
    expect(await mappedFields(0, MASTER_FIELDS.length)).toEqual(MASTER_FIELDS);
    await page.getByTestId('import-file-tab-1').click();
    expect(await mappedFields(1, BILLING_FIELDS.length)).toEqual(BILLING_FIELDS);
    expect(await page.getByTestId('plan-new-groups').innerText()).toBe(String(expected.groups));
    expect(Number((await page.getByTestId('plan-skipped-rows').innerText()).trim())).toBeGreaterThanOrEqual(2); // the two 合计 rows
    await page.screenshot({ path: path.join(SHOTS, 'import-review-zh.png'), fullPage: true });

    await page.getByTestId('import-commit').click();
    await page.getByTestId('import-notice-success').waitFor();

    expect(await kpiValue('kpi-groups')).toBe(expected.groups);
    expect(await kpiValue('kpi-latest-revenue')).toBeCloseTo(expected.latestRevenue, 1);
    expect(await kpiValue('kpi-trend-3m')).toBeCloseTo(expected.trend3m, 9);
    expect(await kpiValue('kpi-top20')).toBeCloseTo(expected.top20Share, 9);
  });

  it('a broken file shows a clear message and changes nothing', async () => {
    const broken = path.join(tmp, '损坏的出账.xlsx');
    const bytes = fs.readFileSync(billing);
    fs.writeFileSync(broken, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await page.getByTestId('nav-import').click();
    await chooseFiles([broken]);
    const error = page.getByTestId('import-read-error-0');
    await error.waitFor({ timeout: 60_000 });
    expect(await error.innerText()).toContain('损坏的出账.xlsx');
    expect(await page.getByTestId('import-commit').isDisabled()).toBe(true);
    await page.getByTestId('import-cancel').click();
    expect(await kpiValue('kpi-latest-revenue')).toBeCloseTo(expected.latestRevenue, 1);
  });

  it('next month with the same headers needs no mapping clicks; replacing a month asks first; undo restores', async () => {
    // The latest month again, with every revenue doubled: same headers, so the template applies.
    const wb = XLSX.read(fs.readFileSync(billing));
    const ws = wb.Sheets[wb.SheetNames[0] ?? ''];
    if (!ws) throw new Error('no sheet');
    const aoa = XLSX.utils.sheet_to_json<(string | number | null)[]>(ws, { header: 1, defval: null, raw: true });
    const headerIndex = aoa.findIndex((r) => r[0] === '集团编码');
    const header = aoa[headerIndex] ?? [];
    const iPeriod = header.indexOf('账期');
    const iTotal = header.indexOf('出账收入(元)');
    const iUnified = header.indexOf('统付收入(元)');
    const iPersonal = header.indexOf('个付收入(元)');
    const latest = expected.latestPeriod.replace('-', '');
    const rows = aoa.slice(headerIndex + 1).filter((r) => String(r[iPeriod]) === latest);
    for (const r of rows) for (const i of [iTotal, iUnified, iPersonal]) r[i] = Number(r[i] ?? 0) * 2;
    const next = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(next, XLSX.utils.aoa_to_sheet([aoa[0] ?? [], [], header, ...rows]), '月度出账');
    const file = path.join(tmp, `出账-${latest}.xlsx`);
    fs.writeFileSync(file, XLSX.write(next, { type: 'buffer', bookType: 'xlsx' }) as Buffer);

    await page.getByTestId('nav-import').click();
    await chooseFiles([file]);
    await page.getByTestId('import-confirm').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('import-template-0').innerText()).toContain('月度出账');
    expect(await mappedFields(0, BILLING_FIELDS.length)).toEqual(BILLING_FIELDS);
    expect(await page.getByTestId('plan-replaced-periods').innerText()).toBe(expected.latestPeriod);
    await page.getByTestId('import-commit').click();
    await page.getByRole('button', { name: '替换并导入' }).click();
    await page.getByTestId('import-notice-success').waitFor();
    expect(await kpiValue('kpi-latest-revenue')).toBeCloseTo(expected.latestRevenue * 2, 0);

    await page.getByTestId('nav-import').click();
    await page.getByTestId('import-undo').click();
    await page.getByTestId('import-notice-success').waitFor();
    expect(await kpiValue('kpi-latest-revenue')).toBeCloseTo(expected.latestRevenue, 1);
  });

  it('设置 lists the remembered mapping templates and renames one', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByRole('tab', { name: '导入映射模板' }).click();
    const table = page.getByTestId('templates-table');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(2);
    await table.getByRole('button', { name: '重命名' }).first().click();
    await table.locator('input').fill('经分月报模板');
    await table.getByRole('button', { name: '保存' }).click();
    await table.getByText('经分月报模板').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'settings-templates-zh.png'), fullPage: true });
  });

  it('the import review reads in English too', async () => {
    await page.getByTestId('language-switch').click();
    await page.getByTestId('nav-import').click();
    await chooseFiles([master]);
    await page.getByTestId('import-confirm').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('import-template-0').innerText()).toContain('was applied');
    await page.screenshot({ path: path.join(SHOTS, 'import-review-en.png'), fullPage: true });
    await page.getByTestId('import-cancel').click();
    await page.getByTestId('language-switch').click();
  });
});
