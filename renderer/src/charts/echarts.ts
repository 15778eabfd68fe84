/** Only the ECharts parts the app uses, to keep the bundle small. */
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import { BrushComponent, GraphicComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { LabelLayout } from 'echarts/features';

echarts.use([ScatterChart, BarChart, LineChart, GridComponent, TooltipComponent, MarkLineComponent, MarkAreaComponent, LegendComponent, GraphicComponent, CanvasRenderer]);
// 价值象限: brush and lasso selection
echarts.use([BrushComponent]);
// 季度回顾: pie and heatmap slides; SVG for the print view (vector charts in the PDF)
echarts.use([PieChart, HeatmapChart, VisualMapComponent, SVGRenderer]);

export { echarts };
// 满意度调查: factor names beside their points, moved apart when they would overlap
echarts.use([LabelLayout]);
