/** 总览: the branch's headline figures and the Value × Risk map, every number traceable. */
import { Alert, Button, Card, Col, Popover, Row, Space, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language, Summary } from '../../../shared/api/contract';
import type { AnalysisView } from '../../../shared/api/analysisContract';
import { api } from '../api/transport';
import { WarningScatter } from '../charts/WarningScatter';
import { ZoneTag } from '../components/ZoneTag';
import { KpiCard } from '../components/KpiCard';
import { TraceContent } from '../components/TraceContent';
import { formatCount, formatPercent, formatWan } from '../format';

export function OverviewPage({ language, workspaceKey, onImport, onWarnings }: { language: Language; workspaceKey: string; onImport: () => void; onWarnings: () => void }) {
  const { t } = useTranslation();
  const [summary, setSummary] = useState<Summary | null>(null);
  const [analysis, setAnalysis] = useState<AnalysisView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setSummary(null);
    api.call('summary.get', {}).then(
      (s) => live && setSummary(s),
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    api.call('analysis.get', {}).then(
      (a) => live && setAnalysis(a),
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [workspaceKey]);

  if (error) return <Alert type="error" message={t('errors.title')} description={error} showIcon />;
  if (!summary) return <Spin size="large" style={{ display: 'block', margin: '120px auto' }} />;
  if (summary.asOf === null) {
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

  const trend = summary.revenueTrend3m.value;
  return (
    <div className="page" data-testid="overview-page">
      <Row gutter={[16, 16]}>
        <Col xs={24} sm={12} xl={6}>
          <KpiCard
            testId="kpi-groups"
            title={t('kpi.groups')}
            figure={summary.groups}
            display={formatCount(summary.groups.value)}
            sub={t('kpi.activeGroups', { count: summary.activeGroups.value ?? 0 })}
            language={language}
          />
        </Col>
        <Col xs={24} sm={12} xl={6}>
          <KpiCard
            testId="kpi-latest-revenue"
            title={`${t('kpi.latestRevenue')}（${summary.asOf}）`}
            figure={summary.latestRevenue}
            display={formatWan(summary.latestRevenue.value, language)}
            language={language}
          />
        </Col>
        <Col xs={24} sm={12} xl={6}>
          <KpiCard
            testId="kpi-trend-3m"
            title={t('kpi.revenueTrend3m')}
            figure={summary.revenueTrend3m}
            display={trend === null ? t('kpi.notEnough') : `${trend < 0 ? '▼' : trend > 0 ? '▲' : ''} ${formatPercent(trend, true)}`}
            sub={t('kpi.trendSub')}
            tone={trend === null ? 'neutral' : trend < 0 ? 'down' : 'up'}
            language={language}
          />
        </Col>
        <Col xs={24} sm={12} xl={6}>
          <KpiCard
            testId="kpi-top20"
            title={t('kpi.top20Share')}
            figure={summary.top20Share}
            display={formatPercent(summary.top20Share.value)}
            sub={t('kpi.top20Sub')}
            language={language}
          />
        </Col>
      </Row>
      {analysis && (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={16}>
            <Popover content={<TraceContent trace={analysis.zones.trace} language={language} />} title={t('overview.zones')} trigger={['hover']} placement="bottom">
              <Card size="small" className="kpi-card" hoverable onClick={onWarnings} data-testid="zone-counts">
                <div className="kpi-title">{t('overview.zones')}</div>
                <Space size="large" wrap style={{ marginTop: 8 }}>
                  {(['red', 'yellow', 'blue', 'green', 'white'] as const).map((z) => (
                    <span key={z} data-testid={`overview-zone-${z}`} data-value={analysis.zones.counts[z] ?? 0}>
                      <ZoneTag zone={z} language={language} /> <span className="zone-count">{analysis.zones.counts[z] ?? 0}</span>
                    </span>
                  ))}
                </Space>
              </Card>
            </Popover>
          </Col>
          <Col xs={24} xl={8}>
            <KpiCard
              testId="kpi-value-at-risk"
              title={t('overview.valueAtRisk')}
              figure={analysis.kpis.valueAtRisk}
              display={formatWan(analysis.kpis.valueAtRisk.value, language)}
              sub={t('overview.valueAtRiskSub')}
              language={language}
            />
          </Col>
        </Row>
      )}
      <Card
        className="chart-card"
        size="small"
        title={
          analysis ? (
            <Popover content={<TraceContent trace={analysis.valueRisk.trace} language={language} />} trigger={['hover', 'click']}>
              <span className="traceable">{t('scatter.titleScore')}</span>
            </Popover>
          ) : (
            t('scatter.titleScore')
          )
        }
      >
        {analysis ? <WarningScatter data={analysis.valueRisk} language={language} /> : <Spin style={{ display: 'block', margin: '80px auto' }} />}
      </Card>
    </div>
  );
}
