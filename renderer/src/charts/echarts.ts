/** Only the ECharts parts the app uses, to keep the bundle small. */
import * as echarts from 'echarts/core';
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { BrushComponent, GraphicComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([ScatterChart, BarChart, LineChart, GridComponent, TooltipComponent, MarkLineComponent, MarkAreaComponent, LegendComponent, GraphicComponent, CanvasRenderer]);
// 价值象限: brush and lasso selection
echarts.use([BrushComponent]);

export { echarts };
