/**
 * Channels of workspace management: status (read-only reason, damage), backups, the list of
 * recent workspaces, rename / duplicate / delete / save as / open folder, and the one-file
 * `.holdfast` export and import. Spread into apiContract (contract.ts).
 */
import { z } from 'zod';
import { LocalTextSchema as LocalText } from '../model/trace';


/** the size limit of an uploaded .holdfast, as base64 characters (about 285 MB of file; the browser server takes bodies up to 400 MiB) */
export const MAX_HOLDFAST_BASE64 = 380 * 1024 * 1024;

export const BACKUP_REASONS = [
  'create',
  'open',
  'import',
  'undo',
  'settings',
  'templates',
  'restore',
  'before-restore',
  'migrate',
  'rename',
  'copy',
  'actions',
  'scenarios',
  'scenarioLibrary',
  'review',
] as const;

export const BackupItemSchema = z.object({
  id: z.string(),
  /** ISO time of the save */
  time: z.string(),
  /** bytes of the state it restores (document + tables) */
  size: z.number().int().nonnegative(),
  /** why it was made: one of BACKUP_REASONS, or another word from a newer version */
  reason: z.string(),
  name: z.string(),
  groupCount: z.number().int(),
  factCount: z.number().int(),
});
export type BackupItem = z.infer<typeof BackupItemSchema>;

export const ReadOnlyStatusSchema = z.object({
  code: z.enum(['locked', 'newer-format']),
  message: LocalText,
  owner: z.object({ pid: z.number().int(), host: z.string(), since: z.string() }).nullable(),
});
export type ReadOnlyStatus = z.infer<typeof ReadOnlyStatusSchema>;

/** A workspace that could not be opened because a file is damaged. */
export const DamageSchema = z.object({
  path: z.string(),
  /** the file that could not be read */
  file: z.string(),
  message: LocalText,
  /** the newest backup whose every file checks out, null when there is none */
  goodBackup: BackupItemSchema.nullable(),
});
export type Damage = z.infer<typeof DamageSchema>;

export const WorkspaceStatusSchema = z.object({
  open: z.boolean(),
  name: z.string().nullable(),
  path: z.string().nullable(),
  readOnly: ReadOnlyStatusSchema.nullable(),
  /** the last backup failure (the save itself succeeded) */
  backupError: z.string().nullable(),
  /** the last workspace that failed to open because of damage (cleared by a successful open) */
  damage: DamageSchema.nullable(),
  /** what a delete does here: the OS trash (Electron), the freedesktop / macOS trash, or the app's trash folder */
  trash: z.enum(['system', 'freedesktop', 'macos', 'app']),
  /** folder and save dialogs exist (Electron); in a browser, paths are typed */
  dialogs: z.boolean(),
});
export type WorkspaceStatus = z.infer<typeof WorkspaceStatusSchema>;

export const RecentWorkspaceSchema = z.object({
  path: z.string(),
  name: z.string(),
  /** inside the data directory's workspaces/ (also listed when never opened) */
  inDataDir: z.boolean(),
  current: z.boolean(),
  state: z.enum(['ok', 'damaged', 'missing', 'newer-format']),
  openedAt: z.string().nullable(),
  modifiedAt: z.string().nullable(),
  groupCount: z.number().int().nullable(),
  lastPeriod: z.string().nullable(),
});
export type RecentWorkspace = z.infer<typeof RecentWorkspaceSchema>;

const PathSchema = z.string().trim().min(1).max(1000);
const NameSchema = z.string().trim().min(1).max(80);

const WorkspaceRef = z.object({
  id: z.string(),
  name: z.string(),
  path: z.string(),
});

export const TrashResultSchema = z.object({
  method: z.enum(['system', 'freedesktop', 'macos', 'app']),
  location: z.string().nullable(),
});

export const workspaceChannels = {
  'workspace.status': { request: z.object({}).strict(), response: WorkspaceStatusSchema },
  'workspace.recent': { request: z.object({}).strict(), response: z.array(RecentWorkspaceSchema) },
  'workspace.openFolder': { request: z.object({ path: PathSchema }).strict(), response: WorkspaceRef },
  /** opens a damaged workspace from its newest good backup; what could not be read is moved aside, never overwritten */
  'workspace.openGoodBackup': { request: z.object({ path: PathSchema }).strict(), response: WorkspaceRef },
  'workspace.rename': { request: z.object({ path: PathSchema, name: NameSchema }).strict(), response: z.object({ ok: z.literal(true) }) },
  'workspace.duplicate': { request: z.object({ path: PathSchema, name: NameSchema }).strict(), response: WorkspaceRef },
  'workspace.delete': { request: z.object({ path: PathSchema }).strict(), response: TrashResultSchema },
  /** copies the open workspace into `path` (a new or empty folder) and opens the copy */
  'workspace.saveAs': { request: z.object({ path: PathSchema }).strict(), response: WorkspaceRef },
  /** Electron's folder dialog; null when cancelled or when there are no dialogs (browser mode) */
  'workspace.chooseFolder': { request: z.object({ purpose: z.enum(['open', 'saveAs']) }).strict(), response: z.object({ path: z.string().nullable() }) },
  /** the open workspace as one .holdfast: a download (bytes back) or, in Electron, written where the save dialog says */
  'workspace.export': {
    request: z.object({ delivery: z.enum(['download', 'dialog']) }).strict(),
    response: z.object({ fileName: z.string(), dataBase64: z.string().nullable(), savedTo: z.string().nullable(), bytes: z.number().int() }),
  },
  /** checks a .holdfast completely, then adds it as a new workspace and opens it */
  'workspace.import': {
    request: z.object({ fileName: z.string().max(260), dataBase64: z.string().min(1).max(MAX_HOLDFAST_BASE64), name: NameSchema.optional() }).strict(),
    response: WorkspaceRef,
  },
  'backups.list': { request: z.object({}).strict(), response: z.array(BackupItemSchema) },
  /** restores a backup of the open workspace; the current state is backed up first */
  'backups.restore': { request: z.object({ id: z.string().regex(/^backup-\d{6,}$/) }).strict(), response: z.object({ ok: z.literal(true) }) },
} as const;
