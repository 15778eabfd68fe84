/**
 * One region's (or account manager's) quarterly review in a batch: the scope's
 * portfolio (restricted before analysis, shared/model/scope.ts) through the very
 * single-deck path `holdfast review` and the app use — reviewInputsOf → deckOf →
 * reviewPptx / reviewWorkbook / LibreOffice PDF — plus its roll-up row. A job is
 * plain data, so it runs the same in the calling thread or in a worker.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildIndex, parseSettings } from '../../../shared/analytics';
import type { GroupAction } from '../../../shared/api/analysisContract';
import type { Portfolio } from '../../../shared/model/portfolio';
import { scopeLabel, type Scope, type ScopeDimension } from '../../../shared/model/scope';
import { visibleSlides } from '../../../shared/review/deck';
import { rollupRow, type RollupRow } from '../../../shared/review/rollup';
import type { ReviewDeck, ReviewLanguage } from '../../../shared/review/types';
import type { DocSection } from '../storage/workspaceDoc';
import { pptxToPdf } from './officePdf';
import { reviewPptx } from './reviewPptx';
import { deckOf, reviewFileName, reviewInputsOf } from './reviewService';
import { reviewWorkbook } from './reviewXlsx';

export interface BatchFormats {
  pptx: boolean;
  xlsx: boolean;
  pdf: boolean;
}

export interface RegionJob {
  by: ScopeDimension;
  value: string;
  /** the workspace restricted to the scope */
  portfolio: Portfolio;
  /** the workspace's stored sections (review edits, scenarios, the scenario library) */
  sections: Partial<Record<DocSection, unknown>>;
  rawSettings: unknown;
  /** the scope's actions */
  actions: GroupAction[];
  quarter: string;
  language: ReviewLanguage;
  formats: BatchFormats;
  outDir: string;
  /** LibreOffice for --pdf (null: none found) */
  soffice: string | null;
  /** ISO time stamped on every deck of the batch */
  now: string;
}

export interface RegionFile {
  path: string;
  bytes: number;
}

export type RegionResult =
  | { value: string; ok: true; row: RollupRow; slides: number; files: RegionFile[]; ms: number; periods: string[]; asOf: string }
  | { value: string; ok: false; error: string; ms: number };

export function scopeOf(by: ScopeDimension, value: string): Scope {
  return by === 'region' ? { regions: [value] } : { managers: [value] };
}

/** What reviewInputsOf / deckOf read of a workspace: its sections, read-only. */
export function sectionsSource(sections: Partial<Record<DocSection, unknown>>) {
  return {
    section: (name: DocSection): unknown => sections[name],
    saveSection: async (): Promise<void> => {
      throw new Error('a batch never writes the workspace');
    },
  };
}

/** The deck of one scope (no files): also what the tests compare with a workspace holding only that scope. */
export function regionDeck(job: Omit<RegionJob, 'formats' | 'outDir' | 'soffice'>): { deck: ReviewDeck; inputs: ReturnType<typeof reviewInputsOf>; index: ReturnType<typeof buildIndex>; settings: ReturnType<typeof parseSettings>['settings'] } {
  const scope = scopeOf(job.by, job.value);
  const index = buildIndex(job.portfolio);
  const { settings } = parseSettings(job.rawSettings);
  const ws = sectionsSource(job.sections);
  const inputs = reviewInputsOf({ ws, index, settings, actions: job.actions }, job.quarter, scopeLabel(scope), new Date(job.now));
  return { deck: deckOf(ws, inputs, job.language, scope), inputs, index, settings };
}

async function writeFile(file: string, data: Uint8Array): Promise<RegionFile> {
  const tmp = `${file}.tmp-${process.pid}`;
  await fs.writeFile(tmp, data);
  await fs.rename(tmp, file);
  return { path: file, bytes: data.byteLength };
}

export async function runRegionJob(job: RegionJob): Promise<RegionResult> {
  const t0 = performance.now();
  try {
    const { deck, inputs, index, settings } = regionDeck(job);
    const files: RegionFile[] = [];
    const name = (ext: 'pptx' | 'xlsx' | 'pdf') => path.join(job.outDir, reviewFileName(deck.branchName, job.quarter, ext));
    let pptx: Uint8Array | null = null;
    if (job.formats.pptx || job.formats.pdf) pptx = await reviewPptx(deck);
    if (job.formats.pptx && pptx) files.push(await writeFile(name('pptx'), pptx));
    if (job.formats.xlsx) files.push(await writeFile(name('xlsx'), reviewWorkbook(deck, inputs, index, settings, job.actions)));
    if (job.formats.pdf && pptx) {
      if (!job.soffice) throw new Error('no PDF: LibreOffice (soffice) was not found');
      const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'holdfast-batch-'));
      try {
        const src = path.join(tmp, 'deck.pptx');
        await fs.writeFile(src, pptx);
        await pptxToPdf(job.soffice, src, name('pdf'));
      } finally {
        await fs.rm(tmp, { recursive: true, force: true });
      }
      files.push({ path: name('pdf'), bytes: (await fs.stat(name('pdf'))).size });
    }
    return { value: job.value, ok: true, row: rollupRow(job.value, index.nG, inputs), slides: visibleSlides(deck).length, files, ms: performance.now() - t0, periods: inputs.overview.months, asOf: inputs.overview.asOf ?? '' };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // reviewInputs' RangeError carries "zh / en"
    return { value: job.value, ok: false, error: message.includes(' / ') ? (message.split(' / ')[1] ?? message) : message, ms: performance.now() - t0 };
  }
}
