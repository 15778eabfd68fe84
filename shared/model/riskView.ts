/** The warning score's scale and zones, and the value × risk map, as the views show them (the analysis, 总览 and review carry them; shared/api re-exports them). */
import { z } from 'zod';
import { LocalTextSchema as LocalText, TraceSchema as TraceLike } from './trace';

export const ZoneSchema = z.enum(['red', 'yellow', 'blue', 'green', 'white']);
export type ZoneId = z.infer<typeof ZoneSchema>;

/** The warning score's one scale (0–100), the zone cut-offs every axis that shows the score draws, and how it is built. */
export const ScoreScaleSchema = z.object({
  min: z.literal(0),
  max: z.number(),
  cutOffs: z.array(z.object({ zone: z.enum(['red', 'yellow', 'blue']), from: z.number() })),
  rule: LocalText,
  signals: z.array(z.object({ id: z.string(), points: z.number() })),
  pointsTotal: z.number(),
});
export type ScoreScaleView = z.infer<typeof ScoreScaleSchema>;

/** The value × warning score map (价值 × 风险): its axes, split lines, cells and points. */
export const ValueRiskViewSchema = z.object({
  xLabel: LocalText,
  yLabel: LocalText,
  xSplit: z.number().nullable(),
  ySplit: z.number().nullable(),
  cells: z.array(z.object({ id: z.string(), position: z.string(), name: LocalText, action: LocalText, count: z.number(), valueShare: z.number().nullable() })),
  points: z.array(
    z.object({ groupCode: z.string(), groupName: z.string(), value: z.number(), score: z.number(), members: z.number().nullable(), zone: ZoneSchema, cell: z.string(), topSignal: LocalText.nullable() }),
  ),
  trace: TraceLike,
});
export type ValueRiskView = z.infer<typeof ValueRiskViewSchema>;
