/**
 * The review deck of a workspace: inputs from the engine, the stored edits
 * (section 'review'), and the exports. Used by the IPC handlers and the CLI.
 */
import type { GroupAction } from '../../../shared/api/analysisContract';
import { DEFAULT_SETTINGS, latestCompleteColumn, periodCompleteness, type AnalyticsSettings, type PortfolioIndex } from '../../../shared/analytics';
import type { LocalText } from '../../../shared/api/contract';
import { assembleDeck, readReviewSection } from '../../../shared/review/deck';
import type { ReviewInputs } from '../../../shared/review/inputs';
import type { ReviewDeck, ReviewLanguage } from '../../../shared/review/types';
import type { OpenWorkspace } from '../storage/workspaceStore';
import { collectReviewInputs, reviewQuarters } from '../../../shared/review/collectInputs';
import { ActionsSectionSchema } from '../storage/actionsStore';
import { DEFAULT_LEDGER_SETTINGS } from '../../../shared/actions/ledger';
import { readScenarioSources } from '../../../shared/review/scenarioInputs';
import type { ScenarioDefinition, ScenarioResult } from '../../../shared/scenarios/types';
import { computeResult, libraryOf } from '../scenarios/compute';
import { isWholePortfolio, scopeKey, scopeLabel, type Scope } from '../../../shared/model/scope';
import { parsePeriod, periodFromIndex } from '../../../shared/util/period';

/**
 * The key a deck's edits are stored under: the quarter for the whole workspace; a scoped deck
 * (one region, one manager) keeps its own edits, so text written for the branch never lands
 * on a region's deck and the other way round.
 */
export function editsQuarterKey(quarter: string, scope?: Scope): string {
  return isWholePortfolio(scope) ? quarter : `${quarter}@${scopeKey(scope)}`;
}

/** The demo workspace is named "<branch>（示例）": the deck is titled with the branch. */
export function defaultBranchName(ws: Pick<OpenWorkspace, 'section' | 'info'>, scope?: Scope): string {
  if (!isWholePortfolio(scope)) return scopeLabel(scope);
  const stored = readReviewSection(ws.section('review')).section.branchName;
  return stored ?? ws.info().name.replace(/[（(]示例[)）]$/, '').trim();
}

/** `<branch>-<year>Q<n>-季度回顾.<ext>`, with characters no file system accepts replaced. */
export function reviewFileName(branchName: string, quarter: string, ext: 'pptx' | 'xlsx' | 'pdf'): string {
  const safe =
    [...branchName]
      .map((ch) => (ch.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(ch) ? '_' : ch))
      .join('')
      .trim() || 'Holdfast';
  return `${safe}-${quarter}-季度回顾.${ext}`;
}

/** The last quarter whose 3 months are in the data and complete (an incomplete month, e.g. 24 of 600 groups billed, is never in the default quarter). */
export function latestQuarter(ix: PortfolioIndex, settings: AnalyticsSettings = DEFAULT_SETTINGS): string | null {
  const q = reviewQuarters(ix);
  const lastComplete = ix.periods[latestCompleteColumn(ix, settings)];
  for (let i = q.length - 1; i >= 0; i--) {
    const quarter = q[i] as string;
    const lastMonth = periodFromIndex(parsePeriod(quarter).months[2] as number);
    if (lastComplete !== undefined && lastMonth <= lastComplete) return quarter;
  }
  return q[q.length - 1] ?? null;
}

/** The quarters of reviewQuarters with an incomplete month (the selector marks them 不完整). */
export function incompleteQuarters(ix: PortfolioIndex, settings: AnalyticsSettings = DEFAULT_SETTINGS): string[] {
  const bad = new Set(periodCompleteness(ix, settings).filter((c) => !c.complete).map((c) => c.period));
  return reviewQuarters(ix).filter((q) => {
    return parsePeriod(q).months.some((m) => bad.has(periodFromIndex(m)));
  });
}

/**
 * Which quarter the review uses by default and why, when the data has incomplete months
 * ("2026-11 不完整：仅 24 / 588 个集团出账（4%）；回顾最近的完整季度 2026Q3"); null when every month is complete.
 */
export function defaultQuarterNote(ix: PortfolioIndex, settings: AnalyticsSettings = DEFAULT_SETTINGS): LocalText | null {
  const list = periodCompleteness(ix, settings);
  const reasons = list.filter((c) => !c.complete && c.reason).map((c) => c.reason as LocalText);
  if (reasons.length === 0) return null;
  const q = latestQuarter(ix, settings);
  const used = q === null ? { zh: '没有完整的季度可回顾', en: 'no complete quarter to review' } : { zh: `回顾最近的完整季度 ${q}`, en: `the review uses the last complete quarter, ${q}` };
  return { zh: `${reasons.map((r) => r.zh).join('；')}；${used.zh}`, en: `${reasons.map((r) => r.en).join('; ')}; ${used.en}` };
}

export interface ReviewSource {
  /** the stored sections (scenarios, library) of the workspace */
  ws: Pick<OpenWorkspace, 'section' | 'saveSection'>;
  index: PortfolioIndex;
  settings: AnalyticsSettings;
  actions: readonly GroupAction[];
}

/** Saved scenarios whose results the review recomputes (each is a Monte Carlo run); the rest are listed without figures. */
export const MAX_SCENARIO_RESULTS = 8;

/**
 * The saved scenarios' results, recomputed as the scenario page does (results are not stored:
 * deterministic from the definition, its seed and the data). A scenario that cannot be computed is
 * listed without figures rather than failing the review.
 */
function scenarioResults(src: ReviewSource, definitions: readonly ScenarioDefinition[]): Map<string, ScenarioResult> {
  const out = new Map<string, ScenarioResult>();
  if (definitions.length === 0) return out;
  const library = libraryOf(src.ws);
  // the plan first, then the most recently changed
  const order = [...definitions].sort((a, b) => Number(b.isPlan) - Number(a.isPlan) || b.updatedAt.localeCompare(a.updatedAt)).slice(0, MAX_SCENARIO_RESULTS);
  for (const d of order) {
    try {
      out.set(d.id, computeResult(src.index, src.settings, library, d));
    } catch (err) {
      console.warn(`review: scenario ${d.id} could not be computed: ${(err as Error).message}`);
    }
  }
  return out;
}

export function reviewInputsOf(src: ReviewSource, quarter: string, branchName: string, now?: Date): ReviewInputs {
  const stored = readScenarioSources(src.ws.section('scenarioLibrary'), src.ws.section('scenarios'));
  const scenarios = readScenarioSources(src.ws.section('scenarioLibrary'), src.ws.section('scenarios'), scenarioResults(src, stored.definitions));
  const ledger = ActionsSectionSchema.safeParse(src.ws.section('actions'));
  const ledgerSettings = ledger.success && ledger.data.settings ? { ...DEFAULT_LEDGER_SETTINGS, ...ledger.data.settings } : DEFAULT_LEDGER_SETTINGS;
  return collectReviewInputs(src.index, src.settings, { quarter, branchName, actions: src.actions, scenarios, ledger: ledgerSettings, ...(now ? { now } : {}) });
}

export function deckOf(ws: Pick<OpenWorkspace, 'section'>, inputs: ReviewInputs, language: ReviewLanguage, scope?: Scope): ReviewDeck {
  const { edits } = readReviewSection(ws.section('review'));
  return assembleDeck(inputs, language, edits(editsQuarterKey(inputs.quarter, scope), language));
}
