/**
 * The actions log of a workspace (行动记录), a small lowdb document of its own
 * (`actions.json`) written atomically; it never touches the bulk tables.
 */
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Low } from 'lowdb';
import { z } from 'zod';
import { ActionSchema, type GroupAction } from '../../../shared/api/analysisContract';
import { openJsonDocument } from './jsonDocument';

export const ACTIONS_FILE = 'actions.json';

const ActionsDocSchema = z.object({ version: z.literal(1), actions: z.array(ActionSchema) });
type ActionsDoc = z.infer<typeof ActionsDocSchema>;

export type ActionInput = Omit<GroupAction, 'id' | 'createdAt' | 'updatedAt'> & { id?: string };

export class ActionsStore {
  private constructor(private readonly db: Low<ActionsDoc>) {}

  static async open(workspaceDir: string): Promise<ActionsStore> {
    const file = path.join(workspaceDir, ACTIONS_FILE);
    const db = await openJsonDocument<ActionsDoc>(file, { version: 1, actions: [] });
    const parsed = ActionsDocSchema.safeParse(db.data);
    if (!parsed.success) throw new Error(`${file} is damaged: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    db.data = parsed.data;
    return new ActionsStore(db);
  }

  list(groupCode?: string): GroupAction[] {
    const all = this.db.data.actions;
    return groupCode === undefined ? [...all] : all.filter((a) => a.groupCode === groupCode);
  }

  async save(input: ActionInput, now: Date = new Date()): Promise<GroupAction> {
    const stamp = now.toISOString();
    const existing = input.id ? this.db.data.actions.find((a) => a.id === input.id) : undefined;
    const saved: GroupAction = existing
      ? { ...existing, ...input, id: existing.id, createdAt: existing.createdAt, updatedAt: stamp }
      : { ...input, id: input.id ?? randomBytes(9).toString('base64url'), createdAt: stamp, updatedAt: stamp };
    const next = existing ? this.db.data.actions.map((a) => (a.id === saved.id ? saved : a)) : [...this.db.data.actions, saved];
    await this.write({ ...this.db.data, actions: next });
    return saved;
  }

  async remove(id: string): Promise<boolean> {
    const next = this.db.data.actions.filter((a) => a.id !== id);
    if (next.length === this.db.data.actions.length) return false;
    await this.write({ ...this.db.data, actions: next });
    return true;
  }

  private async write(doc: ActionsDoc): Promise<void> {
    const before = this.db.data;
    this.db.data = doc;
    try {
      await this.db.write();
    } catch (err) {
      this.db.data = before; // the file still holds the old list
      throw err;
    }
  }
}
