/** Only the ECharts parts the app uses, to keep the bundle small. */
import * as echarts from 'echarts/core';
import { ScatterChart } from 'echarts/charts';
import { GraphicComponent, GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([ScatterChart, GridComponent, TooltipComponent, MarkLineComponent, GraphicComponent, CanvasRenderer]);

export { echarts };
