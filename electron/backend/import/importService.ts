/**
 * Import sessions: staged work that changes nothing in the workspace until the
 * user confirms. Reading and normalising run in a worker thread (when the
 * bundle exists), report progress and can be cancelled.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { LocalText } from '../../../shared/api/contract';
import type { ImportPlan, ImportSessionView, StagedFileView } from '../../../shared/api/importContract';
import { applyImport, headerSignature, planImport } from '../../../shared/import';
import type { ImportKind, ImportProblem } from '../../../shared/import/types';
import { minimalGroup, type Portfolio } from '../../../shared/model/portfolio';
import type { MappingTemplate, OpenWorkspace } from '../storage/workspaceStore';
import { Cancelled, ImportEngine, type EngineOptions, type FileChoice, type StagedFile, type StageInput } from './engine';
import type { WorkerMessage, WorkerRequest } from './importWorker';
import { previewView } from './previewView';

const MAX_PROBLEMS_SHOWN = 1000;

interface EngineHandle {
  run(req: WorkerRequest, onProgress: (m: Extract<WorkerMessage, { type: 'progress' }>) => void): Promise<StagedFile[]>;
  cancel(): void;
}

function workerHandle(workerPath: string, options: EngineOptions): EngineHandle {
  const worker = new Worker(workerPath, { workerData: options });
  worker.unref();
  let pending: { resolve: (f: StagedFile[]) => void; reject: (e: Error) => void; onProgress: (m: Extract<WorkerMessage, { type: 'progress' }>) => void } | null = null;
  worker.on('message', (m: WorkerMessage) => {
    if (!pending) return;
    if (m.type === 'progress') pending.onProgress(m);
    else if (m.type === 'result') {
      pending.resolve(m.files as StagedFile[]);
      pending = null;
    } else {
      pending.reject(m.message === 'cancelled' ? new Cancelled() : new Error(m.message));
      pending = null;
    }
  });
  worker.on('error', (err) => {
    pending?.reject(err);
    pending = null;
  });
  worker.on('exit', () => {
    pending?.reject(new Cancelled());
    pending = null;
  });
  return {
    run: (req, onProgress) =>
      new Promise((resolve, reject) => {
        pending = { resolve, reject, onProgress };
        worker.postMessage(req, req.type === 'stage' ? req.inputs.map((i) => i.bytes.buffer as ArrayBuffer) : []);
      }),
    cancel: () => void worker.terminate(),
  };
}

function inProcessHandle(options: EngineOptions): EngineHandle {
  const engine = new ImportEngine(options);
  return {
    run: async (req, onProgress) => {
      await new Promise((r) => setImmediate(r));
      const progress = (phase: 'read' | 'normalise', fileIndex: number, done: number, total: number) => onProgress({ type: 'progress', phase, fileIndex, done, total });
      return req.type === 'stage' ? engine.stage(req.inputs, progress) : engine.update(req.fileIndex, req.choice, progress);
    },
    cancel: () => engine.cancel(),
  };
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
   */
  staged(current: Portfolio): { groups: Portfolio['groups']; facts: Portfolio['facts']; memberSnapshots: NonNullable<Portfolio['memberSnapshots']> } {
    const groups: Portfolio['groups'] = [];
    const facts: Portfolio['facts'] = [];
    const memberSnapshots: NonNullable<Portfolio['memberSnapshots']> = [];
    const names = new Map<string, string>();
    for (const f of this.files) {
      if (!f.result) continue;
      if (f.kind === 'groupMaster') for (const g of f.result.groups) groups.push(g);
      else if (f.kind === 'monthlyBilling') for (const x of f.result.facts) facts.push(x);
      else for (const m of f.result.members) memberSnapshots.push(m);
      if (f.kind !== 'groupMaster') for (const n of f.result.groupNames) if (!names.has(n.groupCode)) names.set(n.groupCode, n.groupName);
    }
    const known = new Set([...current.groups.map((g) => g.groupCode), ...groups.map((g) => g.groupCode)]);
    const codes = [...facts.map((f) => f.groupCode), ...memberSnapshots.map((m) => m.groupCode)];
    for (const code of codes) {
      if (known.has(code)) continue;
      known.add(code);
      groups.push(minimalGroup(code, names.get(code) ?? code));
    }
    return { groups, facts, memberSnapshots };
  }

  plan(current: Portfolio): ImportPlan | null {
    if (this.state !== 'ready' && this.state !== 'committed') return null;
    const p = planImport(current, this.staged(current));
    const skippedRows = this.files.reduce((s, f) => s + (f.result ? f.result.stats.skippedBlank + f.result.stats.skippedTotal + f.result.stats.skippedErrors : 0), 0);
    return {
      newGroups: p.newGroups,
      changedGroups: p.changedGroups,
      unchangedGroups: p.unchangedGroups,
      newPeriods: p.newPeriods,
      replacedPeriods: p.replacedPeriods,
      factRows: p.factRows,
      memberRows: p.memberRows,
      skippedRows,
    };
  }

  view(current: Portfolio): ImportSessionView {
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
      plan: this.plan(current),
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
    const engine = useWorker && this.options.workerPath ? workerHandle(this.options.workerPath, options) : inProcessHandle(options);
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
    const plan = session.plan(workspace.portfolio);
    if (!plan) throw new Error('import session is not ready');
    const next = applyImport(workspace.portfolio, session.staged(workspace.portfolio));
    const now = new Date().toISOString();
    const summary = `+${plan.newGroups} groups, ${plan.changedGroups} changed; periods new ${plan.newPeriods.join(',') || '-'}, replaced ${plan.replacedPeriods.join(',') || '-'}; ${plan.skippedRows} rows skipped`;
    await workspace.commitData(next, { files: session.files.map((f) => f.fileName), summary }, session.templates(workspace.templates, now));
    session.state = 'committed';
    this.drop(session.id);
    return plan;
  }
}
