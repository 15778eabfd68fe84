/** The header's scope (区县/片区, 客户经理): what every page, deck and export is restricted to. */
import type { ApiRequest } from '../../shared/api/contract';
import type { ScopeState } from '../../shared/api/scopeContract';
import { normaliseScope, scopeFacets, type Scope } from '../../shared/model/scope';
import type { AnalysisContext } from './analysisContext';

interface Deps {
  /** the scope now, with its label and counts */
  state: () => ScopeState;
  /** takes a checked scope (the backend drops what depends on the old one) */
  set: (scope: Scope) => void;
}

export function scopeHandlers(ctx: Pick<AnalysisContext, 'workspace' | 'userError'>, deps: Deps) {
  return {
    'scope.get': async () => deps.state(),
    'scope.set': async ({ scope }: ApiRequest<'scope.set'>) => {
      const ws = ctx.workspace();
      const next = normaliseScope(scope);
      const facets = scopeFacets(ws.portfolio);
      const unknown: string[] = [];
      for (const r of next.regions ?? []) if (!facets.region.some((f) => f.value === r)) unknown.push(r);
      for (const m of next.managers ?? []) if (!facets.manager.some((f) => f.value === m)) unknown.push(m);
      if (unknown.length > 0) {
        throw ctx.userError({ code: 'bad-request', message: { zh: `数据中没有：${unknown.join('、')}`, en: `Not in the data: ${unknown.join(', ')}` } });
      }
      deps.set(next);
      return deps.state();
    },
  };
}
