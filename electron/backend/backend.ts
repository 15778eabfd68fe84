/**
 * The backend: one handler per contract channel. Plain Node, no `electron`
 * import, so Electron IPC and the browser-mode HTTP server call the very same
 * code (and so does the CLI).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Low } from 'lowdb';
import type { z } from 'zod';
import {
  apiContract,
  type ApiContract,
  isChannel,
  type ApiError,
  type ApiRequest,
  type ApiResponse,
  type Channel,
  type Envelope,
  type WorkspaceInfo,
} from '../../shared/api/contract';
import { computeSummary } from '../../shared/analytics/summary';
import { buildIndex, latestCompleteColumn, periodCompleteness, parseSettings, type AnalyticsSettings, type PortfolioIndex } from '../../shared/analytics';
import type { AnalysisView } from '../../shared/api/analysisContract';
import { buildAnalysisView } from './analysisView';
import { exportTableHandlers } from './exportTable';
import type { ActionsStore } from './storage/actionsStore';
import { WorkspaceManager, workspaceHandlers } from './workspaceHandlers';
import { buildGroupDetailView, zoneHistory } from './groupDetailView';
import type { AnalysisContext } from './analysisContext';
import { overviewHandlers } from './overviewHandlers';
import { quadrantHandlers } from './quadrantHandlers';
import { surveyHandlers } from './surveyHandlers';
import { settingsHandlers } from './settingsHandlers';
import { scopeHandlers } from './scopeHandlers';
import { templateHandlers } from './import/templateHandlers';
import { scenarioHandlers } from './scenarios/scenarioHandlers';
import { warningsHandlers } from './warningsHandlers';
import { ledgerHandlers } from './ledgerHandlers';
import { reviewHandlers } from './review/reviewHandlers';
import { groupCodes, isWholePortfolio, normaliseScope, restrictPortfolio, rowsOfGroups, scopeFacets, scopeKey, scopeLabel, type Scope } from '../../shared/model/scope';
import type { Portfolio } from '../../shared/model/portfolio';
import type { ScopeState } from '../../shared/api/scopeContract';
import type { GroupDetailView } from '../../shared/api/analysisContract';
import type { Summary } from '../../shared/api/contract';
import { createDemoWorkspace, DEMO_WORKSPACE_ID } from './demoWorkspace';
import { ImportService } from './import/importService';
import { importHandlers } from './import/importHandlers';
import { workspacesDir } from './paths';
import { openAppState, type AppStateDoc } from './storage/appState';
import { createWorkspace, isWorkspace, OpenWorkspace, readWorkspaceDoc, workspaceInfo, WorkspaceError, WorkspaceReadOnlyError } from './storage/workspaceStore';

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

const SAFE_ID = /^[\p{L}\p{N}_.-]+$/u;

export class Backend {
  private current: OpenWorkspace | null = null;
  private summaryCache: { key: string; summary: Summary } | null = null;
  private analysisCache: { key: string; view: AnalysisView } | null = null;
  private historyCache: { key: string; history: Map<string, GroupDetailView['history']> } | null = null;
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

  private workspaceDir(id: string): string {
    if (!SAFE_ID.test(id)) throw new UserError({ code: 'bad-request', message: { zh: `工作区名称无效：${id}`, en: `Invalid workspace id: ${id}` } });
    return path.join(workspacesDir(this.options.dataDir), id);
  }

  private async openWorkspace(id: string): Promise<WorkspaceInfo> {
    const dir = this.workspaceDir(id);
    if (!(await isWorkspace(dir))) {
      throw new UserError({ code: 'not-found', message: { zh: `找不到工作区：${id}`, en: `Workspace not found: ${id}` } });
    }
    const ws = await this.workspaces.openDir(id, dir);
    return ws.info();
  }

  /** Makes `ws` the open workspace and closes the one before (releasing its lock). */
  private async switchTo(ws: OpenWorkspace | null): Promise<void> {
    const previous = this.current;
    this.current = ws;
    this.summaryCache = null;
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

  /** The workspace's info with its default analysis month and incomplete months (for the top bar). */
  private infoWithCompleteness(ws: OpenWorkspace): WorkspaceInfo {
    const info = ws.info();
    const ix = this.indexOf(ws);
    const { settings } = this.settingsOf(ws);
    const list = periodCompleteness(ix, settings);
    const t = latestCompleteColumn(ix, settings, list);
    return {
      ...info,
      analysisPeriod: t >= 0 ? (ix.periods[t] ?? null) : null,
      incompletePeriods: list.filter((c) => !c.complete && c.reason).map((c) => ({ period: c.period, reason: c.reason as { zh: string; en: string } })),
    };
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
    scope: () => normaliseScope(this.scope),
    cacheKey: () => {
      const ws = this.requireWorkspace();
      return `${this.dataKey(ws)}:${JSON.stringify(this.settingsOf(ws).settings)}`;
    },
    userError: (error) => new UserError(error),
  };

  private session(id: string) {
    const s = this.imports.get(id);
    if (!s) throw new UserError({ code: 'not-found', message: { zh: '导入会话已失效，请重新选择文件', en: 'The import session has expired: choose the files again' } });
    return s;
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
      workspace: this.current ? this.infoWithCompleteness(this.current) : null,
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
    'workspace.create': async ({ name }) => {
      const base = name.replace(/[^\p{L}\p{N}_.-]+/gu, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 60) || 'workspace';
      let id = base;
      for (let n = 2; await isWorkspace(this.workspaceDir(id)); n++) id = `${base}-${n}`;
      await createWorkspace(this.workspaceDir(id), { name, branchName: null, source: 'empty', portfolio: { groups: [], facts: [] } });
      return this.openWorkspace(id);
    },
    'workspace.setPage': async ({ page }) => {
      await this.requireWorkspace().setPage(page);
      return { ok: true as const };
    },
    'summary.get': async () => {
      const ws = this.requireWorkspace();
      const { settings } = this.settingsOf(ws);
      const key = `${this.dataKey(ws)}|${JSON.stringify(settings.completeness)}`;
      if (this.summaryCache?.key !== key) this.summaryCache = { key, summary: computeSummary(this.scoped(ws), undefined, settings) };
      return this.summaryCache.summary;
    },
    ...importHandlers(this.context, { imports: () => this.imports, dataChanged: () => (this.summaryCache = null) }),
    'analysis.get': async ({ asOf, brief }) => {
      const view = this.analysis(asOf);
      return brief ? { ...view, warnings: [], valueRisk: { ...view.valueRisk, points: [] } } : view;
    },
    'analysis.group': async ({ groupCode }) => {
      const ws = this.requireWorkspace();
      const { settings } = this.settingsOf(ws);
      const key = `${this.dataKey(ws)}:${JSON.stringify(settings)}`;
      const view = buildGroupDetailView(
        this.scoped(ws),
        groupCode,
        settings,
        (ix, periods) => {
          // Twelve monthly analyses: computed once per data and settings, then shared by every detail.
          if (this.historyCache?.key !== key) this.historyCache = { key, history: zoneHistory(ix, settings, periods) };
          return this.historyCache.history;
        },
        this.indexOf(ws),
      );
      if (!view) throw new UserError({ code: 'not-found', message: { zh: `找不到集团：${groupCode}`, en: `No such group: ${groupCode}` } });
      return view;
    },
    ...settingsHandlers(this.context),
    ...exportTableHandlers(),
    ...quadrantHandlers(this.context),
    ...surveyHandlers(this.context),
    ...workspaceHandlers(() => this.workspaces),
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
      this.summaryCache = null;
    } }),
    ...templateHandlers(this.context),
  };
}
