/**
 * Sandboxed preload: exposes the backend call and the review's desktop-only
 * calls (print to PDF, presenter notes window) to the page. The main process
 * validates the sender, the channel and the payload of each.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

contextBridge.exposeInMainWorld('holdfast', {
  mode: 'electron',
  invoke: (channel: string, payload: unknown): Promise<unknown> => {
    if (typeof channel !== 'string') return Promise.reject(new Error('channel must be a string'));
    return ipcRenderer.invoke('holdfast:invoke', channel, payload);
  },
  // 季度回顾 (electron/main/reviewPdf.ts, presenterWindow.ts)
  review: {
    printToPdf: (request: unknown): Promise<unknown> => ipcRenderer.invoke('holdfast:review-pdf', request),
    openPresenterNotes: (): Promise<unknown> => ipcRenderer.invoke('holdfast:presenter-open'),
    sendPresenterState: (state: unknown): Promise<unknown> => ipcRenderer.invoke('holdfast:presenter-state', state),
    closePresenterNotes: (): Promise<unknown> => ipcRenderer.invoke('holdfast:presenter-close'),
    onPresenterState: (listener: (state: unknown) => void): (() => void) => {
      const handler = (_event: IpcRendererEvent, state: unknown) => listener(state);
      ipcRenderer.on('holdfast:presenter-state', handler);
      return () => ipcRenderer.removeListener('holdfast:presenter-state', handler);
    },
  },
});
