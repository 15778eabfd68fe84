/** Analysis channels: the engine's results as the views need them, and the settings that produce them. */
import { z } from 'zod';
import { PERIOD_SHAPE_RE } from '../util/period';
import { LocalTextSchema as LocalText } from '../model/trace';
import { ActionSchema } from '../actions/action';
import { AnalyticsSettingsSchema } from '../analytics/settings';

export { ScoreScaleSchema, ValueRiskViewSchema, ZoneSchema, type ScoreScaleView, type ValueRiskView, type ZoneId } from '../model/riskView';
export { StageApproachSchema, SignalViewSchema, WarningRowSchema, BacktestViewSchema, AnalysisViewSchema, WarningFilterSchema, WARNING_SORT_KEYS, WarningSortSchema, WARNING_EXPORT_COLUMNS, WarningPageSchema, GroupDetailViewSchema, type StageApproachView, type WarningRow, type BacktestView, type AnalysisView, type WarningFilter, type WarningSort, type WarningPage, type GroupDetailView } from '../model/analysisView';
import { AnalysisViewSchema, WarningFilterSchema, WarningSortSchema, WARNING_EXPORT_COLUMNS, WarningPageSchema, GroupDetailViewSchema } from '../model/analysisView';


export const SettingMetaSchema = z.object({
  key: z.string(),
  section: LocalText,
  label: LocalText,
  unit: LocalText,
  kind: z.enum(['number', 'integer', 'boolean', 'enum', 'list', 'period']),
  min: z.number().optional(),
  max: z.number().optional(),
  step: z.number().optional(),
  scale: z.number().optional(),
  options: z.array(z.object({ value: z.string(), label: LocalText })).optional(),
  source: z.enum(['DOMAIN', 'engine']),
});

const SettingValue = z.union([z.number(), z.boolean(), z.string().max(200), z.array(z.string().max(200)).max(100), z.null()]);

export const analysisChannels = {
  'analysis.get': {
    request: z
      .object({
        asOf: z.string().regex(PERIOD_SHAPE_RE).optional(),
        /** figures only: no warning rows and no scatter points (设置's preview; ~45 MB less at 50,000 groups) */
        brief: z.boolean().optional(),
      })
      .strict(),
    response: AnalysisViewSchema,
  },
  /** One window of the filtered, sorted warning list; the table asks only for what it shows. */
  'warnings.query': {
    request: z
      .object({ filter: WarningFilterSchema, sort: WarningSortSchema, offset: z.number().int().min(0).max(10_000_000), limit: z.number().int().min(0).max(1000) })
      .strict(),
    response: WarningPageSchema,
  },
  /** The whole filtered, sorted list as .xlsx (formula-like text escaped); titles come from the UI's language. */
  'warnings.export': {
    request: z
      .object({
        filter: WarningFilterSchema,
        sort: WarningSortSchema,
        language: z.enum(['zh-CN', 'en']),
        fileName: z.string().min(1).max(200),
        sheetName: z.string().min(1).max(31),
        columns: z.array(z.object({ id: z.enum(WARNING_EXPORT_COLUMNS), title: z.string().max(200) }).strict()).min(1).max(WARNING_EXPORT_COLUMNS.length),
      })
      .strict(),
    response: z.object({ fileName: z.string(), dataBase64: z.string() }),
  },
  'settings.get': {
    request: z.object({}).strict(),
    response: z.object({ settings: AnalyticsSettingsSchema, defaults: AnalyticsSettingsSchema, meta: z.array(SettingMetaSchema) }),
  },
  'settings.update': {
    request: z.object({ key: z.string().min(1).max(120), value: SettingValue }).strict(),
    response: z.object({ settings: AnalyticsSettingsSchema }),
  },
  'settings.reset': { request: z.object({ key: z.string().min(1).max(120).optional() }).strict(), response: z.object({ settings: AnalyticsSettingsSchema }) },
} as const;


export const groupChannels = {
  'analysis.group': { request: z.object({ groupCode: z.string().min(1).max(64) }).strict(), response: GroupDetailViewSchema },
} as const;

const ExportCell = z.union([z.string().max(32_767), z.number(), z.null()]);

export const exportChannels = {
  /** Any list as .xlsx: text that looks like a formula is escaped; numbers stay numbers. */
  'export.table': {
    request: z
      .object({
        fileName: z.string().min(1).max(200),
        sheetName: z.string().min(1).max(31),
        columns: z.array(z.object({ title: z.string().max(200), kind: z.enum(['text', 'number', 'yuan', 'percent']) })).min(1).max(200),
        rows: z.array(z.array(ExportCell).max(200)).max(1_000_000),
      })
      .strict(),
    response: z.object({ fileName: z.string(), dataBase64: z.string() }),
  },
} as const;

export { ActionSchema, type GroupAction } from '../actions/action';

export const actionChannels = {
  'actions.list': { request: z.object({ groupCode: z.string().min(1).max(64).optional() }).strict(), response: z.array(ActionSchema) },
  'actions.save': {
    request: z
      .object({
        id: z.string().regex(/^[\w-]{6,64}$/).optional(),
        groupCode: z.string().min(1).max(64),
        cause: ActionSchema.shape.cause,
        action: z.string().trim().min(1).max(500),
        owner: z.string().max(60),
        due: ActionSchema.shape.due,
        status: ActionSchema.shape.status,
        note: z.string().max(2000),
        outcome: ActionSchema.shape.outcome,
        measure: z.string().trim().max(120).nullable().optional(),
      })
      .strict(),
    response: ActionSchema,
  },
  'actions.delete': { request: z.object({ id: z.string().regex(/^[\w-]{6,64}$/) }).strict(), response: z.object({ ok: z.literal(true) }) },
} as const;
