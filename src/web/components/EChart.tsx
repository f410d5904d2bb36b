import type { EChartsOption } from 'echarts';
import ReactECharts from 'echarts-for-react';

/** Thin wrapper so pages pass only an option and a height. */
export function EChart({ option, height = 320, onClick }: { option: EChartsOption; height?: number; onClick?: (p: { name: string; data: unknown }) => void }) {
  return <ReactECharts option={option} style={{ height }} notMerge onEvents={onClick ? { click: onClick } : undefined} />;
}
