/** Import channels of the API contract: stage files, review and change the mapping, confirm, undo. */
import { z } from 'zod';
import { LocalTextSchema as LocalText } from '../model/trace';
import { IMPORT_KINDS } from '../import/types';

export { IMPORT_KINDS, type ImportKind } from '../import/types';


export const ImportKindSchema = z.enum(IMPORT_KINDS);
export const MoneyUnitSchema = z.enum(['yuan', 'qianYuan', 'wanYuan']);
/** Field ids are validated against the known list by the backend; keep the schema open to new fields. */
export const FieldIdSchema = z.string().regex(/^[a-zA-Z]{1,40}$/);

export const ColumnMappingSchema = z.object({
  column: z.number().int().min(0),
  header: z.string(),
  field: FieldIdSchema.nullable(),
  confidence: z.number().min(0).max(1),
  reason: LocalText,
  unit: MoneyUnitSchema.nullable(),
});

export const ImportProblemSchema = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  file: z.string(),
  sheet: z.string(),
  row: z.number().int().nullable(),
  column: z.string().nullable(),
  header: z.string().nullable(),
  value: z.string().nullable(),
  message: LocalText,
});
export type ImportProblemView = z.infer<typeof ImportProblemSchema>;

export const PreviewSchema = z.object({
  fields: z.array(z.string()),
  rows: z.array(
    z.object({
      /** 1-based row number as Excel shows it */
      row: z.number().int(),
      values: z.array(z.union([z.string(), z.number(), z.null()])),
      /** per value: the worst problem in that cell */
      flags: z.array(z.enum(['error', 'warning']).nullable()),
      skipped: z.boolean(),
    }),
  ),
});

export const StagedFileViewSchema = z.object({
  fileName: z.string(),
  readError: z.object({ code: z.string(), message: LocalText }).nullable(),
  readWarnings: z.array(LocalText),
  format: z.string().nullable(),
  encoding: z.string().nullable(),
  sheets: z.array(z.object({ name: z.string(), hidden: z.boolean(), rows: z.number().int() })),
  sheetIndex: z.number().int(),
  detection: z
    .object({ headerRow: z.number().int(), headerRows: z.number().int(), dataStartRow: z.number().int(), headers: z.array(z.string()), titleRows: z.number().int() })
    .nullable(),
  kind: ImportKindSchema,
  kindSuggestion: z.object({ kind: ImportKindSchema, confidence: z.number(), reason: LocalText }).nullable(),
  mapping: z.array(ColumnMappingSchema),
  templateApplied: z.string().nullable(),
  stats: z.object({
    dataRows: z.number().int(),
    imported: z.number().int(),
    skippedBlank: z.number().int(),
    skippedTotal: z.number().int(),
    skippedErrors: z.number().int(),
    duplicatesCollapsed: z.number().int(),
  }),
  errors: z.number().int(),
  warnings: z.number().int(),
  preview: PreviewSchema,
});
export type StagedFileView = z.infer<typeof StagedFileViewSchema>;

export const ImportPlanSchema = z.object({
  newGroups: z.number().int(),
  changedGroups: z.number().int(),
  unchangedGroups: z.number().int(),
  newPeriods: z.array(z.string()),
  replacedPeriods: z.array(z.string()),
  factRows: z.number().int(),
  memberRows: z.number().int(),
  /** staged key-person rows, and how many of them are someone new in a role (a change between imports) */
  keyPersonRows: z.number().int().default(0),
  keyPersonChanges: z.number().int().default(0),
  /** staged satisfaction-survey answers, and the existing answers of the same waves they replace */
  surveyRows: z.number().int().default(0),
  replacedSurveyRows: z.number().int().default(0),
  skippedRows: z.number().int(),
  /** staged billing months that will look incomplete once imported (few groups billed vs the months before) */
  incompletePeriods: z.array(z.object({ period: z.string(), groupsBilled: z.number().int(), typicalGroups: z.number().nullable(), reason: LocalText })).default([]),
});
export type ImportPlan = z.infer<typeof ImportPlanSchema>;

export const ImportSessionSchema = z.object({
  id: z.string(),
  state: z.enum(['working', 'ready', 'failed', 'cancelled', 'committed']),
  progress: z.object({ phase: z.enum(['read', 'normalise']), fileIndex: z.number().int(), done: z.number(), total: z.number() }),
  files: z.array(StagedFileViewSchema),
  plan: ImportPlanSchema.nullable(),
  problems: z.array(ImportProblemSchema),
  problemTotals: z.object({ errors: z.number().int(), warnings: z.number().int(), shown: z.number().int() }),
  error: LocalText.nullable(),
});
export type ImportSessionView = z.infer<typeof ImportSessionSchema>;

export const MappingTemplateViewSchema = z.object({
  signature: z.string(),
  name: z.string(),
  kind: ImportKindSchema,
  headers: z.array(z.string()),
  createdAt: z.string(),
  usedAt: z.string(),
});

const SessionId = z.string().regex(/^[\w-]{8,64}$/);
/** 400 MB of base64 (about 300 MB of file): generous for monthly exports, bounded for safety. */
const MAX_BASE64 = 400 * 1024 * 1024;

export const importChannels = {
  'import.start': {
    request: z
      .object({
        files: z.array(z.object({ name: z.string().min(1).max(260), dataBase64: z.string().max(MAX_BASE64) }).strict()).min(1).max(48),
        kind: ImportKindSchema.optional(),
      })
      .strict(),
    response: z.object({ sessionId: z.string() }),
  },
  'import.status': { request: z.object({ sessionId: SessionId }).strict(), response: ImportSessionSchema },
  'import.update': {
    request: z
      .object({
        sessionId: SessionId,
        fileIndex: z.number().int().min(0),
        sheetIndex: z.number().int().min(0).optional(),
        kind: ImportKindSchema.optional(),
        columns: z.array(z.object({ column: z.number().int().min(0), field: FieldIdSchema.nullable(), unit: MoneyUnitSchema.nullable() }).strict()).optional(),
      })
      .strict(),
    response: ImportSessionSchema,
  },
  'import.cancel': { request: z.object({ sessionId: SessionId }).strict(), response: z.object({ ok: z.literal(true) }) },
  'import.commit': {
    request: z.object({ sessionId: SessionId, confirmReplace: z.boolean() }).strict(),
    response: z.object({ plan: ImportPlanSchema, workspaceModifiedAt: z.string() }),
  },
  'import.undo': { request: z.object({}).strict(), response: z.object({ ok: z.literal(true), undone: z.boolean() }) },
  'import.problemReport': {
    request: z.object({ sessionId: SessionId, language: z.enum(['zh-CN', 'en']) }).strict(),
    response: z.object({ fileName: z.string(), dataBase64: z.string() }),
  },
  'templates.list': { request: z.object({}).strict(), response: z.array(MappingTemplateViewSchema) },
  'templates.rename': { request: z.object({ signature: z.string().min(1).max(64), name: z.string().min(1).max(100) }).strict(), response: z.object({ ok: z.literal(true) }) },
  'templates.delete': { request: z.object({ signature: z.string().min(1).max(64) }).strict(), response: z.object({ ok: z.literal(true) }) },
} as const;
