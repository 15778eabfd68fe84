/** Group detail: who it is, why it is flagged (every signal, with its numbers and thresholds), and its months. */
import { Alert, Card, Col, Descriptions, Drawer, Popover, Row, Spin, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/api/contract';
import type { GroupDetailView } from '../../../shared/api/analysisContract';
import { api } from '../api/transport';
import { EChart } from '../charts/EChart';
import { formatPercent, formatYuan } from '../format';
import { localText } from '../i18n';
import { ActionsPanel } from './ActionsPanel';
import { KeyPersonsPanel } from './KeyPersonsPanel';
import { TraceContent } from './TraceContent';
import { ScoreGauge } from './ScoreGauge';
import { StageApproach } from './StageApproach';
import { ZONE_COLOURS, ZoneTag } from './ZoneTag';

function figureText(f: GroupDetailView['figures'][number], language: Language): string {
  if (f.value === null) return '—';
  switch (f.unit) {
    case 'yuan':
      return formatYuan(Math.round(f.value));
    case 'percent':
      return formatPercent(f.value, f.id.startsWith('trend'));
    case 'flag':
      return f.value === 1 ? (language === 'en' ? 'yes' : '是') : language === 'en' ? 'no' : '否';
    default:
      // the warning score on its one 0–100 scale
      return f.id === 'score' ? `${Math.round(f.value * 10) / 10} / 100` : String(Math.round(f.value * 10) / 10);
  }
}

function warnedAreas(history: GroupDetailView['history']) {
  return history.filter((h) => h.zone === 'red' || h.zone === 'yellow').map((h) => [{ xAxis: h.period, itemStyle: { color: h.zone === 'red' ? 'rgba(212,56,13,0.10)' : 'rgba(212,136,6,0.10)' } }, { xAxis: h.period }]);
}

function MonthlyCharts({ d, language }: { d: GroupDetailView; language: Language }) {
  const { t } = useTranslation();
  const periods = d.series.map((s) => s.period);
  const areas = warnedAreas(d.history);
  const revenue = useMemo(
    () => ({
      animation: false,
      grid: { left: 64, right: 16, top: 36, bottom: 28 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' as const },
      xAxis: { type: 'category' as const, data: periods },
      yAxis: { type: 'value' as const, name: '元' },
      series: [
        { type: 'bar' as const, stack: 'rev', name: t('detail.unified'), data: d.series.map((s) => s.unified), itemStyle: { color: '#1e3a8a' }, markArea: { silent: true, data: areas } },
        { type: 'bar' as const, stack: 'rev', name: t('detail.personal'), data: d.series.map((s) => s.personal), itemStyle: { color: '#93c5fd' } },
        { type: 'line' as const, name: t('detail.newBusiness'), data: d.series.map((s) => s.newBusiness), itemStyle: { color: '#0d9488' } },
      ],
    }),
    [d, periods, areas, t],
  );
  const members = useMemo(
    () => ({
      animation: false,
      grid: { left: 64, right: 64, top: 36, bottom: 28 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' as const },
      xAxis: { type: 'category' as const, data: periods },
      yAxis: [{ type: 'value' as const, name: t('detail.people') }, { type: 'value' as const, name: t('detail.minutes'), splitLine: { show: false } }],
      series: [
        { type: 'line' as const, name: t('detail.members'), data: d.series.map((s) => s.members), itemStyle: { color: '#1e3a8a' }, markArea: { silent: true, data: areas } },
        { type: 'line' as const, name: t('detail.offNet'), data: d.series.map((s) => s.offNet), itemStyle: { color: '#722ed1' } },
        { type: 'line' as const, name: t('detail.minutes'), yAxisIndex: 1, data: d.series.map((s) => s.minutes), itemStyle: { color: '#8c8c8c' }, lineStyle: { type: 'dashed' as const } },
      ],
    }),
    [d, periods, areas, t],
  );
  void language;
  // A chart whose fields were never imported says what to import instead of drawing empty axes.
  const hasSplit = d.series.some((s) => s.unified !== null || s.personal !== null);
  const hasPeople = d.series.some((s) => s.members !== null || s.offNet !== null || s.minutes !== null);
  return (
    <>
      <Typography.Text type="secondary">{t('detail.warnedMonths')}</Typography.Text>
      {hasSplit ? (
        <EChart option={revenue} height={220} testId="detail-revenue-chart" exportName={`${d.group.groupName}-${t('detail.unified')}`} />
      ) : (
        <Alert type="info" showIcon style={{ margin: '8px 0' }} message={t('detail.needSplit')} data-testid="detail-need-split" />
      )}
      {hasPeople ? (
        <EChart option={members} height={200} testId="detail-members-chart" exportName={`${d.group.groupName}-${t('detail.members')}`} />
      ) : (
        <Alert type="info" showIcon style={{ margin: '8px 0' }} message={t('detail.needMembers')} data-testid="detail-need-members" />
      )}
    </>
  );
}

export function GroupDrawer({ groupCode, language, onClose, onActionsChanged }: { groupCode: string | null; language: Language; onClose: () => void; onActionsChanged?: () => void }) {
  const { t } = useTranslation();
  const [detail, setDetail] = useState<GroupDetailView | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** bumped when the key persons change: the signals and the score are read again */
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (version === 0) setDetail(null);
    setError(null);
    if (!groupCode) return;
    let live = true;
    api.call('analysis.group', { groupCode }).then(
      (d) => live && setDetail(d),
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [groupCode, version]);

  const d = detail;
  return (
    <Drawer open={groupCode !== null} onClose={onClose} width={860} destroyOnHidden title={d ? d.group.groupName : groupCode} data-testid="group-drawer">
      {error && <Alert type="error" showIcon message={error} />}
      {!d && !error && <Spin style={{ display: 'block', margin: '80px auto' }} />}
      {d && (
        <div className="group-detail" data-testid={`group-detail-${d.group.groupCode}`}>
          <Row gutter={12} align="middle" style={{ marginBottom: 12 }}>
            <Col>
              <ZoneTag zone={d.zone} language={language} />
            </Col>
            <Col>
              <Typography.Text strong className="traceable" title={localText(d.scoreScale.rule, language)} data-testid="detail-score">
                {t('warnings.score')} {d.score} / {d.scoreScale.max}
              </Typography.Text>
            </Col>
            <Col>
              <ScoreGauge score={d.score} zone={d.zone} scale={d.scoreScale} language={language} />
            </Col>
            <Col>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('warnings.evaluable', { points: d.maxAvailableScore })}
              </Typography.Text>
            </Col>
            {d.stage ? (
              <Col>
                <Popover content={<TraceContent trace={d.stage.trace} language={language} />} title={t('detail.stage')} trigger={['hover', 'click']}>
                  <Tag className="traceable" data-testid="detail-stage">
                    {t('detail.stage')}
                    {language === 'en' ? ': ' : '：'}
                    {localText(d.stage.label, language)}
                  </Tag>
                </Popover>
              </Col>
            ) : (
              d.stageLabel && (
                <Col>
                  <Tag>{localText(d.stageLabel, language)}</Tag>
                </Col>
              )
            )}
            <Col>
              <Typography.Text type="secondary">
                {d.group.groupCode} · {t('detail.asOf')} {d.asOf}
              </Typography.Text>
            </Col>
          </Row>
          {d.whiteReason && <Alert type="info" showIcon style={{ marginBottom: 12 }} data-testid="detail-white" message={t('detail.white', { reason: localText(d.whiteReason, language) })} />}
          {d.stage && (
            <Card size="small" style={{ marginBottom: 12 }}>
              <StageApproach approach={d.stage.approach} language={language} testId="detail-stage-approach" />
            </Card>
          )}
          <Descriptions size="small" column={3} bordered style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('detail.class')}>{d.group.groupClass ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('detail.industry')}>{d.group.industry ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('detail.region')}>{d.group.region ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('warnings.manager')}>{d.group.accountManager ?? <Typography.Text type="warning">{t('detail.vacuum')}</Typography.Text>}</Descriptions.Item>
            <Descriptions.Item label={t('warnings.contractEnd')}>{d.group.contractEnd ?? t('detail.noContract')}</Descriptions.Item>
            <Descriptions.Item label={t('detail.competitor')}>{d.group.competitorPresence ?? '—'}</Descriptions.Item>
          </Descriptions>
          <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
            {d.figures.map((f) => (
              <Col span={6} key={f.id}>
                <Popover content={<TraceContent trace={f.trace} language={language} />} title={localText(f.label, language)} trigger={['hover', 'click']}>
                  <Card size="small" hoverable className="detail-figure" data-testid={`detail-figure-${f.id}`}>
                    <div className="kpi-title">{localText(f.label, language)}</div>
                    <div className="detail-figure-value">{figureText(f, language)}</div>
                  </Card>
                </Popover>
              </Col>
            ))}
          </Row>
          <MonthlyCharts d={d} language={language} />
          <Typography.Title level={5}>{t('detail.signals')}</Typography.Title>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={d.signals}
            data-testid="detail-signals"
            rowClassName={(s) => (s.fired ? 'signal-fired' : '')}
            columns={[
              {
                title: t('detail.signal'),
                width: 150,
                render: (_: unknown, s: GroupDetailView['signals'][number]) => (
                  <span>
                    {s.fired ? <Tag color="#434343">✓</Tag> : s.unavailable ? <Tag>?</Tag> : <Tag color="default">—</Tag>}
                    {localText(s.label, language)}
                  </span>
                ),
              },
              { title: t('detail.points'), width: 70, render: (_: unknown, s: GroupDetailView['signals'][number]) => `${s.points} / ${s.maxPoints}` },
              {
                title: t('detail.explanation'),
                render: (_: unknown, s: GroupDetailView['signals'][number]) =>
                  s.unavailable ? <Typography.Text type="secondary">{localText(s.reason ?? s.explanation, language)}</Typography.Text> : <span className="detail-explanation">{localText(s.explanation, language)}</span>,
              },
            ]}
          />
          <div style={{ marginTop: 16 }}>
            <KeyPersonsPanel groupCode={d.group.groupCode} language={language} onSaved={() => setVersion((v) => v + 1)} />
          </div>
          <div style={{ marginTop: 16 }}>
            <ActionsPanel groupCode={d.group.groupCode} defaultOwner={d.group.accountManager} groupClass={d.group.groupClass} language={language} onChanged={onActionsChanged} />
          </div>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('detail.history')}
          </Typography.Title>
          <div className="history-strip" data-testid="detail-history">
            {d.history.map((h) => (
              <Popover key={h.period} content={`${h.period} · ${t('warnings.score')} ${h.score}${h.stage ? ` · ${localText(h.stage, language)}` : ''}${h.valueRiskCell ? ` · ${h.valueRiskCell}` : ''}`}>
                <div className="history-cell" style={{ background: h.zone === 'white' ? '#fafafa' : ZONE_COLOURS[h.zone], border: h.zone === 'white' ? '1px dashed #bfbfbf' : 'none' }}>
                  <span>{h.period.slice(2)}</span>
                  <b>{h.score}</b>
                </div>
              </Popover>
            ))}
          </div>
        </div>
      )}
    </Drawer>
  );
}
