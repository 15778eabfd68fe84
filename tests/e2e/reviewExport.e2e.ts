/**
 * 季度回顾 exports end to end: the demo deck through the app's own channels
 * (browser-mode server), the .pptx unzipped and every slide XML parsed (slide
 * count = visible slides, titles, findings whose numbers are the engine's),
 * LibreOffice headless converting it to PDF (page 1 rendered to PNG for a
 * look), the Excel pack round-tripping through SheetJS with formula-like
 * names escaped, and `holdfast review` on the command line. Prints export
 * times and sizes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { analyzePortfolio, backtest, buildIndex, DEFAULT_SETTINGS, migrationMatrix, retention } from '../../shared/analytics';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { demoPortfolio } from '../../shared/demo/demoPortfolio';
import { assembleDeck, visibleSlides } from '../../shared/review/deck';
import { formatFigure } from '../../shared/review/format';
import { BUILT_SLIDE_IDS, type ReviewDeck, type ReviewSlide } from '../../shared/review/types';
import { buildOverview } from '../../shared/overview/buildOverview';
import { findSoffice, pptxToPdf } from '../../electron/backend/review/officePdf';
import { collectReviewInputs } from '../../shared/review/collectInputs';
import { reviewSheets, reviewWorkbook } from '../../electron/backend/review/reviewXlsx';
import { readScenarioSources } from '../../shared/review/scenarioInputs';
import { ROOT, startApp, type RunningApp } from './support/app';

const SHOTS = path.join(ROOT, 'tests', 'e2e', 'screenshots');
const QUARTER = '2026Q3';

let tmp: string;
let app: RunningApp;
const timings: Record<string, string> = {};

async function api<T>(channel: string, payload: unknown = {}): Promise<T> {
  const res = await fetch(`${app.origin}/api/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Holdfast-Token': app.token }, body: JSON.stringify(payload) });
  const envelope = (await res.json()) as { ok: boolean; data?: T; error?: { message: { en: string } } };
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error?.message.en ?? 'failed'}`);
  return envelope.data as T;
}

const unescapeXml = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** A strict enough XML check for generated parts: every tag closes in order, one root. */
function parseXml(xml: string): void {
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, '');
  const stack: string[] = [];
  let roots = 0;
  for (const m of body.matchAll(/<(\/?)([A-Za-z_][\w:.-]*)[^>]*?(\/?)>/g)) {
    const [, close, name, self] = m;
    if (close) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open ?? 'nothing'}>`);
    } else if (!self) {
      if (stack.length === 0) roots++;
      stack.push(name as string);
    } else if (stack.length === 0) roots++;
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('> <')}>`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
}

/** The text of a slide: one string per paragraph (a:p), runs joined. */
function paragraphs(xml: string): string[] {
  return [...xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map((p) => [...(p[1] ?? '').matchAll(/<a:t>([\s\S]*?)<\/a:t>/g)].map((t) => unescapeXml(t[1] ?? '')).join('')).filter((t) => t !== '');
}

async function slidesOf(pptx: Buffer): Promise<{ xml: string; paras: string[]; notes: string[] }[]> {
  const zip = await JSZip.loadAsync(pptx);
  for (const required of ['[Content_Types].xml', 'ppt/presentation.xml', '_rels/.rels']) expect(zip.file(required), required).not.toBeNull();
  const pres = await (zip.file('ppt/presentation.xml') as JSZip.JSZipObject).async('string');
  parseXml(pres);
  expect(pres).toContain('cx="12192000" cy="6858000"'); // 16:9 (13.333 × 7.5 in)
  const names = Object.keys(zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).sort((a, b) => Number(/(\d+)\.xml/.exec(a)?.[1]) - Number(/(\d+)\.xml/.exec(b)?.[1]));
  const out: { xml: string; paras: string[]; notes: string[] }[] = [];
  for (const n of names) {
    const xml = await (zip.file(n) as JSZip.JSZipObject).async('string');
    parseXml(xml);
    const rels = await zip.file(n.replace('slides/', 'slides/_rels/').replace('.xml', '.xml.rels'))?.async('string');
    const notesTarget = rels ? /Target="\.\.\/notesSlides\/(notesSlide\d+\.xml)"/.exec(rels)?.[1] : undefined;
    const notesXml = notesTarget ? await zip.file(`ppt/notesSlides/${notesTarget}`)?.async('string') : undefined;
    if (notesXml) parseXml(notesXml);
    out.push({ xml, paras: paragraphs(xml), notes: notesXml ? paragraphs(notesXml) : [] });
  }
  // every chart part parses too
  for (const n of Object.keys(zip.files).filter((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f))) parseXml(await (zip.file(n) as JSZip.JSZipObject).async('string'));
  return out;
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-review-export-'));
  fs.mkdirSync(SHOTS, { recursive: true });
  app = await startApp('server', path.join(tmp, 'data'));
  await api('workspace.openDemo');
});

afterAll(async () => {
  await app?.stop();
  console.log(`review export timings (demo, ${QUARTER}): ${JSON.stringify(timings)}`);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('review channels', () => {
  it('lists the quarters with data and defaults to the latest complete one', async () => {
    const q = await api<{ quarters: string[]; defaultQuarter: string | null; branchName: string }>('review.quarters');
    expect(q.quarters).toContain(QUARTER);
    expect(q.defaultQuarter).toBe(QUARTER);
    expect(q.branchName).toBe('滨江区分公司');
  });

  it('rejects a quarter outside the data with a message in both languages', async () => {
    const res = await fetch(`${app.origin}/api/review.get`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Holdfast-Token': app.token }, body: JSON.stringify({ quarter: '2019Q1' }) });
    const env = (await res.json()) as { ok: boolean; error: { code: string; message: { zh: string; en: string } } };
    expect(env.ok).toBe(false);
    expect(env.error.code).toBe('bad-request');
    expect(env.error.message.zh).toContain('2026Q3');
    expect(env.error.message.en).toContain('2026Q3');
  });
});

describe('PowerPoint', () => {
  let deck: ReviewDeck;
  let pptx: Buffer;
  let pptxPath: string;

  beforeAll(async () => {
    // the manager hides the back-test slide and rewrites a finding before exporting
    const t0 = performance.now();
    await api('review.get', { quarter: QUARTER, language: 'zh-CN' });
    timings.firstBuildMs = (performance.now() - t0).toFixed(0);
    await api('review.edit', { quarter: QUARTER, language: 'zh-CN', edit: { op: 'resetAll' } });
    await api('review.edit', { quarter: QUARTER, language: 'zh-CN', edit: { op: 'hide', slideId: 'risk-backtest' } });
    deck = await api<ReviewDeck>('review.edit', { quarter: QUARTER, language: 'zh-CN', edit: { op: 'setNotes', slideId: 'position', text: '开场：先讲收入。' } });
    const t = performance.now();
    const out = await api<{ fileName: string; dataBase64: string; bytes: number }>('review.export', { quarter: QUARTER, language: 'zh-CN', format: 'pptx' });
    timings.pptxMs = (performance.now() - t).toFixed(0);
    expect(out.fileName).toBe('滨江区分公司-2026Q3-季度回顾.pptx');
    pptx = Buffer.from(out.dataBase64, 'base64');
    expect(pptx.byteLength).toBe(out.bytes);
    timings.pptxKB = (pptx.byteLength / 1024).toFixed(0);
    pptxPath = path.join(tmp, out.fileName);
    fs.writeFileSync(pptxPath, pptx);
  });

  it('is a valid package with one slide per visible slide, titles, findings and notes as text', async () => {
    const slides = await slidesOf(pptx);
    const visible = visibleSlides(deck);
    expect(visible.length).toBe(deck.slides.length - 1);
    expect(slides.length).toBe(visible.length);
    visible.forEach((s: ReviewSlide, i) => {
      const got = slides[i] as { paras: string[]; notes: string[] };
      expect(got.paras[0], `slide ${i + 1}`).toBe(s.title);
      for (const f of s.findings) expect(got.paras, `${s.id}/${f.id}`).toContain(f.text);
      if (s.notes) expect(got.notes.join('\n')).toContain(s.notes);
    });
    expect(slides.some((s) => s.paras.includes('风险：预警的回测质量'))).toBe(false);
    expect(slides[0]?.notes.join('')).toContain('开场：先讲收入。');
    // fonts and native charts
    expect(slides[0]?.xml).toContain('Microsoft YaHei');
    const zip = await JSZip.loadAsync(pptx);
    const charts = Object.keys(zip.files).filter((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f));
    const chartXml = await Promise.all(charts.map((c) => (zip.file(c) as JSZip.JSZipObject).async('string')));
    expect(chartXml.some((x) => x.includes('<c:barChart>'))).toBe(true);
    expect(chartXml.some((x) => x.includes('<c:scatterChart>'))).toBe(true);
    expect(slides.find((s) => s.paras[0] === '价值结构：与上季度相比的象限迁移')?.xml).toContain('<a:tbl>');
  });

  it('quotes the engine’s numbers in the findings on the slides', async () => {
    const slides = await slidesOf(pptx);
    const text = (title: string): string => (slides.find((s) => s.paras[0] === title)?.paras ?? []).join('\n');
    // the engine, run here on the same demo data and settings
    const ix = buildIndex(demoPortfolio(generateDemoBranch()));
    const s = DEFAULT_SETTINGS;
    const view = buildOverview(ix, s, QUARTER);
    const r = analyzePortfolio(ix, s, { asOf: '2026-09' });
    const ret = retention(ix, s, { snapshot: '2025-09', asOf: '2026-09' });
    const mig = migrationMatrix(ix, s, { quadrant: 'valueRisk', from: '2026Q2', to: QUARTER });
    const bt = backtest(ix, s, { asOf: '2026-09' });
    if (bt.status !== 'ok') throw new Error('back-test');
    const defend = r.quadrants.valueRisk.cells.find((c) => c.id === 'defend');
    const expected: [string, number | null | undefined, 'pct' | 'wan' | 'count' | 'ratio'][] = [
      ['出账收入', view.kpis.revenue.current.value, 'wan'],
      ['出账收入环比', view.kpis.revenue.previous.change, 'pct'],
      ['出账收入同比', view.kpis.revenue.yearAgo.change, 'pct'],
      ['价值保有率', ret.groups.valueRetention, 'pct'],
      ['集团数保有率', ret.groups.countRetention, 'pct'],
      ['头部集团价值占比', view.kpis.topShare.current.value, 'pct'],
      ['重点保网集团数', defend?.count, 'count'],
      ['换象限集团数', mig.moved, 'count'],
      ['红黄区集团数', view.kpis.redYellow.current.value, 'count'],
      ['风险价值', view.kpis.valueAtRisk.current.value, 'wan'],
    ];
    const figures = visibleSlides(deck).flatMap((sl) => sl.findings.flatMap((f) => f.figures.map((fig) => ({ slide: sl.title, fig }))));
    for (const [label, value, format] of expected) {
      const hit = figures.find((x) => x.fig.label === label);
      expect(hit, label).toBeDefined();
      expect(hit?.fig.value, label).toBe(value);
      expect(text(hit?.slide ?? ''), label).toContain(formatFigure(value ?? null, format, 'zh-CN'));
    }
    // every figure of every visible finding is on its slide as written
    for (const { slide, fig } of figures) expect(text(slide), `${slide}: ${fig.label}`).toContain(fig.display);
    // the hidden back-test slide is not exported, but its AUC is the engine's in the deck
    const auc = deck.slides.find((x) => x.id === 'risk-backtest')?.findings[0]?.figures.find((f) => f.label === 'AUC');
    expect(auc?.value).toBe(bt.auc);
  });

  it('converts to PDF with LibreOffice headless; page 1 rendered for review', async () => {
    const soffice = await findSoffice();
    if (!soffice) {
      console.warn('SKIPPED: LibreOffice (soffice) is not installed — apt-get install -y libreoffice-impress poppler-utils');
      return;
    }
    const pdf = path.join(tmp, 'deck.pdf');
    const t = performance.now();
    await pptxToPdf(soffice, pptxPath, pdf);
    timings.pdfLibreOfficeMs = (performance.now() - t).toFixed(0);
    timings.pdfKB = (fs.statSync(pdf).size / 1024).toFixed(0);
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBe(visibleSlides(deck).length);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text.replace(/\s+/g, '')).toContain('价值结构：价值×风险四象限');
    execFileSync('pdftoppm', ['-f', '1', '-l', '1', '-r', '110', '-png', '-singlefile', pdf, path.join(SHOTS, 'review-pptx-page1')]);
    expect(fs.statSync(path.join(SHOTS, 'review-pptx-page1.png')).size).toBeGreaterThan(20_000);
  });
});

describe('Excel pack', () => {
  it('exports through the channel: sheets, numbers as numbers with formats', async () => {
    const t = performance.now();
    const out = await api<{ fileName: string; dataBase64: string }>('review.export', { quarter: QUARTER, language: 'zh-CN', format: 'xlsx' });
    timings.xlsxMs = (performance.now() - t).toFixed(0);
    expect(out.fileName).toBe('滨江区分公司-2026Q3-季度回顾.xlsx');
    const buf = Buffer.from(out.dataBase64, 'base64');
    timings.xlsxKB = (buf.byteLength / 1024).toFixed(0);
    const wb = XLSX.read(buf, { type: 'buffer', cellNF: true });
    expect(wb.SheetNames).toEqual(['关键指标', '象限成员', '流失预警', '推演结果', '行动清单', '发现']);
    const kpi = wb.Sheets['关键指标'] as XLSX.WorkSheet;
    const rev = kpi.B2 as XLSX.CellObject;
    expect(kpi.A2?.v).toBe('出账收入（元）');
    expect(rev.t).toBe('n');
    // 元 in tables and workbooks: whole yuan with separators (the one formatter's rule), never 2,351.23
    expect(rev.z).toBe('#,##0');
    // a relative change, signed as in the deck (a share's change is in 个百分点: tests/unit/reviewXlsxShares.test.ts)
    expect((kpi.D2 as XLSX.CellObject).z).toBe('+0.0%;-0.0%;0.0%');
    expect(XLSX.utils.sheet_to_json(wb.Sheets['象限成员'] as XLSX.WorkSheet).length).toBe(600);
  });

  it('round-trips rows and types, and escapes formula-like names', () => {
    const branch = generateDemoBranch();
    const ix0 = buildIndex(branch.portfolio);
    const r = analyzePortfolio(ix0, DEFAULT_SETTINGS, { asOf: '2026-09' });
    const red = r.warnings.filter((w) => w.zone === 'red').slice(0, 4).map((w) => w.groupCode);
    const evil = ['=HYPERLINK("http://evil.example","点我")', '+1+1', '-2+3', '@SUM(A1:A9)'];
    const portfolio = { ...branch.portfolio, groups: branch.portfolio.groups.map((g) => (red.includes(g.groupCode) ? { ...g, groupName: evil[red.indexOf(g.groupCode)] as string } : g)) };
    const ix = buildIndex(portfolio);
    const inputs = collectReviewInputs(ix, DEFAULT_SETTINGS, { quarter: QUARTER, branchName: '测试', actions: [], scenarios: readScenarioSources(undefined, undefined) });
    const deck = assembleDeck(inputs, 'zh-CN', undefined);
    const actions = [{ id: 'act001', groupCode: red[0] as string, cause: 'competition' as const, action: '=cmd|" /C calc"!A0', owner: '王', due: '2026-10-15', status: 'open' as const, note: '', createdAt: '2026-10-01T00:00:00Z', updatedAt: '2026-10-01T00:00:00Z' }];
    const sheets = reviewSheets(deck, inputs, ix, DEFAULT_SETTINGS, actions);
    const wb = XLSX.read(reviewWorkbook(deck, inputs, ix, DEFAULT_SETTINGS, actions), { type: 'array', cellNF: true });
    for (const sheet of sheets) {
      const ws = wb.Sheets[sheet.name] as XLSX.WorkSheet;
      const back = XLSX.utils.sheet_to_json<(string | number | null)[]>(ws, { header: 1, defval: null, raw: true });
      expect(back.length, sheet.name).toBe(sheet.rows.length + 1);
      sheet.rows.forEach((row, i) => {
        sheet.columns.forEach((_, j) => {
          const want = row[j] ?? null;
          const got = back[i + 1]?.[j] ?? null;
          if (typeof want === 'number') expect(got, `${sheet.name} r${i + 2}c${j + 1}`).toBe(Number.isFinite(want) ? want : null);
          else if (typeof want === 'string') expect(got, `${sheet.name} r${i + 2}c${j + 1}`).toBe(/^[=+\-@\t\r]/.test(want) ? `'${want}` : want);
          else expect(got).toBeNull();
        });
      });
      // no cell anywhere is a formula
      for (const [addr, cell] of Object.entries(ws)) if (!addr.startsWith('!')) expect((cell as XLSX.CellObject).f, `${sheet.name}!${addr}`).toBeUndefined();
    }
    const names = XLSX.utils.sheet_to_json<{ 集团名称: string }>(wb.Sheets['流失预警'] as XLSX.WorkSheet).map((x) => x.集团名称);
    expect(names).toContain(`'${evil[0]}`);
    expect(names).toContain(`'@SUM(A1:A9)`);
    const acts = XLSX.utils.sheet_to_json<{ 行动: string }>(wb.Sheets['行动清单'] as XLSX.WorkSheet);
    expect(acts[0]?.行动).toBe(`'=cmd|" /C calc"!A0`);
  });
});

describe('holdfast review (CLI)', () => {
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'holdfast.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  };

  it('writes the pptx, xlsx and pdf of a workspace folder', async () => {
    const ws = path.join(tmp, 'cli-ws');
    expect(run(['demo', '--out', path.join(tmp, 'cli-demo'), '--workspace', ws]).code).toBe(0);
    const pptx = path.join(tmp, 'cli.pptx');
    const xlsx = path.join(tmp, 'cli.xlsx');
    const pdf = path.join(tmp, 'cli.pdf');
    const soffice = await findSoffice();
    const r = run(['review', '--workspace', ws, '--quarter', QUARTER, '--pptx', pptx, '--xlsx', xlsx, ...(soffice ? ['--pdf', pdf] : []), '--lang', 'en', '--title', 'Binjiang']);
    expect(r.code, r.out).toBe(0);
    // every built slide (the demo has a satisfaction survey, so its slide has data too)
    const n = BUILT_SLIDE_IDS.length;
    expect(r.out).toContain(`${n} slides`);
    const slides = await slidesOf(fs.readFileSync(pptx));
    expect(slides.length).toBe(n);
    expect(slides[0]?.paras[0]).toBe('2026 Q3: overall position');
    expect(XLSX.read(fs.readFileSync(xlsx)).SheetNames[0]).toBe('KPIs');
    if (soffice) expect(Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1])).toBe(n);
  });

  it('finds a workspace by id in the data directory, and says clearly what is wrong', () => {
    const dataDir = path.join(tmp, 'data');
    const ok = run(['review', '--workspace', 'demo', '--xlsx', path.join(tmp, 'by-id.xlsx')], { HOLDFAST_DATA_DIR: dataDir });
    expect(ok.code, ok.out).toBe(0);
    expect(fs.existsSync(path.join(tmp, 'by-id.xlsx'))).toBe(true);
    const bad = run(['review', '--workspace', path.join(tmp, 'cli-ws'), '--quarter', '2030Q1', '--pptx', path.join(tmp, 'x.pptx')]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('2026Q3');
    expect(run(['review', '--workspace', path.join(tmp, 'cli-ws')]).out).toContain('--pptx');
    const noOffice = run(['review', '--workspace', path.join(tmp, 'cli-ws'), '--pdf', path.join(tmp, 'none.pdf')], { HOLDFAST_SOFFICE: path.join(tmp, 'no-soffice') });
    expect(noOffice.code).toBe(1);
    expect(noOffice.out).toContain('LibreOffice');
    expect(noOffice.out).toContain('导出 PDF');
  });
});
