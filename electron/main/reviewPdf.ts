/**
 * 季度回顾 → PDF in the desktop app: the renderer shows its print view (one
 * 16:9 slide per page through @page CSS), then asks here; we print the
 * sender's own page with Chromium's printToPDF (fonts embedded, so the
 * Chinese text survives) and save it where the user chooses. A separate IPC
 * name rather than a contract channel because it needs the window itself,
 * which the Node backend (shared with browser mode) never sees.
 */
import path from 'node:path';
import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { writeFileAtomic } from '../backend/storage/atomicWrite';
import type { ReviewPdfResult } from '../../shared/api/bridge';
import { ReviewPdfRequestSchema, safeFileName } from './reviewIpcSchemas';

export const IPC_REVIEW_PDF = 'holdfast:review-pdf';

export type { ReviewPdfResult };

export function registerReviewPdf(isTrustedSender: (event: IpcMainInvokeEvent) => boolean, defaultDir: () => string): void {
  ipcMain.handle(IPC_REVIEW_PDF, async (event: IpcMainInvokeEvent, payload: unknown): Promise<ReviewPdfResult> => {
    if (!isTrustedSender(event)) {
      return { ok: false, error: { code: 'bad-request', message: { zh: '拒绝来自未知页面的请求', en: 'Refused a call from an unknown frame' } } };
    }
    const parsed = ReviewPdfRequestSchema.safeParse(payload);
    if (!parsed.success) {
      return { ok: false, error: { code: 'bad-request', message: { zh: 'PDF 导出请求无效：缺少文件名', en: 'Invalid PDF export request: a file name is required' } } };
    }
    try {
      const owner = BrowserWindow.fromWebContents(event.sender);
      const options = { defaultPath: path.join(defaultDir(), safeFileName(parsed.data.fileName)), filters: [{ name: 'PDF', extensions: ['pdf'] }] };
      const choice = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
      if (choice.canceled || !choice.filePath) return { ok: true, data: { saved: null, bytes: 0 } };
      // preferCSSPageSize: the print view's @page rule sets the 16:9 page.
      const pdf = await event.sender.printToPDF({ printBackground: true, preferCSSPageSize: true, margins: { top: 0, bottom: 0, left: 0, right: 0 } });
      await writeFileAtomic(choice.filePath, new Uint8Array(pdf));
      return { ok: true, data: { saved: choice.filePath, bytes: pdf.length } };
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      return { ok: false, error: { code: 'internal', message: { zh: `PDF 导出失败：${text}`, en: `PDF export failed: ${text}` } } };
    }
  });
}
