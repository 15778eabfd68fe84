/** 行动台账 and 关键人 channels: the ledger of every action with its re-check, bulk status, ledger settings; key persons per group and the changes between imports. */
import { z } from 'zod';
import { FigureSchema, LocalTextSchema, TraceSchema } from '../model/trace';
import { ActionSchema, ZoneSchema } from './analysisContract';

const Code = z.string().min(1).max(64);
const Id = z.string().regex(/^[\w-]{6,64}$/);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const RecheckPointSchema = z.object({ period: z.string(), zone: ZoneSchema, score: z.number(), value: z.number().nullable() });
export const RecheckSchema = z.object({
  status: z.enum(['pending', 'done', 'noBase']),
  months: z.number().int(),
  basePeriod: z.string().nullable(),
  checkPeriod: z.string().nullable(),
  before: RecheckPointSchema.nullable(),
  after: RecheckPointSchema.nullable(),
  scoreChange: z.number().nullable(),
  valueChange: z.number().nullable(),
});
export type RecheckView = z.infer<typeof RecheckSchema>;

export const LedgerRowSchema = z.object({
  action: ActionSchema,
  groupName: z.string(),
  groupClass: z.string().nullable(),
  region: z.string().nullable(),
  /** the group's account manager (客户经理覆盖 filters by it) */
  accountManager: z.string().nullable().optional(),
  /** zone and score now (the newest month) */
  zone: ZoneSchema.nullable(),
  score: z.number().nullable(),
  /** the owner as recorded, else the owner by the seed rule */
  owner: z.string(),
  ownerByRule: z.string(),
  ownerSource: z.enum(['chiefColumn', 'chiefSetting', 'accountManager', 'none']),
  overdue: z.boolean(),
  recheck: RecheckSchema,
  /** the action's measure as the library names it in both languages; null when it is free text or none */
  measureName: z.object({ zh: z.string(), en: z.string() }).nullable().optional(),
});
export type LedgerRow = z.infer<typeof LedgerRowSchema>;

export const LedgerSettingsSchema = z.object({ recheckMonths: z.number().int().min(1).max(24), chiefManager: z.string().trim().max(60), minClosed: z.number().int().min(1).max(100).optional() }).strict();

export const KeyPersonSchema = z.object({
  groupCode: Code,
  role: z.string().max(40).nullable(),
  name: z.string().max(60).nullable(),
  relationshipStrength: z.number().min(0).max(100).nullable(),
  lastContactDate: Day.nullable(),
  competitorContact: z.boolean().nullable(),
  roleSince: Day.nullable(),
  previousName: z.string().max(60).nullable().optional(),
  changeDetected: Day.nullable().optional(),
});

export const KeyPersonChangeSchema = z.object({
  groupCode: z.string(),
  groupName: z.string(),
  role: z.string(),
  previousName: z.string(),
  name: z.string(),
  detected: z.string(),
  roleSince: z.string().nullable(),
  competitorContact: z.boolean().nullable(),
  zone: ZoneSchema.nullable(),
});

export const EffectivenessRowSchema = z.object({
  key: z.string(),
  measureId: z.string().nullable(),
  label: LocalTextSchema,
  closed: z.number().int(),
  retained: z.number().int(),
  partly: z.number().int(),
  lost: z.number().int(),
  tooEarly: z.number().int(),
  noOutcome: z.number().int(),
  enough: z.boolean(),
  retentionRate: FigureSchema,
  withRecheck: z.number().int(),
  revenueKept: FigureSchema,
  compared: z.number().int(),
  comparableGroups: z.number().int(),
  comparableKept: FigureSchema,
  upliftVsComparable: FigureSchema,
  revenueVsComparable: FigureSchema,
});
export type EffectivenessRowView = z.infer<typeof EffectivenessRowSchema>;
export const EffectivenessSchema = z.object({
  asOf: z.string().nullable(),
  months: z.number().int(),
  minClosed: z.number().int(),
  closed: z.number().int(),
  total: EffectivenessRowSchema,
  byMeasure: z.array(EffectivenessRowSchema),
  byCause: z.array(EffectivenessRowSchema),
  definition: LocalTextSchema,
});
export type EffectivenessView = z.infer<typeof EffectivenessSchema>;

const CovFigure = z.object({ value: z.number(), trace: TraceSchema });
export const CoverageRowSchema = z.object({
  manager: z.string(),
  groups: z.number().int(),
  value: CovFigure,
  valueShare: z.number(),
  valueAtRisk: CovFigure,
  red: z.number().int(),
  yellow: z.number().int(),
  openActions: z.number().int(),
  overdueActions: z.number().int(),
  warnedWithoutAction: z.number().int(),
});
export type CoverageRowView = z.infer<typeof CoverageRowSchema>;
export const CoverageGroupSchema = z.object({
  groupCode: z.string(),
  groupName: z.string(),
  groupClass: z.string().nullable(),
  accountManager: z.string().nullable(),
  zone: ZoneSchema,
  score: z.number(),
  value: z.number().nullable(),
  valueAtRisk: z.number().nullable(),
});
export type CoverageGroupView = z.infer<typeof CoverageGroupSchema>;
export const CoverageSchema = z.object({
  asOf: z.string().nullable(),
  today: z.string(),
  managers: z.array(CoverageRowSchema),
  vacuum: CoverageRowSchema.nullable(),
  vacuumGroups: z.array(CoverageGroupSchema),
  totalValue: z.number(),
  totalValueAtRisk: z.number(),
});
export type CoverageView = z.infer<typeof CoverageSchema>;

export const ledgerChannels = {
  /** 什么管用: the closed actions' retention rate and revenue kept vs comparable groups, by measure and cause */
  'ledger.effectiveness': { request: z.object({}).strict(), response: EffectivenessSchema },
  /** 客户经理覆盖: per account manager, and the groups with none (管理真空); `manager` ('' = none) lists that manager's groups */
  'ledger.coverage': {
    request: z.object({ today: Day.optional(), manager: z.string().max(60).optional() }).strict(),
    response: CoverageSchema.extend({ groups: z.array(CoverageGroupSchema) }),
  },
  'ledger.list': {
    request: z.object({ today: Day.optional() }).strict(),
    response: z.object({ asOf: z.string().nullable(), today: z.string(), settings: LedgerSettingsSchema, rows: z.array(LedgerRowSchema) }),
  },
  'ledger.recheck': { request: z.object({ groupCode: Code }).strict(), response: z.array(z.object({ id: Id, recheck: RecheckSchema })) },
  'ledger.bulkStatus': {
    request: z.object({ ids: z.array(Id).min(1).max(10_000), status: ActionSchema.shape.status }).strict(),
    response: z.object({ updated: z.number().int() }),
  },
  'ledger.settings': { request: z.object({ settings: LedgerSettingsSchema.optional() }).strict(), response: LedgerSettingsSchema },
  'keyPersons.list': { request: z.object({ groupCode: Code }).strict(), response: z.object({ available: z.boolean(), persons: z.array(KeyPersonSchema) }) },
  /** Replaces one group's key persons (add, edit, remove in the drawer); an edit that puts someone else in a role records the change */
  'keyPersons.save': { request: z.object({ groupCode: Code, persons: z.array(KeyPersonSchema).max(50) }).strict(), response: z.object({ persons: z.array(KeyPersonSchema) }) },
  'keyPersons.changes': { request: z.object({}).strict(), response: z.array(KeyPersonChangeSchema) },
} as const;
