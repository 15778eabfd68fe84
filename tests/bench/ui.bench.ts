/**
 * The manager's pages at 50,000 groups, in browser mode and Debian Chromium:
 * 价值象限 first render (nav click → every point drawn, and page mount → drawn) beside the engine's own
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
    // From the nav click (a mark set just before it) to every point drawn; the page's own marks split the time.
    const fromClick: number[] = [];
    const inPage: number[] = [];
    for (let i = 0; i < 3; i++) {
      await p.getByTestId('nav-import').click();
      await p.getByTestId('quadrant-page').waitFor({ state: 'detached' });
      await p.evaluate(() => performance.mark('bench.nav.click'));
      await p.getByTestId('nav-quadrant').click();
      await chartSettled(p);
      const marks = await p.evaluate(() => {
        const last = (name: string) => performance.getEntriesByName(name, 'mark').at(-1)?.startTime ?? NaN;
        const click = last('bench.nav.click');
        const names = ['quadrant.fetch.start', 'quadrant.fetch.end', 'quadrant.rendered', 'quadrant.option.end', 'quadrant.setOption.end', 'quadrant.chart.finished'];
        return Object.fromEntries(names.map((n) => [n, Math.round(last(n) - click)]));
      });
      console.log(`# quadrant marks (ms after the click): ${JSON.stringify(marks)}`);
      fromClick.push(marks['quadrant.chart.finished'] ?? NaN);
      inPage.push((marks['quadrant.chart.finished'] ?? NaN) - (marks['quadrant.fetch.start'] ?? NaN));
    }
    fromClick.sort((a, b) => a - b);
    inPage.sort((a, b) => a - b);
    printBench({ name: 'ui.quadrant.firstRender.50k', value: fromClick[1] ?? NaN, unit: 'ms', baseline: 'engine analyzePortfolio 50k in node', baselineValue: engineMs });
    printBench({ name: 'ui.quadrant.mountToDrawn.50k', value: inPage[1] ?? NaN, unit: 'ms', baseline: 'engine analyzePortfolio 50k in node', baselineValue: engineMs });

    // Brushing at 50,000 points: from the mouse release of a box over part of the plot to the list of the groups in it.
    await p.getByTestId('brush-rect').click();
    const box = await p.getByTestId('quadrant-scatter').boundingBox();
    if (!box) throw new Error('no chart');
    const brushMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      await p.mouse.move(box.x + 80 + i * 10, box.y + 40);
      await p.mouse.down();
      await p.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.7, { steps: 8 });
      const before = await p.evaluate(() => performance.now());
      await p.mouse.up();
      await until(p, async () => (await p.getByTestId('selection-list').count()) > 0);
      brushMs.push((await p.evaluate(() => performance.now())) - before);
      await p.getByRole('button', { name: '清除选择' }).click();
      await p.getByTestId('selection-list').waitFor({ state: 'detached' });
    }
    brushMs.sort((a, b) => a - b);
    printBench({ name: 'ui.quadrant.brushToList.50k', value: brushMs[1] ?? NaN, unit: 'ms', baseline: 'ECharts brush debounce (setting)', baselineValue: 150 });
    await p.getByTestId('brush-none').click();

    // 流失预警 with every zone shown: 50,000 rows in a virtualised table.
    await p.getByTestId('nav-warnings').click();
    await p.getByTestId('warnings-table').waitFor({ timeout: 120_000 });
    for (const z of ['blue', 'green', 'white']) await p.getByTestId('filter-zones').getByRole('checkbox').nth(['red', 'yellow', 'blue', 'green', 'white'].indexOf(z)).check();
    await p.locator('[data-testid=warnings-count][data-pending=false]').waitFor({ timeout: 120_000 });
    const rows = Number(await p.getByTestId('warnings-count').getAttribute('data-value'));
    const idle = await fps(p, null, 2000);
    const scrolling = await fps(p, '[data-testid=warnings-table]', 3000);
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
