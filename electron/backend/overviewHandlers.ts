/** Handler of the 总览 channel: the view of shared/overview/buildOverview.ts, cached per data, settings and period. */
import type { LocalText } from '../../shared/api/contract';
import type { OverviewView } from '../../shared/api/overviewContract';
import { buildOverview, periodFigures, type PeriodFigures } from '../../shared/overview/buildOverview';
import type { AnalysisContext } from './analysisContext';

const T = (zh: string, en: string): LocalText => ({ zh, en });

export function overviewHandlers(ctx: AnalysisContext) {
  // one period's figures are reused as the current, previous or year-ago period of others
  let cache: { key: string; figures: Map<string, PeriodFigures>; views: Map<string, OverviewView> } = { key: '', figures: new Map(), views: new Map() };
  return {
    'overview.get': async ({ period }: { period?: string | undefined }): Promise<OverviewView> => {
      const key = ctx.cacheKey();
      if (cache.key !== key) cache = { key, figures: new Map(), views: new Map() };
      const viewKey = period ?? '';
      const hit = cache.views.get(viewKey);
      if (hit) return hit;
      const ix = ctx.index();
      const s = ctx.settings();
      const figures = cache.figures;
      // the compared periods are kept without their analysis and curve (memory)
      try {
        const view = buildOverview(ix, s, period, (p) => {
          let f = figures.get(p);
          if (!f) {
            f = { ...periodFigures(ix, s, p), result: null, curve: [] };
            figures.set(p, f);
          }
          return f;
        });
        cache.views.set(viewKey, view);
        return view;
      } catch (err) {
        if (err instanceof RangeError) throw ctx.userError({ code: 'bad-request', message: T(`账期无法显示：${err.message}`, `Cannot show this period: ${err.message}`) });
        throw err;
      }
    },
  };
}
