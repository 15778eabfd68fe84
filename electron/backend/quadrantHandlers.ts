/** Handlers of the 价值象限 channels. */
import type { AnalysisContext } from './analysisContext';

export function quadrantHandlers(ctx: AnalysisContext) {
  void ctx;
  return {};
}
