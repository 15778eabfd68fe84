/**
 * One-file export of a workspace (`.holdfast`), to hand it to a colleague: a zip of
 *   holdfast-export.json        what this is: format "holdfast-export", version 1, time, app version, name
 *   workspace.json              the document as committed (no undo pointer), with its checksum
 *   tables/gNNNNNN/manifest.json and the .hft files of the current generation
 *   actions.json                only if the workspace still has an actions log of the old layout
 * Not included: the lock (it is the sender's), the undo generation, and the backups (the
 * sender's history, often larger than the data; the receiver's copy starts its own).
 *
 * Import checks everything in memory before anything is written: the document's checksum and
 * schema, the manifest, and every table file's size, manifest checksum and own checksum. A bad
 * file is refused with a message naming the entry. Then the workspace is assembled in a hidden
 * folder and renamed into place.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import JSZip from 'jszip';
import { z } from 'zod';
import { readFileWithRetry, writeFileAtomic } from './atomicWrite';
import { ACTIONS_FILE } from './actionsStore';
import { WorkspaceError } from './errors';
import { decodeCheckedTable, generationDir, GenerationManifestSchema, MANIFEST_FILE, TABLES_DIR, WORKSPACE_FORMAT_VERSION, type GenerationManifest } from './manifest';
import type { TableName } from './portfolioTables';
import { DOC_FILE, parseCurrentDoc, rawDocFromText, serializeDoc, type WorkspaceDoc } from './workspaceDoc';
import { freeFolder, folderNameFor } from './workspaceFiles';
import { APP_VERSION } from '../version';

export const HOLDFAST_EXTENSION = '.holdfast';
export const EXPORT_DESCRIPTOR = 'holdfast-export.json';
/** the most a .holdfast may unpack to (a zip bomb stops before it is inflated) */
export const MAX_UNPACKED_BYTES = 1536 * 1024 * 1024;

const DescriptorSchema = z.object({
  format: z.literal('holdfast-export'),
  version: z.literal(1),
  exportedAt: z.string(),
  appVersion: z.string(),
  name: z.string(),
});

/** A .holdfast that cannot be imported; `entry` is the file inside it at fault (null: the file itself). */
export class HoldfastFileError extends Error {
  constructor(
    readonly entry: string | null,
    readonly text: { zh: string; en: string },
  ) {
    super(text.en);
    this.name = 'HoldfastFileError';
  }
}

function bad(entry: string | null, zh: string, en: string): HoldfastFileError {
  return new HoldfastFileError(entry, { zh, en });
}

/** Builds the .holdfast bytes of a workspace whose committed document is `doc` (read while no save runs). */
export async function exportHoldfast(dir: string, doc: WorkspaceDoc, now: Date = new Date()): Promise<Uint8Array> {
  const zip = new JSZip();
  const gen = doc.tables.current;
  const folder = generationDir(dir, gen);
  const manifestBytes = await readFileWithRetry(path.join(folder, MANIFEST_FILE));
  const manifest = GenerationManifestSchema.parse(JSON.parse(manifestBytes.toString('utf8')));
  const descriptor: z.infer<typeof DescriptorSchema> = { format: 'holdfast-export', version: 1, exportedAt: now.toISOString(), appVersion: APP_VERSION, name: doc.name };
  zip.file(EXPORT_DESCRIPTOR, JSON.stringify(descriptor, null, 2));
  zip.file(DOC_FILE, serializeDoc({ ...doc, tables: { current: gen, previous: null } }));
  zip.file(`${TABLES_DIR}/${gen}/${MANIFEST_FILE}`, manifestBytes);
  for (const entry of Object.values(manifest.tables)) {
    // Stored, not deflated: the tables are already compact, and JSZip's deflate (plain JS) takes
    // ~18 s on a million facts for a file half the size (tests/bench/workspaceFile.bench.ts).
    if (entry) zip.file(`${TABLES_DIR}/${gen}/${entry.file}`, await readFileWithRetry(path.join(folder, entry.file)), { compression: 'STORE' });
  }
  const legacy = await fs.readFile(path.join(dir, ACTIONS_FILE)).catch(() => null);
  if (legacy) zip.file(ACTIONS_FILE, legacy);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}

interface CheckedExport {
  descriptor: z.infer<typeof DescriptorSchema>;
  doc: WorkspaceDoc;
  manifest: GenerationManifest;
  /** path inside the workspace folder → bytes, every one checked */
  files: Map<string, Uint8Array>;
}

/** Unpacks and checks a .holdfast entirely in memory; throws HoldfastFileError naming the entry at fault. */
export async function checkHoldfast(bytes: Uint8Array): Promise<CheckedExport> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { checkCRC32: true });
  } catch (err) {
    throw bad(null, `不是有效的 .holdfast 文件（无法作为 zip 读取：${(err as Error).message}）`, `Not a valid .holdfast file (it cannot be read as a zip: ${(err as Error).message})`);
  }
  let declared = 0;
  zip.forEach((_name, file) => {
    // The central directory's size; JSZip also checks it while inflating.
    declared += (file as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
  });
  if (declared > MAX_UNPACKED_BYTES) throw bad(null, `.holdfast 文件解压后过大（${declared} 字节）`, `The .holdfast file unpacks to too much data (${declared} bytes)`);
  const read = async (name: string): Promise<Uint8Array> => {
    const file = zip.file(name);
    if (!file) throw bad(name, `.holdfast 文件缺少 ${name}`, `The .holdfast file has no ${name}`);
    try {
      return await file.async('uint8array');
    } catch (err) {
      throw bad(name, `.holdfast 文件中的 ${name} 已损坏（${(err as Error).message}）`, `${name} in the .holdfast file is damaged (${(err as Error).message})`);
    }
  };
  const text = async (name: string) => Buffer.from(await read(name)).toString('utf8');
  const json = async (name: string): Promise<unknown> => {
    try {
      return JSON.parse(await text(name));
    } catch (err) {
      if (err instanceof HoldfastFileError) throw err;
      throw bad(name, `.holdfast 文件中的 ${name} 不是有效的 JSON`, `${name} in the .holdfast file is not valid JSON`);
    }
  };

  const descriptor = DescriptorSchema.safeParse(await json(EXPORT_DESCRIPTOR));
  if (!descriptor.success) throw bad(EXPORT_DESCRIPTOR, `${EXPORT_DESCRIPTOR} 不是 Holdfast 导出说明（或来自更新的版本）`, `${EXPORT_DESCRIPTOR} is not a Holdfast export descriptor (or comes from a newer version)`);

  let doc: WorkspaceDoc;
  try {
    const raw = rawDocFromText(await text(DOC_FILE), DOC_FILE);
    if (raw.formatVersion > WORKSPACE_FORMAT_VERSION) {
      throw bad(DOC_FILE, `此工作区由更新版本的 Holdfast 保存（格式 ${raw.formatVersion}）：请升级后再导入`, `This workspace was saved by a newer Holdfast (format ${raw.formatVersion}): update Holdfast to import it`);
    }
    if (raw.formatVersion < WORKSPACE_FORMAT_VERSION) throw bad(DOC_FILE, `${DOC_FILE} 的格式 ${raw.formatVersion} 过旧，无法导入`, `${DOC_FILE} is in the old format ${raw.formatVersion} and cannot be imported`);
    doc = parseCurrentDoc(raw);
  } catch (err) {
    if (err instanceof HoldfastFileError) throw err;
    if (err instanceof WorkspaceError) throw bad(DOC_FILE, `.holdfast 文件中的 ${DOC_FILE} 校验失败：${err.message}`, `${DOC_FILE} in the .holdfast file fails its check: ${err.message}`);
    throw err;
  }

  const gen = doc.tables.current;
  const manifestName = `${TABLES_DIR}/${gen}/${MANIFEST_FILE}`;
  const manifestBytes = await read(manifestName);
  let manifestRaw: unknown;
  try {
    manifestRaw = JSON.parse(Buffer.from(manifestBytes).toString('utf8'));
  } catch {
    throw bad(manifestName, `.holdfast 文件中的 ${manifestName} 不是有效的 JSON`, `${manifestName} in the .holdfast file is not valid JSON`);
  }
  const manifest = GenerationManifestSchema.safeParse(manifestRaw);
  if (!manifest.success) throw bad(manifestName, `.holdfast 文件中的 ${manifestName} 已损坏`, `${manifestName} in the .holdfast file is damaged: ${manifest.error.issues[0]?.message ?? 'invalid'}`);

  const files = new Map<string, Uint8Array>([[`${TABLES_DIR}/${gen}/${MANIFEST_FILE}`, manifestBytes]]);
  for (const [table, entry] of Object.entries(manifest.data.tables) as [TableName, z.infer<typeof GenerationManifestSchema>['tables']['groups'] | undefined][]) {
    if (!entry) continue;
    const name = `${TABLES_DIR}/${gen}/${entry.file}`;
    const data = await read(name);
    try {
      decodeCheckedTable(name, table, entry, data); // size, manifest checksum, own checksum, decodes
    } catch (err) {
      if (err instanceof WorkspaceError) throw bad(name, `.holdfast 文件中的 ${name} 校验失败：${err.message}`, `${name} in the .holdfast file fails its check: ${err.message}`);
      throw err;
    }
    files.set(name, data);
  }
  const legacy = zip.file(ACTIONS_FILE);
  if (legacy) {
    const data = await read(ACTIONS_FILE);
    try {
      JSON.parse(Buffer.from(data).toString('utf8'));
    } catch {
      throw bad(ACTIONS_FILE, `.holdfast 文件中的 ${ACTIONS_FILE} 不是有效的 JSON`, `${ACTIONS_FILE} in the .holdfast file is not valid JSON`);
    }
    files.set(ACTIONS_FILE, data);
  }
  return { descriptor: descriptor.data, doc, manifest: manifest.data, files };
}

export interface ImportedWorkspace {
  id: string;
  dir: string;
  doc: WorkspaceDoc;
  manifest: GenerationManifest;
}

/**
 * Imports a .holdfast as a new workspace folder under `root` (named after the workspace, or
 * `name` when given). Everything is checked before the first byte is written.
 */
export async function importHoldfast(bytes: Uint8Array, root: string, options: { name?: string; now?: Date } = {}): Promise<ImportedWorkspace> {
  const checked = await checkHoldfast(bytes);
  const now = options.now ?? new Date();
  const name = options.name?.trim() || checked.doc.name;
  await fs.mkdir(root, { recursive: true });
  const id = await freeFolder(root, folderNameFor(name));
  const dir = path.join(root, id);
  const staging = path.join(root, `.import-${randomBytes(4).toString('hex')}`);
  const doc: WorkspaceDoc = { ...checked.doc, name, appVersion: APP_VERSION, modifiedAt: now.toISOString(), tables: { current: checked.doc.tables.current, previous: null } };
  try {
    for (const [rel, data] of checked.files) {
      const file = path.join(staging, ...rel.split('/'));
      await fs.mkdir(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, data);
    }
    await writeFileAtomic(path.join(staging, DOC_FILE), serializeDoc(doc)); // last: the folder is a workspace from now on
    await fs.rename(staging, dir);
  } catch (err) {
    await fs.rm(staging, { recursive: true, force: true }).catch(() => undefined);
    throw err;
  }
  return { id, dir, doc, manifest: checked.manifest };
}
