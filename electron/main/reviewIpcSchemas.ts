/**
 * The payloads of the review's desktop-only IPC (reviewPdf.ts, presenterWindow.ts), apart from
 * the modules that import Electron so they can be tested without it. The schemas live with the
 * bridge's type (shared/api/bridge.ts); the main process parses every payload with them.
 */
export { PresenterStateSchema, ReviewPdfRequestSchema, type PresenterState } from '../../shared/api/bridge';

/** Characters Windows, macOS and Linux refuse in a file name (control characters handled separately). */
const UNSAFE_FILE_CHARS = /[<>:"/\\|?*]/g;

/** A suggested name that every OS accepts, ending in .pdf. */
export function safeFileName(name: string): string {
  const cleaned = Array.from(name, (c) => (c.charCodeAt(0) < 32 ? '_' : c))
    .join('')
    .replace(UNSAFE_FILE_CHARS, '_');
  return cleaned.toLowerCase().endsWith('.pdf') ? cleaned : `${cleaned}.pdf`;
}
