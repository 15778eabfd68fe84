/**
 * The manager's pages at 50,000 groups, in browser mode and Debian Chromium:
 * 价值象限 first render (page mount → every point drawn) beside the engine's own
 * analysis time in Node, and the 流失预警 table's scroll frame rate beside the
 * same browser's frame rate on an idle page.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { analyzePortfolio, buildIndex, DEFAULT_SETTINGS } from '../../shared/analytics';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import type { Group, MonthlyFact, Portfolio } from '../../shared/model/portfolio';
import { createWorkspace } from '../../electron/backend/storage/workspaceStore';
import { startApp } from '../e2e/support/app';
import { launchChromium } from '../e2e/support/chromium';
import { printBench } from './benchUtil';

async function until(p: Page, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await p.waitForTimeout(10);
  }
  throw new Error('timed out');
}

async function chartSettled(p: Page): Promise<void> {
  const el = p.getByTestId('quadrant-scatter');
  await el.waitFor({ timeout: 120_000 });
  await until(p, async () => {
    const gen = await el.getAttribute('data-gen');
    return gen !== null && gen === (await el.getAttribute('data-finished'));
  });
}

/** Frames per second while `scroll` runs for `ms`, counted with requestAnimationFrame in the page. */
async function fps(p: Page, scrollSelector: string | null, ms: number): Promise<number> {
  return p.evaluate(
    ({ selector, duration }) =>
      new Promise<number>((resolve) => {
        const box = selector ? (document.querySelector(selector) as HTMLElement | null) : null;
        let frames = 0;
        const start = performance.now();
        const step = (now: number) => {
          frames++;
          if (box) box.scrollTop += 40;
          if (now - start < duration) requestAnimationFrame(step);
          else resolve((frames * 1000) / (now - start));
        };
        requestAnimationFrame(step);
      }),
    { selector: scrollSelector, duration: ms },
  );
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-bench-ui-'));
  const dataDir = path.join(tmp, 'data');
  const groups: Group[] = [];
  const facts: MonthlyFact[] = [];
  for (let k = 0; k < 10; k++) {
    const demo = generateDemoBranch({ seed: 20241 + k, groups: 5000 });
    for (const g of demo.portfolio.groups) groups.push({ ...g, groupCode: `${k}${g.groupCode}` });
    for (const f of demo.portfolio.facts) facts.push({ ...f, groupCode: `${k}${f.groupCode}` });
  }
  const portfolio: Portfolio = { groups, facts };
  await createWorkspace(path.join(dataDir, 'workspaces', 'big'), { name: '50k', branchName: null, source: 'demo', portfolio, page: 'overview' });
  fs.writeFileSync(path.join(dataDir, 'app-state.json'), JSON.stringify({ language: 'zh-CN', lastWorkspaceId: 'big' }));
  const t0 = performance.now();
  analyzePortfolio(buildIndex(portfolio), DEFAULT_SETTINGS);
  const engineMs = performance.now() - t0;

  const app = await startApp('server', dataDir);
  const browser = await launchChromium();
  try {
    const p = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await p.goto(app.url);
    await p.getByTestId('nav-quadrant').waitFor({ timeout: 120_000 });
    await p.getByTestId('nav-quadrant').click();
    await chartSettled(p); // warms the backend's index and caches
    const inPage: number[] = [];
    for (let i = 0; i < 3; i++) {
      await p.getByTestId('nav-import').click();
      await p.getByTestId('quadrant-page').waitFor({ state: 'detached' });
      await p.getByTestId('nav-quadrant').click();
      await chartSettled(p);
      inPage.push(
        await p.evaluate(() => {
          const last = (name: string) => performance.getEntriesByName(name, 'mark').at(-1)?.startTime ?? NaN;
          return last('quadrant.chart.finished') - last('quadrant.fetch.start');
        }),
      );
    }
    inPage.sort((a, b) => a - b);
    printBench({ name: 'ui.quadrant.firstRender.50k', value: inPage[1] ?? NaN, unit: 'ms', baseline: 'engine analyzePortfolio 50k in node', baselineValue: engineMs });

    // 流失预警 with every zone shown: 50,000 rows in a virtualised table.
    await p.getByTestId('nav-warnings').click();
    await p.getByTestId('warnings-table').waitFor({ timeout: 120_000 });
    for (const z of ['blue', 'green', 'white']) await p.getByTestId('filter-zones').getByRole('checkbox').nth(['red', 'yellow', 'blue', 'green', 'white'].indexOf(z)).check();
    const rows = Number(await p.getByTestId('warnings-count').getAttribute('data-value'));
    const idle = await fps(p, null, 2000);
    const scrolling = await fps(p, '[data-testid=warnings-table] .ant-table-tbody-virtual-holder', 3000);
    console.log(`# warnings table: ${rows} rows`);
    printBench({ name: 'ui.warnings.scrollFps.50k', value: scrolling, unit: 'fps', baseline: 'idle page rAF rate', baselineValue: idle });
  } finally {
    await browser.close();
    await app.stop('SIGKILL');
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
