/**
 * A full sheet (1,048,576 rows: the header + 1,048,575 billing rows, Excel's row limit) imports
 * through the CLI (holdfast import FILE --workspace DIR --create, in the import worker) and through
 * the browser-mode upload (import page → confirm → 总览), issue 14. The counts are derived from
 * the file's writer and the CLI's own output, not pinned. Slow by nature: minutes on a busy machine.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBillingXlsx } from '../bench/billingXlsx';
import { ROOT, startApp, type RunningApp } from './support/app';
import { launchChromium } from './support/chromium';

const ROWS = 1_048_575; // + the header row = 1,048,576
const MONTHS = 24; // writeBillingXlsx: one row per group and month
const GROUPS = Math.ceil(ROWS / MONTHS);
const LONG = 20 * 60_000;

let tmp: string;
let file: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-fullsheet-e2e-'));
  file = path.join(tmp, '月度出账-整表.xlsx');
  writeBillingXlsx(file, ROWS);
}, LONG);

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('a full 1,048,576-row sheet', () => {
  it(
    'imports through the CLI into a new workspace',
    () => {
      const dir = path.join(tmp, 'cli-ws');
      const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'holdfast.mjs'), 'import', file, '--workspace', dir, '--create', '--json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { committed: boolean; files: { kind: string; stats: { imported: number; dataRows: number } }[] };
      expect(out.committed).toBe(true);
      expect(out.files[0]?.kind).toBe('monthlyBilling');
      expect(out.files[0]?.stats).toMatchObject({ dataRows: ROWS, imported: ROWS });
      const summary = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'holdfast.mjs'), 'summary', '--workspace', dir, '--json'], { cwd: ROOT, encoding: 'utf8' });
      expect(summary.status, summary.stderr).toBe(0);
      expect(JSON.parse(summary.stdout)).toMatchObject({ groups: GROUPS, periods: MONTHS });
      const doc = JSON.parse(fs.readFileSync(path.join(dir, 'workspace.json'), 'utf8')) as { stats: { factCount: number; groupCount: number } };
      expect(doc.stats).toMatchObject({ factCount: ROWS, groupCount: GROUPS });
    },
    LONG,
  );

  describe('through the browser-mode upload', () => {
    let app: RunningApp;
    let browser: Browser;
    let page: Page;
    beforeAll(async () => {
      app = await startApp('server', path.join(tmp, 'data'));
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(app.url);
    });
    afterAll(async () => {
      await browser?.close();
      await app?.stop('SIGKILL');
    });

    it(
      'uploads, shows the plan, commits and 总览 counts every group',
      async () => {
        await page.getByTestId('new-workspace-name').fill('整表导入');
        await page.getByTestId('new-workspace').click();
        await page.getByTestId('import-page').waitFor();
        await page.getByTestId('import-page').locator('input[type=file]').setInputFiles([file]);
        await page.getByTestId('import-confirm').waitFor({ timeout: LONG });
        expect(await page.getByTestId('plan-new-groups').innerText()).toBe(String(GROUPS));
        await page.getByTestId('import-commit').click();
        await page.getByTestId('import-notice-success').waitFor({ timeout: LONG });
        await page.getByTestId('nav-overview').click();
        const card = page.getByTestId('kpi-groups');
        await card.waitFor({ timeout: LONG });
        expect(Number(await card.getAttribute('data-value'))).toBe(GROUPS);
      },
      LONG,
    );
  });
});
