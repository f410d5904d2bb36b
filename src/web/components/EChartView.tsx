import { BarChart, GraphChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  MarkPointComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/lib/core';
import type { EChartProps } from './EChart';

// Only the chart types and components EpiGrid draws, not all of ECharts (a third of its size).
// A page that needs another chart type registers it here.
echarts.use([
  BarChart,
  GraphChart,
  LineChart,
  PieChart,
  ScatterChart,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  MarkPointComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export default function EChartView({ option, height = 320, onClick }: EChartProps) {
  return <ReactEChartsCore echarts={echarts} option={option} style={{ height }} notMerge onEvents={onClick ? { click: onClick } : undefined} />;
}
