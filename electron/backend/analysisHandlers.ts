/** The analysis channels: the whole analysis view (or its brief form) and one group's detail (the drawer). */
import type { ApiRequest } from '../../shared/api/contract';
import type { GroupDetailView } from '../../shared/api/analysisContract';
import { buildGroupDetailView, zoneHistory } from '../../shared/views/groupDetailView';
import type { AnalysisContext } from './analysisContext';

export function analysisHandlers(ctx: Pick<AnalysisContext, 'analysis' | 'settings' | 'portfolio' | 'index' | 'cacheKey' | 'userError'>) {
  let historyCache: { key: string; history: Map<string, GroupDetailView['history']> } | null = null;
  return {
    'analysis.get': async ({ asOf, brief }: ApiRequest<'analysis.get'>) => {
      const view = ctx.analysis(asOf);
      return brief ? { ...view, warnings: [], valueRisk: { ...view.valueRisk, points: [] } } : view;
    },
    'analysis.group': async ({ groupCode }: ApiRequest<'analysis.group'>) => {
      const settings = ctx.settings();
      const key = ctx.cacheKey();
      const view = buildGroupDetailView(
        ctx.portfolio(),
        groupCode,
        settings,
        (ix, periods) => {
          // Twelve monthly analyses: computed once per data and settings, then shared by every detail.
          if (historyCache?.key !== key) historyCache = { key, history: zoneHistory(ix, settings, periods) };
          return historyCache.history;
        },
        ctx.index(),
      );
      if (!view) throw ctx.userError({ code: 'not-found', message: { zh: `找不到集团：${groupCode}`, en: `No such group: ${groupCode}` } });
      return view;
    },
  };
}
