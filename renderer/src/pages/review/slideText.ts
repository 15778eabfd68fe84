/** Pure text helpers of the review UI: numbers in findings, change arrows, the presenter timer, the PDF name. */
import type { ReviewDeck, ReviewFigure } from '../../../../shared/review/types';

export type Segment = { text: string } | { text: string; figure: ReviewFigure };

/** a digit, or what joins digits into one number or date (2025-10, 1,234, 12.5) */
const NUMBER_PART = /[0-9.,\-/]/;

/**
 * Where `display` stands on its own from `from` on: not a piece of a longer number or a date
 * ("10" in "2025-10", "20" in "2026-09 调查共 20"), or -1.
 */
function standaloneAt(text: string, display: string, from: number): number {
  const digitStart = /^[0-9]/.test(display);
  const digitEnd = /[0-9%]$/.test(display);
  for (let at = text.indexOf(display, from); at >= 0; at = text.indexOf(display, at + 1)) {
    const before = text[at - 1];
    const after = text[at + display.length];
    const joinedBefore = digitStart && before !== undefined && NUMBER_PART.test(before) && !(before === '-' && !/[0-9]/.test(text[at - 2] ?? ''));
    const joinedAfter = digitEnd && after !== undefined && (/[0-9]/.test(after) || (/[.,\-/]/.test(after) && /[0-9]/.test(text[at + display.length + 1] ?? '')));
    if (!joinedBefore && !joinedAfter) return at;
  }
  return -1;
}

/**
 * Splits text around the figures' displays, matching each once and in order (so "12" cannot match
 * inside "12.5" twice), and only where it stands as a number of its own (so a scope of 10 groups
 * does not mark the "10" of "2025-10").
 */
export function splitByFigures(text: string, figures: readonly ReviewFigure[]): Segment[] {
  const out: Segment[] = [];
  let pos = 0;
  for (const figure of figures) {
    if (!figure.display) continue;
    const at = standaloneAt(text, figure.display, pos);
    if (at < 0) continue;
    if (at > pos) out.push({ text: text.slice(pos, at) });
    out.push({ text: figure.display, figure });
    pos = at + figure.display.length;
  }
  if (pos < text.length) out.push({ text: text.slice(pos) });
  return out;
}

/** ▲ / ▼ from the sign as written, so a change that rounds to 0.0 gets no arrow (UI.md: arrows, not colour alone). */
export function changeArrow(display: string): string {
  if (/^\+/.test(display) && /[1-9]/.test(display)) return '▲';
  if (/^[−-]/.test(display) && /[1-9]/.test(display)) return '▼';
  return '';
}

/** mm:ss, or h:mm:ss after an hour. */
export function elapsedText(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** Same pattern as the PowerPoint file: `<branch>-<year>Q<n>-季度回顾.pdf`. */
export function pdfFileName(deck: Pick<ReviewDeck, 'branchName' | 'quarter' | 'language'>): string {
  return `${deck.branchName}-${deck.quarter}-${deck.language === 'en' ? 'quarterly-review' : '季度回顾'}.pdf`;
}
