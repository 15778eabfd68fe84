/** One action of the log (行动记录); the `actions.*` and ledger channels carry it (shared/api re-exports it). */
import { z } from 'zod';

/** 行动记录: what was decided for a group, by whom, by when, and how it ended. */
export const ActionSchema = z.object({
  id: z.string().regex(/^[\w-]{6,64}$/),
  groupCode: z.string().min(1).max(64),
  cause: z.enum(['service', 'competition', 'special']),
  action: z.string().min(1).max(500),
  owner: z.string().max(60),
  due: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  status: z.enum(['open', 'done', 'cancelled']),
  note: z.string().max(2000),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** how it ended: retained / partly / lost / too early to tell (absent = not set) */
  outcome: z.enum(['retained', 'partly', 'lost', 'tooEarly']).nullable().optional(),
  /** the counter-measure used (a library measure's name or free text) */
  measure: z.string().max(120).nullable().optional(),
  /** the newest data month when the action was logged: the re-check's "before" */
  basePeriod: z.string().regex(/^\d{4}-\d{2}$/).nullable().optional(),
});
export type GroupAction = z.infer<typeof ActionSchema>;
