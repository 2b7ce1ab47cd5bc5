import { Skeleton } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { lazy, Suspense } from 'react';
import { WhenVisible } from './WhenVisible';

export interface ChartProps {
  option: EChartsCoreOption;
  height: number;
  /** What the chart shows, for screen readers (the same figures are in a table beside it). */
  label: string;
  /** Clicked the n-th category (a bar, a point). */
  onPick?: (index: number) => void;
}

const EChart = lazy(() => import('./EChart'));

/** A chart whose library arrives when the chart scrolls into view. */
export function Chart(props: ChartProps) {
  return (
    <WhenVisible minHeight={props.height}>
      <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: props.height }} />}>
        <EChart {...props} />
      </Suspense>
    </WhenVisible>
  );
}
