/** The quarterly review (issue #8): deck model, slide builders, edits. */
export * from './types';
export type * from './inputs';
export { buildSlides } from './buildSlides';
export { applyEdits, applyEditOp, emptyEdits, isEmptyEdits, pruneEdits, ReviewEditError } from './edits';
export { assembleDeck, readReviewSection, visibleSlides, withDeckEdits } from './deck';
export { figure, formatChange, formatFigure, formatYuan, quarterLabel, MINUS } from './format';
