/**
 * Workspace format history and forward migrations.
 *
 *   format 1 (Holdfast 0.1.0): workspace.json without checksum; tables/gNNNNNN/ holds
 *            groups.json, facts.json, members.json (JSON arrays of row objects)
 *   format 2: workspace.json with format, appVersion and checksum; tables/gNNNNNN/ holds
 *            columnar .hft files and manifest.json; backups/ and workspace.lock beside them
 *
 * A migration has two halves: `upgradeDoc` turns the document of version v into v+1 in
 * memory (pure), and each version has a reader for its table generations. Opening an old
 * workspace that we may write reads its generations with the old reader, writes them anew
 * as current-format generations, and only then switches the pointer in workspace.json (the
 * one atomic commit); the old generation folders and document are kept under
 * backups/pre-migration-format-<v>-<time>/. A crash before the switch leaves the old format
 * in place to migrate again; opening read-only converts in memory and writes nothing.
 */
import path from 'node:path';
import type { Group, MemberSnapshot, MonthlyFact, Portfolio } from '../../../shared/model/portfolio';
import { readFileWithRetry } from './atomicWrite';
import { WorkspaceError } from './errors';
import { generationDir, readGeneration, WORKSPACE_FORMAT_VERSION } from './manifest';
import { DOC_FORMAT, issueText, parseCurrentDoc, WorkspaceDocSchema, type RawDoc, type WorkspaceDoc } from './workspaceDoc';
import { APP_VERSION } from '../version';

export const FORMAT1_FILES = { groups: 'groups.json', facts: 'facts.json', members: 'members.json' } as const;

/** version v → v + 1, on the document alone (the pointer names stay as they are). */
const DOC_UPGRADES: Record<number, (raw: Record<string, unknown>) => Record<string, unknown>> = {
  1: (raw) => ({ format: DOC_FORMAT, ...raw, formatVersion: 2, appVersion: APP_VERSION }),
};

/** How to read a table generation written in format v. */
export const GENERATION_READERS: Record<number, (dir: string, generation: string) => Promise<Portfolio>> = {
  1: readFormat1Generation,
  2: async (dir, generation) => (await readGeneration(dir, generation)).portfolio,
};

/** The document of an older format as a current-format document (in memory). */
export function upgradeDoc(doc: RawDoc): WorkspaceDoc {
  if (doc.formatVersion === WORKSPACE_FORMAT_VERSION) return parseCurrentDoc(doc);
  let raw = doc.raw;
  for (let v = doc.formatVersion; v < WORKSPACE_FORMAT_VERSION; v++) {
    const step = DOC_UPGRADES[v];
    if (!step) throw new WorkspaceError(doc.file, `${doc.file}: no migration from format ${v}`);
    raw = step(raw);
  }
  const parsed = WorkspaceDocSchema.safeParse(raw);
  if (!parsed.success) throw new WorkspaceError(doc.file, `${doc.file} is damaged: ${issueText(parsed.error)}`);
  return parsed.data;
}

async function readJsonArray(file: string): Promise<unknown[]> {
  let text: string;
  try {
    text = (await readFileWithRetry(file)).toString('utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new WorkspaceError(file, code === 'ENOENT' ? `${file} is missing` : `cannot read ${file}: ${(err as Error).message}`, code === 'ENOENT' ? 'damaged' : 'unreadable');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new WorkspaceError(file, `${file} is damaged (not valid JSON)`);
  }
  if (!Array.isArray(value)) throw new WorkspaceError(file, `${file} is damaged (not a table)`);
  return value;
}

/** Format 1 tables: three JSON arrays (what the format-1 code wrote, read the way it read them). */
export async function readFormat1Generation(dir: string, generation: string): Promise<Portfolio> {
  const folder = generationDir(dir, generation);
  const [groups, facts, members] = await Promise.all([
    readJsonArray(path.join(folder, FORMAT1_FILES.groups)),
    readJsonArray(path.join(folder, FORMAT1_FILES.facts)),
    readJsonArray(path.join(folder, FORMAT1_FILES.members)),
  ]);
  return { groups: groups as Group[], facts: facts as MonthlyFact[], memberSnapshots: members as MemberSnapshot[] };
}
