/** Handlers of the 价值象限 channels: the analysis and the last views cached per data and settings; the views are built in shared/views/quadrantView.ts. */
import { analyzePortfolio, migrationMatrix, type AnalysisResult, type QuadrantId } from '../../shared/analytics';
import type { MigrationView, QuadrantFilters, QuadrantView } from '../../shared/api/quadrantContract';
import { buildMigrationView, buildQuadrantView } from '../../shared/views/quadrantView';
import type { AnalysisContext } from './analysisContext';

function periodError(ctx: AnalysisContext, err: unknown): Error {
  if (err instanceof RangeError) {
    const [zh, en] = err.message.split(' / ');
    return ctx.userError({ code: 'bad-request', message: { zh: zh ?? err.message, en: en ?? err.message } });
  }
  return err instanceof Error ? err : new Error(String(err));
}

export function quadrantHandlers(ctx: AnalysisContext) {
  let cache: { key: string; result: AnalysisResult } | null = null;
  const analysis = (asOf?: string): AnalysisResult => {
    const key = `${ctx.cacheKey()}:${asOf ?? ''}`;
    if (cache?.key !== key) {
      try {
        cache = { key, result: analyzePortfolio(ctx.index(), ctx.settings(), { ...(asOf ? { asOf } : {}), explainTop: 0 }) };
      } catch (err) {
        throw periodError(ctx, err);
      }
    }
    return cache.result;
  };

  // the last views answered (one per framework and month), so a page revisit only re-sends them
  let views: { key: string; byRequest: Map<string, QuadrantView> } = { key: '', byRequest: new Map() };

  return {
    'quadrant.view': async ({ framework, asOf }: { framework: QuadrantId; asOf?: string }): Promise<QuadrantView> => {
      const key = ctx.cacheKey();
      if (views.key !== key) views = { key, byRequest: new Map() };
      const request = `${framework}:${asOf ?? ''}`;
      const hit = views.byRequest.get(request);
      if (hit) return hit;
      const view = buildQuadrantView(ctx.index(), ctx.settings(), analysis(asOf), framework);
      if (views.byRequest.size >= 8) views.byRequest.clear();
      views.byRequest.set(request, view);
      return view;
    },
    'quadrant.migration': async ({ framework, from, to, filters }: { framework: QuadrantId; from: string; to: string; filters?: QuadrantFilters | undefined }): Promise<MigrationView> => {
      const ix = ctx.index();
      let m;
      try {
        m = migrationMatrix(ix, ctx.settings(), { quadrant: framework, from, to });
      } catch (err) {
        throw periodError(ctx, err);
      }
      return buildMigrationView(ix, m, framework, filters);
    },
  };
}
