/** The `summary` figures (shared/analytics/summary.ts computes them; the `summary.get` channel and the CLI carry them). */
import { z } from 'zod';
import { FigureSchema, LocalTextSchema } from './trace';

export const SummarySchema = z.object({
  /** the last complete month of the data (see shared/analytics/completeness.ts) */
  asOf: z.string().nullable(),
  periods: z.array(z.string()),
  /** when the data's last month is incomplete: why an earlier month is used */
  defaultNote: LocalTextSchema.nullable().optional(),
  groups: FigureSchema,
  activeGroups: FigureSchema,
  latestRevenue: FigureSchema,
  revenueTrend3m: FigureSchema,
  /** the share of groups counted as the top (settings: value.topShare; 0.2 unless changed) */
  topShareSetting: z.number().optional(),
  /** the top groups' value share, at topShareSetting (named for the default 20%) */
  top20Share: FigureSchema,
});
export type Summary = z.infer<typeof SummarySchema>;
