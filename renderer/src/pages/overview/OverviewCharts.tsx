/** The 总览 charts: monthly revenue by who pays (a bar opens its month), the Pareto curve and the lifecycle distribution (a click opens the list behind it). */
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import type { OverviewView } from '../../../../shared/api/overviewContract';
import { STAGE_APPROACHES } from '../../../../shared/analytics/stageApproach';
import { localText } from '../../i18n';
import { EChart, type ChartClick } from '../../charts/EChart';
import { html, tooltipLines } from '../../charts/html';
import { colonText, fmtNum, formatCount, formatPercent, formatWanNumber, parenText } from '../../format';

/** Money series (UI.md): unified pay deep blue, personal pay light blue — distinct from the zone blue #1d39c4. */
export const UNIFIED_COLOUR = '#0b3a6e';
export const PERSONAL_COLOUR = '#8cc4f2';
const NEUTRAL = '#4a5a6e';
const MUTED = '#8c8c8c';

const wan = (yuan: number | null): number | null => (yuan === null ? null : Math.round(yuan / 100) / 100);
const wanText = (yuan: number | null, unit: string): string =>
  yuan === null ? '—' : `${formatWanNumber(yuan)}${unit === '万元' ? '' : ' '}${unit}`;

/** A click on a month's bar opens that month (the caller sets the period selector to it). */
export function RevenueTrendChart({ view, language, onMonth }: { view: OverviewView; language: Language; onMonth: (period: string) => void }) {
  const { t } = useTranslation();
  const onClick = useCallback(
    (e: ChartClick) => {
      const i = (e as { dataIndex?: unknown }).dataIndex;
      const m = typeof i === 'number' ? view.revenueTrend.months[i] : undefined;
      if (m) onMonth(m.period);
    },
    [view, onMonth],
  );
  const incomplete = useMemo(() => new Map(view.incomplete.map((c) => [c.period, c])), [view]);
  const option = useMemo(() => {
    const months = view.revenueTrend.months;
    const unit = t('overviewPage.wanYuan');
    // an incomplete month's bar is greyed: a partial load must not read as a revenue collapse (issue 13)
    const bar = (period: string, value: number | null, colour: string) => (incomplete.has(period) ? { value, itemStyle: { color: colour, opacity: 0.35 } } : value);
    const first = view.months[0];
    const last = view.months[view.months.length - 1];
    return {
      animation: false,
      grid: { left: 56, right: 16, top: 36, bottom: 28 },
      legend: { top: 0, right: 0, itemWidth: 14, itemHeight: 10, data: [t('overviewPage.unified'), t('overviewPage.personal')] },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: { dataIndex: number }[]) => {
          const m = months[params[0]?.dataIndex ?? 0];
          if (!m) return '';
          return tooltipLines([
            html`<b>${m.period}</b>`,
            html`<span style="color:${UNIFIED_COLOUR}">■</span> ${t('overviewPage.unified')}${colonText(language)}${wanText(m.unified, unit)}`,
            html`<span style="color:${PERSONAL_COLOUR}">■</span> ${t('overviewPage.personal')}${colonText(language)}${wanText(m.personal, unit)}`,
            `${t('overviewPage.total')}${colonText(language)}${wanText(m.total, unit)}`,
            ...(incomplete.has(m.period) ? [localText(incomplete.get(m.period)?.reason ?? { zh: '', en: '' }, language)] : []),
          ]);
        },
      },
      xAxis: { type: 'category', data: months.map((m) => m.period), axisTick: { alignWithLabel: true }, axisLabel: { color: MUTED, hideOverlap: true } },
      yAxis: { type: 'value', name: unit, nameTextStyle: { color: MUTED, align: 'right' }, axisLabel: { color: MUTED }, splitLine: { lineStyle: { color: '#f0f0f0' } } },
      series: [
        {
          name: t('overviewPage.unified'),
          type: 'bar',
          stack: 'pay',
          barMaxWidth: 28,
          itemStyle: { color: UNIFIED_COLOUR },
          data: months.map((m) => bar(m.period, wan(m.unified), UNIFIED_COLOUR)),
          markArea:
            first && last
              ? { silent: true, itemStyle: { color: 'rgba(0,0,0,0.05)' }, label: { show: true, position: 'insideTop', color: MUTED, fontSize: 11, offset: [0, -16] }, data: [[{ xAxis: first, name: view.period ?? '' }, { xAxis: last }]] }
              : undefined,
        },
        { name: t('overviewPage.personal'), type: 'bar', stack: 'pay', barMaxWidth: 28, itemStyle: { color: PERSONAL_COLOUR }, data: months.map((m) => bar(m.period, wan(m.personal), PERSONAL_COLOUR)) },
      ],
    };
  }, [view, t, language, incomplete]);
  const shown = view.revenueTrend.months.filter((m) => incomplete.has(m.period));
  return (
    <>
      <EChart option={option} height={260} testId="overview-revenue-trend" onClick={onClick} />
      {shown.length > 0 && (
        <div style={{ color: MUTED, fontSize: 12 }} data-testid="overview-revenue-incomplete" data-periods={shown.map((m) => m.period).join(',')}>
          {t('overviewPage.incompleteBars', { periods: shown.map((m) => m.period).join(language === 'en' ? ', ' : '、') })}
        </div>
      )}
    </>
  );
}

export function ParetoChart({ view, language, onClick }: { view: OverviewView; language: Language; onClick: () => void }) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const share = Math.round(view.pareto.settingShare * 1000) / 10;
    const top = view.pareto.topShare;
    const topText = top === null ? '—' : formatPercent(top);
    return {
      animation: false,
      grid: { left: 48, right: 24, top: 24, bottom: 40 },
      tooltip: {
        trigger: 'axis',
        formatter: (params: { data: [number, number] }[]) => {
          const d = params[0]?.data;
          return d ? tooltipLines([`${t('overviewPage.paretoX')}${colonText(language)}${fmtNum(d[0], 0)}%`, `${t('overviewPage.paretoY')}${colonText(language)}${fmtNum(d[1], 1)}%`]) : '';
        },
      },
      xAxis: { type: 'value', min: 0, max: 100, name: t('overviewPage.paretoX'), nameLocation: 'middle', nameGap: 24, nameTextStyle: { color: MUTED }, axisLabel: { color: MUTED, formatter: '{value}%' }, splitLine: { show: false } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { color: MUTED, formatter: '{value}%' }, splitLine: { lineStyle: { color: '#f0f0f0' } } },
      series: [
        {
          type: 'line',
          showSymbol: false,
          lineStyle: { color: NEUTRAL, width: 2 },
          areaStyle: { color: 'rgba(74,90,110,0.10)' },
          data: view.pareto.curve.map((p) => [Math.round(p.x * 1000) / 10, Math.round(p.y * 10000) / 100]),
          markLine: { silent: true, symbol: 'none', lineStyle: { color: MUTED, type: 'dashed' }, label: { show: false }, data: [{ xAxis: share }] },
        },
        {
          type: 'scatter',
          silent: true,
          symbolSize: 7,
          itemStyle: { color: '#262626' },
          data: top === null ? [] : [[share, Math.round(top * 1000) / 10]],
          label: {
            show: true,
            position: 'right',
            distance: 8,
            color: '#262626',
            backgroundColor: 'rgba(255,255,255,0.9)',
            padding: [2, 4],
            formatter: t('overviewPage.paretoMark', { share: `${share}%`, value: topText }),
          },
          tooltip: { show: false },
          z: 5,
        },
        {
          type: 'line',
          silent: true,
          showSymbol: false,
          lineStyle: { color: '#d9d9d9', type: 'dotted', width: 1 },
          data: [
            [0, 0],
            [100, 100],
          ],
          tooltip: { show: false },
        },
      ],
    };
  }, [view, t, language]);
  return <EChart option={option} height={260} testId="overview-pareto" onClick={onClick} />;
}

const STAGE_ORDER = ['acquisition', 'growth', 'mature', 'decline', 'exited', 'none'] as const;
export type StageKey = (typeof STAGE_ORDER)[number];

export function StageChart({ view, language, onStage }: { view: OverviewView; language: Language; onStage: (stage: StageKey) => void }) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const total = STAGE_ORDER.reduce((s, k) => s + (view.stages.counts[k] ?? 0), 0);
    return {
      animation: false,
      grid: { left: 8, right: 96, top: 8, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'item',
        extraCssText: 'max-width: 360px; white-space: normal;',
        formatter: (p: { name: string; value: number; data?: { stage?: StageKey } }) => {
          const head = `${p.name}${colonText(language)}${formatCount(p.value)} ${t('overviewPage.groupsUnit')}${parenText(formatPercent(total > 0 ? p.value / total : 0), language)}`;
          // the stage's recommended approach (seed 004), under the count
          const st = p.data?.stage;
          const approach = st && st !== 'none' ? STAGE_APPROACHES[st] : undefined;
          return tooltipLines([head, approach ? html`<span style="color:#595959">${localText(approach.summary, language)}</span>` : null]);
        },
      },
      xAxis: { type: 'value', show: false },
      yAxis: { type: 'category', inverse: true, data: STAGE_ORDER.map((k) => t(`overviewPage.stageNames.${k}`)), axisTick: { show: false }, axisLine: { show: false }, axisLabel: { color: '#262626' } },
      series: [
        {
          type: 'bar',
          barMaxWidth: 18,
          data: STAGE_ORDER.map((k) => ({ value: view.stages.counts[k] ?? 0, stage: k, itemStyle: { color: k === 'decline' || k === 'exited' ? '#2f3b4c' : k === 'none' ? '#d9d9d9' : NEUTRAL } })),
          label: {
            show: true,
            position: 'right',
            color: '#262626',
            formatter: (p: { value: number }) => `${formatCount(p.value)}${parenText(formatPercent(total > 0 ? p.value / total : 0), language)}`,
          },
        },
      ],
    };
  }, [view, t, language]);
  return (
    <EChart
      option={option}
      height={220}
      testId="overview-stages"
      onClick={(e) => {
        const d = e.data as { stage?: StageKey } | undefined;
        if (d?.stage) onStage(d.stage);
      }}
    />
  );
}
