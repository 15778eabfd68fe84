/**
 * workspace.json: the lowdb document for the small, mutable things, and the commit point.
 * Format 2 adds `format`, `appVersion` and a trailing `checksum` (SHA-256 of the compact
 * JSON of every other field, in order), so a flipped bit or a half-edited file is caught.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Adapter } from 'lowdb';
import { PageSchema } from '../../../shared/api/contract';
import { IMPORT_KINDS } from '../../../shared/import/types';
import { readFileWithRetry, writeFileAtomic } from './atomicWrite';
import { WorkspaceError } from './errors';
import { WORKSPACE_FORMAT_VERSION } from './manifest';

export const DOC_FILE = 'workspace.json';
export const DOC_FORMAT = 'holdfast-workspace';

export const MappingTemplateSchema = z.object({
  signature: z.string(),
  name: z.string(),
  kind: z.enum(IMPORT_KINDS),
  headers: z.array(z.string()),
  columns: z.array(z.object({ header: z.string(), field: z.string().nullable(), unit: z.enum(['yuan', 'qianYuan', 'wanYuan']).nullable() })),
  createdAt: z.string(),
  usedAt: z.string(),
});
export type MappingTemplate = z.infer<typeof MappingTemplateSchema>;

export const ImportLogEntrySchema = z.object({
  at: z.string(),
  files: z.array(z.string()),
  summary: z.string(),
  generation: z.string(),
});
export type ImportLogEntry = z.infer<typeof ImportLogEntrySchema>;

const GenerationNameSchema = z.string().regex(/^g\d{6}$/);

/** The fields every format shares (format 1 had exactly these). */
export const DocBodyShape = {
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
  tables: z.object({ current: GenerationNameSchema, previous: GenerationNameSchema.nullable() }),
  templates: z.array(MappingTemplateSchema),
  importLog: z.array(ImportLogEntrySchema),
  /** analysis settings as stored (validated and migrated by shared/analytics parseSettings on use) */
  settings: z.unknown().optional(),
  /**
   * The small mutable documents of each feature (actions log, scenarios, scenario library edits,
   * review edits), stored as written and validated by the feature's own schema on use, so a
   * feature can evolve its shape without a workspace format change. See DOC_SECTIONS.
   */
  sections: z.record(z.string(), z.unknown()).optional(),
};

/** The named sections of workspace.json (OpenWorkspace.section / saveSection). */
export const DOC_SECTIONS = ['actions', 'scenarios', 'scenarioLibrary', 'review'] as const;
export type DocSection = (typeof DOC_SECTIONS)[number];

export const WorkspaceDocSchema = z.object({
  format: z.literal(DOC_FORMAT),
  ...DocBodyShape,
  /** the Holdfast version that last wrote the document */
  appVersion: z.string(),
});
export type WorkspaceDoc = z.infer<typeof WorkspaceDocSchema>;

/** A newer format may change anything; read what we understand, loosely, and only to show it. */
const NewerDocSchema = z.object({
  ...DocBodyShape,
  ui: z.object({ page: PageSchema.catch('overview') }).catch({ page: 'overview' }),
  templates: z.array(MappingTemplateSchema).catch([]),
  importLog: z.array(ImportLogEntrySchema).catch([]),
  sections: z.record(z.string(), z.unknown()).optional().catch(undefined),
  appVersion: z.string().catch('unknown'),
});

export function docChecksum(body: object): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

/** The text written to disk: the document with its checksum as the last field. */
export function serializeDoc(doc: WorkspaceDoc): string {
  const body = { ...doc } as Record<string, unknown>;
  delete body.checksum;
  return JSON.stringify({ ...body, checksum: docChecksum(body) }, null, 2);
}

/** lowdb adapter for workspace.json: atomic, durable writes with the checksum. */
export class WorkspaceDocFile implements Adapter<WorkspaceDoc> {
  constructor(readonly file: string) {}

  async read(): Promise<WorkspaceDoc | null> {
    try {
      return parseDocText(await fs.readFile(this.file, 'utf8'), this.file).doc;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async write(data: WorkspaceDoc): Promise<void> {
    await writeFileAtomic(this.file, serializeDoc(data));
  }
}

export interface RawDoc {
  file: string;
  raw: Record<string, unknown>;
  formatVersion: number;
}

/** Reads workspace.json as JSON and finds its format version; throws WorkspaceError naming it. */
export async function readRawDoc(dir: string): Promise<RawDoc> {
  const file = path.join(dir, DOC_FILE);
  let text: string;
  try {
    text = (await readFileWithRetry(file)).toString('utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new WorkspaceError(file, code === 'ENOENT' ? `${file} is missing` : `cannot read ${file}: ${(err as Error).message}`, code === 'ENOENT' ? 'damaged' : 'unreadable');
  }
  return rawDocFromText(text, file);
}

export function rawDocFromText(text: string, file: string): RawDoc {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new WorkspaceError(file, `${file} is damaged (not valid JSON${text.length === 0 ? ': empty' : ''})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new WorkspaceError(file, `${file} is damaged (not a workspace document)`);
  const formatVersion = (raw as { formatVersion?: unknown }).formatVersion;
  if (typeof formatVersion !== 'number' || !Number.isInteger(formatVersion) || formatVersion < 1) {
    throw new WorkspaceError(file, `${file} is damaged (no format version)`);
  }
  return { file, raw: raw as Record<string, unknown>, formatVersion };
}

/** Parses a document of the current format, checking its checksum. */
export function parseCurrentDoc({ raw, file }: RawDoc): WorkspaceDoc {
  const { checksum, ...body } = raw;
  if (typeof checksum !== 'string') throw new WorkspaceError(file, `${file} is damaged (no checksum)`);
  if (docChecksum(body) !== checksum) throw new WorkspaceError(file, `${file} is damaged: its checksum does not match (the file was changed or corrupted after it was saved)`);
  const parsed = WorkspaceDocSchema.safeParse(body);
  if (!parsed.success) throw new WorkspaceError(file, `${file} is damaged: ${issueText(parsed.error)}`);
  return parsed.data;
}

/** Parses what can be read of a document from a newer format (shown read-only). */
export function parseNewerDoc({ raw, file, formatVersion }: RawDoc): WorkspaceDoc {
  const parsed = NewerDocSchema.safeParse(raw);
  if (!parsed.success) {
    throw new WorkspaceError(file, `${file} was written by a newer Holdfast (format ${formatVersion}) that this version cannot read: update Holdfast`, 'newer-format');
  }
  return { ...parsed.data, format: DOC_FORMAT, formatVersion };
}

export function parseDocText(text: string, file: string): { doc: WorkspaceDoc; formatVersion: number } {
  const raw = rawDocFromText(text, file);
  if (raw.formatVersion > WORKSPACE_FORMAT_VERSION) return { doc: parseNewerDoc(raw), formatVersion: raw.formatVersion };
  return { doc: parseCurrentDoc(raw), formatVersion: raw.formatVersion };
}

export function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
}
