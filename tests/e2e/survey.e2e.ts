/**
 * 满意度调查 in the browser (seed 001): an empty workspace says what to import and, once the survey CSV is
 * imported through the UI, shows its matrix; on the demo workspace the four cells' factors are those of
 * `holdfast analyze --json` and of the survey.view channel, the split values' traces open, the wave and the
 * scope (one group) switch the matrix, and the quarterly review deck carries the survey slide.
 * Screenshots in Chinese and English to /tmp/h15s-survey-*.png.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyView } from '../../shared/api/surveyContract';
import type { ReviewDeck } from '../../shared/review/types';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { ROOT, startApp, type RunningApp } from './support/app';
import { launchChromium } from './support/chromium';

const SHOT = (name: string): string => `/tmp/h15s-survey-${name}.png`;
const CSV = path.join(ROOT, 'tests', 'fixtures', 'survey', '满意度调查-2026-11.csv');
type CliSurvey = {
  period: string | null;
  answers: number;
  split: { rule: string; importance: number; satisfaction: number };
  cells: { id: string; factors: { factor: string }[] }[];
};

let tmp: string;
let browser: Browser;
let app: RunningApp;
let page: Page;
let cli: CliSurvey;

function holdfast(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'holdfast.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function api<T>(channel: string, payload: unknown = {}): Promise<T> {
  const res = await fetch(`${app.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Holdfast-Token': app.token },
    body: JSON.stringify(payload),
  });
  const envelope = (await res.json()) as { ok: boolean; data?: T; error?: unknown };
  if (!envelope.ok) throw new Error(`${channel}: ${JSON.stringify(envelope.error)}`);
  return envelope.data as T;
}

const factorsOf = async (cell: string): Promise<string[]> => {
  const v = (await page.getByTestId(`survey-cell-${cell}`).getAttribute('data-factors')) ?? '';
  return v === '' ? [] : v.split('|');
};
const viewFactors = (v: SurveyView, cell: string): string[] => v.matrix?.cells.find((c) => c.id === cell)?.factors ?? [];
const CELLS = ['fixFirst', 'keepUp', 'advantage', 'latent'];

async function chartDrawn(): Promise<void> {
  await page.locator('[data-testid="survey-chart"] canvas').first().waitFor();
  await page.waitForTimeout(500);
}

async function pick(testId: string, optionText: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: optionText }).first().click();
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-survey-e2e-'));
  const made = holdfast('demo', '--out', path.join(tmp, 'wb'), '--workspace', path.join(tmp, 'ws'));
  expect(made.code, made.stderr).toBe(0);
  const analyzed = holdfast('analyze', '--workspace', path.join(tmp, 'ws'), '--json', '--top', '1');
  expect(analyzed.code, analyzed.stderr).toBe(0);
  cli = (JSON.parse(analyzed.stdout) as { survey: CliSurvey }).survey;
  app = await startApp('server', path.join(tmp, 'data'));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(app.url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop('SIGKILL');
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('满意度调查', () => {
  it('an empty workspace says what to import; after importing the survey CSV the matrix shows', async () => {
    await page.getByTestId('new-workspace-name').fill('调查测试');
    await page.getByTestId('new-workspace').click();
    await page.getByTestId('import-page').waitFor();
    await page.getByTestId('nav-survey').click();
    await page.getByTestId('survey-empty').waitFor();
    const text = await page.getByTestId('survey-page').innerText();
    expect(text).toContain('尚未导入满意度调查');
    expect(text).toContain('调研因素、因素重要性、满意度');
    await page.screenshot({ path: SHOT('empty-zh') });

    await page.getByTestId('survey-go-import').click();
    await page.getByTestId('import-page').locator('input[type=file]').setInputFiles([CSV]);
    await page.getByTestId('import-commit').click({ timeout: 60_000 });
    await page.getByTestId('import-notice-success').waitFor();

    await page.getByTestId('nav-survey').click();
    await page.getByTestId('survey-cell-fixFirst').waitFor();
    const view = await api<SurveyView>('survey.view', {});
    expect(view.available).toBe(true);
    expect(view.matrix?.period).toBe('2026-11');
    for (const c of CELLS) expect(await factorsOf(c), c).toEqual(viewFactors(view, c));
    expect(await factorsOf('fixFirst')).toContain('网络质量');
    // a small survey: the page says its means are indicative
    await page.getByTestId('survey-few').waitFor();
  });

  it('the demo: the cells’ factors are analyze --json’s and survey.view’s; split values traced', async () => {
    await api('workspace.openDemo');
    await page.goto(app.url);
    await page.getByTestId('nav-survey').click();
    await page.getByTestId('survey-cell-fixFirst').waitFor();
    await chartDrawn();

    const view = await api<SurveyView>('survey.view', {});
    expect(cli.period).toBe('2026-09');
    expect(await page.getByTestId('survey-page').getAttribute('data-wave')).toBe('2026-09');
    for (const c of CELLS) {
      const fromCli = cli.cells.find((x) => x.id === c)?.factors.map((f) => f.factor) ?? [];
      expect(await factorsOf(c), c).toEqual(fromCli);
      expect(viewFactors(view, c), c).toEqual(fromCli);
    }
    expect(await factorsOf('fixFirst')).toEqual(['网络质量', '资费价格', '投诉处理']);
    expect(Number(await page.getByTestId('survey-split-x').getAttribute('data-value'))).toBeCloseTo(cli.split.satisfaction, 2);
    expect(Number(await page.getByTestId('survey-split-y').getAttribute('data-value'))).toBeCloseTo(cli.split.importance, 2);
    expect(Number(await page.getByTestId('survey-summary').getAttribute('data-value'))).toBe(cli.answers);
    // every factor in the table
    expect(await page.locator('[data-testid="survey-factors"] tbody tr.ant-table-row').count()).toBe(view.matrix?.factors.length);

    await page.getByTestId('survey-split-x').hover();
    const trace = page.locator('.ant-popover:not(.ant-popover-hidden) [data-testid="trace"]');
    await trace.waitFor();
    expect(await trace.innerText()).toContain('满意度分界');
    await page.mouse.move(10, 10);
    await trace.waitFor({ state: 'hidden' });

    // zh: no English word on the page (factor and group names are the data's, Chinese here)
    const zhText = await page.getByTestId('survey-page').innerText();
    expect(zhText).not.toMatch(/[A-Za-z]{2,}/);
    await page.screenshot({ path: SHOT('zh'), fullPage: true });
  });

  it('the wave and the scope switch the matrix', async () => {
    await pick('survey-wave', '2026-06');
    await page.locator('[data-testid="survey-page"][data-wave="2026-06"]').waitFor();
    await page.getByTestId('survey-cell-fixFirst').waitFor();
    const june = await api<SurveyView>('survey.view', { period: '2026-06' });
    await page.waitForFunction((want) => document.querySelector('[data-testid="survey-cell-fixFirst"]')?.getAttribute('data-factors') === want, viewFactors(june, 'fixFirst').join('|'));
    expect(await factorsOf('fixFirst')).toContain('客户经理响应');

    const view = await api<SurveyView>('survey.view', {});
    const group = view.groups[0];
    if (!group) throw new Error('the demo survey has groups');
    await page.getByTestId('survey-scope').click();
    await page.keyboard.type(group.groupName);
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: group.groupName }).first().click();
    await page.locator(`[data-testid="survey-page"][data-scope="${group.groupCode}"]`).waitFor();
    const own = await api<SurveyView>('survey.view', { groupCode: group.groupCode, period: '2026-06' });
    await page.waitForFunction((want) => document.querySelector('[data-testid="survey-cell-fixFirst"]')?.getAttribute('data-factors') === want, viewFactors(own, 'fixFirst').join('|'));
    for (const c of CELLS) expect(await factorsOf(c), c).toEqual(viewFactors(own, c));
    expect(await page.getByTestId('survey-summary').innerText()).toContain(group.groupName);
    await chartDrawn();
    await page.screenshot({ path: SHOT('group-zh'), fullPage: true });

    // a header scope that leaves the chosen group out: the page starts again from the whole scope and
    // the latest wave (it kept the group and showed its bare code with "no answers")
    const groups = generateDemoBranch().portfolio.groups;
    const ownRegion = groups.find((g) => g.groupCode === group.groupCode)?.region;
    const other = groups.map((g) => g.region).find((r): r is string => !!r && r !== ownRegion);
    if (!other) throw new Error('the demo has more than one region');
    await page.getByTestId('scope-region').click();
    await page.locator('.ant-select-item-option').filter({ hasText: other }).first().click();
    await page.keyboard.press('Escape');
    await page.getByTestId('scope-count').waitFor();
    await page.locator('[data-testid="survey-page"][data-scope="branch"][data-wave="2026-09"]').waitFor();
    await page.getByTestId('scope-region').hover();
    await page.locator('[data-testid="scope-region"] .ant-select-clear').click();
    await page.getByTestId('scope-count').waitFor({ state: 'detached' });

    // back to branch-wide, latest wave, in English
    await pick('survey-scope', '全分公司');
    await pick('survey-wave', '2026-09');
    await page.locator('[data-testid="survey-page"][data-scope="branch"][data-wave="2026-09"]').waitFor();
    await page.getByTestId('language-switch').click();
    await page.getByText('Chief culprit · fix first').first().waitFor();
    await chartDrawn();
    const enText = await page.getByTestId('survey-page').innerText();
    expect(enText).not.toMatch(/[，。、；：（）“”]/);
    expect(enText).toContain('Satisfaction split');
    await page.screenshot({ path: SHOT('en'), fullPage: true });
    await page.getByTestId('language-switch').click();
  });

  it('the quarterly review deck carries the survey slide with the same fix-first factors', async () => {
    const deck = await api<ReviewDeck>('review.get', { quarter: '2026Q3', language: 'zh-CN' });
    const slide = deck.slides.find((s) => s.id === 'risk-survey');
    if (!slide) throw new Error('no survey slide');
    const fix = cli.cells.find((c) => c.id === 'fixFirst')?.factors.map((f) => f.factor) ?? [];
    expect(slide.findings[0]?.text).toContain(fix.join('、'));
    expect(slide.visual?.kind).toBe('scatter');

    await page.getByTestId('nav-review').click();
    await page.getByTestId('review-page').waitFor();
    await page.getByTestId('review-build-start').click();
    await page.getByTestId('review-editor').waitFor({ timeout: 60_000 });
    const ids = await page.locator('[data-testid="review-sorter"] > [data-slide-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-slide-id') ?? ''));
    expect(ids).toContain('risk-survey');
    await page.locator('[data-testid="review-sorter"] > [data-slide-id="risk-survey"]').click();
    await page.waitForTimeout(1200);
    await page.screenshot({ path: SHOT('slide-zh') });
  });

  it('under the header scope (a region) the matrix is of that region’s groups and says so', async () => {
    const st = await api<{ facets: { region: { value: string; groups: number }[] } }>('scope.get', {});
    const region = st.facets.region[0]?.value;
    if (!region) throw new Error('the demo has regions');
    await page.getByTestId('nav-survey').click();
    await page.getByTestId('scope-region').click();
    await page.locator('.ant-select-item-option').filter({ hasText: region }).first().click();
    await page.keyboard.press('Escape');
    await page.getByTestId('scope-count').waitFor();
    await page.waitForFunction((want) => document.querySelector('[data-testid="survey-scope"]')?.textContent?.includes(want) ?? false, `${region}：全部集团`);
    await page.getByTestId('survey-cell-fixFirst').waitFor();
    expect(await page.getByTestId('survey-scope').innerText()).toContain(`${region}：全部集团`);
    const scoped = await api<SurveyView>('survey.view', {});
    expect(scoped.branchWideAnswers).toBe(0);
    for (const c of CELLS) expect(await factorsOf(c), c).toEqual(viewFactors(scoped, c));
    expect(Number(await page.getByTestId('survey-summary').getAttribute('data-value'))).toBe(scoped.matrix?.answers);
    expect(scoped.matrix?.answers).toBeLessThan(cli.answers);
    await page.screenshot({ path: SHOT('region-zh'), fullPage: true });
    await page.getByTestId('scope-region').hover();
    await page.locator('[data-testid="scope-region"] .ant-select-clear').click();
  });
});
