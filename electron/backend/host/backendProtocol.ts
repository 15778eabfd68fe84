/**
 * Messages between the backend host (Electron's main process, the browser-mode
 * server) and the backend worker thread that runs every handler, so analysis
 * and saves never block windows, menus or the HTTP server.
 */
import type { Envelope } from '../../../shared/api/contract';
import type { BackendOptions } from '../backend';
import type { WorkspaceHooks } from '../workspaceHandlers';

export type HookName = keyof WorkspaceHooks;
export const HOOK_NAMES: readonly HookName[] = ['trashItem', 'chooseFolder', 'chooseSavePath'];

export interface BackendWorkerData {
  options: BackendOptions;
  /** hooks the host provides (Electron: trash, dialogs); the worker installs a proxy for each */
  hooks: HookName[];
}

/** host → worker */
export type HostMessage =
  | { type: 'call'; id: number; channel: string; payload: unknown }
  /** the browser server hands the raw JSON body over, so parsing and serialising happen off its thread */
  | { type: 'callJson'; id: number; channel: string; body: string | Uint8Array }
  | { type: 'hookResult'; id: number; ok: true; value: unknown }
  | { type: 'hookResult'; id: number; ok: false; message: string }
  | { type: 'close' };

/** worker → host */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'startFailed'; message: string }
  | { type: 'result'; id: number; envelope: Envelope<unknown> }
  | { type: 'resultJson'; id: number; ok: boolean; code: string | null; json: string }
  | { type: 'hook'; id: number; name: HookName; args: unknown[]; language: 'zh-CN' | 'en' }
  | { type: 'closed' };
