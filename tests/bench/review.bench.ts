/**
 * 季度回顾 on the demo branch (600 groups × 24 months): building the deck
 * beside the 总览 of the same quarter (the figures it reuses), the PowerPoint
 * beside a text-only deck of the same slide count in the same library, the
 * Excel pack beside a plain SheetJS write of the same rows, and (when
 * LibreOffice is installed) the PDF conversion beside the .pptx export.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PptxGenJS from 'pptxgenjs';
import * as XLSX from 'xlsx';
import { buildIndex, DEFAULT_SETTINGS } from '../../shared/analytics';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { assembleDeck, visibleSlides } from '../../shared/review/deck';
import { buildOverview } from '../../shared/overview/buildOverview';
import { findSoffice, pptxToPdf } from '../../electron/backend/review/officePdf';
import { collectReviewInputs } from '../../shared/review/collectInputs';
import { reviewPptx } from '../../electron/backend/review/reviewPptx';
import { reviewSheets, reviewWorkbook } from '../../electron/backend/review/reviewXlsx';
import { readScenarioSources } from '../../shared/review/scenarioInputs';
import { printBench, timeMs } from './benchUtil';

async function timeAsync(fn: () => Promise<unknown>, runs = 3): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

const ix = buildIndex(generateDemoBranch().portfolio);
const s = DEFAULT_SETTINGS;
const quarter = '2026Q3';
const collect = () => collectReviewInputs(ix, s, { quarter, branchName: '滨江区分公司', actions: [], scenarios: readScenarioSources(undefined, undefined) });
const inputs = collect();
const deck = assembleDeck(inputs, 'zh-CN', undefined);

const buildMs = timeMs(() => assembleDeck(collect(), 'zh-CN', undefined));
const overviewMs = timeMs(() => buildOverview(ix, s, quarter));
printBench({ name: 'review.build.demo', value: buildMs, unit: 'ms', baseline: '总览 of the same quarter (buildOverview)', baselineValue: overviewMs });

const pptxMs = await timeAsync(() => reviewPptx(deck));
const plainMs = await timeAsync(async () => {
  const p = new PptxGenJS();
  p.layout = 'LAYOUT_WIDE';
  for (const sl of visibleSlides(deck)) {
    const x = p.addSlide();
    x.addText(sl.title, { x: 0.5, y: 0.3, w: 12, h: 0.7 });
    x.addText(sl.findings.map((f) => f.text).join('\n'), { x: 0.5, y: 1.5, w: 12, h: 5 });
  }
  return p.write({ outputType: 'uint8array' });
});
const pptx = await reviewPptx(deck);
printBench({ name: 'review.pptx.demo', value: pptxMs, unit: 'ms', baseline: 'pptxgenjs text-only deck, same slides', baselineValue: plainMs });
printBench({ name: 'review.pptx.size.demo', value: pptx.byteLength / 1024, unit: 'KB', baseline: 'text-only deck', baselineValue: ((await (async () => {
  const p = new PptxGenJS();
  p.layout = 'LAYOUT_WIDE';
  for (const sl of visibleSlides(deck)) p.addSlide().addText(sl.title, { x: 0.5, y: 0.3, w: 12, h: 0.7 });
  return (await p.write({ outputType: 'uint8array' })) as Uint8Array;
})()).byteLength) / 1024 });

const xlsxMs = timeMs(() => reviewWorkbook(deck, inputs, ix, s, []));
const sheets = reviewSheets(deck, inputs, ix, s, []);
const plainXlsxMs = timeMs(() => {
  const wb = XLSX.utils.book_new();
  for (const sh of sheets) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([sh.columns.map((c) => c.title), ...sh.rows]), sh.name);
  return XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer;
});
printBench({ name: 'review.xlsx.demo', value: xlsxMs, unit: 'ms', baseline: 'SheetJS aoa_to_sheet of the same rows (no formats, no escaping)', baselineValue: plainXlsxMs });

const soffice = await findSoffice();
if (soffice) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-review-bench-'));
  try {
    const src = path.join(dir, 'deck.pptx');
    fs.writeFileSync(src, pptx);
    const t0 = performance.now();
    await pptxToPdf(soffice, src, path.join(dir, 'deck.pdf'));
    const pdfMs = performance.now() - t0;
    printBench({ name: 'review.pdf.libreoffice.demo', value: pdfMs, unit: 'ms', baseline: 'the .pptx export it converts', baselineValue: pptxMs });
    printBench({ name: 'review.pdf.size.demo', value: fs.statSync(path.join(dir, 'deck.pdf')).size / 1024, unit: 'KB', baseline: 'the .pptx', baselineValue: pptx.byteLength / 1024 });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
} else console.log('# review.pdf skipped: LibreOffice (soffice) not installed');
