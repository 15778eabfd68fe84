/**
 * The review's desktop-only calls (Electron preload `holdfast.review`):
 * printToPDF of the print view, and the presenter-notes window on a second
 * display. Absent in browser mode, where the page prints through the browser
 * and shows its own notes panel. The main process validates every payload.
 */
import type { ReviewSlide } from '../../../../shared/review/types';

export interface PresenterState {
  language: 'zh-CN' | 'en';
  index: number;
  total: number;
  title: string;
  notes: string;
  nextTitle: string | null;
  next: ReviewSlide | null;
  branchName: string;
  quarter: string;
  startedAt: number;
}

type Result<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: { zh: string; en: string } } };

export interface ReviewDesktopBridge {
  printToPdf(request: { fileName: string }): Promise<Result<{ saved: string | null; bytes: number }>>;
  openPresenterNotes(): Promise<Result<{ opened: boolean }>>;
  sendPresenterState(state: PresenterState): Promise<Result<{ delivered: boolean }>>;
  closePresenterNotes(): Promise<Result<{ closed: boolean }>>;
  /** the notes window listens; returns an unsubscribe function */
  onPresenterState(listener: (state: PresenterState) => void): () => void;
}

export function reviewBridge(): ReviewDesktopBridge | null {
  const bridge = (window as unknown as { holdfast?: { review?: ReviewDesktopBridge } }).holdfast;
  return bridge?.review ?? null;
}
