/** Handlers of the 季度回顾 channels (shared/api/reviewContract.ts). */
import { createHash } from 'node:crypto';
import type { ApiResponse, Language, LocalText } from '../../../shared/api/contract';
import type { GroupAction } from '../../../shared/api/analysisContract';
import { readReviewSection, withDeckEdits } from '../../../shared/review/deck';
import { applyEditOp, ReviewEditError } from '../../../shared/review/edits';
import { buildSlides } from '../../../shared/review/buildSlides';
import type { ReviewInputs } from '../../../shared/review/inputs';
import type { ReviewEditOp, ReviewLanguage } from '../../../shared/review/types';
import type { AnalysisContext } from '../analysisContext';
import { reviewWorkbook } from './reviewXlsx';
import { reviewPptx } from './reviewPptx';
import { defaultBranchName, deckOf, defaultQuarterNote, editsQuarterKey, incompleteQuarters, latestQuarter, reviewFileName, reviewInputsOf } from './reviewService';
import { isWholePortfolio } from '../../../shared/model/scope';
import { reviewQuarters } from './reviewInputs';

export interface ReviewHost {
  /** the app's UI language (default deck language) */
  language(): Language;
  /** the open workspace's actions log */
  actions(): Promise<GroupAction[]>;
}

const T = (zh: string, en: string): LocalText => ({ zh, en });

export function reviewHandlers(ctx: AnalysisContext, host: ReviewHost) {
  // the inputs of the last quarter asked for; edits reuse them (only the data, settings or actions change them)
  let cache: { key: string; inputs: ReviewInputs } | null = null;

  async function inputsFor(quarter: string | undefined, branchName: string | undefined): Promise<ReviewInputs> {
    const ws = ctx.workspace();
    const ix = ctx.index();
    const q = quarter ?? latestQuarter(ix, ctx.settings());
    if (!q) throw ctx.userError({ code: 'not-found', message: T('没有完整季度的出账数据：至少需要一个季度的 3 个月', 'No complete quarter of billing data: a quarter needs all 3 months') });
    const branch = branchName ?? defaultBranchName(ws, ctx.scope?.());
    const actions = await host.actions();
    // the ledger's settings (re-check months, minimum closed actions) and the day (what is overdue)
    // change the plan slide's action figures as much as the actions do
    const ledgerSettings = (ws.section('actions') as { settings?: unknown } | undefined)?.settings ?? null;
    const key = createHash('sha256')
      .update(JSON.stringify([ctx.cacheKey(), q, branch, actions, ledgerSettings, new Date().toDateString(), ws.section('scenarios') ?? null, ws.section('scenarioLibrary') ?? null]))
      .digest('hex');
    if (cache?.key === key) return cache.inputs;
    try {
      const inputs = reviewInputsOf({ ws, index: ix, settings: ctx.settings(), actions }, q, branch);
      cache = { key, inputs };
      return inputs;
    } catch (err) {
      if (err instanceof RangeError) {
        const [zh, en] = err.message.split(' / ');
        throw ctx.userError({ code: 'bad-request', message: T(`无法生成季度回顾：${zh ?? err.message}`, `Cannot build the quarterly review: ${en ?? err.message}`) });
      }
      throw err;
    }
  }

  async function rememberBranch(branchName: string | undefined): Promise<void> {
    // a scoped deck is titled with its scope; the branch name remembered is the whole workspace's
    if (branchName === undefined || !isWholePortfolio(ctx.scope?.())) return;
    const ws = ctx.workspace();
    const { section } = readReviewSection(ws.section('review'));
    if (section.branchName === branchName || ws.readOnly) return;
    await ws.saveSection('review', { version: 1, ...section, branchName });
  }

  const lang = (l: ReviewLanguage | undefined): ReviewLanguage => l ?? host.language();

  return {
    'review.quarters': async (): Promise<ApiResponse<'review.quarters'>> => {
      const ws = ctx.workspace();
      const ix = ctx.index();
      const settings = ctx.settings();
      return {
        quarters: reviewQuarters(ix),
        defaultQuarter: latestQuarter(ix, settings),
        defaultNote: defaultQuarterNote(ix, settings),
        incomplete: incompleteQuarters(ix, settings),
        branchName: defaultBranchName(ws, ctx.scope?.()),
      };
    },
    'review.get': async ({ quarter, branchName, language }: { quarter?: string | undefined; branchName?: string | undefined; language?: ReviewLanguage | undefined }): Promise<ApiResponse<'review.get'>> => {
      await rememberBranch(branchName);
      const inputs = await inputsFor(quarter, branchName);
      return deckOf(ctx.workspace(), inputs, lang(language), ctx.scope?.());
    },
    'review.edit': async ({ quarter, language, edit }: { quarter: string; language: ReviewLanguage; edit: ReviewEditOp }): Promise<ApiResponse<'review.edit'>> => {
      const ws = ctx.workspace();
      const inputs = await inputsFor(quarter, undefined);
      const built = buildSlides(inputs, language);
      const { section, edits } = readReviewSection(ws.section('review'));
      let next;
      try {
        next = applyEditOp(built, edits(editsQuarterKey(quarter, ctx.scope?.()), language), edit, new Date().toISOString(), language);
      } catch (err) {
        if (err instanceof ReviewEditError) throw ctx.userError({ code: 'bad-request', message: err.text });
        throw err;
      }
      await ws.saveSection('review', withDeckEdits(section, editsQuarterKey(quarter, ctx.scope?.()), language, next));
      return deckOf(ws, inputs, language, ctx.scope?.());
    },
    'review.export': async ({ quarter, language, format, branchName }: { quarter: string; language: ReviewLanguage; format: 'pptx' | 'xlsx'; branchName?: string | undefined }): Promise<ApiResponse<'review.export'>> => {
      const inputs = await inputsFor(quarter, branchName);
      const deck = deckOf(ctx.workspace(), inputs, language, ctx.scope?.());
      const data = format === 'pptx' ? await reviewPptx(deck) : reviewWorkbook(deck, inputs, ctx.index(), ctx.settings(), await host.actions());
      return {
        fileName: reviewFileName(deck.branchName, quarter, format),
        mimeType: format === 'pptx' ? 'application/vnd.openxmlformats-officedocument.presentationml.presentation' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        dataBase64: Buffer.from(data).toString('base64'),
        bytes: data.byteLength,
      };
    },
  };
}
