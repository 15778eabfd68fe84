/** The summary channel: the data's counts and coverage, cached per data, scope and completeness settings. */
import { computeSummary } from '../../shared/analytics/summary';
import type { Summary } from '../../shared/api/contract';
import type { AnalysisContext } from './analysisContext';

/** The last summary answered; the backend clears it when the data or the scope changes. */
export class SummaryCache {
  private entry: { key: string; summary: Summary } | null = null;

  get(key: string, compute: () => Summary): Summary {
    if (this.entry?.key !== key) this.entry = { key, summary: compute() };
    return this.entry.summary;
  }

  clear(): void {
    this.entry = null;
  }
}

export function summaryHandlers(ctx: Pick<AnalysisContext, 'settings' | 'portfolio' | 'dataKey'>, cache: SummaryCache) {
  return {
    'summary.get': async () => {
      const settings = ctx.settings();
      return cache.get(`${ctx.dataKey()}|${JSON.stringify(settings.completeness)}`, () => computeSummary(ctx.portfolio(), undefined, settings));
    },
  };
}
