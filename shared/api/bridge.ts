/**
 * The Electron preload's bridge, typed once (issue #17): `HoldfastBridge` is what
 * electron/main/preload.ts exposes as `window.holdfast` (`satisfies HoldfastBridge`)
 * and what the renderer declares (renderer/src/api/transport.ts). `invoke` is the
 * contract's transport (contract.ts); `review` holds the review's desktop-only calls
 * (print to PDF, the presenter-notes window), separate IPC names because they need
 * the window itself (electron/main/reviewPdf.ts, presenterWindow.ts). The main
 * process parses every payload with the schemas below before acting on it.
 */
import { z } from 'zod';
import type { LocalText } from '../model/trace';
import { ReviewSlideSchema } from '../review/types';
import type { ApiTransport } from './contract';

export const ReviewPdfRequestSchema = z
  .object({
    /** suggested file name; the user may change it in the save dialog */
    fileName: z.string().trim().min(1).max(200),
  })
  .strict();
export type ReviewPdfRequest = z.input<typeof ReviewPdfRequestSchema>;

const Text = z.string().max(20_000);

/** What the notes window shows; sent by the presenting window on every slide change. */
export const PresenterStateSchema = z
  .object({
    language: z.enum(['zh-CN', 'en']),
    index: z.number().int().min(0).max(10_000),
    total: z.number().int().min(0).max(10_000),
    title: Text,
    notes: Text,
    nextTitle: Text.nullable(),
    /** the next slide itself, drawn small beside the notes */
    next: ReviewSlideSchema.nullable(),
    branchName: Text,
    quarter: Text,
    /** ms since epoch when the presentation started, for the timer */
    startedAt: z.number().finite(),
  })
  .strict();
export type PresenterState = z.infer<typeof PresenterStateSchema>;

/** The answer of a desktop-only call: the contract's envelope shape, with the codes these calls use. */
export type DesktopResult<T> = { ok: true; data: T } | { ok: false; error: { code: 'bad-request' | 'internal'; message: LocalText } };
export type ReviewPdfResult = DesktopResult<{ saved: string | null; bytes: number }>;

export interface ReviewDesktopBridge {
  printToPdf(request: ReviewPdfRequest): Promise<ReviewPdfResult>;
  openPresenterNotes(): Promise<DesktopResult<{ opened: boolean }>>;
  sendPresenterState(state: PresenterState): Promise<DesktopResult<{ delivered: boolean }>>;
  closePresenterNotes(): Promise<DesktopResult<{ closed: boolean }>>;
  /** the notes window listens; returns an unsubscribe function */
  onPresenterState(listener: (state: PresenterState) => void): () => void;
}

/** `window.holdfast` in the desktop app (absent in browser mode). */
export interface HoldfastBridge {
  mode: 'electron';
  /** one contract call; the renderer's client validates the answer against the channel's schema */
  invoke: ApiTransport['invoke'];
  review: ReviewDesktopBridge;
}
