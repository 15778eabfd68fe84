/**
 * `holdfast batch` as analysts run it (bin/holdfast.mjs, the bundled worker threads) on the demo
 * branch: a deck and pack per region and the roll-up; each region's deck has the very slides
 * (text, numbers, charts) of `holdfast review` on a workspace holding only that region; a region
 * that cannot be built is listed (exit 1) while the rest are written; a warehouse extract
 * (Parquet through DuckDB) gives the same figures as the workspace; a second --workspace is refused.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { partitionPortfolio, restrictPortfolio, scopeFacets } from '../../shared/model/scope';
import { createWorkspace } from '../../electron/backend/storage/workspaceStore';
import { extractCsv, parquetFromCsv } from '../../electron/backend/warehouse/extractWriter';
import { reviewFileName } from '../../electron/backend/review/reviewService';
import { findSoffice } from '../../electron/backend/review/officePdf';
import { completeQuarters } from '../../electron/cli/batchCommand';
import { ROOT } from './support/app';

function holdfast(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'holdfast.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The slides' and charts' XML of a .pptx (what the deck shows; the package's dates left out), in slide
 * and chart order. Chart files are numbered per process by pptxgenjs (a worker that wrote decks before
 * names this deck's charts chart10.xml …), so they are compared by order, not by name.
 */
async function slideXml(file: string): Promise<string[]> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const num = (n: string) => Number(/(\d+)\.xml$/.exec(n)?.[1] ?? 0);
  const names = Object.keys(zip.files);
  const pick = (re: RegExp) => names.filter((n) => re.test(n)).sort((a, b) => num(a) - num(b));
  const out: string[] = [];
  for (const name of [...pick(/^ppt\/slides\/slide\d+\.xml$/), ...pick(/^ppt\/notesSlides\/notesSlide\d+\.xml$/), ...pick(/^ppt\/charts\/chart\d+\.xml$/)]) out.push(await (zip.file(name) as JSZip.JSZipObject).async('string'));
  return out;
}

interface Summary {
  quarter: string;
  results: { value: string; ok: boolean; groups?: number; error?: string; files?: { path: string }[]; row?: Record<string, unknown> }[];
  failed: { value: string; error: string }[];
  rollup: { path: string; slides: number } | null;
}
const readSummary = (dir: string): Summary => JSON.parse(fs.readFileSync(path.join(dir, 'batch-summary.json'), 'utf8')) as Summary;

const demo = generateDemoBranch().portfolio;
const regions = scopeFacets(demo).region.map((f) => f.value);
let tmp: string;
let ws: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-batch-'));
  ws = path.join(tmp, 'ws');
  await createWorkspace(ws, { name: '滨江区分公司', branchName: null, source: 'empty', portfolio: demo });
});
afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('holdfast batch', () => {
  it('writes a deck and pack per region on worker threads, and a roll-up; each deck equals the review of a workspace holding only that region', async () => {
    expect(regions.length).toBeGreaterThanOrEqual(3);
    const out = path.join(tmp, 'out');
    const r = holdfast('batch', '--workspace', ws, '--by', 'region', '--out', out, '--pptx', '--xlsx', '--jobs', '2');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`\\[${regions.length}/${regions.length}\\]`));
    expect(r.stdout).toContain(`${regions.length} of ${regions.length} decks written`);
    const summary = readSummary(out);
    expect(summary.results.map((x) => x.value).sort()).toEqual([...regions].sort());
    expect(summary.results.every((x) => x.ok)).toBe(true);
    const parts = partitionPortfolio(demo, 'region');
    for (const x of summary.results) {
      expect(x.groups).toBe(parts.get(x.value)?.groups.length);
      for (const ext of ['pptx', 'xlsx'] as const) expect(fs.existsSync(path.join(out, reviewFileName(x.value, summary.quarter, ext)))).toBe(true);
      // the summary table line of the region
      expect(r.stdout).toMatch(new RegExp(`${x.value}\\s+${x.groups}\\s`));
    }
    expect(summary.rollup?.slides).toBeGreaterThanOrEqual(5);
    const rollup = await slideXml(summary.rollup?.path as string);
    const rollupText = Object.values(rollup).join('');
    for (const v of regions) expect(rollupText).toContain(v);

    // two regions checked against their own workspaces, through holdfast review
    for (const region of regions.slice(0, 2)) {
      const only = path.join(tmp, `only-${region}`);
      await createWorkspace(only, { name: region, branchName: null, source: 'empty', portfolio: restrictPortfolio(demo, { regions: [region] }) });
      const own = path.join(tmp, `own-${region}.pptx`);
      const rv = holdfast('review', '--workspace', only, '--quarter', summary.quarter, '--title', region, '--pptx', own);
      expect(rv.code).toBe(0);
      const a = await slideXml(path.join(out, reviewFileName(region, summary.quarter, 'pptx')));
      const b = await slideXml(own);
      expect(a.length).toBeGreaterThan(5);
      expect(a).toEqual(b);
      // and holdfast review --region on the whole workspace gives the same deck
      const scoped = path.join(tmp, `scoped-${region}.pptx`);
      expect(holdfast('review', '--workspace', ws, '--quarter', summary.quarter, '--region', region, '--pptx', scoped).code).toBe(0);
      expect(await slideXml(scoped)).toEqual(a);
    }
  }, 300_000);

  it('lists the region that fails and exits 1, writing the others', async () => {
    // one region without billing from the latest complete quarter's last month on: its quarter is incomplete
    const [broken] = regions;
    const codes = new Set(demo.groups.filter((g) => g.region === broken).map((g) => g.groupCode));
    const quarters = completeQuarters(demo);
    const q = quarters[quarters.length - 1] as string;
    const end = `${q.slice(0, 4)}-${String(Number(q.slice(5)) * 3).padStart(2, '0')}`;
    const p = { groups: demo.groups, facts: demo.facts.filter((f) => !(codes.has(f.groupCode) && f.period >= end)) };
    const wsBroken = path.join(tmp, 'ws-broken');
    await createWorkspace(wsBroken, { name: '滨江区分公司', branchName: null, source: 'empty', portfolio: p });
    const out = path.join(tmp, 'out-broken');
    const r = holdfast('batch', '--workspace', wsBroken, '--out', out, '--pptx', '--jobs', '1');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Failed (1):');
    expect(r.stdout).toContain(`${broken}: `);
    const summary = readSummary(out);
    expect(summary.quarter).toBe(q);
    expect(summary.failed.map((f) => f.value)).toEqual([broken]);
    for (const v of regions.slice(1)) expect(fs.existsSync(path.join(out, reviewFileName(v as string, summary.quarter, 'pptx')))).toBe(true);
    expect(summary.rollup).not.toBeNull();
  }, 300_000);

  it('reads a Parquet warehouse extract with DuckDB and gives the workspace’s figures', async () => {
    const csv = path.join(tmp, 'extract.csv');
    const parquet = path.join(tmp, 'extract.parquet');
    fs.writeFileSync(csv, extractCsv(demo));
    await parquetFromCsv(csv, parquet);
    const out = path.join(tmp, 'out-extract');
    const r = holdfast('batch', '--extract', parquet, '--out', out, '--pptx', '--jobs', '2');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Read .*extract\.parquet \(parquet\): [\d,]+ rows → [\d,]+ groups × \d+ months/);
    const fromExtract = readSummary(out);
    const fromWorkspace = readSummary(path.join(tmp, 'out'));
    const rows = (s: Summary) => Object.fromEntries(s.results.map((x) => [x.value, x.row]));
    expect(rows(fromExtract)).toEqual(rows(fromWorkspace));
    // import-extract makes the same workspace
    const imported = path.join(tmp, 'ws-imported');
    const im = holdfast('import-extract', parquet, '--workspace', imported);
    expect(im.code).toBe(0);
    const a = JSON.parse(holdfast('analyze', '--workspace', imported, '--json').stdout) as { zones: unknown; kpis: unknown };
    const b = JSON.parse(holdfast('analyze', '--workspace', ws, '--json').stdout) as { zones: unknown; kpis: unknown };
    expect(a.zones).toEqual(b.zones);
    expect(a.kpis).toEqual(b.kpis);
  }, 300_000);

  it('splits by account manager too, and converts to PDF with LibreOffice when it is installed (else says so)', async () => {
    const manager = scopeFacets(demo).manager[0]?.value as string;
    const out = path.join(tmp, 'out-manager');
    const soffice = await findSoffice();
    const r = holdfast('batch', '--workspace', ws, '--by', 'manager', '--only', manager, '--out', out, '--pptx', '--pdf');
    const summary = readSummary(out);
    expect(summary.results.map((x) => x.value)).toEqual([manager]);
    expect(summary.results[0]?.groups).toBe(restrictPortfolio(demo, { managers: [manager] }).groups.length);
    expect(fs.existsSync(path.join(out, reviewFileName(manager, summary.quarter, 'pptx')))).toBe(true);
    if (soffice) {
      expect(r.code, r.stdout).toBe(0);
      expect(fs.existsSync(path.join(out, reviewFileName(manager, summary.quarter, 'pdf')))).toBe(true);
      expect(fs.existsSync((summary.rollup?.path as string).replace(/\.pptx$/, '.pdf'))).toBe(true);
    } else {
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('LibreOffice');
    }
  }, 300_000);

  it('refuses a second --workspace, an unknown region and a bad --by, with a message; analyze and summary take --region', () => {
    const two = holdfast('review', '--workspace', ws, '--workspace', path.join(tmp, 'other'), '--pptx', path.join(tmp, 'x.pptx'));
    expect(two.code).toBe(1);
    expect(two.stderr).toContain('--workspace was given 2 times');
    const bad = holdfast('review', '--workspace', ws, '--region', '没有这个片区', '--pptx', path.join(tmp, 'x.pptx'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('没有这个片区');
    expect(bad.stderr).toContain(regions[0] as string);
    // analyze and summary restrict the data too
    const region = regions[0] as string;
    const scoped = JSON.parse(holdfast('analyze', '--workspace', ws, '--region', region, '--json').stdout) as { scope: { groups: number }; zones: Record<string, number> };
    expect(scoped.scope.groups).toBe(restrictPortfolio(demo, { regions: [region] }).groups.length);
    let zoned = 0;
    for (const n of Object.values(scoped.zones)) zoned += n;
    expect(zoned).toBe(scoped.scope.groups);
    const summary = JSON.parse(holdfast('summary', '--workspace', ws, '--region', region, '--json').stdout) as { groups: number };
    expect(summary.groups).toBe(scoped.scope.groups);
    const by = holdfast('batch', '--workspace', ws, '--by', 'industry', '--out', path.join(tmp, 'o'));
    expect(by.code).toBe(1);
    expect(by.stderr).toContain('--by must be region or manager');
    const both = holdfast('batch', '--workspace', ws, '--extract', 'x.parquet', '--out', path.join(tmp, 'o'));
    expect(both.code).toBe(1);
  });
});
