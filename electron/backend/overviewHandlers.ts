/** Handlers of the 总览 channels. */
import type { AnalysisContext } from './analysisContext';

export function overviewHandlers(ctx: AnalysisContext) {
  void ctx;
  return {};
}
