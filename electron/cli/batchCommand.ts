/**
 * `holdfast batch`: one quarterly review (deck and Excel pack, PDF on request)
 * per region or account manager of a workspace — or of a warehouse extract read
 * with DuckDB — plus a roll-up deck comparing them. Each region's deck is built
 * by the single-deck path (backend/review/batchDeck.ts → reviewService) on the
 * region's data alone (shared/model/scope.ts), in worker threads when that helps.
 * A region that fails is listed (exit 1); the others are still written.
 */
import { formatBytes, formatCount, formatPercent, formatSeconds, formatWanNumber } from '../../shared/review/format';
import { factCount, factPeriods } from '../../shared/model/factColumns';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { GroupAction } from '../../shared/api/analysisContract';
import type { Portfolio } from '../../shared/model/portfolio';
import { groupCodes, partitionPortfolio, rowsOfGroups, scopeFacets, type ScopeDimension } from '../../shared/model/scope';
import { buildRollupDeck, type RollupRow } from '../../shared/review/rollup';
import { QUARTER_RE, type ReviewLanguage } from '../../shared/review/types';
import { isPeriod, periodIndex, quarterOf } from '../../shared/util/period';
import { runRegionJob, type BatchFormats, type RegionJob, type RegionResult } from '../backend/review/batchDeck';
import { findSoffice, NO_SOFFICE_MESSAGE, pptxToPdf } from '../backend/review/officePdf';
import { reviewPptx } from '../backend/review/reviewPptx';
import { defaultBranchName, reviewFileName } from '../backend/review/reviewService';
import { ActionsStore } from '../backend/storage/actionsStore';
import type { DocSection } from '../backend/storage/workspaceDoc';
import { OpenWorkspace } from '../backend/storage/workspaceStore';
import type { Flags } from './args';
import { UsageError } from './args';
import { findWorkspace } from './reviewCommand';

/** The quarters whose 3 months all have billing rows (as reviewQuarters, without building an index). */
export function completeQuarters(p: Portfolio): string[] {
  const months = new Set<string>(factPeriods(p));
  const idx = new Set<number>();
  for (const m of months) if (isPeriod(m)) idx.add(periodIndex(m));
  const out: string[] = [];
  const sorted = [...idx].sort((a, b) => a - b);
  for (const m of sorted) {
    if (m % 12 % 3 !== 2) continue;
    if (idx.has(m - 1) && idx.has(m - 2)) out.push(quarterOf(m));
  }
  return out;
}

export interface BatchSource {
  /** for the titles: the workspace's branch name, or the extract's file name */
  name: string;
  portfolio: Portfolio;
  sections: Partial<Record<DocSection, unknown>>;
  rawSettings: unknown;
  actions: GroupAction[];
}

// THE formatter (shared/review/format.ts): 万元 with one decimal and separators, signed shares, counts with separators
const wan = (x: number | null): string => formatWanNumber(x);
const pct = (x: number | null): string => formatPercent(x);
const secs = (ms: number): string => formatSeconds(ms);
const pad = (s: string, n: number): string => {
  // CJK characters take two columns in a terminal
  let w = 0;
  for (const ch of s) w += /[\u1100-\uffff]/.test(ch) ? 2 : 1;
  return s + ' '.repeat(Math.max(0, n - w));
};

/** The bundled worker beside the CLI bundle (dist/batch-worker.mjs); null when running from sources. */
async function workerPath(): Promise<string | null> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const p = path.join(here, 'batch-worker.mjs');
  try {
    await fs.access(p);
    return p;
  } catch {
    return null;
  }
}

/** Runs the jobs on `n` worker threads (or in this thread when n = 1 or there is no worker bundle), reporting each result as it comes. */
async function runJobs(jobs: RegionJob[], n: number, onDone: (r: RegionResult) => void, workerFile?: string): Promise<RegionResult[]> {
  const results: RegionResult[] = [];
  const file = n > 1 ? (workerFile ?? (await workerPath())) : null;
  if (!file) {
    for (const job of jobs) {
      const r = await runRegionJob(job);
      results.push(r);
      onDone(r);
    }
    return results;
  }
  let next = 0;
  const one = async (): Promise<void> => {
    const worker = new Worker(file);
    try {
      while (next < jobs.length) {
        const job = jobs[next++] as RegionJob;
        const r = await new Promise<RegionResult>((resolve) => {
          const fail = (err: Error) => resolve({ value: job.value, ok: false, error: `worker failed: ${err.message}`, ms: 0 });
          worker.once('message', (m: RegionResult) => {
            worker.off('error', fail);
            resolve(m);
          });
          worker.once('error', fail);
          worker.postMessage(job);
        });
        results.push(r);
        onDone(r);
        if (!r.ok && r.error.startsWith('worker failed')) break;
      }
    } finally {
      await worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, jobs.length) }, one));
  // a worker that died leaves jobs nobody ran: run them here
  const done = new Set(results.map((r) => r.value));
  for (const job of jobs) {
    if (done.has(job.value)) continue;
    const r = await runRegionJob(job);
    results.push(r);
    onDone(r);
  }
  return results;
}

export interface BatchOptions {
  by: ScopeDimension;
  quarter: string | undefined;
  outDir: string;
  formats: BatchFormats;
  language: ReviewLanguage;
  jobs: number;
  only: string[];
  now?: Date;
  /** the worker bundle (default: batch-worker.mjs beside this bundle; from sources the jobs run in this thread) */
  workerFile?: string;
  /** progress and table go here (console.log by default) */
  log?: (line: string) => void;
  progress?: (line: string) => void;
}

export interface BatchReport {
  quarter: string;
  by: ScopeDimension;
  results: RegionResult[];
  rollup: { path: string; bytes: number; slides: number } | null;
  /** groups without a value of the dimension (in no deck) */
  unassigned: number;
  ms: number;
}

export async function runBatch(src: BatchSource, o: BatchOptions): Promise<BatchReport> {
  const log = o.log ?? ((l: string) => console.log(l));
  const progress = o.progress ?? log;
  const t0 = performance.now();
  const quarters = completeQuarters(src.portfolio);
  const quarter = o.quarter ?? quarters[quarters.length - 1];
  if (!quarter) throw new UsageError('the data has no complete quarter of billing data');
  if (!quarters.includes(quarter)) throw new UsageError(`${quarter} is not fully in the data; quarters available: ${quarters.join(', ') || 'none'}`);
  const facets = scopeFacets(src.portfolio);
  const have = o.by === 'region' ? facets.region : facets.manager;
  if (have.length === 0) throw new UsageError(`no group has a ${o.by === 'region' ? 'region (区县/片区)' : 'account manager'}: nothing to split by`);
  for (const v of o.only) if (!have.some((f) => f.value === v)) throw new UsageError(`--only ${v}: not a ${o.by} in the data; ${o.by}s: ${have.slice(0, 30).map((f) => f.value).join(', ')}${have.length > 30 ? ' …' : ''}`);
  let soffice: string | null = null;
  if (o.formats.pdf) {
    soffice = await findSoffice();
    if (!soffice) log(`holdfast: ${NO_SOFFICE_MESSAGE}`);
  }
  await fs.mkdir(o.outDir, { recursive: true });
  const parts = partitionPortfolio(src.portfolio, o.by);
  const now = (o.now ?? new Date()).toISOString();
  const jobs: RegionJob[] = [];
  for (const [value, portfolio] of parts) {
    if (o.only.length > 0 && !o.only.includes(value)) continue;
    jobs.push({ by: o.by, value, portfolio, sections: src.sections, rawSettings: src.rawSettings, actions: rowsOfGroups(src.actions, groupCodes(portfolio)), quarter, language: o.language, formats: o.formats, outDir: o.outDir, soffice, now });
  }
  const tPart = performance.now() - t0;
  log(`Batch ${src.name} ${quarter} by ${o.by}: ${jobs.length} decks, ${src.portfolio.groups.length} groups, ${factCount(src.portfolio)} monthly rows; ${o.jobs} thread${o.jobs > 1 ? 's' : ''} (split in ${secs(tPart)})`);
  let doneCount = 0;
  const results = await runJobs(jobs, o.jobs, (r) => {
    doneCount++;
    progress(`[${doneCount}/${jobs.length}] ${r.value} ${r.ok ? `ok ${r.slides} slides, ${r.files.length} files` : `FAILED: ${r.error}`} (${secs(r.ms)}, ${secs(performance.now() - t0)} in all)`);
  }, o.workerFile);
  results.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));

  const ok = results.filter((r): r is Extract<RegionResult, { ok: true }> => r.ok);
  const failed = results.filter((r): r is Extract<RegionResult, { ok: false }> => !r.ok);
  let rollup: BatchReport['rollup'] = null;
  if (ok.length > 0) {
    const rows: RollupRow[] = ok.map((r) => r.row);
    const first = ok[0] as (typeof ok)[number];
    const deck = buildRollupDeck(rows, { quarter, language: o.language, title: src.name, by: o.by, builtAt: now, periods: first.periods, asOf: first.asOf, failed: failed.map((f) => ({ value: f.value, reason: f.error })) });
    const pptx = await reviewPptx(deck);
    const label = o.by === 'region' ? (o.language === 'en' ? 'regions' : '区县对比') : o.language === 'en' ? 'managers' : '客户经理对比';
    const file = path.join(o.outDir, reviewFileName(src.name, quarter, 'pptx').replace(/-季度回顾\.pptx$/, `-${label}.pptx`));
    await fs.writeFile(file, pptx);
    rollup = { path: file, bytes: pptx.byteLength, slides: deck.slides.length };
    if (o.formats.pdf && soffice) {
      try {
        await pptxToPdf(soffice, file, file.replace(/\.pptx$/, '.pdf'));
      } catch (err) {
        failed.push({ value: `(roll-up)`, ok: false, error: (err as Error).message, ms: 0 });
      }
    }
  }
  const ms = performance.now() - t0;
  const unassigned = o.by === 'region' ? facets.noRegion : facets.noManager;

  // the summary table
  let w = 8;
  for (const r of results) w = Math.max(w, Math.min(40, r.value.length * 2 + 1));
  log('');
  log(`${pad(o.by === 'region' ? 'region' : 'manager', w)} ${'groups'.padStart(7)} ${'revenue 万元'.padStart(12)} ${'QoQ'.padStart(7)} ${'at risk 万元'.padStart(12)} ${'red'.padStart(5)} ${'yellow'.padStart(6)} ${'val.ret.'.padStart(8)}  status`);
  for (const r of results) {
    if (r.ok) {
      const x = r.row;
      log(`${pad(r.value, w)} ${formatCount(x.groups).padStart(7)} ${wan(x.revenue).padStart(11)} ${pct(x.revenueChange).padStart(7)} ${wan(x.valueAtRisk).padStart(11)} ${formatCount(x.zones.red).padStart(5)} ${formatCount(x.zones.yellow).padStart(6)} ${pct(x.valueRetention).padStart(8)}  ok (${secs(r.ms)})`);
    } else log(`${pad(r.value, w)} ${'—'.padStart(7)} ${''.padStart(11)} ${''.padStart(7)} ${''.padStart(11)} ${''.padStart(5)} ${''.padStart(6)} ${''.padStart(8)}  FAILED`);
  }
  log('');
  if (rollup) log(`Roll-up: ${rollup.path} (${rollup.slides} slides, ${formatBytes(rollup.bytes)})`);
  if (unassigned > 0) log(`${unassigned} groups have no ${o.by === 'region' ? 'region' : 'account manager'} and are in no deck.`);
  log(`${ok.length} of ${results.length} decks written to ${o.outDir} in ${secs(ms)}.`);
  if (failed.length > 0) {
    log(`Failed (${failed.length}):`);
    for (const f of failed) log(`  ${f.value}: ${f.error}`);
  }
  const summary = {
    quarter,
    by: o.by,
    ms: Math.round(ms),
    unassigned,
    rollup,
    results: results.map((r) => (r.ok ? { value: r.value, ok: true, groups: r.row.groups, slides: r.slides, files: r.files, ms: Math.round(r.ms), row: { ...r.row, revenueTrace: undefined, valueAtRiskTrace: undefined, zonesTrace: undefined, retentionTrace: undefined } } : r)),
    failed: failed.map((f) => ({ value: f.value, error: f.error })),
  };
  await fs.writeFile(path.join(o.outDir, 'batch-summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return { quarter, by: o.by, results: [...results, ...failed.filter((f) => f.value === '(roll-up)')], rollup, unassigned, ms };
}

/** The workspace's data, sections, settings and actions, read once. */
export async function workspaceSource(arg: string): Promise<BatchSource> {
  const dir = await findWorkspace(arg);
  const ws = await OpenWorkspace.open(path.basename(dir), dir);
  try {
    let actions: GroupAction[] = [];
    try {
      actions = (await ActionsStore.open(ws)).list();
    } catch (err) {
      console.error(`holdfast: the actions log could not be read, the plan slides list none (${(err as Error).message})`);
    }
    return { name: defaultBranchName(ws), portfolio: ws.portfolio, sections: { review: ws.section('review'), scenarios: ws.section('scenarios'), scenarioLibrary: ws.section('scenarioLibrary') }, rawSettings: ws.rawSettings, actions };
  } finally {
    await ws.close();
  }
}

export function batchOptions(flags: Flags): BatchOptions {
  const by = flags.optionalString('by') ?? 'region';
  if (by !== 'region' && by !== 'manager') throw new UsageError('--by must be region or manager');
  const quarter = flags.optionalString('quarter');
  if (quarter !== undefined && !QUARTER_RE.test(quarter)) throw new UsageError('--quarter must be YYYYQn, e.g. 2026Q3');
  const lang = (flags.optionalString('lang') ?? 'zh-CN') as ReviewLanguage;
  if (lang !== 'zh-CN' && lang !== 'en') throw new UsageError('--lang must be zh-CN or en');
  const any = flags.has('pptx') || flags.has('xlsx') || flags.has('pdf');
  const formats: BatchFormats = any ? { pptx: flags.has('pptx'), xlsx: flags.has('xlsx'), pdf: flags.has('pdf') } : { pptx: true, xlsx: true, pdf: false };
  const jobsText = flags.optionalString('jobs');
  const jobs = jobsText === undefined ? Math.max(1, Math.min(4, os.availableParallelism())) : Number(jobsText);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new UsageError('--jobs must be a whole number from 1 to 64');
  return { by, quarter, outDir: path.resolve(flags.string('out')), formats, language: lang, jobs, only: flags.strings('only') };
}

export async function runBatchCommand(flags: Flags): Promise<number> {
  const o = batchOptions(flags);
  const extract = flags.optionalString('extract');
  if (extract !== undefined && flags.has('workspace')) throw new UsageError('give --workspace DIR or --extract FILE, not both (import the extract into the workspace first: holdfast import-extract)');
  let src: BatchSource;
  if (extract !== undefined) {
    const { extractSource } = await import('./extractCommand');
    src = await extractSource(path.resolve(extract), { log: (l) => console.log(l) });
  } else src = await workspaceSource(flags.string('workspace'));
  const tty = process.stderr.isTTY;
  const report = await runBatch(src, { ...o, progress: tty ? (l) => process.stderr.write(`\r\u001b[2K${l}`) : (l) => console.log(l) });
  if (tty) process.stderr.write('\n');
  return report.results.some((r) => !r.ok) ? 1 : 0;
}

