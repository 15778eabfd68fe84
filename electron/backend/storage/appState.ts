/** App-wide preferences that outlive any one workspace: UI language, last workspace, recent workspace folders. */
import path from 'node:path';
import { Low } from 'lowdb';
import { z } from 'zod';
import { LanguageSchema } from '../../../shared/api/contract';
import { AtomicJsonFile, openJsonDocument } from './jsonDocument';

const AppStateDocSchema = z.object({
  language: LanguageSchema,
  lastWorkspaceId: z.string().nullable(),
  /** a workspace folder outside the data directory opened last (save as, open folder); wins over lastWorkspaceId */
  lastWorkspacePath: z.string().nullable().optional(),
  /** workspace folders opened lately, newest first (at most RECENT_LIMIT) */
  recent: z.array(z.object({ path: z.string(), openedAt: z.string() })).optional(),
});
export type AppStateDoc = z.infer<typeof AppStateDocSchema>;

export const RECENT_LIMIT = 12;

export const DEFAULT_APP_STATE: AppStateDoc = { language: 'zh-CN', lastWorkspaceId: null };

export async function openAppState(dataDir: string): Promise<Low<AppStateDoc>> {
  const file = path.join(dataDir, 'app-state.json');
  let db: Low<AppStateDoc>;
  try {
    db = await openJsonDocument<AppStateDoc>(file, { ...DEFAULT_APP_STATE });
  } catch {
    // Damaged preferences must not block start-up; they hold nothing that cannot be chosen again.
    db = new Low<AppStateDoc>(new AtomicJsonFile<AppStateDoc>(file), { ...DEFAULT_APP_STATE });
  }
  const parsed = AppStateDocSchema.safeParse(db.data);
  db.data = parsed.success ? parsed.data : { ...DEFAULT_APP_STATE };
  return db;
}
