/** A React wrapper that owns one ECharts instance and resizes it with its box. */
import { CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import { Button, Tooltip, message } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { echarts } from './echarts';

type Option = Parameters<ReturnType<typeof echarts.init>['setOption']>[0];

export interface ChartClick {
  data?: unknown;
}

/** The chart as a PNG at twice its on-screen resolution, on white (slides and mail want no transparency). */
function chartPng(instance: ReturnType<typeof echarts.init>): string {
  return instance.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
}

export function EChart({
  option,
  height,
  testId,
  onClick,
  exportName,
}: {
  option: Option;
  height: number;
  testId?: string;
  onClick?: (e: ChartClick) => void;
  /** file name (without .png) for the chart's download and copy buttons; no buttons without it */
  exportName?: string;
}) {
  const { t } = useTranslation();
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

  const download = () => {
    if (!chart.current || !exportName) return;
    const a = document.createElement('a');
    a.href = chartPng(chart.current);
    a.download = `${exportName}.png`;
    document.body.appendChild(a);
    a.click();
    a.remove();
  };

  const copy = async () => {
    if (!chart.current) return;
    try {
      const blob = await (await fetch(chartPng(chart.current))).blob();
      await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })]);
      void message.success(t('chart.copied'));
    } catch {
      void message.warning(t('chart.copyFailed'));
    }
  };

  return (
    <div className="echart-box">
      {exportName && (
        <div className="echart-tools">
          <Tooltip title={t('chart.download')}>
            <Button size="small" type="text" icon={<DownloadOutlined />} onClick={download} data-testid={testId ? `${testId}-png` : undefined} />
          </Tooltip>
          <Tooltip title={t('chart.copy')}>
            <Button size="small" type="text" icon={<CopyOutlined />} onClick={() => void copy()} />
          </Tooltip>
        </div>
      )}
      <div ref={ref} style={{ width: '100%', height }} data-testid={testId} />
    </div>
  );
}
