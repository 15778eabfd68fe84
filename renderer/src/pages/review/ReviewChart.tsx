/**
 * One slide chart. Owns its ECharts instance (canvas on screen, SVG in the
 * print view so the PDF gets vector charts), rebuilds the option when the
 * box is resized so type scales with the slide, and animates only the first
 * draw when asked (presenter mode): later redraws are still.
 */
import { useEffect, useRef } from 'react';
import type { ReviewVisual } from '../../../../shared/review/types';
import { echarts } from '../../charts/echarts';
import { visualOption, type SlideLook } from './visualOption';

type ChartVisual = Exclude<ReviewVisual, { kind: 'kpis' } | { kind: 'table' }>;

export function ReviewChart({ visual, look, animateOnce = false, thumb = false, testId }: { visual: ChartVisual; look: SlideLook; animateOnce?: boolean; thumb?: boolean; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  // Read once at mount: a later change of the flag must not redraw (and so re-animate) the chart.
  const animateFirstDraw = useRef(animateOnce);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const instance = echarts.init(el, undefined, { renderer: look === 'print' ? 'svg' : 'canvas' });
    let animated = !animateFirstDraw.current;
    let lastWidth = -1;
    const draw = () => {
      const width = el.clientWidth;
      if (width <= 0 || Math.abs(width - lastWidth) < 2) return;
      lastWidth = width;
      instance.resize();
      instance.setOption(visualOption(visual, look, width, !animated, thumb), { notMerge: true });
      animated = true;
      el.dataset.drawn = 'true';
    };
    draw();
    const observer = new ResizeObserver(draw);
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
    };
  }, [visual, look, thumb]);

  return <div ref={ref} className="review-chart" data-testid={testId} data-kind={visual.kind} />;
}
