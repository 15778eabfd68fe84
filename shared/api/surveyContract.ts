/** 满意度调查 channel: the importance × satisfaction matrix of the imported survey (seed 001), branch-wide or of one group. */
import { z } from 'zod';
import { PERIOD_SHAPE_RE } from '../util/period';

const LocalText = z.object({ zh: z.string(), en: z.string() });
const TraceLike = z.object({
  rule: LocalText,
  inputs: z.array(z.object({ label: LocalText, value: z.union([z.number(), z.string(), LocalText]) })),
  settings: z.array(z.object({ label: LocalText, value: z.union([z.number(), z.string(), LocalText]) })),
});
const Period = z.string().regex(PERIOD_SHAPE_RE);
export const SurveyCellIdSchema = z.enum(['fixFirst', 'keepUp', 'advantage', 'latent']);

const Scale = z.object({ id: z.enum(['1-5', '0-10', '0-100', 'other']), min: z.number(), max: z.number(), mid: z.number(), seenMin: z.number(), seenMax: z.number(), trace: TraceLike });
const AxisSplit = z.object({ value: z.number(), rule: z.enum(['mean', 'midScale']), scale: Scale, trace: TraceLike });

export const SurveyMatrixSchema = z.object({
  groupCode: z.string().nullable(),
  period: z.string().nullable(),
  periods: z.array(z.string()),
  answers: z.number().int(),
  respondents: z.number().int(),
  groups: z.number().int(),
  importance: AxisSplit,
  satisfaction: AxisSplit,
  factors: z.array(
    z.object({
      factor: z.string(),
      importance: z.number(),
      satisfaction: z.number(),
      answers: z.number().int(),
      groups: z.number().int(),
      cell: SurveyCellIdSchema,
      trace: TraceLike,
    }),
  ),
  cells: z.array(
    z.object({
      id: SurveyCellIdSchema,
      highImportance: z.boolean(),
      highSatisfaction: z.boolean(),
      name: LocalText,
      action: LocalText,
      source: z.string(),
      label: LocalText,
      factors: z.array(z.string()),
    }),
  ),
  trace: TraceLike,
});
export type SurveyMatrixView = z.infer<typeof SurveyMatrixSchema>;

export const SurveyViewSchema = z.object({
  /** false = no survey imported in this workspace (or none in the scope) */
  available: z.boolean(),
  /** not available in the header's scope while the workspace has answers outside it (how many) */
  outOfScope: z.number().int().nonnegative().optional(),
  /** null when nothing is available, or the chosen group has no answers in the wave */
  matrix: SurveyMatrixSchema.nullable(),
  /** the groups that answered (largest first), for the group picker */
  groups: z.array(z.object({ groupCode: z.string(), groupName: z.string(), answers: z.number().int() })),
  /** answers without a group (branch-wide answers) */
  branchWideAnswers: z.number().int(),
  /** the survey waves imported, oldest first (empty when the answers carry no period) */
  waves: z.array(z.string()),
  /** answers without a survey period while others carry one: no wave shows them (the page says how many) */
  undatedAnswers: z.number().int().nonnegative().optional(),
});
export type SurveyView = z.infer<typeof SurveyViewSchema>;

export const surveyChannels = {
  'survey.view': {
    request: z.object({ groupCode: z.string().min(1).max(64).nullable().optional(), period: Period.optional() }).strict(),
    response: SurveyViewSchema,
  },
} as const;
