/** 季度回顾 channels (issue #8): quarters with data, the deck with edits applied, edits, exports. */
import { z } from 'zod';
import { QuarterSchema, ReviewDeckSchema, ReviewEditOpSchema, ReviewLanguageSchema } from '../review/types';

const BranchName = z.string().trim().min(1).max(80);

export const ReviewQuartersSchema = z.object({
  /** quarters whose 3 months are all in the data, oldest first */
  quarters: z.array(QuarterSchema),
  /** the latest complete quarter; null when there is none */
  defaultQuarter: QuarterSchema.nullable(),
  /** when the data has incomplete months: which quarter is the default and why (see shared/analytics/completeness.ts) */
  defaultNote: z.object({ zh: z.string(), en: z.string() }).nullable().default(null),
  /** quarters with an incomplete month (the selector marks them) */
  incomplete: z.array(QuarterSchema).default([]),
  /** the branch name decks are titled with (last used, else the workspace name) */
  branchName: z.string(),
});
export type ReviewQuarters = z.infer<typeof ReviewQuartersSchema>;

export const ReviewExportSchema = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  dataBase64: z.string(),
  bytes: z.number().int(),
});
export type ReviewExport = z.infer<typeof ReviewExportSchema>;

export const reviewChannels = {
  'review.quarters': { request: z.object({}).strict(), response: ReviewQuartersSchema },
  /** the deck of a quarter (default: latest complete) with the stored edits applied; language default = app language */
  'review.get': {
    request: z.object({ quarter: QuarterSchema.optional(), branchName: BranchName.optional(), language: ReviewLanguageSchema.optional() }).strict(),
    response: ReviewDeckSchema,
  },
  /** apply one edit, save it in the workspace, answer the deck as it is now */
  'review.edit': {
    request: z.object({ quarter: QuarterSchema, language: ReviewLanguageSchema, edit: ReviewEditOpSchema }).strict(),
    response: ReviewDeckSchema,
  },
  /** the deck as a .pptx or the Excel pack as a .xlsx (hidden slides skipped) */
  'review.export': {
    request: z.object({ quarter: QuarterSchema, language: ReviewLanguageSchema, format: z.enum(['pptx', 'xlsx']), branchName: BranchName.optional() }).strict(),
    response: ReviewExportSchema,
  },
} as const;
