/**
 * The typed API between renderer and backend: channel → request → response.
 * Both transports (Electron IPC and browser-mode HTTP) carry exactly these
 * calls, and both ends validate with these schemas.
 */
import { z } from 'zod';
import { actionChannels, analysisChannels, exportChannels, groupChannels } from './analysisContract';
import { importChannels } from './importContract';
import { ledgerChannels } from './ledgerContract';
import { overviewChannels } from './overviewContract';
import { reviewChannels } from './reviewContract';
import { scopeChannels } from './scopeContract';
import { quadrantChannels } from './quadrantContract';
import { surveyChannels } from './surveyContract';
import { scenarioChannels } from './scenarioContract';
import { workspaceChannels } from './workspaceContract';
import { LocalTextSchema } from '../model/trace';
import { SummarySchema } from '../model/summary';

export const LanguageSchema = z.enum(['zh-CN', 'en']);
export type Language = z.infer<typeof LanguageSchema>;

export const PAGES = ['import', 'overview', 'quadrant', 'warnings', 'survey', 'actions', 'scenarios', 'review', 'settings'] as const;
export const PageSchema = z.enum(PAGES);
export type Page = z.infer<typeof PageSchema>;

// The domain's shapes (shared/model), re-exported: the API depends on the domain, never the other way round.
export { FigureSchema, LocalTextSchema, TraceSchema, type Figure, type LocalText, type Trace } from '../model/trace';
export { SummarySchema, type Summary } from '../model/summary';

export const WorkspaceInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  path: z.string(),
  createdAt: z.string(),
  modifiedAt: z.string(),
  groupCount: z.number().int(),
  factCount: z.number().int(),
  firstPeriod: z.string().nullable(),
  lastPeriod: z.string().nullable(),
  /** the default analysis month (the last complete month; see shared/analytics/completeness.ts), when known */
  analysisPeriod: z.string().nullable().optional(),
  /** months of the data that look incomplete, with why, when known */
  incompletePeriods: z.array(z.object({ period: z.string(), reason: z.object({ zh: z.string(), en: z.string() }) })).optional(),
  page: PageSchema,
  /** true when the last change was an import that can be undone */
  canUndoImport: z.boolean(),
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfoSchema>;

export const AppStateSchema = z.object({
  version: z.string(),
  mode: z.enum(['electron', 'browser']),
  language: LanguageSchema,
  dataDir: z.string(),
  workspace: WorkspaceInfoSchema.nullable(),
});
export type AppState = z.infer<typeof AppStateSchema>;

const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });

export const apiContract = {
  'app.getState': { request: Empty, response: AppStateSchema },
  'app.setLanguage': { request: z.object({ language: LanguageSchema }).strict(), response: Ok },
  'workspace.list': { request: Empty, response: z.array(WorkspaceInfoSchema) },
  'workspace.openDemo': { request: Empty, response: WorkspaceInfoSchema },
  'workspace.open': { request: z.object({ id: z.string().min(1).max(200) }).strict(), response: WorkspaceInfoSchema },
  'workspace.setPage': { request: z.object({ page: PageSchema }).strict(), response: Ok },
  'workspace.create': { request: z.object({ name: z.string().trim().min(1).max(80) }).strict(), response: WorkspaceInfoSchema },
  'summary.get': { request: Empty, response: SummarySchema },
  ...importChannels,
  ...analysisChannels,
  ...groupChannels,
  ...exportChannels,
  ...actionChannels,
  ...quadrantChannels,
  ...overviewChannels,
  ...workspaceChannels,
  ...reviewChannels,
  ...scenarioChannels,
  ...scopeChannels,
  ...ledgerChannels,
  ...surveyChannels,
} as const;

export type ApiContract = typeof apiContract;
export type Channel = keyof ApiContract;
export type ApiRequest<C extends Channel> = z.input<ApiContract[C]['request']>;
export type ApiResponse<C extends Channel> = z.infer<ApiContract[C]['response']>;

export const CHANNELS = Object.keys(apiContract) as Channel[];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(apiContract, value);
}

/** Every call answers with this envelope so errors cross both transports the same way. */
export const ApiErrorSchema = z.object({
  code: z.enum(['bad-request', 'not-found', 'no-workspace', 'needs-confirmation', 'conflict', 'internal']),
  message: LocalTextSchema,
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export interface ApiTransport {
  invoke(channel: Channel, request: unknown): Promise<Envelope<unknown>>;
}
