/**
 * The scope every page, deck and export is restricted to (shared/model/scope.ts):
 * the header's 区县/片区/营业部 and account-manager filter. Held by the backend for the
 * open workspace; every analysis answers for the scoped data.
 */
import { z } from 'zod';
import type { Scope } from '../model/scope';

const Value = z.string().trim().min(1).max(200);

export const ScopeSchema = z
  .object({
    regions: z.array(Value).max(500).optional(),
    managers: z.array(Value).max(500).optional(),
  })
  .strict() satisfies z.ZodType<Scope>;

const FacetSchema = z.object({ value: z.string(), groups: z.number().int() });

export const ScopeStateSchema = z.object({
  /** the scope in force (normalised; {} = the whole workspace) */
  scope: ScopeSchema,
  /** title of the scope ('' for the whole workspace) */
  label: z.string(),
  /** groups in the scope / in the workspace */
  groups: z.number().int(),
  totalGroups: z.number().int(),
  /** the workspace's regions and managers with their group counts */
  facets: z.object({ region: z.array(FacetSchema), manager: z.array(FacetSchema), noRegion: z.number().int(), noManager: z.number().int() }),
});
export type ScopeState = z.infer<typeof ScopeStateSchema>;

export const scopeChannels = {
  'scope.get': { request: z.object({}).strict(), response: ScopeStateSchema },
  /** restrict every page, deck and export to a scope ({} = the whole workspace); values not in the data are refused */
  'scope.set': { request: z.object({ scope: ScopeSchema }).strict(), response: ScopeStateSchema },
} as const;
