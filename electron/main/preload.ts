/**
 * Sandboxed preload: exposes exactly one function to the page. The main
 * process validates the channel and payload against the contract.
 */
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('holdfast', {
  mode: 'electron',
  invoke: (channel: string, payload: unknown): Promise<unknown> => {
    if (typeof channel !== 'string') return Promise.reject(new Error('channel must be a string'));
    return ipcRenderer.invoke('holdfast:invoke', channel, payload);
  },
});
