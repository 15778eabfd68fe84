/**
 * The actions log of a workspace (行动记录), kept in the `actions` section of workspace.json,
 * so it is saved atomically with the document, covered by its checksum and by the backups,
 * and never touches the bulk tables.
 *
 * Before this, the log lived in its own `actions.json` beside workspace.json (outside the
 * backups). On first open with write access that file is imported into the section; only
 * after the document save succeeded is the old file moved into backups/ (never deleted).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ActionSchema, type GroupAction } from '../../../shared/api/analysisContract';
import { BACKUPS_DIR } from './backups';
import { WorkspaceError } from './errors';
import type { OpenWorkspace } from './workspaceStore';
import { DEFAULT_LEDGER_SETTINGS, type LedgerSettings } from '../../../shared/actions/ledger';

/** the file of the old layout, migrated on first open */
export const ACTIONS_FILE = 'actions.json';

export const ActionsSectionSchema = z.object({
  version: z.literal(1),
  actions: z.array(ActionSchema),
  /** 行动台账 settings: re-check window and the chief account manager (absent = defaults) */
  settings: z.object({ recheckMonths: z.number().int().min(1).max(24), chiefManager: z.string().max(60), minClosed: z.number().int().min(1).max(100).optional() }).optional(),
});
type ActionsSection = z.infer<typeof ActionsSectionSchema>;
/** actions.json had exactly the section's shape */
const LegacyActionsSchema = ActionsSectionSchema;

export type ActionInput = Omit<GroupAction, 'id' | 'createdAt' | 'updatedAt'> & { id?: string };

export interface ActionsMigration {
  /** how many actions came from actions.json (0: nothing to import) */
  imported: number;
  /** where actions.json went after the import, or null when it stays (read-only, damaged) */
  movedTo: string | null;
  /** why actions.json was not imported, when it was not */
  problem: string | null;
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

export class ActionsStore {
  /** actions read from actions.json that could not be saved yet (a read-only workspace): shown, not written */
  private pending: GroupAction[] = [];

  private constructor(
    private readonly ws: OpenWorkspace,
    readonly migration: ActionsMigration,
  ) {}

  /** The store of an open workspace; imports an old actions.json first when there is one. */
  static async open(ws: OpenWorkspace, now: Date = new Date()): Promise<ActionsStore> {
    const store = new ActionsStore(ws, { imported: 0, movedTo: null, problem: null });
    store.read(); // a damaged section fails here, before anything is written
    await store.migrateLegacy(now);
    return store;
  }

  private read(): ActionsSection {
    const raw = this.ws.section('actions');
    if (raw === undefined) return { version: 1, actions: [] };
    const parsed = ActionsSectionSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new WorkspaceError(
        path.join(this.ws.dir, 'workspace.json'),
        `the actions log in ${path.join(this.ws.dir, 'workspace.json')} is damaged (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}); nothing was changed`,
      );
    }
    return parsed.data;
  }

  private async migrateLegacy(now: Date): Promise<void> {
    const file = path.join(this.ws.dir, ACTIONS_FILE);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      this.migration.problem = `cannot read ${file}: ${(err as Error).message}`;
      return;
    }
    let legacy: GroupAction[];
    try {
      const parsed = LegacyActionsSchema.safeParse(JSON.parse(text));
      if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'invalid');
      legacy = parsed.data.actions;
    } catch (err) {
      // Left where it is, untouched: someone can still rescue it by hand.
      this.migration.problem = `${file} is damaged and was not imported: ${(err as Error).message}`;
      return;
    }
    const current = this.read();
    const known = new Set(current.actions.map((a) => a.id));
    const fresh = legacy.filter((a) => !known.has(a.id));
    if (this.ws.readOnly) {
      this.pending = fresh;
      this.migration.imported = fresh.length;
      return;
    }
    if (fresh.length > 0) await this.ws.saveSection('actions', { ...current, actions: [...current.actions, ...fresh] });
    // Only now, with the document saved, does the old file leave (kept in backups/, never deleted).
    const moved = path.join(this.ws.dir, BACKUPS_DIR, `actions-json-imported-${stamp(now)}.json`);
    await fs.mkdir(path.dirname(moved), { recursive: true });
    await fs.rename(file, moved);
    this.migration.imported = fresh.length;
    this.migration.movedTo = moved;
  }

  list(groupCode?: string): GroupAction[] {
    const all = [...this.read().actions, ...this.pending];
    return groupCode === undefined ? all : all.filter((a) => a.groupCode === groupCode);
  }

  /** Adds or updates one action; a read-only workspace throws WorkspaceReadOnlyError and writes nothing. */
  async save(input: ActionInput, now: Date = new Date()): Promise<GroupAction> {
    const doc = this.read();
    const at = now.toISOString();
    const existing = input.id ? doc.actions.find((a) => a.id === input.id) : undefined;
    const saved: GroupAction = existing
      ? { ...existing, ...input, id: existing.id, createdAt: existing.createdAt, updatedAt: at }
      : { ...input, id: input.id ?? randomBytes(9).toString('base64url'), createdAt: at, updatedAt: at };
    const next = existing ? doc.actions.map((a) => (a.id === saved.id ? saved : a)) : [...doc.actions, saved];
    await this.ws.saveSection('actions', { ...doc, actions: next });
    return saved;
  }

  /**
   * Removes some actions and adds/updates others in ONE document save, so a scenario's action
   * plan lands whole or not at all (and makes one backup, not one per group).
   */
  async replaceMany(removeIds: readonly string[], inputs: readonly ActionInput[], now: Date = new Date()): Promise<void> {
    const doc = this.read();
    const at = now.toISOString();
    const drop = new Set(removeIds);
    const byId = new Map(doc.actions.filter((a) => !drop.has(a.id)).map((a) => [a.id, a] as const));
    for (const input of inputs) {
      const existing = input.id ? byId.get(input.id) : undefined;
      const saved: GroupAction = existing
        ? { ...existing, ...input, id: existing.id, createdAt: existing.createdAt, updatedAt: at }
        : { ...input, id: input.id ?? randomBytes(9).toString('base64url'), createdAt: at, updatedAt: at };
      byId.set(saved.id, saved);
    }
    await this.ws.saveSection('actions', { ...doc, actions: [...byId.values()] });
  }

  ledgerSettings(): Required<LedgerSettings> {
    return { ...DEFAULT_LEDGER_SETTINGS, ...this.read().settings };
  }

  async saveLedgerSettings(settings: LedgerSettings): Promise<void> {
    const doc = this.read();
    // a caller that leaves a setting out keeps the saved one (minClosed came later)
    await this.ws.saveSection('actions', { ...doc, settings: { ...doc.settings, ...settings } });
  }

  /** Sets the status of many actions in one save; returns how many changed. */
  async setStatus(ids: readonly string[], status: GroupAction['status'], now: Date = new Date()): Promise<number> {
    const doc = this.read();
    const want = new Set(ids);
    let n = 0;
    const at = now.toISOString();
    const next = doc.actions.map((a) => {
      if (!want.has(a.id) || a.status === status) return a;
      n++;
      return { ...a, status, updatedAt: at };
    });
    if (n > 0) await this.ws.saveSection('actions', { ...doc, actions: next });
    return n;
  }

  async remove(id: string): Promise<boolean> {
    const doc = this.read();
    const next = doc.actions.filter((a) => a.id !== id);
    if (next.length === doc.actions.length) {
      if (this.pending.some((a) => a.id === id)) await this.ws.saveSection('actions', doc); // read-only: throws
      return false;
    }
    await this.ws.saveSection('actions', { ...doc, actions: next });
    return true;
  }
}
