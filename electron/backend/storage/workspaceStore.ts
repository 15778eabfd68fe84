/**
 * A workspace is a folder: `workspace.json` (a lowdb document for small,
 * mutable things) beside the bulk tables `groups.json` and `facts.json`,
 * which are written only when the data itself changes — a page switch or a
 * note never rewrites them.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Low } from 'lowdb';
import { PageSchema, type Page, type WorkspaceInfo } from '../../../shared/api/contract';
import type { Group, MonthlyFact, Portfolio } from '../../../shared/model/portfolio';
import { writeFileAtomic } from './atomicWrite';
import { openJsonDocument } from './jsonDocument';

export const WORKSPACE_FORMAT_VERSION = 1;
export const DOC_FILE = 'workspace.json';
export const GROUPS_FILE = 'groups.json';
export const FACTS_FILE = 'facts.json';

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

export interface NewWorkspace {
  name: string;
  branchName: string | null;
  source: WorkspaceDoc['source'];
  portfolio: Portfolio;
  page?: Page;
}

export async function createWorkspace(dir: string, init: NewWorkspace, now: Date = new Date()): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  // Bulk tables first, the document last: a folder without workspace.json is not yet a workspace.
  await writeFileAtomic(path.join(dir, GROUPS_FILE), JSON.stringify(init.portfolio.groups));
  await writeFileAtomic(path.join(dir, FACTS_FILE), JSON.stringify(init.portfolio.facts));
  const doc: WorkspaceDoc = {
    formatVersion: WORKSPACE_FORMAT_VERSION,
    name: init.name,
    branchName: init.branchName,
    source: init.source,
    createdAt: now.toISOString(),
    modifiedAt: now.toISOString(),
    ui: { page: init.page ?? 'overview' },
    stats: statsOf(init.portfolio),
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

export function workspaceInfo(id: string, dir: string, doc: WorkspaceDoc): WorkspaceInfo {
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
  };
}

export class OpenWorkspace {
  private constructor(
    readonly id: string,
    readonly dir: string,
    private readonly doc: Low<WorkspaceDoc>,
    readonly portfolio: Portfolio,
  ) {}

  static async open(id: string, dir: string): Promise<OpenWorkspace> {
    const data = await readWorkspaceDoc(dir);
    const groups = await readJsonFile(path.join(dir, GROUPS_FILE));
    const facts = await readJsonFile(path.join(dir, FACTS_FILE));
    if (!Array.isArray(groups)) throw new WorkspaceError(path.join(dir, GROUPS_FILE), `${GROUPS_FILE} is damaged`);
    if (!Array.isArray(facts)) throw new WorkspaceError(path.join(dir, FACTS_FILE), `${FACTS_FILE} is damaged`);
    const doc = await openJsonDocument<WorkspaceDoc>(path.join(dir, DOC_FILE), data);
    return new OpenWorkspace(id, dir, doc, { groups: groups as Group[], facts: facts as MonthlyFact[] });
  }

  info(): WorkspaceInfo {
    return workspaceInfo(this.id, this.dir, this.doc.data);
  }

  async setPage(page: Page): Promise<void> {
    if (this.doc.data.ui.page === page) return;
    this.doc.data.ui.page = page;
    this.doc.data.modifiedAt = new Date().toISOString();
    await this.doc.write();
  }
}
