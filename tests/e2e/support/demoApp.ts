/**
 * The e2e fixture most files share: browser mode on a fresh data folder, Debian Chromium, the demo
 * opened and 总览 shown. `withDemoApp` registers the beforeAll/afterAll hooks; the handle's fields
 * are set once beforeAll has run, and everything is stopped and removed afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startApp, type RunningApp } from './app';
import { launchChromium } from './chromium';

export interface DemoApp {
  /** the test's own temporary folder (the app's data folder is tmp/data) */
  tmp: string;
  app: RunningApp;
  browser: Browser;
  page: Page;
}

export interface DemoAppOptions {
  /** the temporary folder's name prefix, e.g. 'hf-overview-e2e-' */
  prefix: string;
  acceptDownloads?: boolean;
  /** the beforeAll's timeout (starting the app on a busy machine can take a minute) */
  timeoutMs?: number;
}

export function withDemoApp(options: DemoAppOptions): DemoApp {
  const h = {} as DemoApp;
  beforeAll(async () => {
    h.tmp = fs.mkdtempSync(path.join(os.tmpdir(), options.prefix));
    h.app = await startApp('server', path.join(h.tmp, 'data'));
    h.browser = await launchChromium();
    h.page = await h.browser.newPage({ viewport: { width: 1440, height: 900 }, ...(options.acceptDownloads ? { acceptDownloads: true } : {}) });
    await h.page.goto(h.app.url);
    await h.page.getByTestId('open-demo').click();
    await h.page.getByTestId('overview-page').waitFor();
  }, options.timeoutMs ?? 120_000);
  afterAll(async () => {
    await h.browser?.close();
    await h.app?.stop('SIGKILL');
    if (h.tmp) fs.rmSync(h.tmp, { recursive: true, force: true });
  });
  return h;
}
