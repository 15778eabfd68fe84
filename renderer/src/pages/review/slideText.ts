/** Pure text helpers of the review UI: numbers in findings, change arrows, the presenter timer, the PDF name. */
import type { ReviewDeck, ReviewFigure } from '../../../../shared/review/types';

export type Segment = { text: string } | { text: string; figure: ReviewFigure };

/** Splits text around the figures' displays, matching each once and in order (so "12" cannot match inside "12.5" twice). */
export function splitByFigures(text: string, figures: readonly ReviewFigure[]): Segment[] {
  const out: Segment[] = [];
  let pos = 0;
  for (const figure of figures) {
    if (!figure.display) continue;
    const at = text.indexOf(figure.display, pos);
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
