/**
 * A table generation: the folder `tables/gNNNNNN/` with one columnar file per table and
 * `manifest.json` describing them (format version, app version, creation time, and per
 * table its file, row count, byte size and SHA-256). The manifest is written last, so a
 * generation without a readable manifest is an unfinished write and is never pointed at.
 * A generation is never changed once written.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Portfolio } from '../../../shared/model/portfolio';
import { readFileWithRetry, writeFileAtomic } from './atomicWrite';
import { ColumnarError, storedChecksum, type EncodedTable } from './columnarTable';
import { WorkspaceError } from './errors';
import { columnarPortfolio } from '../../../shared/model/factColumns';
import { decodePortfolioTable, encodePortfolioTable, TABLE_FILES, TABLE_NAMES, type PortfolioTables, type TableName } from './portfolioTables';
import { APP_VERSION } from '../version';

export const TABLES_DIR = 'tables';
export const MANIFEST_FILE = 'manifest.json';
/** the workspace format this code writes (see migrations.ts for the history) */
export const WORKSPACE_FORMAT_VERSION = 2;

const TableEntrySchema = z.object({
  file: z.string().regex(/^[A-Za-z0-9_.-]+$/),
  rows: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type TableEntry = z.infer<typeof TableEntrySchema>;

export const GenerationManifestSchema = z.object({
  format: z.literal('holdfast-tables'),
  formatVersion: z.number().int(),
  appVersion: z.string(),
  createdAt: z.string(),
  tables: z.object({
    groups: TableEntrySchema,
    facts: TableEntrySchema,
    members: TableEntrySchema,
    keyPersons: TableEntrySchema.optional(),
    /** satisfaction survey answers (optional, like keyPersons) */
    survey: TableEntrySchema.optional(),
  }),
});
export type GenerationManifest = z.infer<typeof GenerationManifestSchema>;

export const GENERATION_RE = /^g(\d{6})$/;

export function generationName(n: number): string {
  return `g${String(n).padStart(6, '0')}`;
}

export function generationDir(dir: string, generation: string): string {
  return path.join(dir, TABLES_DIR, generation);
}

/** The next free generation name (one above every folder present, finished or not). */
export async function nextGeneration(dir: string, alsoAbove: readonly string[] = []): Promise<string> {
  const existing = await fs.readdir(path.join(dir, TABLES_DIR)).catch(() => [] as string[]);
  const highest = [...existing, ...alsoAbove].reduce((m, n) => Math.max(m, Number(GENERATION_RE.exec(n)?.[1] ?? 0)), 0);
  return generationName(highest + 1);
}

export interface WrittenGeneration {
  generation: string;
  manifest: GenerationManifest;
  /** the encoded files by table, for the backup store to copy from memory */
  files: Map<TableName, EncodedTable>;
}

/**
 * Encodes and writes every table, then the manifest. A table's write runs while the next
 * one is encoded; `alongside` (the backup store's copies) may write the same bytes at the
 * same time. Resolves when every write, theirs included, is done.
 */
export async function writeGeneration(
  dir: string,
  generation: string,
  portfolio: Portfolio,
  now: Date,
  alongside?: (table: TableName, encoded: EncodedTable) => Promise<unknown>,
): Promise<WrittenGeneration> {
  const folder = generationDir(dir, generation);
  await fs.mkdir(folder, { recursive: true });
  const files = new Map<TableName, EncodedTable>();
  const tables: Partial<Record<TableName, TableEntry>> = {};
  const writes: Promise<unknown>[] = [];
  let encodeError: unknown = null;
  try {
    for (const table of TABLE_NAMES) {
      const encoded = encodePortfolioTable(table, portfolio);
      if (!encoded) continue;
      writes.push(writeFileAtomic(path.join(folder, TABLE_FILES[table]), encoded.bytes));
      if (alongside) writes.push(alongside(table, encoded));
      files.set(table, encoded);
      tables[table] = { file: TABLE_FILES[table], rows: encoded.rows, bytes: encoded.bytes.length, sha256: encoded.sha256 };
    }
  } catch (err) {
    encodeError = err;
  }
  // Never leave a write running behind a failure (the caller removes the folder next).
  const settled = await Promise.allSettled(writes);
  if (encodeError !== null) throw encodeError;
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  const manifest: GenerationManifest = {
    format: 'holdfast-tables',
    formatVersion: WORKSPACE_FORMAT_VERSION,
    appVersion: APP_VERSION,
    createdAt: now.toISOString(),
    tables: tables as GenerationManifest['tables'],
  };
  await writeFileAtomic(path.join(folder, MANIFEST_FILE), JSON.stringify(manifest, null, 2));
  return { generation, manifest, files };
}

async function readBytes(file: string): Promise<Buffer> {
  try {
    return await readFileWithRetry(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new WorkspaceError(file, `${file} is missing`, 'damaged');
    throw new WorkspaceError(file, `cannot read ${file}: ${(err as Error).message}`, 'unreadable');
  }
}

export async function readManifest(file: string): Promise<GenerationManifest> {
  const text = (await readBytes(file)).toString('utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new WorkspaceError(file, `${file} is damaged (not valid JSON)`);
  }
  const parsed = GenerationManifestSchema.safeParse(raw);
  if (!parsed.success) throw new WorkspaceError(file, `${file} is damaged: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/**
 * Reads and checks one table file against its manifest entry: size, the checksum the
 * manifest recorded, and the file's own SHA-256; then decodes it.
 */
export function decodeCheckedTable<T extends TableName>(file: string, table: T, entry: TableEntry, bytes: Uint8Array): PortfolioTables[T] {
  const name = path.basename(file);
  if (bytes.byteLength !== entry.bytes) {
    throw new WorkspaceError(file, `${file} is damaged: ${bytes.byteLength < entry.bytes ? 'truncated' : 'longer than recorded'} (${bytes.byteLength} bytes, the manifest says ${entry.bytes})`);
  }
  const stored = storedChecksum(bytes);
  if (stored !== null && stored !== entry.sha256) throw new WorkspaceError(file, `${file} is damaged: its checksum does not match the manifest (${name} was replaced or changed)`);
  try {
    const rows = decodePortfolioTable(table, bytes);
    if (rows.length !== entry.rows) throw new WorkspaceError(file, `${file} is damaged: ${rows.length} rows, the manifest says ${entry.rows}`);
    return rows;
  } catch (err) {
    if (err instanceof WorkspaceError) throw err;
    if (err instanceof ColumnarError && err.kind === 'version') throw new WorkspaceError(file, `${file} was written by a newer Holdfast: ${err.message}`, 'newer-format');
    throw new WorkspaceError(file, `${file} is damaged: ${(err as Error).message}`);
  }
}

/** Reads a generation, verifying every file. Throws WorkspaceError naming the file at fault. */
export async function readGeneration(dir: string, generation: string): Promise<{ portfolio: Portfolio; manifest: GenerationManifest }> {
  const folder = generationDir(dir, generation);
  const manifest = await readManifest(path.join(folder, MANIFEST_FILE));
  const t = manifest.tables;
  const file = (e: TableEntry): string => path.join(folder, e.file);
  const [groupsBytes, factsBytes, membersBytes, keyBytes, surveyBytes] = await Promise.all([
    readBytes(file(t.groups)),
    readBytes(file(t.facts)),
    readBytes(file(t.members)),
    t.keyPersons ? readBytes(file(t.keyPersons)) : Promise.resolve(null),
    t.survey ? readBytes(file(t.survey)) : Promise.resolve(null),
  ]);
  // the facts stay columns: no object per fact (Portfolio.facts builds rows only if read)
  const portfolio: Portfolio = columnarPortfolio({
    groups: decodeCheckedTable(file(t.groups), 'groups', t.groups, groupsBytes),
    factColumns: decodeCheckedTable(file(t.facts), 'facts', t.facts, factsBytes),
    memberSnapshots: decodeCheckedTable(file(t.members), 'members', t.members, membersBytes),
  });
  if (t.keyPersons && keyBytes) portfolio.keyPersons = decodeCheckedTable(file(t.keyPersons), 'keyPersons', t.keyPersons, keyBytes);
  if (t.survey && surveyBytes) portfolio.surveyResponses = decodeCheckedTable(file(t.survey), 'survey', t.survey, surveyBytes);
  return { portfolio, manifest };
}
