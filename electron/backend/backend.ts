/**
 * The backend: one handler per contract channel. Plain Node, no `electron`
 * import, so Electron IPC and the browser-mode HTTP server call the very same
 * code (and so does the CLI).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Low } from 'lowdb';
import type { z } from 'zod';
import { apiContract, type ApiContract, isChannel, type ApiError, type ApiRequest, type ApiResponse, type Channel, type Envelope, type WorkspaceInfo } from '../../shared/api/contract';
import { buildIndex, parseSettings, type AnalyticsSettings, type PortfolioIndex } from '../../shared/analytics';
import type { AnalysisView } from '../../shared/api/analysisContract';
import type { ScopeState } from '../../shared/api/scopeContract';
import { groupCodes, isWholePortfolio, normaliseScope, restrictPortfolio, rowsOfGroups, scopeFacets, scopeKey, scopeLabel, type Scope } from '../../shared/model/scope';
import type { Portfolio } from '../../shared/model/portfolio';
import { buildAnalysisView } from '../../shared/views/analysisView';
import type { AnalysisContext } from './analysisContext';
import { analysisHandlers } from './analysisHandlers';
import { appHandlers } from './appHandlers';
import { exportTableHandlers } from './exportTable';
import { importHandlers } from './import/importHandlers';
import { ImportService } from './import/importService';
import { templateHandlers } from './import/templateHandlers';
import { ledgerHandlers } from './ledgerHandlers';
import { overviewHandlers } from './overviewHandlers';
import { workspacesDir } from './paths';
import { quadrantHandlers } from './quadrantHandlers';
import { reviewHandlers } from './review/reviewHandlers';
import { scenarioHandlers } from './scenarios/scenarioHandlers';
import { scopeHandlers } from './scopeHandlers';
import { settingsHandlers } from './settingsHandlers';
import type { ActionsStore } from './storage/actionsStore';
import { openAppState, type AppStateDoc } from './storage/appState';
import { isWorkspace, OpenWorkspace, WorkspaceError, WorkspaceReadOnlyError } from './storage/workspaceStore';
import { SummaryCache, summaryHandlers } from './summaryHandlers';
import { surveyHandlers } from './surveyHandlers';
import { warningsHandlers } from './warningsHandlers';
import { WorkspaceManager, workspaceHandlers } from './workspaceHandlers';

export interface BackendOptions {
  dataDir: string;
  version: string;
  mode: 'electron' | 'browser';
  /** the bundled import worker; null runs imports in-process */
  importWorkerPath?: string | null;
  /** the bundled scenario Monte Carlo worker; undefined = scenario-worker.mjs beside the import worker, null = in-process */
  scenarioWorkerPath?: string | null;
}

class UserError extends Error {
  constructor(readonly apiError: ApiError) {
    super(apiError.message.en);
  }
}

type Handlers = { [C in Channel]: (request: z.infer<ApiContract[C]['request']>) => Promise<ApiResponse<C>> };

export class Backend {
  private current: OpenWorkspace | null = null;
  private readonly summaryCache = new SummaryCache();
  private analysisCache: { key: string; view: AnalysisView } | null = null;
  /** the engine's columnar index of the open workspace's data, rebuilt only when the data changes */
  private indexCache: { key: string; index: PortfolioIndex } | null = null;
  /** the header's scope (区县/片区/营业部, account manager): every page, deck and export answers for it; reset when the workspace changes */
  private scope: Scope = {};
  private scopedCache: { key: string; portfolio: Portfolio } | null = null;

  /** Each loaded portfolio object gets a number: the store replaces the object whenever the data changes. */
  private readonly dataIds = new WeakMap<object, number>();
  private nextDataId = 1;

  private dataKey(ws: OpenWorkspace): string {
    let id = this.dataIds.get(ws.portfolio);
    if (id === undefined) {
      id = this.nextDataId++;
      this.dataIds.set(ws.portfolio, id);
    }
    const sk = scopeKey(this.scope);
    return sk === '' ? `${ws.id}:${id}` : `${ws.id}:${id}:${sk}`;
  }

  /** The open workspace's data restricted to the scope (the data itself when the scope is the whole workspace). */
  private scoped(ws: OpenWorkspace): Portfolio {
    if (isWholePortfolio(this.scope)) return ws.portfolio;
    const key = this.dataKey(ws);
    if (this.scopedCache?.key !== key) this.scopedCache = { key, portfolio: restrictPortfolio(ws.portfolio, this.scope) };
    return this.scopedCache.portfolio;
  }

  private scopeState(): ScopeState {
    const ws = this.requireWorkspace();
    return { scope: normaliseScope(this.scope), label: scopeLabel(this.scope), groups: this.scoped(ws).groups.length, totalGroups: groupCodes(ws.portfolio).size, facets: scopeFacets(ws.portfolio) };
  }

  private indexOf(ws: OpenWorkspace): PortfolioIndex {
    const key = this.dataKey(ws);
    if (this.indexCache?.key !== key) this.indexCache = { key, index: buildIndex(this.scoped(ws)) };
    return this.indexCache.index;
  }
  readonly imports: ImportService;
  /** opening, status, backups, copies and the .holdfast file (workspaceHandlers.ts) */
  readonly workspaces: WorkspaceManager;

  private async actionsOf(ws: OpenWorkspace): Promise<ActionsStore> {
    return this.workspaces.actions(ws);
  }

  private constructor(
    readonly options: BackendOptions,
    private readonly appState: Low<AppStateDoc>,
  ) {
    this.imports = new ImportService({ workerPath: options.importWorkerPath ?? null });
    this.workspaces = new WorkspaceManager({
      dataDir: options.dataDir,
      appState,
      current: () => this.current,
      switchTo: (ws) => this.switchTo(ws),
      userError: (error) => new UserError(error),
    });
  }

  static async start(options: BackendOptions): Promise<Backend> {
    await fs.mkdir(workspacesDir(options.dataDir), { recursive: true });
    const appState = await openAppState(options.dataDir);
    const backend = new Backend(options, appState);
    // A workspace that moved or was damaged since last time: start without it rather than fail
    // (a damaged one is recorded, and the UI offers its newest good backup).
    await backend.workspaces.reopenLast();
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
      if (err instanceof WorkspaceReadOnlyError) {
        return { ok: false, error: { code: 'conflict', message: { zh: `工作区为只读，未保存：${err.reason.message.zh}`, en: err.message } } };
      }
      if (err instanceof WorkspaceError) {
        return { ok: false, error: { code: 'internal', message: { zh: `工作区文件无法读取：${err.file}`, en: err.message } } };
      }
      const message = err instanceof Error ? err.message : String(err);
      return { ok: false, error: { code: 'internal', message: { zh: `内部错误：${message}`, en: `Internal error: ${message}` } } };
    }
  }

  /** The browser server's path: the raw JSON body in, the envelope as JSON out. */
  async handleJson(channel: string, body: string | Uint8Array): Promise<{ ok: boolean; code: string | null; json: string }> {
    let payload: unknown;
    try {
      const text = typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: true }).decode(body);
      payload = text === '' ? {} : JSON.parse(text);
    } catch (err) {
      const envelope: Envelope<unknown> = { ok: false, error: { code: 'bad-request', message: { zh: '请求体无法解析', en: `Unreadable request body: ${(err as Error).message}` } } };
      return { ok: false, code: 'bad-request', json: JSON.stringify(envelope) };
    }
    const envelope = await this.handle(channel, payload);
    return { ok: envelope.ok, code: envelope.ok ? null : envelope.error.code, json: JSON.stringify(envelope) };
  }

  /** Typed direct call for the CLI and tests (same path as the transports). */
  async call<C extends Channel>(channel: C, request: ApiRequest<C>): Promise<ApiResponse<C>> {
    const envelope = await this.handle(channel, request);
    if (!envelope.ok) throw new Error(envelope.error.message.en);
    return envelope.data as ApiResponse<C>;
  }

  /** Makes `ws` the open workspace and closes the one before (releasing its lock). */
  private async switchTo(ws: OpenWorkspace | null): Promise<void> {
    const previous = this.current;
    this.current = ws;
    this.summaryCache.clear();
    if (previous !== ws) this.scope = {};
    if (previous && previous !== ws) await previous.close().catch(() => undefined);
  }

  /** Closes the open workspace (releasing its lock) when the app quits. */
  async close(): Promise<void> {
    await this.switchTo(null);
  }

  /** The open workspace, for the CLI and tests. */
  get workspace(): OpenWorkspace | null {
    return this.current;
  }

  /** Opens a workspace folder anywhere on disk (the CLI's --workspace DIR). */
  async openWorkspaceAt(dir: string): Promise<WorkspaceInfo> {
    if (!(await isWorkspace(dir))) {
      throw new UserError({ code: 'not-found', message: { zh: `${dir} 不是工作区（缺少 workspace.json）`, en: `${dir} is not a Holdfast workspace (no workspace.json)` } });
    }
    const ws = await OpenWorkspace.open(path.basename(dir), dir);
    await this.switchTo(ws);
    return ws.info();
  }

  private settingsOf(ws: OpenWorkspace): { settings: AnalyticsSettings; issues: { key: string; message: string }[] } {
    return parseSettings(ws.rawSettings);
  }

  /** The analysis of the open workspace with its settings (cached until data or settings change). */
  analysis(asOf?: string): AnalysisView {
    const ws = this.requireWorkspace();
    const { settings, issues } = this.settingsOf(ws);
    const key = `${this.dataKey(ws)}:${asOf ?? ''}:${JSON.stringify(settings)}`;
    if (this.analysisCache?.key !== key) this.analysisCache = { key, view: buildAnalysisView(this.scoped(ws), settings, issues, asOf, this.indexOf(ws)) };
    return this.analysisCache.view;
  }

  private readonly context: AnalysisContext = {
    workspace: () => this.requireWorkspace(),
    settings: () => this.settingsOf(this.requireWorkspace()).settings,
    index: () => this.indexOf(this.requireWorkspace()),
    analysis: (asOf) => this.analysis(asOf),
    portfolio: () => this.scoped(this.requireWorkspace()),
    dataKey: () => this.dataKey(this.requireWorkspace()),
    scope: () => normaliseScope(this.scope),
    cacheKey: () => {
      const ws = this.requireWorkspace();
      return `${this.dataKey(ws)}:${JSON.stringify(this.settingsOf(ws).settings)}`;
    },
    userError: (error) => new UserError(error),
  };

  private requireWorkspace(): OpenWorkspace {
    if (!this.current) {
      throw new UserError({ code: 'no-workspace', message: { zh: '尚未打开工作区：请先打开示例工作区或导入数据', en: 'No workspace is open: open the demo workspace or import data first' } });
    }
    return this.current;
  }

  private readonly handlers: Handlers = {
    ...appHandlers(this.context, { options: () => this.options, appState: () => this.appState, current: () => this.current }),
    ...workspaceHandlers(() => this.workspaces, this.context),
    ...summaryHandlers(this.context, this.summaryCache),
    ...importHandlers(this.context, { imports: () => this.imports, dataChanged: () => this.summaryCache.clear() }),
    ...analysisHandlers(this.context),
    ...settingsHandlers(this.context),
    ...exportTableHandlers(),
    ...quadrantHandlers(this.context),
    ...surveyHandlers(this.context),
    ...scenarioHandlers(this.context, { actions: () => this.actionsOf(this.requireWorkspace()), workerPath: () => (this.options.scenarioWorkerPath !== undefined ? this.options.scenarioWorkerPath : this.options.importWorkerPath ? path.join(path.dirname(this.options.importWorkerPath), 'scenario-worker.mjs') : null) }),
    ...overviewHandlers(this.context),
    ...ledgerHandlers(this.context, { actions: () => this.actionsOf(this.requireWorkspace()) }),
    ...warningsHandlers(this.context),
    ...reviewHandlers(this.context, {
      language: () => this.appState.data.language,
      // a scoped deck lists the scope's actions only, as a workspace holding only that scope would
      actions: async () => {
        const ws = this.requireWorkspace();
        const all = (await this.actionsOf(ws)).list();
        return isWholePortfolio(this.scope) ? all : rowsOfGroups(all, groupCodes(this.scoped(ws)));
      },
    }),
    ...scopeHandlers(this.context, { state: () => this.scopeState(), set: (scope) => {
      this.scope = scope;
      this.summaryCache.clear();
    } }),
    ...templateHandlers(this.context),
  };
}
