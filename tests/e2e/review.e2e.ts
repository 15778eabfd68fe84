/**
 * 季度回顾 in the browser on the demo workspace: build the deck, edit a
 * finding (autosaved, still there after a reload and a rebuild), reorder two
 * slides, hide one, present with the keyboard through every visible slide
 * (slide number checked, hidden slide skipped, Esc leaves), export PowerPoint
 * and Excel (downloads: valid zip packages) and PDF (page.pdf() of the print
 * view: one page per visible slide, Chinese titles in its text via poppler's
 * pdftotext). Screenshots at 1440×900 in Chinese and English: builder,
 * presenter mode (a chart slide and a findings slide), print view.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import type { ReviewDeck } from '../../shared/review/types';
import { ROOT, type RunningApp } from './support/app';
import { withDemoApp } from './support/demoApp';

const SHOTS = path.join(ROOT, 'tests', 'e2e', 'screenshots');

let tmp: string;
let browser: Browser;
let app: RunningApp;
let page: Page;

async function callApi<T>(channel: string, payload: unknown): Promise<T> {
  const res = await fetch(`${app.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Holdfast-Token': app.token },
    body: JSON.stringify(payload),
  });
  const envelope = (await res.json()) as { ok: boolean; data?: T; error?: unknown };
  if (!envelope.ok) throw new Error(`${channel}: ${JSON.stringify(envelope.error)}`);
  return envelope.data as T;
}

async function deckNow(language: 'zh-CN' | 'en'): Promise<ReviewDeck> {
  const quarter = await page.getByTestId('review-page').getAttribute('data-quarter');
  return callApi<ReviewDeck>('review.get', { quarter, language });
}

async function sorterIds(): Promise<string[]> {
  return page.locator('[data-testid="review-sorter"] > [data-slide-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-slide-id') ?? ''));
}

async function waitSaved(): Promise<void> {
  await page.locator('[data-testid="review-save-state"][data-state="saved"]').waitFor({ timeout: 15_000 });
}

async function openReviewAndBuild(): Promise<void> {
  await page.getByTestId('nav-review').click();
  await page.getByTestId('review-page').waitFor();
  await page.getByTestId('review-build-start').click();
  await page.getByTestId('review-editor').waitFor({ timeout: 60_000 });
}

/** Waits until every chart in `scope` has drawn (and a beat for the animation). */
async function chartsDrawn(scope: string, ms = 300): Promise<void> {
  await page.waitForFunction((sel) => Array.from(document.querySelectorAll(`${sel} .review-chart`)).every((c) => (c as HTMLElement).dataset.drawn === 'true'), scope);
  await page.waitForTimeout(ms);
}

function pdfText(file: string): string {
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
}
function pdfPages(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  // the @page rule of the print view: a 10 × 5.625 in (16:9) page, 720 × 405 pt
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
  expect(Number(size?.[1])).toBeCloseTo(720, 0);
  expect(Number(size?.[2])).toBeCloseTo(405, 0);
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? NaN);
}

/** A chart slide and a findings-only slide, in presenter order, for the screenshots. */
function slideIndexes(deck: ReviewDeck): { chart: number; findings: number } {
  const visible = deck.slides.filter((s) => !s.hidden);
  const chart = visible.findIndex((s) => s.visual !== null && s.visual.kind !== 'kpis' && s.visual.kind !== 'table');
  const noVisual = visible.findIndex((s) => s.visual === null && s.findings.length > 0);
  const findings = noVisual >= 0 ? noVisual : visible.findIndex((s, i) => i !== chart && s.findings.length > 0);
  return { chart, findings };
}

async function presenterShots(deck: ReviewDeck, lang: string): Promise<void> {
  const { chart, findings } = slideIndexes(deck);
  await page.getByTestId('review-present').click();
  await page.getByTestId('review-presenter').waitFor();
  await page.keyboard.press('Home');
  for (const [i, name] of [
    [chart, 'chart'],
    [findings, 'findings'],
  ] as const) {
    if (i < 0) continue;
    await page.keyboard.press('Home');
    for (let k = 0; k < i; k++) await page.keyboard.press('ArrowRight');
    await page.locator(`[data-testid="review-presenter"][data-index="${i}"]`).waitFor();
    await chartsDrawn('[data-testid="review-presenter"]', 900);
    await page.screenshot({ path: path.join(SHOTS, `review-presenter-${name}-${lang}.png`) });
    if (name === 'chart') {
      // the notes panel (browser mode's stand-in for the second screen)
      await page.keyboard.press('n');
      await page.getByTestId('review-presenter-notes').waitFor();
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(SHOTS, `review-presenter-notes-${lang}.png`) });
      await page.keyboard.press('n');
    }
  }
  await page.keyboard.press('Escape');
  await page.getByTestId('review-presenter').waitFor({ state: 'detached' });
}

const fixture = withDemoApp({ prefix: 'hf-review-e2e-', acceptDownloads: true, timeoutMs: 120_000 });
beforeAll(() => {
  ({ tmp, app, browser, page } = fixture);
  fs.mkdirSync(SHOTS, { recursive: true });
}, 120_000);

describe('季度回顾', () => {
  it('builds the deck of the latest complete quarter: every slide in the sorter, the first one large, numbers traced', async () => {
    const started = Date.now();
    await openReviewAndBuild();
    const buildMs = Date.now() - started;
    const deck = await deckNow('zh-CN');
    expect(deck.language).toBe('zh-CN');
    expect(deck.slides.length).toBeGreaterThanOrEqual(5);
    expect(await sorterIds()).toEqual(deck.slides.map((s) => s.id));
    // the five parts of docs/domain.md §7
    for (const part of ['position', 'value', 'risk', 'competition', 'plan']) expect(deck.slides.some((s) => s.part === part)).toBe(true);
    const first = deck.slides[0] as ReviewDeck['slides'][number];
    expect(await page.getByTestId('review-edit-title').innerText()).toBe(first.title);
    // each built slide has 2–3 findings
    for (const s of deck.slides.filter((x) => x.origin === 'built')) expect(s.findings.length).toBeGreaterThanOrEqual(2);

    // a finding's number opens its trace on hover
    const traced = deck.slides.findIndex((s) => s.findings.some((f) => f.figures.some((g) => f.text.includes(g.display))));
    expect(traced).toBeGreaterThanOrEqual(0);
    const tracedSlide = deck.slides[traced] as ReviewDeck['slides'][number];
    await page.getByTestId(`review-sorter-item-${tracedSlide.id}`).click();
    await page.locator(`[data-testid="review-editor"][data-slide-id="${tracedSlide.id}"]`).waitFor();
    const figure = page.locator('[data-testid="review-slide"] [data-testid="review-figure"]').first();
    await figure.hover();
    const trace = page.getByTestId('trace').last();
    await trace.waitFor();
    expect((await trace.innerText()).length).toBeGreaterThan(5);
    await page.mouse.move(0, 0);

    // the screenshot: a slide with a chart
    const chartSlide = deck.slides.find((s) => s.visual !== null && s.visual.kind !== 'kpis' && s.visual.kind !== 'table');
    if (chartSlide) await page.getByTestId(`review-sorter-item-${chartSlide.id}`).click();
    await chartsDrawn('[data-testid="review-editor"]');
    await page.screenshot({ path: path.join(SHOTS, 'review-builder-zh.png') });
    console.log(`BUILD review deck in the UI: ${buildMs} ms, ${deck.slides.length} slides`);
  });

  it('edits a finding inline: autosaved, still edited after a reload and a rebuild', async () => {
    const deck = await deckNow('zh-CN');
    const target = deck.slides.find((s) => s.origin === 'built' && s.findings.length >= 2) as ReviewDeck['slides'][number];
    const finding = target.findings[1] as ReviewDeck['slides'][number]['findings'][number];
    const edited = `${finding.text}（经营分析会前已与客户经理核实）`;
    await page.getByTestId(`review-sorter-item-${target.id}`).click();
    await page.getByTestId(`review-edit-finding-${finding.id}`).click();
    const input = page.getByTestId(`review-edit-finding-${finding.id}-input`);
    await input.fill(edited);
    // no blur: the pause in typing alone saves it
    await page.locator('[data-testid="review-save-state"][data-state="pending"], [data-testid="review-save-state"][data-state="saving"]').first().waitFor();
    await waitSaved();
    const saved = await deckNow('zh-CN');
    const after = saved.slides.find((s) => s.id === target.id);
    expect(after?.findings.find((f) => f.id === finding.id)?.text).toBe(edited);
    expect(after?.edited.findings).toContain(finding.id);
    await page.keyboard.press('Escape');

    // notes too
    await page.getByTestId('review-notes').fill('先讲红色预警集团，再讲应对预算。');
    await page.getByTestId('review-notes').blur();
    await waitSaved();

    await page.reload();
    await page.getByTestId('review-page').waitFor();
    await page.getByTestId('review-build-start').click();
    await page.getByTestId(`review-sorter-item-${target.id}`).click();
    await page.locator(`[data-testid="review-editor"][data-slide-id="${target.id}"]`).waitFor();
    expect(await page.getByTestId(`review-edit-finding-${finding.id}`).innerText()).toBe(edited);
    expect(await page.getByTestId('review-notes').inputValue()).toBe('先讲红色预警集团，再讲应对预算。');
    // a rebuild keeps the edit of a slide that still exists
    await page.getByTestId('review-build').click();
    await page.getByTestId('review-build').locator('.ant-btn-loading-icon').waitFor({ state: 'detached' });
    expect(await page.getByTestId(`review-edit-finding-${finding.id}`).innerText()).toBe(edited);

    // 恢复原文 brings the built text back
    await page.getByTestId('review-reset-slide').click();
    await page.locator('.ant-popconfirm:visible .ant-btn-primary').click();
    await waitSaved();
    await expect.poll(() => page.getByTestId(`review-edit-finding-${finding.id}`).innerText()).toBe(finding.text);
    expect((await deckNow('zh-CN')).slides.find((s) => s.id === target.id)?.edited.findings).toEqual([]);
  });

  it('reorders two slides (↑ and by dragging) and hides one; the order is saved', async () => {
    const before = await sorterIds();
    const [a, b, c] = before as [string, string, string];
    await page.getByTestId(`review-sorter-item-${b}`).click();
    await page.getByTestId('review-move-up').click();
    await waitSaved();
    await expect.poll(sorterIds).toEqual([b, a, ...before.slice(2)]);
    expect((await deckNow('zh-CN')).slides.map((s) => s.id)).toEqual([b, a, ...before.slice(2)]);

    // drag the third slide onto the first position
    await page.getByTestId(`review-sorter-item-${c}`).dragTo(page.getByTestId(`review-sorter-item-${b}`));
    await waitSaved();
    await expect.poll(sorterIds).toEqual([c, b, a, ...before.slice(3)]);

    // put them back, so the rest of the test sees the built order
    await page.getByTestId(`review-sorter-item-${c}`).click();
    await page.getByTestId('review-move-down').click();
    await waitSaved();
    await page.getByTestId('review-move-down').click();
    await waitSaved();
    await page.getByTestId(`review-sorter-item-${a}`).click();
    await page.getByTestId('review-move-up').click();
    await waitSaved();
    await expect.poll(sorterIds).toEqual(before);
    await page.getByTestId(`review-sorter-item-${b}`).click();
    await page.getByTestId('review-move-up').click();
    await waitSaved();
    await expect.poll(sorterIds).toEqual([b, a, ...before.slice(2)]);

    // hide the last slide: presenter and print skip it
    const last = before[before.length - 1] as string;
    await page.getByTestId(`review-sorter-item-${last}`).click();
    await page.getByTestId('review-toggle-hidden').click();
    await waitSaved();
    expect((await deckNow('zh-CN')).slides.find((s) => s.id === last)?.hidden).toBe(true);
  });

  it('duplicates a slide, adds a free slide and deletes both', async () => {
    const before = await sorterIds();
    const first = before[0] as string;
    await page.getByTestId(`review-sorter-item-${first}`).click();
    await page.getByTestId('review-duplicate').click();
    await waitSaved();
    await expect.poll(async () => (await sorterIds()).length).toBe(before.length + 1);
    const dup = (await sorterIds())[1] as string;
    expect(dup.startsWith('dup-')).toBe(true);
    await page.getByTestId('review-add-free').click();
    await waitSaved();
    const ids = await sorterIds();
    const free = ids.find((id) => id.startsWith('free-')) as string;
    expect(free).toBeDefined();
    await page.getByTestId(`review-sorter-item-${free}`).click();
    await page.getByTestId('review-edit-title').click();
    await page.getByTestId('review-edit-title-input').fill('补充：重点集团走访安排');
    await page.keyboard.press('Enter');
    await waitSaved();
    expect((await deckNow('zh-CN')).slides.find((s) => s.id === free)?.title).toBe('补充：重点集团走访安排');
    // a free slide takes text points
    await page.getByTestId('review-add-finding').click();
    await waitSaved();
    const freeSlide = (await deckNow('zh-CN')).slides.find((s) => s.id === free);
    const point = freeSlide?.findings[freeSlide.findings.length - 1]?.id ?? '';
    await page.getByTestId(`review-edit-finding-${point}`).click();
    await page.getByTestId(`review-edit-finding-${point}-input`).fill('11 月第二周走访 5 家重点保网集团，由分管副总带队。');
    await page.getByTestId(`review-edit-finding-${point}-input`).blur();
    await waitSaved();
    expect((await deckNow('zh-CN')).slides.find((s) => s.id === free)?.findings.some((f) => f.text.startsWith('11 月第二周'))).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'review-builder-free-zh.png') });
    for (const id of [free, dup]) {
      await expect.poll(() => page.locator('.ant-popconfirm:visible').count()).toBe(0); // the last confirmation has faded out
      await page.getByTestId(`review-sorter-item-${id}`).click();
      await page.getByTestId('review-delete-slide').click();
      await page.locator('.ant-popconfirm:visible .ant-btn-primary').click();
      await waitSaved();
    }
    await expect.poll(sorterIds).toEqual(before);
  });

  it('presents full screen: the keyboard goes through every visible slide, skips the hidden one, Esc leaves', async () => {
    const deck = await deckNow('zh-CN');
    const visible = deck.slides.filter((s) => !s.hidden);
    expect(visible.length).toBe(deck.slides.length - 1);
    await page.getByTestId(`review-sorter-item-${visible[0]?.id ?? ''}`).click();
    await page.getByTestId('review-present').click();
    const presenter = page.getByTestId('review-presenter');
    await presenter.waitFor();
    const keys = ['ArrowRight', ' ', 'PageDown'];
    for (let i = 0; i < visible.length; i++) {
      expect(await page.getByTestId('review-presenter-number').innerText()).toBe(`${i + 1} / ${visible.length}`);
      expect(await page.getByTestId('review-presenter-slide-title').innerText()).toBe(visible[i]?.title);
      if (i < visible.length - 1) {
        await page.keyboard.press(keys[i % keys.length] as string);
        await page.locator(`[data-testid="review-presenter"][data-index="${i + 1}"]`).waitFor();
      }
    }
    // at the end it stays on the last slide
    await page.keyboard.press('ArrowRight');
    expect(await presenter.getAttribute('data-index')).toBe(String(visible.length - 1));
    await page.keyboard.press('PageUp');
    await page.locator(`[data-testid="review-presenter"][data-index="${visible.length - 2}"]`).waitFor();
    await page.keyboard.press('ArrowLeft');
    await page.locator(`[data-testid="review-presenter"][data-index="${visible.length - 3}"]`).waitFor();
    // N: the notes panel (browser mode)
    await page.keyboard.press('n');
    await page.getByTestId('review-presenter-notes').waitFor();
    await page.keyboard.press('n');
    await page.getByTestId('review-presenter-notes').waitFor({ state: 'detached' });
    expect(await page.getByTestId('review-presenter-time').innerText()).toMatch(/用时 \d\d:\d\d/);
    await page.keyboard.press('Escape');
    await presenter.waitFor({ state: 'detached' });
    await page.getByTestId('review-editor').waitFor();

    await presenterShots(deck, 'zh');
  });

  it('exports PowerPoint and Excel as valid packages, and a PDF of the print view with one page per visible slide', async () => {
    const deck = await deckNow('zh-CN');
    const visible = deck.slides.filter((s) => !s.hidden);

    const pptxStarted = Date.now();
    const [pptxDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('review-export-pptx').click()]);
    const pptxFile = path.join(tmp, pptxDownload.suggestedFilename());
    await pptxDownload.saveAs(pptxFile);
    const pptxMs = Date.now() - pptxStarted;
    expect(pptxDownload.suggestedFilename()).toMatch(/-\d{4}Q[1-4]-季度回顾\.pptx$/);
    const pptx = fs.readFileSync(pptxFile);
    expect(pptx.subarray(0, 2).toString('latin1')).toBe('PK');
    const pptxZip = XLSX.CFB.read(pptx, { type: 'buffer' });
    const slideXml = pptxZip.FullPaths.filter((p: string) => /ppt\/slides\/slide\d+\.xml$/.test(p));
    expect(slideXml.length).toBe(visible.length);
    expect(pptxZip.FullPaths.some((p: string) => p.endsWith('[Content_Types].xml'))).toBe(true);

    const xlsxStarted = Date.now();
    const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('review-export-xlsx').click()]);
    const xlsxFile = path.join(tmp, xlsxDownload.suggestedFilename());
    await xlsxDownload.saveAs(xlsxFile);
    const xlsxMs = Date.now() - xlsxStarted;
    expect(xlsxDownload.suggestedFilename()).toMatch(/\.xlsx$/);
    const wb = XLSX.read(fs.readFileSync(xlsxFile), { type: 'buffer' });
    expect(wb.SheetNames.length).toBeGreaterThanOrEqual(4);
    const firstSheet = wb.Sheets[wb.SheetNames[0] as string] as XLSX.WorkSheet;
    expect(XLSX.utils.sheet_to_json(firstSheet).length).toBeGreaterThan(0);

    // PDF: the print view, printed by Chromium
    const pdfStarted = Date.now();
    await page.getByTestId('review-export-pdf').click();
    await page.locator('[data-testid="review-print"][data-ready="true"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('review-print-slide').count()).toBe(visible.length);
    const pdfFile = path.join(tmp, 'review.pdf');
    await page.pdf({ path: pdfFile, preferCSSPageSize: true, printBackground: true });
    const pdfMs = Date.now() - pdfStarted;
    expect(pdfPages(pdfFile)).toBe(visible.length);
    const text = pdfText(pdfFile).replace(/\s+/g, '');
    for (const s of visible) expect(text).toContain(s.title.replace(/\s+/g, ''));
    const hidden = deck.slides.find((s) => s.hidden);
    if (hidden && !visible.some((s) => s.title === hidden.title)) expect(text).not.toContain(hidden.title.replace(/\s+/g, ''));
    await page.screenshot({ path: path.join(SHOTS, 'review-print-zh.png') });
    // the printed pages themselves, to look at (png is gitignored)
    execFileSync('pdftoppm', ['-png', '-r', '96', pdfFile, path.join(SHOTS, 'review-pdf-zh')]);
    await page.getByTestId('review-print-close').click();
    await page.getByTestId('review-print').waitFor({ state: 'detached' });
    console.log(
      `EXPORT review: pptx ${pptx.length} bytes in ${pptxMs} ms; xlsx ${fs.statSync(xlsxFile).size} bytes in ${xlsxMs} ms; pdf ${fs.statSync(pdfFile).size} bytes, ${visible.length} pages in ${pdfMs} ms`,
    );
  });

  it('the presenter-notes window page (Electron, second display) shows what the presenting window sends', async () => {
    // Electron's preload is replaced by a stand-in that delivers one presenter state, as the main process would.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const notesPage = await context.newPage();
    // the launch URL trades the token for this context's cookie
    await notesPage.goto(app.url);
    const startedAt = Date.now() - 65_000;
    const deck = await callApi<ReviewDeck>('review.get', { language: 'zh-CN' });
    const nextSlide = deck.slides.find((x) => x.id === 'value-migration') ?? deck.slides[1];
    await notesPage.addInitScript(({ started, next }) => {
      const state = { language: 'zh-CN', index: 2, total: 8, title: '价值结构：价值 × 风险四象限', notes: '先讲重点保网的 37 家集团。\n再讲价值维系。', nextTitle: next.title, next, branchName: '滨江区分公司', quarter: '2026Q3', startedAt: started };
      (window as unknown as { holdfast: unknown }).holdfast = {
        mode: 'electron',
        invoke: () => Promise.resolve({ ok: false, error: { code: 'bad-request', message: { zh: '', en: '' } } }),
        review: { onPresenterState: (listener: (s: unknown) => void) => (setTimeout(() => listener(state), 50), () => undefined) },
      };
    }, { started: startedAt, next: nextSlide as ReviewDeck['slides'][number] });
    const errors: string[] = [];
    notesPage.on('pageerror', (e) => errors.push(e.message));
    await notesPage.goto(`${app.origin}/?view=presenter-notes`);
    const win = notesPage.getByTestId('presenter-notes-window');
    await win.waitFor();
    const text = await win.innerText();
    expect(text).toContain('3 / 8');
    expect(text).toContain('先讲重点保网的 37 家集团。');
    expect(text).toContain(nextSlide?.title);
    expect(text).toMatch(/01:0\d/);
    await notesPage.locator('.notes-window-thumb .review-slide').waitFor();
    expect(errors).toEqual([]);
    await notesPage.screenshot({ path: path.join(SHOTS, 'review-notes-window-zh.png') });
    await context.close();
  });

  it('in English: the deck, presenter mode and print view in English', async () => {
    await page.getByTestId('language-switch').click();
    await page.locator('[data-testid="review-build"]', { hasText: 'Rebuild' }).waitFor();
    await expect.poll(async () => (await deckNow('en')).language).toBe('en');
    const deck = await deckNow('en');
    // the slide selected before the switch stays selected, now in English
    const selected = await page.getByTestId('review-editor').getAttribute('data-slide-id');
    await expect.poll(async () => page.getByTestId('review-edit-title').innerText()).toBe(deck.slides.find((s) => s.id === selected)?.title);
    expect(await page.getByTestId('review-edit-title').innerText()).not.toMatch(/[\u4e00-\u9fff]/);
    const chartSlide = deck.slides.find((s) => s.visual !== null && s.visual.kind !== 'kpis' && s.visual.kind !== 'table');
    if (chartSlide) await page.getByTestId(`review-sorter-item-${chartSlide.id}`).click();
    await chartsDrawn('[data-testid="review-editor"]');
    await page.screenshot({ path: path.join(SHOTS, 'review-builder-en.png') });
    await page.getByTestId(`review-sorter-item-${deck.slides[0]?.id ?? ''}`).click();
    await presenterShots(deck, 'en');
    await page.getByTestId('review-export-pdf').click();
    await page.locator('[data-testid="review-print"][data-ready="true"]').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SHOTS, 'review-print-en.png') });
    const pdfFile = path.join(tmp, 'review-en.pdf');
    await page.pdf({ path: pdfFile, preferCSSPageSize: true, printBackground: true });
    expect(pdfPages(pdfFile)).toBe(deck.slides.filter((s) => !s.hidden).length);
    await page.getByTestId('review-print-close').click();
    await page.getByTestId('language-switch').click();
  });
});
