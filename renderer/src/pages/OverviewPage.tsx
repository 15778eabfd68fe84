/**
 * 总览: the branch's figures for a month or a quarter, each against the previous
 * period and the same period last year; revenue by who pays, the Pareto curve,
 * zones and lifecycle stages, and the Value × warning-score map, all from one
 * `overview.get`. Every number has its trace; every card and chart opens the
 * list behind it, and a month's bar in the revenue trend opens that month.
 */
import { Alert, Button, Card, Col, Popover, Row, Segmented, Select, Spin, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/api/contract';
import type { OverviewView } from '../../../shared/api/overviewContract';
import { api } from '../api/transport';
import { WarningScatter } from '../charts/WarningScatter';
import { ZONE_COLOURS, ZoneTag } from '../components/ZoneTag';
import { KpiCard } from '../components/KpiCard';
import { TraceContent } from '../components/TraceContent';
import { periodOptions } from '../components/periodLabel';
import { formatCount, formatPercent, formatWanNumber, parenText } from '../format';
import { localText } from '../i18n';
import { ComparisonCard } from './overview/ComparisonCard';
import { RetentionCard } from './overview/RetentionCard';
import { ParetoChart, RevenueTrendChart, StageChart, type StageKey } from './overview/OverviewCharts';
import './overview/overview.css';

/** What the 流失预警 list is filtered to when a card or chart opens it. */
export interface WarningsFilter {
  zones?: string[];
  stage?: string;
}

interface Props {
  language: Language;
  workspaceKey: string;
  onImport: () => void;
  onWarnings: (filter?: WarningsFilter) => void;
}

const ZONES = ['red', 'yellow', 'blue', 'green', 'white'] as const;

/** 1,234.5 (万元 shown as a unit beside it) */
const wanNumber = formatWanNumber;

export function OverviewPage({ language, workspaceKey, onImport, onWarnings }: Props) {
  const { t } = useTranslation();
  const [period, setPeriod] = useState<string | undefined>(undefined);
  const [view, setView] = useState<OverviewView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  // a new workspace state starts again at the latest month
  useEffect(() => {
    setPeriod(undefined);
    setView(null);
  }, [workspaceKey]);

  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    api.call('overview.get', period ? { period } : {}).then(
      (v) => {
        if (!live) return;
        setView(v);
        setLoading(false);
      },
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [workspaceKey, period]);

  const open = useCallback((filter?: WarningsFilter) => onWarnings(filter), [onWarnings]);
  const riskZones = useMemo(() => (view ? ZONES.filter((z) => (view.zoneLossProbability[z] ?? 0) > 0) : []), [view]);

  if (error) return <Alert type="error" message={t('errors.title')} description={error} showIcon />;
  if (!view) return <Spin size="large" style={{ display: 'block', margin: '120px auto' }} />;
  if (view.period === null) {
    return (
      <Alert
        type="info"
        message={t('empty.noBilling')}
        showIcon
        data-testid="overview-empty"
        action={
          <Button type="primary" onClick={onImport}>
            {t('nav.import')}
          </Button>
        }
      />
    );
  }

  const k = view.kpis;
  const kind = view.kind;
  const choices = kind === 'month' ? [...view.options.months].reverse() : [...view.options.quarters].reverse();
  const monthsText = view.months.length > 1 ? `${view.months[0]}…${view.months[view.months.length - 1]}` : (view.months[0] ?? '');
  const trend = view.trend3m.value;
  const topSharePct = `${Math.round(view.pareto.settingShare * 1000) / 10}%`;
  const zoneTotal = ZONES.reduce((s, z) => s + (view.zones.counts[z] ?? 0), 0);
  const wan = t('overviewPage.wanYuan');
  const unit = language === 'en' ? ` ${wan}` : wan;
  const incompletePeriods = view.incomplete.map((c) => c.period);
  /** '（2026-10）' in Chinese, ' (2026-10)' in English: no full-width punctuation in the English UI */
  const shownIncomplete = view.incomplete.find((c) => c.period === view.period);

  return (
    <div className="page" data-testid="overview-page" data-period={view.period}>
      <div className="ov-header">
        <div className="ov-header-left">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('overviewPage.title')}
          </Typography.Title>
          <Segmented
            data-testid="overview-period-kind"
            value={kind}
            options={[
              { label: t('overviewPage.month'), value: 'month' },
              { label: t('overviewPage.quarter'), value: 'quarter', disabled: view.options.quarters.length === 0 },
            ]}
            onChange={(v) => {
              if (v === 'quarter') setPeriod(view.options.quarters[view.options.quarters.length - 1]);
              else setPeriod(undefined);
            }}
          />
          <Select
            data-testid="overview-period"
            value={view.period}
            virtual={false}
            style={{ width: incompletePeriods.length > 0 ? (language === 'en' ? 230 : 200) : language === 'en' ? 176 : 150 }}
            popupMatchSelectWidth={false}
            aria-label={t('overviewPage.period')}
            options={periodOptions(choices, { latest: view.latestMonth, incomplete: incompletePeriods }, t, language)}
            onChange={(p: string) => setPeriod(p === view.latestMonth ? undefined : p)}
          />
          {loading && <Spin size="small" />}
        </div>
        <span className="ov-note">{t('overviewPage.asOfNote', { asOf: view.asOf ?? '', months: monthsText })}</span>
      </div>
      {(view.defaultNote || shownIncomplete) && (
        <Popover content={<TraceContent trace={(shownIncomplete ?? view.incomplete[view.incomplete.length - 1])?.trace ?? { rule: view.defaultNote ?? { zh: '', en: '' }, inputs: [], settings: [] }} language={language} />}>
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="overview-completeness-note"
            message={shownIncomplete ? localText(shownIncomplete.reason, language) : localText(view.defaultNote ?? { zh: '', en: '' }, language)}
          />
        </Popover>
      )}

      <Row gutter={[12, 12]}>
        <Col xs={24} sm={12} lg={8} xl={4}>
          <ComparisonCard
            testId="kpi-groups"
            title={t('overviewPage.groups')}
            figure={view.groups}
            display={formatCount(view.groups.value)}
            sub={
              <Popover content={<TraceContent trace={k.activeGroups.current.trace} language={language} />} title={t('overviewPage.groupsSub', { count: formatCount(k.activeGroups.current.value ?? 0) })} trigger={['hover']} placement="bottom">
                <span className="traceable" data-testid="kpi-groups-billed" data-value={k.activeGroups.current.value ?? ''}>
                  {t('overviewPage.groupsSub', { count: formatCount(k.activeGroups.current.value ?? 0) })}
                </span>
              </Popover>
            }
            previous={k.activeGroups.previous}
            yearAgo={k.activeGroups.yearAgo}
            higherIsBetter
            language={language}
            onClick={() => open()}
          />
        </Col>
        <Col xs={24} sm={12} lg={8} xl={4}>
          <ComparisonCard
            testId="kpi-latest-revenue"
            title={t('overviewPage.revenue', { period: view.period })}
            figure={k.revenue.current}
            display={wanNumber(k.revenue.current.value)}
            unit={unit}
            previous={k.revenue.previous}
            yearAgo={k.revenue.yearAgo}
            higherIsBetter
            language={language}
            onClick={() => open()}
          />
        </Col>
        <Col xs={24} sm={12} lg={8} xl={4}>
          <ComparisonCard
            testId="kpi-unified-share"
            title={t('overviewPage.unifiedShare')}
            figure={k.unifiedShare.current}
            display={formatPercent(k.unifiedShare.current.value)}
            previous={k.unifiedShare.previous}
            yearAgo={k.unifiedShare.yearAgo}
            higherIsBetter
            language={language}
            onClick={() => open()}
          />
        </Col>
        <Col xs={24} sm={12} lg={8} xl={4}>
          <ComparisonCard
            testId="kpi-top20"
            title={t('overviewPage.topShare', { share: topSharePct })}
            figure={k.topShare.current}
            display={formatPercent(k.topShare.current.value)}
            previous={k.topShare.previous}
            yearAgo={k.topShare.yearAgo}
            higherIsBetter={null}
            language={language}
            onClick={() => open()}
          />
        </Col>
        <Col xs={24} sm={12} lg={8} xl={4}>
          <ComparisonCard
            testId="kpi-red-yellow"
            title={t('overviewPage.redYellow')}
            figure={k.redYellow.current}
            display={formatCount(k.redYellow.current.value)}
            unit={language === 'en' ? '' : t('overviewPage.groupsUnit')}
            previous={k.redYellow.previous}
            yearAgo={k.redYellow.yearAgo}
            higherIsBetter={false}
            language={language}
            onClick={() => open({ zones: ['red', 'yellow'] })}
          />
        </Col>
        <Col xs={24} sm={12} lg={8} xl={4}>
          <ComparisonCard
            testId="kpi-value-at-risk"
            title={t('overviewPage.valueAtRisk')}
            figure={k.valueAtRisk.current}
            display={wanNumber(k.valueAtRisk.current.value)}
            unit={unit}
            previous={k.valueAtRisk.previous}
            yearAgo={k.valueAtRisk.yearAgo}
            higherIsBetter={false}
            language={language}
            onClick={() => open({ zones: riskZones })}
          />
        </Col>
      </Row>

      {view.retention && (
        <Row gutter={[12, 12]}>
          <Col xs={24}>
            <RetentionCard retention={view.retention} language={language} />
          </Col>
        </Row>
      )}

      <Row gutter={[12, 12]}>
        <Col xs={24} xl={13}>
          <Card
            className="chart-card ov-chart-card"
            size="small"
            title={
              <Popover content={<TraceContent trace={view.revenueTrend.trace} language={language} />} trigger={['hover']}>
                <span className="traceable">{t('overviewPage.revenueTrend')}</span>
              </Popover>
            }
            extra={<span className="ov-note">{t('overviewPage.trendClickHint')}</span>}
          >
            <RevenueTrendChart view={view} language={language} onMonth={(m) => setPeriod(m === view.latestMonth ? undefined : m)} />
          </Card>
        </Col>
        <Col xs={24} xl={11}>
          <Card
            className="chart-card ov-chart-card"
            size="small"
            title={
              <Popover content={<TraceContent trace={view.pareto.trace} language={language} />} trigger={['hover']}>
                <span className="traceable">{t('overviewPage.pareto')}</span>
              </Popover>
            }
          >
            <ParetoChart view={view} language={language} onClick={() => open()} />
          </Card>
        </Col>
      </Row>

      <Row gutter={[12, 12]}>
        <Col xs={24} xl={11}>
          <Popover content={<TraceContent trace={view.zones.trace} language={language} />} title={t('overviewPage.zones')} trigger={['hover']} placement="bottom">
            <Card size="small" className="kpi-card ov-card ov-zones" hoverable onClick={() => open()} data-testid="zone-counts">
              <div className="kpi-title">
                {t('overviewPage.zones')}{parenText(view.asOf ?? '—', language)}<span className="ov-note"> · {t('overviewPage.zonesHint')}</span>
              </div>
              <div className="ov-zone-row">
                {ZONES.map((z) => (
                  <span
                    key={z}
                    className="ov-zone"
                    data-testid={`overview-zone-${z}`}
                    data-value={view.zones.counts[z] ?? 0}
                    role="button"
                    tabIndex={0}
                    onClick={(e) => {
                      e.stopPropagation();
                      open({ zones: [z] });
                    }}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') open({ zones: [z] });
                    }}
                  >
                    <ZoneTag zone={z} language={language} /> <span className="zone-count">{view.zones.counts[z] ?? 0}</span>
                  </span>
                ))}
              </div>
              <div className="ov-zone-bar" aria-hidden>
                {ZONES.map((z) => (
                  <span
                    key={z}
                    style={{
                      width: `${zoneTotal > 0 ? ((view.zones.counts[z] ?? 0) / zoneTotal) * 100 : 0}%`,
                      background: z === 'white' ? '#f0f0f0' : ZONE_COLOURS[z],
                    }}
                  />
                ))}
              </div>
            </Card>
          </Popover>
          <div style={{ height: 12 }} />
          <div onClick={() => open()} role="presentation">
            <KpiCard
              testId="kpi-trend-3m"
              title={t('overviewPage.trend3m')}
              figure={view.trend3m}
              display={trend === null ? t('kpi.notEnough') : `${trend < 0 ? '▼' : trend > 0 ? '▲' : ''} ${formatPercent(trend, true)}`}
              sub={t('overviewPage.trendSub', { asOf: view.asOf ?? '' })}
              tone={trend === null ? 'neutral' : trend < 0 ? 'down' : 'up'}
              language={language}
            />
          </div>
        </Col>
        <Col xs={24} xl={13}>
          <Card
            className="chart-card ov-chart-card"
            size="small"
            title={
              <Popover content={<TraceContent trace={view.stages.trace} language={language} />} trigger={['hover']}>
                <span className="traceable">
                  {t('overviewPage.stages')}{parenText(view.asOf ?? '—', language)}
                </span>
              </Popover>
            }
          >
            <StageChart view={view} language={language} onStage={(stage: StageKey) => open(stage === 'none' ? undefined : { stage })} />
          </Card>
        </Col>
      </Row>

      {view.valueRisk && (
        <Card
          className="chart-card"
          size="small"
          title={
            <Popover content={<TraceContent trace={view.valueRisk.trace} language={language} />} trigger={['hover', 'click']}>
              <span className="traceable">
                {t('scatter.titleScore')}{parenText(view.asOf ?? '—', language)}
              </span>
            </Popover>
          }
        >
          <WarningScatter data={view.valueRisk} scale={view.scoreScale} language={language} />
        </Card>
      )}
    </div>
  );
}
