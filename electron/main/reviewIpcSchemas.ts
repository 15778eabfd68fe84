/**
 * The payloads of the review's desktop-only IPC (reviewPdf.ts, presenterWindow.ts), apart from
 * the modules that import Electron so they can be tested without it. The main process parses
 * every payload with these before acting on it.
 */
import { z } from 'zod';
import { ReviewSlideSchema } from '../../shared/review/types';

export const ReviewPdfRequestSchema = z
  .object({
    /** suggested file name; the user may change it in the save dialog */
    fileName: z.string().trim().min(1).max(200),
  })
  .strict();

/** Characters Windows, macOS and Linux refuse in a file name (control characters handled separately). */
const UNSAFE_FILE_CHARS = /[<>:"/\\|?*]/g;

/** A suggested name that every OS accepts, ending in .pdf. */
export function safeFileName(name: string): string {
  const cleaned = Array.from(name, (c) => (c.charCodeAt(0) < 32 ? '_' : c))
    .join('')
    .replace(UNSAFE_FILE_CHARS, '_');
  return cleaned.toLowerCase().endsWith('.pdf') ? cleaned : `${cleaned}.pdf`;
}

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

