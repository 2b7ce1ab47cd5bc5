/**
 * ECharts, drawn as SVG (crisp at any zoom, lighter than canvas for a few series), with only the
 * chart kinds and parts the app uses registered, so the library's share of the bundle stays small.
 * Loaded lazily through `Chart`: pages render before the chart code arrives.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { ChartProps } from './Chart';

echarts.use([BarChart, LineChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export default function EChart({ option, height, label, onPick }: ChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    if (!element.current) return undefined;
    const instance = echarts.init(element.current, null, { renderer: 'svg' });
    chart.current = instance;
    instance.on('click', (params) => pick.current?.(params.dataIndex));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true }, animation: false, ...option }, { notMerge: true });
  }, [option]);

  return <div ref={element} role="img" aria-label={label} data-chart style={{ width: '100%', height }} />;
}
