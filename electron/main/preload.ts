/**
 * Sandboxed preload: exposes the backend call and the review's desktop-only
 * calls (print to PDF, presenter notes window) to the page. The main process
 * validates the sender, the channel and the payload of each. The exposed
 * object's type is shared/api/bridge.ts's HoldfastBridge (type-only import:
 * nothing but this file is bundled into the preload).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { HoldfastBridge, PresenterState } from '../../shared/api/bridge';

const bridge = {
  mode: 'electron',
  invoke: (channel: string, payload: unknown) => {
    if (typeof channel !== 'string') return Promise.reject(new Error('channel must be a string'));
    return ipcRenderer.invoke('holdfast:invoke', channel, payload);
  },
  // 季度回顾 (electron/main/reviewPdf.ts, presenterWindow.ts)
  review: {
    printToPdf: (request) => ipcRenderer.invoke('holdfast:review-pdf', request),
    openPresenterNotes: () => ipcRenderer.invoke('holdfast:presenter-open'),
    sendPresenterState: (state) => ipcRenderer.invoke('holdfast:presenter-state', state),
    closePresenterNotes: () => ipcRenderer.invoke('holdfast:presenter-close'),
    onPresenterState: (listener) => {
      const handler = (_event: IpcRendererEvent, state: PresenterState) => listener(state);
      ipcRenderer.on('holdfast:presenter-state', handler);
      return () => ipcRenderer.removeListener('holdfast:presenter-state', handler);
    },
  },
} satisfies HoldfastBridge;

contextBridge.exposeInMainWorld('holdfast', bridge);
