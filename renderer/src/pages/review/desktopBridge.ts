/**
 * The review's desktop-only calls (Electron preload `holdfast.review`):
 * printToPDF of the print view, and the presenter-notes window on a second
 * display. Absent in browser mode, where the page prints through the browser
 * and shows its own notes panel. The main process validates every payload.
 * Their types are the bridge's (shared/api/bridge.ts); `window.holdfast` is
 * declared in api/transport.ts.
 */
import type { ReviewDesktopBridge } from '../../../../shared/api/bridge';

export type { PresenterState, ReviewDesktopBridge } from '../../../../shared/api/bridge';

export function reviewBridge(): ReviewDesktopBridge | null {
  return window.holdfast?.review ?? null;
}
