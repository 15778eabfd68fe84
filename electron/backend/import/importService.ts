/**
 * Import sessions: staged work that changes nothing in the workspace until the
 * user confirms. Reading and normalising run in a worker thread (when the
 * bundle exists), report progress and can be cancelled.
 */
import { formatDecimal } from '../../../shared/review/format';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { LocalText } from '../../../shared/api/contract';
import type { ImportPlan, ImportSessionView, StagedFileView } from '../../../shared/api/importContract';
import { type AnalyticsSettings, DEFAULT_SETTINGS } from '../../../shared/analytics/settings';
import { applyImport, headerSignature, incompleteAfterImport, planImport, type IncompleteImportPeriod, type StagedImport } from '../../../shared/import';
import type { ImportKind, ImportProblem } from '../../../shared/import/types';
import { concatFactColumns, emptyFactColumns, type FactColumns } from '../../../shared/model/factColumns';
import { minimalGroup, type Portfolio } from '../../../shared/model/portfolio';
import type { MappingTemplate, OpenWorkspace } from '../storage/workspaceStore';
import { Cancelled, ImportEngine, type EngineOptions, type FileChoice, type StagedFile, type StageInput } from './engine';
import type { WorkerMessage, WorkerRequest } from './importWorker';
import { KEPT } from './workerProtocol';
import { previewView } from './previewView';

const MAX_PROBLEMS_SHOWN = 1000;

const todayIso = (): string => new Date().toISOString().slice(0, 10);

interface EngineHandle {
  run(req: WorkerRequest, onProgress: (m: Extract<WorkerMessage, { type: 'progress' }>) => void): Promise<StagedFile[]>;
  cancel(): void;
  /** the engine and what it holds (the files' bytes, the worker's heap) go: the session is being committed */
  release(): Promise<void>;
}

/** What a run may take: time and worker heap, from the size of the files it reads. */
export interface WorkerLimits {
  timeMs: number;
  heapMb: number;
}

const MB = 1024 * 1024;

/**
 * 15 s plus 10 s per MB read (a 200,000-row workbook of about 6 MB reads in 10–40 s, slower on a busy laptop),
 * at most 30 minutes; heap 640 MB for small files plus 200 MB per MB read (the reader holds about 150 MB per MB of
 * xlsx at its peak), at most 4 GB. A 2 KB file declaring millions of rows, or a damaged stream a parser loops on,
 * is stopped within these, whatever it declares.
 */
export function defaultWorkerLimits(inputBytes: number): WorkerLimits {
  const mb = inputBytes / MB;
  const envSeconds = Number(process.env.HOLDFAST_IMPORT_TIME_LIMIT_S);
  const timeMs = Number.isFinite(envSeconds) && envSeconds > 0 ? envSeconds * 1000 : Math.min(30 * 60_000, 15_000 + 10_000 * mb);
  return { timeMs, heapMb: Math.round(Math.min(4096, 640 + 200 * mb)) };
}

/** A run stopped by a limit: the message names the file being read. */
export class ImportLimitError extends Error {
  constructor(
    readonly kind: 'time' | 'memory' | 'crash',
    readonly text: LocalText,
  ) {
    super(text.en);
  }
}

function limitError(kind: 'time' | 'memory' | 'crash', fileName: string, limits: WorkerLimits, detail = ''): ImportLimitError {
  const seconds = limits.timeMs >= 10_000 ? String(Math.round(limits.timeMs / 1000)) : formatDecimal(limits.timeMs / 1000, 1);
  if (kind === 'time') {
    return new ImportLimitError(kind, {
      zh: `${fileName}：读取超过 ${seconds} 秒仍未完成，已停止。文件可能已损坏，请重新导出后再导入。`,
      en: `${fileName}: reading took longer than ${seconds} s and was stopped. The file may be damaged; export it again and retry.`,
    });
  }
  if (kind === 'memory') {
    return new ImportLimitError(kind, {
      zh: `${fileName}：读取所需内存超过 ${limits.heapMb} MB 的上限，已停止。文件可能已损坏或过大，请重新导出或分成几个文件导入。`,
      en: `${fileName}: reading needed more than the ${limits.heapMb} MB memory limit and was stopped. The file may be damaged or too large; export it again or import it as several files.`,
    });
  }
  return new ImportLimitError(kind, {
    zh: `${fileName}：读取时导入进程意外退出（${detail}）。文件可能已损坏，请重新导出。`,
    en: `${fileName}: the import process stopped unexpectedly while reading (${detail}). The file may be damaged; export it again.`,
  });
}

function workerHandle(workerPath: string, options: EngineOptions, limits: WorkerLimits, fileNames: readonly string[]): EngineHandle {
  const worker = new Worker(workerPath, {
    workerData: options,
    // 16 MB young generation: a sheet's rows die young; 64 MB kept ~50 MB more of them resident at 1M rows
    resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 16 },
  });
  worker.unref();
  let fileIndex = 0;
  let received: StagedFile[] = [];
  const fileName = (): string => fileNames[fileIndex] ?? fileNames[0] ?? 'import';
  let pending: { resolve: (f: StagedFile[]) => void; reject: (e: Error) => void; onProgress: (m: Extract<WorkerMessage, { type: 'progress' }>) => void; timer: NodeJS.Timeout } | null = null;
  const settle = (): typeof pending => {
    const p = pending;
    pending = null;
    if (p) clearTimeout(p.timer);
    return p;
  };
  worker.on('message', (m: WorkerMessage) => {
    if (!pending) return;
    if (m.type === 'progress') {
      fileIndex = m.fileIndex;
      pending.onProgress(m);
    } else if (m.type === 'result') {
      // a result the worker sent before comes as KEPT: ours is the one it moved to us
      const files = (m.files as (Omit<StagedFile, 'result'> & { result: StagedFile['result'] | typeof KEPT })[]).map((f, i) =>
        f.result === KEPT ? { ...f, result: received[i]?.result ?? null } : (f as StagedFile),
      );
      received = files;
      settle()?.resolve(files);
    }
    else settle()?.reject(m.message === 'cancelled' ? new Cancelled() : new Error(m.message));
  });
  worker.on('error', (err) => {
    const code = (err as { code?: string }).code;
    settle()?.reject(code === 'ERR_WORKER_OUT_OF_MEMORY' ? limitError('memory', fileName(), limits) : limitError('crash', fileName(), limits, err.message));
  });
  worker.on('exit', () => {
    settle()?.reject(new Cancelled());
  });
  return {
    run: (req, onProgress) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const p = settle();
          void worker.terminate();
          p?.reject(limitError('time', fileName(), limits));
        }, limits.timeMs);
        timer.unref();
        pending = { resolve, reject, onProgress, timer };
        worker.postMessage(req, req.type === 'stage' ? req.inputs.map((i) => i.bytes.buffer as ArrayBuffer) : []);
      }),
    cancel: () => void worker.terminate(),
    release: async () => {
      await worker.terminate();
    },
  };
}

function inProcessHandle(options: EngineOptions): EngineHandle {
  let engine: ImportEngine | null = new ImportEngine(options);
  return {
    run: async (req, onProgress) => {
      await new Promise((r) => setImmediate(r));
      if (!engine) throw new Cancelled();
      const progress = (phase: 'read' | 'normalise', fileIndex: number, done: number, total: number) => onProgress({ type: 'progress', phase, fileIndex, done, total });
      return req.type === 'stage' ? engine.stageAsync(req.inputs, progress) : engine.updateAsync(req.fileIndex, req.choice, progress);
    },
    cancel: () => engine?.cancel(),
    release: async () => {
      engine = null;
    },
  };
}

/** What a released session answers to anything that would change or commit it: its files must be imported again. */
export const RELEASED_SESSION_TEXT: LocalText = {
  zh: '这次导入在提交时已释放（提交没有完成），不能再修改或提交：请重新导入文件。',
  en: 'This import was released for its commit (which did not finish) and can no longer be changed or committed: import the file again.',
};

/** An update or commit of a session released by its commit. */
export class ImportSessionReleased extends Error {
  readonly text = RELEASED_SESSION_TEXT;
  constructor() {
    super(RELEASED_SESSION_TEXT.en);
  }
}

export class ImportSession {
  state: ImportSessionView['state'] = 'working';
  progress: ImportSessionView['progress'] = { phase: 'read', fileIndex: 0, done: 0, total: 1 };
  files: StagedFile[] = [];
  error: LocalText | null = null;
  private busy: Promise<unknown> = Promise.resolve();

  constructor(
    readonly id: string,
    readonly workspaceId: string,
    private readonly engine: EngineHandle,
  ) {}

  private run(req: WorkerRequest): Promise<void> {
    this.state = 'working';
    const job = this.engine
      .run(req, (m) => {
        this.progress = { phase: m.phase, fileIndex: m.fileIndex, done: m.done, total: m.total };
      })
      .then(
        (files) => {
          this.files = files;
          this.state = 'ready';
        },
        (err: unknown) => {
          if (err instanceof Cancelled) {
            this.state = 'cancelled';
          } else if (err instanceof ImportLimitError) {
            this.state = 'failed';
            this.error = err.text;
          } else {
            this.state = 'failed';
            const message = err instanceof Error ? err.message : String(err);
            this.error = { zh: `导入处理失败：${message}`, en: `Import failed: ${message}` };
          }
        },
      );
    this.busy = job;
    return job;
  }

  start(inputs: StageInput[]): Promise<void> {
    return this.run({ type: 'stage', inputs });
  }

  async update(fileIndex: number, choice: FileChoice): Promise<void> {
    await this.busy;
    // released by a commit that then failed: its engine and files are gone, so an update cannot be applied
    if (this.released) throw new ImportSessionReleased();
    if (this.state !== 'ready') return;
    await this.run({ type: 'update', fileIndex, choice });
  }

  /** Resolves once the current work is done (for the CLI and tests). */
  async settled(): Promise<void> {
    await this.busy;
  }

  cancel(): void {
    this.engine.cancel();
    if (this.state === 'working') this.state = 'cancelled';
  }

  private released = false;

  /** the commit took the staged data and dropped the engine: nothing more can be done with this session */
  get isReleased(): boolean {
    return this.released;
  }

  /** Drops the engine before the commit writes (its worker's heap and the files' bytes are not needed any more). */
  async release(): Promise<void> {
    this.released = true;
    await this.engine.release();
  }

  allProblems(): ImportProblem[] {
    const out: ImportProblem[] = [];
    for (const f of this.files) {
      if (f.readError) {
        out.push({ severity: 'error', code: f.readError.code, file: f.fileName, sheet: '', row: null, column: null, header: null, value: null, message: f.readError.message });
      }
      for (const w of f.readWarnings) out.push({ severity: 'warning', code: 'reader', file: f.fileName, sheet: '', row: null, column: null, header: null, value: null, message: w });
      for (const p of f.result?.problems ?? []) out.push(p);
    }
    return out;
  }

  /**
   * The records to import. Billing or member rows for a group that neither the
   * workspace nor a staged master knows create a minimal group (code and name),
   * so a billing-only import still counts its groups; the master fills the rest later.
   * Survey answers create no group (an unknown code is kept on the answer, with a warning).
   */
  staged(current: Portfolio): {
    groups: Portfolio['groups'];
    factColumns: FactColumns;
    memberSnapshots: NonNullable<Portfolio['memberSnapshots']>;
    keyPersons: NonNullable<Portfolio['keyPersons']>;
    surveyResponses: NonNullable<Portfolio['surveyResponses']>;
  } {
    const groups: Portfolio['groups'] = [];
    let factColumns: FactColumns | null = null;
    const memberSnapshots: NonNullable<Portfolio['memberSnapshots']> = [];
    const keyPersons: NonNullable<Portfolio['keyPersons']> = [];
    const surveyResponses: NonNullable<Portfolio['surveyResponses']> = [];
    const names = new Map<string, string>();
    for (const f of this.files) {
      if (!f.result) continue;
      if (f.kind === 'groupMaster') for (const g of f.result.groups) groups.push(g);
      else if (f.kind === 'monthlyBilling') factColumns = factColumns ? concatFactColumns(factColumns, f.result.factColumns) : f.result.factColumns;
      else if (f.kind === 'keyPersons') for (const k of f.result.keyPersons) keyPersons.push(k);
      else if (f.kind === 'survey') for (const a of f.result.surveyResponses) surveyResponses.push(a);
      else for (const m of f.result.members) memberSnapshots.push(m);
      if (f.kind !== 'groupMaster') for (const n of f.result.groupNames) if (!names.has(n.groupCode)) names.set(n.groupCode, n.groupName);
    }
    const facts = factColumns ?? emptyFactColumns();
    const known = new Set<string>();
    for (const g of current.groups) known.add(g.groupCode);
    for (const g of groups) known.add(g.groupCode);
    // the facts' codes from their dictionary (in order of first appearance), not per fact
    const addMinimal = (code: string): void => {
      if (known.has(code)) return;
      known.add(code);
      groups.push(minimalGroup(code, names.get(code) ?? code));
    };
    for (const code of facts.codes) addMinimal(code);
    for (const m of memberSnapshots) addMinimal(m.groupCode);
    for (const k of keyPersons) addMinimal(k.groupCode);
    return { groups, factColumns: facts, memberSnapshots, keyPersons, surveyResponses };
  }

  plan(current: Portfolio, settings: AnalyticsSettings = DEFAULT_SETTINGS): ImportPlan | null {
    if (this.state !== 'ready' && this.state !== 'committed') return null;
    const staged = this.staged(current);
    const p = planImport(current, staged, todayIso());
    const skippedRows = this.files.reduce((s, f) => s + (f.result ? f.result.stats.skippedBlank + f.result.stats.skippedTotal + f.result.stats.skippedErrors : 0), 0);
    return {
      newGroups: p.newGroups,
      changedGroups: p.changedGroups,
      unchangedGroups: p.unchangedGroups,
      newPeriods: p.newPeriods,
      replacedPeriods: p.replacedPeriods,
      factRows: p.factRows,
      memberRows: p.memberRows,
      keyPersonRows: p.keyPersonRows,
      keyPersonChanges: p.keyPersonChanges,
      surveyRows: p.surveyRows,
      replacedSurveyRows: p.replacedSurveyRows,
      skippedRows,
      incompletePeriods: this.incomplete(current, staged, settings),
    };
  }

  private incompleteCache: { current: Portfolio; key: string; value: IncompleteImportPeriod[] } | null = null;

  /** the staged months that will look incomplete (computed once per staged data: the status is polled) */
  private incomplete(current: Portfolio, staged: StagedImport, settings: AnalyticsSettings): IncompleteImportPeriod[] {
    const facts = staged.facts ?? [];
    let revenue = 0;
    for (const f of facts) revenue += f.totalRevenue;
    const key = `${facts.length}:${revenue}:${(staged.groups ?? []).length}:${JSON.stringify(settings.completeness)}`;
    if (this.incompleteCache?.current !== current || this.incompleteCache.key !== key) {
      this.incompleteCache = { current, key, value: incompleteAfterImport(current, staged, settings) };
    }
    return this.incompleteCache.value;
  }

  view(current: Portfolio, settings: AnalyticsSettings = DEFAULT_SETTINGS): ImportSessionView {
    const problems = this.allProblems();
    const files: StagedFileView[] = this.files.map((f) => {
        return {
        fileName: f.fileName,
        readError: f.readError,
        readWarnings: f.readWarnings,
        format: f.format,
        encoding: f.encoding,
        sheets: f.sheets,
        sheetIndex: f.sheetIndex,
        detection: f.detection,
        kind: f.kind,
        kindSuggestion: f.kindSuggestion,
        mapping: f.mapping,
        templateApplied: f.templateApplied,
        stats: f.result?.stats ?? { dataRows: 0, imported: 0, skippedBlank: 0, skippedTotal: 0, skippedErrors: 0, duplicatesCollapsed: 0 },
        errors: (f.result?.errorCount ?? 0) + (f.readError ? 1 : 0),
        warnings: (f.result?.warningCount ?? 0) + f.readWarnings.length,
        preview: previewView(f),
      };
    });
    return {
      id: this.id,
      state: this.state,
      progress: this.progress,
      files,
      plan: this.plan(current, settings),
      problems: problems.slice(0, MAX_PROBLEMS_SHOWN),
      problemTotals: {
        errors: files.reduce((s, f) => s + f.errors, 0),
        warnings: files.reduce((s, f) => s + f.warnings, 0),
        shown: Math.min(problems.length, MAX_PROBLEMS_SHOWN),
      },
      error: this.error,
    };
  }

  /** Templates to remember after a confirmed import, keyed by header signature. */
  templates(existing: readonly MappingTemplate[], now: string): MappingTemplate[] {
    const out = existing.filter((t) => !this.files.some((f) => f.detection && headerSignature(f.detection.headers) === t.signature));
    for (const f of this.files) {
      if (!f.detection || !f.result || f.readError) continue;
      const signature = headerSignature(f.detection.headers);
      const old = existing.find((t) => t.signature === signature);
      out.push({
        signature,
        name: old?.name ?? f.fileName.replace(/\.[^.]+$/, ''),
        kind: f.kind,
        headers: f.detection.headers,
        columns: f.mapping.map((m) => ({ header: m.header, field: m.field, unit: m.unit })),
        createdAt: old?.createdAt ?? now,
        usedAt: now,
      });
    }
    return out;
  }
}

export interface ImportServiceOptions {
  /** path of the bundled worker; null runs imports in-process (unit tests) */
  workerPath: string | null;
  /** time and heap per run; default from the input size (defaultWorkerLimits) */
  limits?: (inputBytes: number) => WorkerLimits;
}

export class ImportService {
  private readonly sessions = new Map<string, ImportSession>();

  constructor(private readonly options: ImportServiceOptions) {}

  start(workspace: OpenWorkspace, inputs: StageInput[], kind?: ImportKind): ImportSession {
    const options: EngineOptions = {
      templates: workspace.templates,
      knownGroupCodes: workspace.portfolio.groups.map((g) => g.groupCode),
      ...(kind ? { forcedKind: kind } : {}),
    };
    const useWorker = this.options.workerPath !== null && fs.existsSync(this.options.workerPath);
    let inputBytes = 0;
    for (const i of inputs) inputBytes += i.bytes.length;
    const limits = (this.options.limits ?? defaultWorkerLimits)(inputBytes);
    const engine =
      useWorker && this.options.workerPath
        ? workerHandle(this.options.workerPath, options, limits, inputs.map((i) => i.fileName))
        : inProcessHandle(options);
    const session = new ImportSession(randomBytes(12).toString('base64url'), workspace.id, engine);
    this.sessions.set(session.id, session);
    // Keep only a few sessions: each holds parsed workbooks in memory.
    for (const [id, s] of this.sessions) {
      if (this.sessions.size <= 4) break;
      if (s !== session) {
        s.cancel();
        this.sessions.delete(id);
      }
    }
    void session.start(inputs);
    return session;
  }

  get(id: string): ImportSession | undefined {
    return this.sessions.get(id);
  }

  drop(id: string): void {
    const s = this.sessions.get(id);
    s?.cancel();
    this.sessions.delete(id);
  }

  async commit(workspace: OpenWorkspace, session: ImportSession): Promise<ImportPlan> {
    // a second commit of a released session would apply staged columns already consumed by the first
    if (session.isReleased) throw new ImportSessionReleased();
    const plan = session.plan(workspace.portfolio);
    if (!plan) throw new Error('import session is not ready');
    // the staged columns are ours already (moved from the worker): the worker (its heap, the files'
    // bytes) goes before the facts are sorted and the tables encoded, so their peaks do not add up
    await session.release();
    // the session is dropped once committed: its staged facts are sorted where they lie, not copied
    const next = applyImport(workspace.portfolio, session.staged(workspace.portfolio), todayIso(), { consumeStaged: true });
    const now = new Date().toISOString();
    const summary = `+${plan.newGroups} groups, ${plan.changedGroups} changed; periods new ${plan.newPeriods.join(',') || '-'}, replaced ${plan.replacedPeriods.join(',') || '-'}; ${plan.keyPersonRows ? `${plan.keyPersonRows} key persons (${plan.keyPersonChanges} changed); ` : ''}${plan.surveyRows ? `${plan.surveyRows} survey answers; ` : ''}${plan.skippedRows} rows skipped`;
    try {
      await workspace.commitData(next, { files: session.files.map((f) => f.fileName), summary }, session.templates(workspace.templates, now));
    } catch (err) {
      // the staged data is consumed and the engine gone: the session says so and how to go on
      session.state = 'failed';
      session.error = RELEASED_SESSION_TEXT;
      throw err;
    }
    session.state = 'committed';
    this.drop(session.id);
    return plan;
  }
}
