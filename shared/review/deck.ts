/** A review deck: the built slides of a quarter with the manager's stored edits laid over them. */
import { buildSlides } from './buildSlides';
import { applyEdits, isEmptyEdits, pruneEdits } from './edits';
import type { ReviewInputs } from './inputs';
import { DeckEditsSchema, deckKey, type DeckEdits, type ReviewDeck, type ReviewLanguage, type ReviewSection } from './types';

export function assembleDeck(inputs: ReviewInputs, language: ReviewLanguage, edits: DeckEdits | undefined): ReviewDeck {
  const built = buildSlides(inputs, language);
  const live = edits ? pruneEdits(built, edits) : undefined;
  return {
    quarter: inputs.quarter,
    branchName: inputs.branchName,
    language,
    builtAt: inputs.builtAt,
    periods: inputs.overview.months,
    asOf: inputs.overview.asOf ?? '',
    slides: applyEdits(built, live),
    hasEdits: live !== undefined && !isEmptyEdits(live),
  };
}

/** The visible slides, in order (what presenting and exporting show). */
export function visibleSlides(deck: ReviewDeck): ReviewDeck['slides'] {
  return deck.slides.filter((s) => !s.hidden);
}

/**
 * Reads the stored 'review' section leniently: a deck's edits that do not
 * validate are reported (and left untouched in storage by `withDeckEdits`), never thrown.
 */
export function readReviewSection(raw: unknown): { section: { branchName?: string; decks: Record<string, unknown> }; edits: (quarter: string, language: ReviewLanguage) => DeckEdits | undefined; damaged: string[] } {
  const obj = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const decksRaw = obj.decks !== null && typeof obj.decks === 'object' ? (obj.decks as Record<string, unknown>) : {};
  const damaged: string[] = [];
  const parsed = new Map<string, DeckEdits>();
  for (const [k, v] of Object.entries(decksRaw)) {
    const r = DeckEditsSchema.safeParse(v);
    if (r.success) parsed.set(k, r.data);
    else damaged.push(k);
  }
  const section: { branchName?: string; decks: Record<string, unknown> } = { decks: { ...decksRaw } };
  if (typeof obj.branchName === 'string' && obj.branchName.trim() !== '') section.branchName = obj.branchName;
  return { section, edits: (q, l) => parsed.get(deckKey(q, l)), damaged };
}

/** The section with one deck's edits replaced (other decks kept exactly as stored). */
export function withDeckEdits(section: { branchName?: string; decks: Record<string, unknown> }, quarter: string, language: ReviewLanguage, edits: DeckEdits): ReviewSection | { version: 1; branchName?: string; decks: Record<string, unknown> } {
  const decks = { ...section.decks };
  if (isEmptyEdits(edits)) delete decks[deckKey(quarter, language)];
  else decks[deckKey(quarter, language)] = edits;
  return { version: 1, ...(section.branchName !== undefined ? { branchName: section.branchName } : {}), decks };
}
