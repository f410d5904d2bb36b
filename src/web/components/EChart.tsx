import { Skeleton } from 'antd';
import type { EChartsOption } from 'echarts';
import { lazy, Suspense } from 'react';

export interface EChartProps {
  option: EChartsOption;
  height?: number;
  onClick?: (p: { name: string; data: unknown }) => void;
}

// ECharts is loaded with the first chart a page draws, not with the app: most pages have none.
const EChartView = lazy(() => import('./EChartView'));

/** Thin wrapper so pages pass only an option and a height. */
export function EChart(props: EChartProps) {
  return (
    <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: props.height ?? 320 }} />}>
      <EChartView {...props} />
    </Suspense>
  );
}
