/**
 * `holdfast review`: the quarterly review of a workspace as .pptx / .xlsx /
 * .pdf, with the manager's saved edits (as the app exports it), for analysts
 * who prepare decks for several branches.
 */
import { formatBytes, formatMs } from '../../shared/review/format';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildIndex, parseSettings } from '../../shared/analytics';
import { QUARTER_RE, type ReviewLanguage } from '../../shared/review/types';
import { visibleSlides } from '../../shared/review/deck';
import { resolveDataDir, workspacesDir } from '../backend/paths';
import { findSoffice, NO_SOFFICE_MESSAGE, pptxToPdf } from '../backend/review/officePdf';
import { reviewQuarters } from '../../shared/review/collectInputs';
import { reviewPptx } from '../backend/review/reviewPptx';
import { defaultBranchName, deckOf, defaultQuarterNote, latestQuarter, reviewInputsOf } from '../backend/review/reviewService';
import { groupCodes, isWholePortfolio, restrictPortfolio, rowsOfGroups } from '../../shared/model/scope';
import { scopeFromFlags } from './scopeFlags';
import { reviewWorkbook } from '../backend/review/reviewXlsx';
import { ActionsStore } from '../backend/storage/actionsStore';
import { isWorkspace, OpenWorkspace } from '../backend/storage/workspaceStore';
import type { Flags } from './args';
import { UsageError } from './args';

/** --workspace: a workspace folder, or the id (folder name) of a workspace in the data directory. */
export async function findWorkspace(arg: string): Promise<string> {
  const dir = path.resolve(arg);
  if (await isWorkspace(dir)) return dir;
  if (/^[\p{L}\p{N}_.-]+$/u.test(arg)) {
    const named = path.join(workspacesDir(resolveDataDir()), arg);
    if (await isWorkspace(named)) return named;
  }
  throw new UsageError(`${dir} is not a Holdfast workspace (no workspace.json), nor is "${arg}" a workspace in ${workspacesDir(resolveDataDir())}`);
}

const kb = (n: number): string => formatBytes(n);

export async function runReview(flags: Flags): Promise<number> {
  const dir = await findWorkspace(flags.string('workspace'));
  const pptxOut = flags.optionalString('pptx');
  const xlsxOut = flags.optionalString('xlsx');
  const pdfOut = flags.optionalString('pdf');
  if (!pptxOut && !xlsxOut && !pdfOut) throw new UsageError('give at least one of --pptx OUT.pptx, --xlsx OUT.xlsx, --pdf OUT.pdf');
  const lang = (flags.optionalString('lang') ?? 'zh-CN') as ReviewLanguage;
  if (lang !== 'zh-CN' && lang !== 'en') throw new UsageError('--lang must be zh-CN or en');
  const quarterArg = flags.optionalString('quarter');
  if (quarterArg !== undefined && !QUARTER_RE.test(quarterArg)) throw new UsageError('--quarter must be YYYYQn, e.g. 2026Q3');
  const titleArg = flags.optionalString('title');

  const ws = await OpenWorkspace.open(path.basename(dir), dir);
  try {
    // --region/--branch/--manager restrict the data the deck is built from (not only its title)
    const scope = scopeFromFlags(flags, ws.portfolio);
    const portfolio = restrictPortfolio(ws.portfolio, scope);
    const index = buildIndex(portfolio);
    const { settings } = parseSettings(ws.rawSettings);
    const quarter = quarterArg ?? latestQuarter(index, settings);
    if (!quarter) throw new UsageError('the workspace has no complete quarter of billing data');
    const have = reviewQuarters(index);
    if (!have.includes(quarter)) throw new UsageError(`${quarter} is not fully in the data; quarters available: ${have.join(', ') || 'none'}`);
    let actions: Awaited<ReturnType<ActionsStore['list']>> = [];
    try {
      actions = (await ActionsStore.open(ws)).list();
      if (!isWholePortfolio(scope)) actions = rowsOfGroups(actions, groupCodes(portfolio));
    } catch (err) {
      console.error(`holdfast: the actions log could not be read, the plan slide lists none (${(err as Error).message})`);
    }
    const t0 = performance.now();
    const inputs = reviewInputsOf({ ws, index, settings, actions }, quarter, titleArg ?? defaultBranchName(ws, scope));
    const deck = deckOf(ws, inputs, lang, scope);
    const tBuild = performance.now() - t0;
    const slides = visibleSlides(deck).length;
    const scoped = isWholePortfolio(scope) ? '' : `, ${portfolio.groups.length} of ${groupCodes(ws.portfolio).size} groups`;
    console.log(`Review ${deck.branchName} ${quarter} (${lang}${scoped}): ${slides} slides, built in ${formatMs(tBuild)}`);
    if (quarterArg === undefined) {
      const note = defaultQuarterNote(index, settings);
      console.log(`Quarter used    ${quarter} (${note ? note.en : 'the last complete quarter'})`);
    }

    let pptx: Uint8Array | null = null;
    if (pptxOut || pdfOut) {
      const t = performance.now();
      pptx = await reviewPptx(deck);
      const ms = performance.now() - t;
      if (pptxOut) {
        await fs.writeFile(path.resolve(pptxOut), pptx);
        console.log(`Wrote ${path.resolve(pptxOut)} (${kb(pptx.byteLength)}, ${formatMs(ms)})`);
      }
    }
    if (xlsxOut) {
      const t = performance.now();
      const xlsx = reviewWorkbook(deck, inputs, index, settings, actions);
      await fs.writeFile(path.resolve(xlsxOut), xlsx);
      console.log(`Wrote ${path.resolve(xlsxOut)} (${kb(xlsx.byteLength)}, ${formatMs(performance.now() - t)})`);
    }
    if (pdfOut && pptx) {
      const soffice = await findSoffice();
      if (!soffice) {
        console.error(`holdfast: ${NO_SOFFICE_MESSAGE}`);
        return 1;
      }
      const t = performance.now();
      const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'holdfast-review-'));
      try {
        const src = path.join(tmp, 'deck.pptx');
        await fs.writeFile(src, pptx);
        await pptxToPdf(soffice, src, path.resolve(pdfOut));
      } finally {
        await fs.rm(tmp, { recursive: true, force: true });
      }
      const size = (await fs.stat(path.resolve(pdfOut))).size;
      console.log(`Wrote ${path.resolve(pdfOut)} (${kb(size)}, ${formatMs(performance.now() - t)}, LibreOffice)`);
    }
    return 0;
  } finally {
    await ws.close();
  }
}
