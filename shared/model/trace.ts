/**
 * Text in both UI languages and traced numbers: the shapes every figure of the
 * domain carries (issue #17: defined here, in the domain; shared/api re-exports them).
 */
import { z } from 'zod';

/** Text in both UI languages; the renderer shows the one in use. */
export const LocalTextSchema = z.object({ zh: z.string(), en: z.string() });
export type LocalText = z.infer<typeof LocalTextSchema>;

/** How a number was produced: the rule, its inputs and the settings used. A text value is LocalText (a setting's option, on/off) so the Chinese UI shows no English; a plain string is for names and codes. */
export const TraceSchema = z.object({
  rule: LocalTextSchema,
  inputs: z.array(z.object({ label: LocalTextSchema, value: z.union([z.number(), z.string(), LocalTextSchema]) })),
  settings: z.array(z.object({ label: LocalTextSchema, value: z.union([z.number(), z.string(), LocalTextSchema]) })),
});
export type Trace = z.infer<typeof TraceSchema>;

/** A number with its trace. */
export const FigureSchema = z.object({
  /** null when the data cannot produce it (e.g. fewer than 6 months for a 3-vs-3 trend) */
  value: z.number().nullable(),
  trace: TraceSchema,
});
export type Figure = z.infer<typeof FigureSchema>;
