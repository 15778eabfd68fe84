/** 总览 channels (period figures with comparisons, revenue trend, Pareto, distributions). */
import { z } from 'zod';
import { OverviewViewSchema } from '../model/overview';
import { PERIOD_OR_QUARTER_RE } from '../util/period';

export { ComparisonSchema, OVERVIEW_KPIS, OverviewKpiSchema, OverviewViewSchema, RetentionSummarySchema, type Comparison, type OverviewKpi, type OverviewKpiId, type OverviewView } from '../model/overview';

/** YYYY-MM or YYYYQn */
export const OverviewPeriodSchema = z.string().regex(PERIOD_OR_QUARTER_RE);

export const overviewChannels = {
  'overview.get': {
    request: z.object({ period: OverviewPeriodSchema.optional() }).strict(),
    response: OverviewViewSchema,
  },
} as const;
