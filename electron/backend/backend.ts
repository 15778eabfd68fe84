/**
 * The backend: one handler per contract channel. Plain Node, no `electron`
 * import, so Electron IPC and the browser-mode HTTP server call the very same
 * code (and so does the CLI).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Low } from 'lowdb';
import {
  apiContract,
  isChannel,
  type ApiError,
  type ApiRequest,
  type ApiResponse,
  type Channel,
  type Envelope,
  type WorkspaceInfo,
} from '../../shared/api/contract';
import { computeSummary } from '../../shared/analytics/summary';
import type { Summary } from '../../shared/api/contract';
import { createDemoWorkspace, DEMO_WORKSPACE_ID } from './demoWorkspace';
import { workspacesDir } from './paths';
import { openAppState, type AppStateDoc } from './storage/appState';
import { isWorkspace, OpenWorkspace, readWorkspaceDoc, workspaceInfo, WorkspaceError } from './storage/workspaceStore';

export interface BackendOptions {
  dataDir: string;
  version: string;
  mode: 'electron' | 'browser';
}

class UserError extends Error {
  constructor(readonly apiError: ApiError) {
    super(apiError.message.en);
  }
}

type Handlers = { [C in Channel]: (request: ApiResponse<C> extends never ? never : ApiRequest<C>) => Promise<ApiResponse<C>> };

const SAFE_ID = /^[\p{L}\p{N}_.-]+$/u;

export class Backend {
  private current: OpenWorkspace | null = null;
  private summaryCache: { key: string; summary: Summary } | null = null;

  private constructor(
    readonly options: BackendOptions,
    private readonly appState: Low<AppStateDoc>,
  ) {}

  static async start(options: BackendOptions): Promise<Backend> {
    await fs.mkdir(workspacesDir(options.dataDir), { recursive: true });
    const appState = await openAppState(options.dataDir);
    const backend = new Backend(options, appState);
    const last = appState.data.lastWorkspaceId;
    if (last) {
      // A workspace that moved or was damaged since last time: start without it rather than fail.
      await backend.openWorkspace(last).catch(() => undefined);
    }
    return backend;
  }

  /** Validates the channel and payload, runs the handler, and wraps the answer in an envelope. */
  async handle(channel: unknown, payload: unknown): Promise<Envelope<unknown>> {
    if (!isChannel(channel)) {
      return { ok: false, error: { code: 'bad-request', message: { zh: `未知的接口：${String(channel)}`, en: `Unknown channel: ${String(channel)}` } } };
    }
    const parsed = apiContract[channel].request.safeParse(payload ?? {});
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      return { ok: false, error: { code: 'bad-request', message: { zh: `请求参数无效（${channel}）：${detail}`, en: `Invalid request for ${channel}: ${detail}` } } };
    }
    try {
      const handler = this.handlers[channel] as (req: unknown) => Promise<unknown>;
      return { ok: true, data: await handler(parsed.data) };
    } catch (err) {
      if (err instanceof UserError) return { ok: false, error: err.apiError };
      if (err instanceof WorkspaceError) {
        return { ok: false, error: { code: 'internal', message: { zh: `工作区文件无法读取：${err.file}`, en: err.message } } };
      }
      const message = err instanceof Error ? err.message : String(err);
      return { ok: false, error: { code: 'internal', message: { zh: `内部错误：${message}`, en: `Internal error: ${message}` } } };
    }
  }

  /** Typed direct call for the CLI and tests (same path as the transports). */
  async call<C extends Channel>(channel: C, request: ApiRequest<C>): Promise<ApiResponse<C>> {
    const envelope = await this.handle(channel, request);
    if (!envelope.ok) throw new Error(envelope.error.message.en);
    return envelope.data as ApiResponse<C>;
  }

  private workspaceDir(id: string): string {
    if (!SAFE_ID.test(id)) throw new UserError({ code: 'bad-request', message: { zh: `工作区名称无效：${id}`, en: `Invalid workspace id: ${id}` } });
    return path.join(workspacesDir(this.options.dataDir), id);
  }

  private async openWorkspace(id: string): Promise<WorkspaceInfo> {
    const dir = this.workspaceDir(id);
    if (!(await isWorkspace(dir))) {
      throw new UserError({ code: 'not-found', message: { zh: `找不到工作区：${id}`, en: `Workspace not found: ${id}` } });
    }
    this.current = await OpenWorkspace.open(id, dir);
    this.summaryCache = null;
    if (this.appState.data.lastWorkspaceId !== id) {
      this.appState.data.lastWorkspaceId = id;
      await this.appState.write();
    }
    return this.current.info();
  }

  private requireWorkspace(): OpenWorkspace {
    if (!this.current) {
      throw new UserError({ code: 'no-workspace', message: { zh: '尚未打开工作区：请先打开示例工作区或导入数据', en: 'No workspace is open: open the demo workspace or import data first' } });
    }
    return this.current;
  }

  private readonly handlers: Handlers = {
    'app.getState': async () => ({
      version: this.options.version,
      mode: this.options.mode,
      language: this.appState.data.language,
      dataDir: this.options.dataDir,
      workspace: this.current ? this.current.info() : null,
    }),
    'app.setLanguage': async ({ language }) => {
      this.appState.data.language = language;
      await this.appState.write();
      return { ok: true as const };
    },
    'workspace.list': async () => {
      const root = workspacesDir(this.options.dataDir);
      const entries = await fs.readdir(root, { withFileTypes: true });
      const infos: WorkspaceInfo[] = [];
      for (const entry of entries) {
        if (!entry.isDirectory() || !SAFE_ID.test(entry.name)) continue;
        const dir = path.join(root, entry.name);
        try {
          infos.push(workspaceInfo(entry.name, dir, await readWorkspaceDoc(dir)));
        } catch {
          // Not a workspace, or damaged: the list shows only what can be opened.
        }
      }
      return infos.sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt));
    },
    'workspace.openDemo': async () => {
      const dir = this.workspaceDir(DEMO_WORKSPACE_ID);
      if (!(await isWorkspace(dir))) await createDemoWorkspace(dir);
      return this.openWorkspace(DEMO_WORKSPACE_ID);
    },
    'workspace.open': async ({ id }) => this.openWorkspace(id),
    'workspace.setPage': async ({ page }) => {
      await this.requireWorkspace().setPage(page);
      return { ok: true as const };
    },
    'summary.get': async () => {
      const ws = this.requireWorkspace();
      const key = ws.id;
      if (this.summaryCache?.key !== key) this.summaryCache = { key, summary: computeSummary(ws.portfolio) };
      return this.summaryCache.summary;
    },
  };
}
