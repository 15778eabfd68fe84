/** A React wrapper that owns one ECharts instance and resizes it with its box. */
import { useEffect, useRef } from 'react';
import { echarts } from './echarts';

type Option = Parameters<ReturnType<typeof echarts.init>['setOption']>[0];

export interface ChartClick {
  data?: unknown;
}

export function EChart({ option, height, testId, onClick }: { option: Option; height: number; testId?: string; onClick?: (e: ChartClick) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);

  useEffect(() => {
    if (!ref.current) return;
    const instance = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance || !onClick) return;
    const handler = (e: unknown) => onClick(e as ChartClick);
    instance.on('click', handler);
    return () => {
      instance.off('click', handler);
    };
  }, [onClick]);

  return <div ref={ref} style={{ width: '100%', height }} data-testid={testId} />;
}
