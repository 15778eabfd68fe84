/**
 * A workspace is a folder:
 *   workspace.json            lowdb document for small, mutable things (name, UI state,
 *                             mapping templates, import log) and the pointer to the tables
 *   tables/<generation>/      the bulk tables: groups.json, facts.json, members.json
 * Data changes write a NEW generation folder, then switch the pointer in
 * workspace.json with one atomic rename: that rename is the commit point, so a
 * crash leaves either the old or the new data, and the previous generation is
 * kept for "undo last import". A page switch or a note never rewrites the tables.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Low } from 'lowdb';
import { PageSchema, type Page, type WorkspaceInfo } from '../../../shared/api/contract';
import type { Group, MemberSnapshot, MonthlyFact, Portfolio } from '../../../shared/model/portfolio';
import { writeFileAtomic } from './atomicWrite';
import { openJsonDocument } from './jsonDocument';

export const WORKSPACE_FORMAT_VERSION = 1;
export const DOC_FILE = 'workspace.json';
export const TABLES_DIR = 'tables';
export const GROUPS_FILE = 'groups.json';
export const FACTS_FILE = 'facts.json';
export const MEMBERS_FILE = 'members.json';

const MappingTemplateSchema = z.object({
  signature: z.string(),
  name: z.string(),
  kind: z.enum(['groupMaster', 'monthlyBilling', 'memberSnapshot']),
  headers: z.array(z.string()),
  columns: z.array(z.object({ header: z.string(), field: z.string().nullable(), unit: z.enum(['yuan', 'qianYuan', 'wanYuan']).nullable() })),
  createdAt: z.string(),
  usedAt: z.string(),
});
export type MappingTemplate = z.infer<typeof MappingTemplateSchema>;

const ImportLogEntrySchema = z.object({
  at: z.string(),
  files: z.array(z.string()),
  summary: z.string(),
  generation: z.string(),
});
export type ImportLogEntry = z.infer<typeof ImportLogEntrySchema>;

const WorkspaceDocSchema = z.object({
  formatVersion: z.number().int(),
  name: z.string(),
  branchName: z.string().nullable(),
  source: z.enum(['demo', 'import', 'empty']),
  createdAt: z.string(),
  modifiedAt: z.string(),
  ui: z.object({ page: PageSchema }),
  stats: z.object({
    groupCount: z.number().int(),
    factCount: z.number().int(),
    firstPeriod: z.string().nullable(),
    lastPeriod: z.string().nullable(),
  }),
  tables: z.object({ current: z.string().regex(/^g\d{6}$/), previous: z.string().regex(/^g\d{6}$/).nullable() }),
  templates: z.array(MappingTemplateSchema),
  importLog: z.array(ImportLogEntrySchema),
  /** analysis settings as stored (validated and migrated by shared/analytics parseSettings on use) */
  settings: z.unknown().optional(),
});
export type WorkspaceDoc = z.infer<typeof WorkspaceDocSchema>;

export class WorkspaceError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'WorkspaceError';
  }
}

function statsOf(portfolio: Portfolio): WorkspaceDoc['stats'] {
  let first: string | null = null;
  let last: string | null = null;
  for (const f of portfolio.facts) {
    if (first === null || f.period < first) first = f.period;
    if (last === null || f.period > last) last = f.period;
  }
  return { groupCount: portfolio.groups.length, factCount: portfolio.facts.length, firstPeriod: first, lastPeriod: last };
}

function generationName(n: number): string {
  return `g${String(n).padStart(6, '0')}`;
}

async function writeTables(dir: string, generation: string, portfolio: Portfolio): Promise<void> {
  const tableDir = path.join(dir, TABLES_DIR, generation);
  await fs.mkdir(tableDir, { recursive: true });
  await writeFileAtomic(path.join(tableDir, GROUPS_FILE), JSON.stringify(portfolio.groups));
  await writeFileAtomic(path.join(tableDir, FACTS_FILE), JSON.stringify(portfolio.facts));
  await writeFileAtomic(path.join(tableDir, MEMBERS_FILE), JSON.stringify(portfolio.memberSnapshots ?? []));
}

export interface NewWorkspace {
  name: string;
  branchName: string | null;
  source: WorkspaceDoc['source'];
  portfolio: Portfolio;
  page?: Page;
}

export async function createWorkspace(dir: string, init: NewWorkspace, now: Date = new Date()): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const generation = generationName(1);
  // Tables first, the document last: a folder without workspace.json is not yet a workspace.
  await writeTables(dir, generation, init.portfolio);
  const doc: WorkspaceDoc = {
    formatVersion: WORKSPACE_FORMAT_VERSION,
    name: init.name,
    branchName: init.branchName,
    source: init.source,
    createdAt: now.toISOString(),
    modifiedAt: now.toISOString(),
    ui: { page: init.page ?? 'overview' },
    stats: statsOf(init.portfolio),
    tables: { current: generation, previous: null },
    templates: [],
    importLog: [],
  };
  await writeFileAtomic(path.join(dir, DOC_FILE), JSON.stringify(doc, null, 2));
}

export async function isWorkspace(dir: string): Promise<boolean> {
  try {
    await fs.access(path.join(dir, DOC_FILE));
    return true;
  } catch {
    return false;
  }
}

async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new WorkspaceError(file, `cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new WorkspaceError(file, `${file} is damaged (not valid JSON)`);
  }
}

export async function readWorkspaceDoc(dir: string): Promise<WorkspaceDoc> {
  const file = path.join(dir, DOC_FILE);
  const parsed = WorkspaceDocSchema.safeParse(await readJsonFile(file));
  if (!parsed.success) throw new WorkspaceError(file, `${file} is damaged: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

async function readTables(dir: string, generation: string): Promise<Portfolio> {
  const tableDir = path.join(dir, TABLES_DIR, generation);
  const groups = await readJsonFile(path.join(tableDir, GROUPS_FILE));
  const facts = await readJsonFile(path.join(tableDir, FACTS_FILE));
  const members = await readJsonFile(path.join(tableDir, MEMBERS_FILE));
  if (!Array.isArray(groups)) throw new WorkspaceError(path.join(tableDir, GROUPS_FILE), `${GROUPS_FILE} is damaged`);
  if (!Array.isArray(facts)) throw new WorkspaceError(path.join(tableDir, FACTS_FILE), `${FACTS_FILE} is damaged`);
  if (!Array.isArray(members)) throw new WorkspaceError(path.join(tableDir, MEMBERS_FILE), `${MEMBERS_FILE} is damaged`);
  return { groups: groups as Group[], facts: facts as MonthlyFact[], memberSnapshots: members as MemberSnapshot[] };
}

export function workspaceInfo(id: string, dir: string, doc: WorkspaceDoc): WorkspaceInfo {
  const lastImport = doc.importLog[doc.importLog.length - 1];
  return {
    id,
    name: doc.name,
    path: dir,
    createdAt: doc.createdAt,
    modifiedAt: doc.modifiedAt,
    groupCount: doc.stats.groupCount,
    factCount: doc.stats.factCount,
    firstPeriod: doc.stats.firstPeriod,
    lastPeriod: doc.stats.lastPeriod,
    page: doc.ui.page,
    canUndoImport: doc.tables.previous !== null && lastImport?.generation === doc.tables.current,
  };
}

export class OpenWorkspace {
  private constructor(
    readonly id: string,
    readonly dir: string,
    private readonly doc: Low<WorkspaceDoc>,
    private current: Portfolio,
  ) {}

  static async open(id: string, dir: string): Promise<OpenWorkspace> {
    const data = await readWorkspaceDoc(dir);
    const portfolio = await readTables(dir, data.tables.current);
    const doc = await openJsonDocument<WorkspaceDoc>(path.join(dir, DOC_FILE), data);
    return new OpenWorkspace(id, dir, doc, portfolio);
  }

  get portfolio(): Portfolio {
    return this.current;
  }

  get templates(): readonly MappingTemplate[] {
    return this.doc.data.templates;
  }

  info(): WorkspaceInfo {
    return workspaceInfo(this.id, this.dir, this.doc.data);
  }

  private touch(): void {
    this.doc.data.modifiedAt = new Date().toISOString();
  }

  async setPage(page: Page): Promise<void> {
    if (this.doc.data.ui.page === page) return;
    this.doc.data.ui.page = page;
    this.touch();
    await this.doc.write();
  }

  /**
   * Replaces the data with `portfolio` as one atomic step (new table generation,
   * then the pointer switch), remembering the previous generation for undo.
   */
  async commitData(portfolio: Portfolio, log: Omit<ImportLogEntry, 'generation' | 'at'>, templates?: MappingTemplate[]): Promise<void> {
    const existing = await fs.readdir(path.join(this.dir, TABLES_DIR)).catch(() => [] as string[]);
    const highest = Math.max(0, ...existing.map((n) => Number(/^g(\d{6})$/.exec(n)?.[1] ?? 0)));
    const generation = generationName(highest + 1);
    await writeTables(this.dir, generation, portfolio);
    const before = this.doc.data;
    const next: WorkspaceDoc = {
      ...before,
      source: before.source === 'empty' ? 'import' : before.source,
      modifiedAt: new Date().toISOString(),
      stats: statsOf(portfolio),
      tables: { current: generation, previous: before.tables.current },
      templates: templates ?? before.templates,
      importLog: [...before.importLog, { ...log, at: new Date().toISOString(), generation }].slice(-50),
    };
    this.doc.data = next;
    try {
      await this.doc.write();
    } catch (err) {
      this.doc.data = before; // the pointer did not move: nothing changed
      throw err;
    }
    this.current = portfolio;
    await this.pruneGenerations();
  }

  /** Restores the data as it was before the last import. */
  async undoLastImport(): Promise<boolean> {
    const before = this.doc.data;
    const previous = before.tables.previous;
    const last = before.importLog[before.importLog.length - 1];
    if (previous === null || last?.generation !== before.tables.current) return false;
    const portfolio = await readTables(this.dir, previous);
    this.doc.data = {
      ...before,
      modifiedAt: new Date().toISOString(),
      stats: statsOf(portfolio),
      tables: { current: previous, previous: null },
      importLog: before.importLog.slice(0, -1),
    };
    try {
      await this.doc.write();
    } catch (err) {
      this.doc.data = before;
      throw err;
    }
    this.current = portfolio;
    await this.pruneGenerations();
    return true;
  }

  /** The stored analysis settings, raw (the caller validates them). */
  get rawSettings(): unknown {
    return this.doc.data.settings;
  }

  async saveSettings(settings: unknown): Promise<void> {
    this.doc.data.settings = settings;
    this.touch();
    await this.doc.write();
  }

  async saveTemplates(templates: MappingTemplate[]): Promise<void> {
    this.doc.data.templates = templates;
    this.touch();
    await this.doc.write();
  }

  /** Removes table generations that neither the current nor the undo pointer names. */
  private async pruneGenerations(): Promise<void> {
    const keep = new Set([this.doc.data.tables.current, this.doc.data.tables.previous]);
    const root = path.join(this.dir, TABLES_DIR);
    for (const name of await fs.readdir(root).catch(() => [] as string[])) {
      if (/^g\d{6}$/.test(name) && !keep.has(name)) await fs.rm(path.join(root, name), { recursive: true, force: true }).catch(() => undefined);
    }
  }
}
