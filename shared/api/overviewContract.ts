/** 总览 channels (period figures with comparisons, revenue trend, Pareto, distributions). */
export const overviewChannels = {} as const;
