/** The value × risk map's frame (axes, splits, the four cells, the trace) as 总览 and 流失预警 both show it. */
import type { QuadrantSummary } from '../analytics/analyze';

export function valueRiskFrame(q: QuadrantSummary) {
  return {
    xLabel: q.x.label,
    yLabel: q.y.label,
    xSplit: q.x.value,
    ySplit: q.y.value,
    cells: q.cells.map((c) => ({ id: c.id, position: c.position, name: c.name, action: c.action, count: c.count, valueShare: c.valueShare })),
    trace: q.trace,
  };
}
