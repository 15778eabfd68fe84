/**
 * Zero network: the built renderer names no remote URL it could fetch, and a
 * tour of every page and export in browser mode makes no request that is not
 * to the app's own origin (every request is intercepted; anything else is
 * aborted and fails the test).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGES } from '../../shared/api/contract';
import { ROOT, startApp, type RunningApp } from './support/app';
import { launchChromium } from './support/chromium';

/**
 * URLs that appear in the built bundles as plain strings and are never requested, each with why:
 * - www.w3.org: XML namespace names (SVG, XHTML, XLink, MathML, xml:, xmlns:) passed to createElementNS;
 * - react.dev/errors: the link React writes into a minified error message;
 * - react.i18next.com: a documentation link in a react-i18next console warning;
 * - json-schema.org: the `$schema` identifier zod writes into a JSON Schema (an identifier, not fetched);
 * - http://[${e}]: zod's IPv6 check parses `http://[<address>]` with `new URL` to validate it (parsed, not fetched).
 */
const ALLOWED_URL = [/^http:\/\/\[\$\{\w+\}\]$/, /^http:\/\/www\.w3\.org\//, /^https:\/\/react\.dev\/errors\/$/, /^https:\/\/react\.i18next\.com\/latest\//, /^https?:\/\/json-schema\.org\/(draft|draft-\d\d)\//];

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) for (const x of files(p)) out.push(x);
    else out.push(p);
  }
  return out;
}

describe('zero network', () => {
  it('the built renderer holds no remote URL that could be fetched', () => {
    const dir = path.join(ROOT, 'dist', 'renderer');
    expect(fs.existsSync(path.join(dir, 'index.html')), 'run npm run build first').toBe(true);
    const found = new Map<string, string>();
    let scanned = 0;
    for (const f of files(dir)) {
      if (!/\.(js|mjs|css|html|svg|json)$/.test(f)) continue;
      scanned++;
      const text = fs.readFileSync(f, 'utf8');
      for (const m of text.matchAll(/\b(?:https?|wss?|ftp):\/\/[^\s"'`)\\<>,;]+/g)) found.set(m[0], path.relative(dir, f));
      // Protocol-relative loads: src="//host", href="//host", url(//host), @import "//host".
      for (const m of text.matchAll(/(?:\b(?:src|href)\s*=\s*["']|url\(\s*["']?|@import\s+["'])(\/\/[^\s"')]+)/g)) found.set(m[1] ?? m[0], path.relative(dir, f));
    }
    expect(scanned).toBeGreaterThan(3);
    const remote = [...found.entries()].filter(([u]) => !ALLOWED_URL.some((re) => re.test(u))).map(([u, f]) => `${f}: ${u}`);
    expect(remote).toEqual([]);
    // The allow-list is used (a pattern that matches nothing would hide nothing, but should not linger).
    for (const re of ALLOWED_URL.slice(1, 3)) expect([...found.keys()].some((u) => re.test(u)), String(re)).toBe(true);
  });

  describe('a tour of every page and export', () => {
    let tmp: string;
    let browser: Browser;
    let context: BrowserContext;
    let app: RunningApp;
    let page: Page;
    const foreign: string[] = [];
    const seen = new Set<string>();

    beforeAll(async () => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-zero-net-'));
      app = await startApp('server', path.join(tmp, 'data'));
      browser = await launchChromium();
      context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
      // Every request of every page and worker of the context passes here first.
      await context.route('**/*', (route) => {
        const url = route.request().url();
        seen.add(new URL(url).protocol);
        if (url.startsWith(`${app.origin}/`) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
        foreign.push(`${route.request().method()} ${url}`);
        return route.abort('blockedbyclient');
      });
      context.on('request', (r) => {
        const url = r.url();
        if (!(url.startsWith(`${app.origin}/`) || url.startsWith('data:') || url.startsWith('blob:'))) foreign.push(`(event) ${r.method()} ${url}`);
      });
      page = await context.newPage();
      page.on('dialog', (d) => {
        foreign.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      await page.goto(app.url);
      await page.getByTestId('open-demo').click();
      await page.getByTestId('overview-page').waitFor();
    });

    afterAll(async () => {
      await browser?.close();
      await app?.stop('SIGKILL');
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    const download = async (testId: string): Promise<number> => {
      const [d] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId(testId).click()]);
      const file = await d.path();
      return fs.statSync(file).size;
    };

    it('visits every page, hovers its charts, and makes only same-origin requests', async () => {
      for (const p of PAGES) {
        await page.getByTestId(`nav-${p}`).click();
        await page.getByTestId(`${p}-page`).waitFor({ timeout: 60_000 });
        // Tooltips and lazy chart code: move over every chart canvas on the page.
        for (const canvas of await page.locator('canvas').all()) {
          const box = await canvas.boundingBox();
          if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        }
        await page.waitForTimeout(200);
      }
      expect(foreign).toEqual([]);
      expect(seen.has('http:')).toBe(true);
    });

    it('every export downloads without a foreign request: warnings, a quadrant list, the review (xlsx, pptx), the workspace', async () => {
      await page.getByTestId('nav-warnings').click();
      await page.getByTestId('warnings-table').waitFor();
      expect(await download('export-warnings')).toBeGreaterThan(1000);

      await page.getByTestId('nav-quadrant').click();
      await page.getByTestId('quadrant-cell-hh').click();
      expect(await download('selection-list-export')).toBeGreaterThan(1000);

      await page.getByTestId('nav-review').click();
      await page.getByTestId('review-build-start').click({ timeout: 60_000 });
      await page.getByTestId('review-export-xlsx').waitFor({ timeout: 60_000 });
      expect(await download('review-export-xlsx')).toBeGreaterThan(1000);
      expect(await download('review-export-pptx')).toBeGreaterThan(1000);

      await page.getByTestId('nav-settings').click();
      await page.getByTestId('settings-page').waitFor();
      const wsExport = page.getByTestId('ws-export');
      if (await wsExport.count()) expect(await download('ws-export')).toBeGreaterThan(1000);
      expect(foreign).toEqual([]);
    });
  });
});
