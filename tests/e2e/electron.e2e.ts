/**
 * The same path through the real Electron runtime (Playwright's _electron).
 * The runtime is a separate download from GitHub; where it is missing the
 * test is skipped and says why.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM script without types
import { findElectronRuntime } from '../../scripts/electronRuntime.mjs';
import { ROOT } from './support/app';

const runtime = (findElectronRuntime as () => string | null)();
if (!runtime) {
  console.log(
    'SKIP electron.e2e: the Electron runtime is not installed (node_modules/electron has no binary; it downloads from GitHub, or from ELECTRON_MIRROR). The browser-mode e2e covers the same path.',
  );
}

describe.skipIf(!runtime)('Electron window', () => {
  it('opens the demo, shows the KPI cards and keeps the security baseline', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-electron-'));
    const app = await electron.launch({
      executablePath: runtime ?? undefined,
      args: [path.join(ROOT, 'dist', 'electron', 'main.cjs')],
      env: { ...process.env, HOLDFAST_DATA_DIR: dataDir },
    });
    try {
      const win = await app.firstWindow();
      await win.getByTestId('open-demo').click();
      await win.getByTestId('overview-page').waitFor();
      expect(Number(await win.getByTestId('kpi-groups').getAttribute('data-value'))).toBeGreaterThan(500);
      // No Node in the page; only the one bridge function.
      expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await win.evaluate(() => Object.keys((globalThis as unknown as { holdfast: object }).holdfast).sort())).toEqual(['invoke', 'mode', 'review']);
      // the review's desktop calls (printToPDF, presenter notes window): functions only, checked in the main process
      expect(await win.evaluate(() => Object.keys((globalThis as unknown as { holdfast: { review: object } }).holdfast.review).sort())).toEqual([
        'closePresenterNotes',
        'onPresenterState',
        'openPresenterNotes',
        'printToPdf',
        'sendPresenterState',
      ]);
      // Sandboxed, isolated page: no process object, no Node globals.
      expect(await win.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      // window.open is denied.
      await win.evaluate(() => window.open('https://example.com'));
      expect(app.windows()).toHaveLength(1);
      await win.screenshot({ path: path.join(ROOT, 'tests', 'e2e', 'screenshots', 'electron-overview-zh.png') });
    } finally {
      await app.close();
    }
  });
});
