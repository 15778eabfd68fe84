/** 流失预警: every group's zone, score and value at risk, with the signals that fired and their numbers. */
import { Alert, Button, Card, Descriptions, Segmented, Space, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import type { AnalysisView, WarningRow } from '../../../../shared/api/analysisContract';
import { api } from '../../api/transport';
import { useOpenGroup } from '../../components/groupDrawerContext';
import { ZoneTag, zoneName } from '../../components/ZoneTag';
import { formatPercent, formatYuan } from '../../format';
import { localText } from '../../i18n';

type Filter = 'redYellow' | 'warned' | 'all';

export function WarningsPage({ language, workspaceKey }: { language: Language; workspaceKey: string }) {
  const { t } = useTranslation();
  const [view, setView] = useState<AnalysisView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState<Filter>('redYellow');
  const openGroup = useOpenGroup();

  useEffect(() => {
    let live = true;
    api.call('analysis.get', {}).then(
      (v) => live && setView(v),
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [workspaceKey]);

  const rows = useMemo(() => {
    if (!view) return [];
    if (filter === 'all') return view.warnings;
    const keep = filter === 'redYellow' ? new Set(['red', 'yellow']) : new Set(['red', 'yellow', 'blue']);
    return view.warnings.filter((w) => keep.has(w.zone));
  }, [view, filter]);

  if (error) return <Alert type="error" showIcon message={t('errors.title')} description={error} />;
  if (!view) return <Spin size="large" style={{ display: 'block', margin: '120px auto' }} />;
  if (view.asOf === null) return <Alert type="info" showIcon message={t('empty.noBilling')} />;

  const c = view.zones.counts;
  return (
    <div className="page" data-testid="warnings-page">
      <div className="page-header">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('nav.warnings')} <Typography.Text type="secondary">{view.asOf}</Typography.Text>
        </Typography.Title>
        <Space>
          {(['red', 'yellow', 'blue', 'green', 'white'] as const).map((z) => (
            <span key={z} data-testid={`zone-count-${z}`} data-value={c[z] ?? 0}>
              <ZoneTag zone={z} language={language} /> {c[z] ?? 0}
            </span>
          ))}
        </Space>
      </div>
      <Card size="small">
        <Space style={{ marginBottom: 12 }}>
          <Segmented<Filter>
            value={filter}
            onChange={setFilter}
            options={[
              { value: 'redYellow', label: t('warnings.redYellow') },
              { value: 'warned', label: t('warnings.warned') },
              { value: 'all', label: t('warnings.all') },
            ]}
            data-testid="warnings-filter"
          />
          <Typography.Text type="secondary">{t('warnings.count', { count: rows.length })}</Typography.Text>
        </Space>
        <Table<WarningRow>
          size="small"
          rowKey="groupCode"
          dataSource={rows}
          virtual
          scroll={{ y: 620, x: 1200 }}
          pagination={false}
          data-testid="warnings-table"
          expandable={{ expandedRowRender: (w) => <WarningDetail row={w} language={language} />, rowExpandable: () => true, columnWidth: 40, expandRowByClick: true }}
          columns={[
            { title: t('warnings.zone'), dataIndex: 'zone', width: 90, render: (z: string, w) => <Tooltip title={localText(w.zoneRule, language)}><span><ZoneTag zone={z} language={language} /></span></Tooltip> },
            { title: t('warnings.group'), dataIndex: 'groupName', width: 240, ellipsis: true, render: (name: string, w) => <span data-testid={`warning-row-${w.groupCode}`}>{name}</span> },
            {
              title: t('warnings.score'),
              dataIndex: 'score',
              width: 70,
              align: 'right' as const,
              render: (score: number, w) => (
                <Tooltip title={`${score} / ${w.maxAvailableScore} · ${localText(w.zoneRule, language)}`}>
                  <span className="traceable">{score}</span>
                </Tooltip>
              ),
            },
            {
              title: t('warnings.valueAtRisk'),
              dataIndex: 'valueAtRisk',
              width: 120,
              align: 'right' as const,
              render: (v: number | null, w) => (
                <Tooltip title={t('warnings.varRule', { value: formatYuan(w.value === null ? null : Math.round(w.value)), p: view.zoneLossProbability[w.zone] ?? 0, zone: zoneName(w.zone, language) })}>
                  <span className="traceable">{formatYuan(v === null ? null : Math.round(v))}</span>
                </Tooltip>
              ),
            },
            {
              title: t('warnings.signals'),
              render: (_: unknown, w) => (
                <Space size={[4, 4]} wrap>
                  {w.signals.map((s) => (
                    <Tooltip key={s.id} title={localText(s.explanation, language)}>
                      <Tag color="default">{localText(s.label, language)} +{s.points}</Tag>
                    </Tooltip>
                  ))}
                </Space>
              ),
            },
            { title: t('warnings.stage'), dataIndex: 'stageLabel', width: 90, render: (l: WarningRow['stageLabel']) => (l ? localText(l, language) : '—') },
            { title: t('warnings.manager'), dataIndex: 'accountManager', width: 90, render: (m: string | null) => m ?? <Typography.Text type="warning">{t('warnings.noManager')}</Typography.Text> },
            { title: t('warnings.contractEnd'), dataIndex: 'contractEnd', width: 110, render: (d: string | null) => d ?? '—' },
            {
              title: '',
              width: 70,
              render: (_: unknown, w) => (
                <Button
                  size="small"
                  type="link"
                  data-testid={`open-detail-${w.groupCode}`}
                  onClick={(e) => {
                    e.stopPropagation();
                    openGroup(w.groupCode);
                  }}
                >
                  {t('detail.open')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}

function WarningDetail({ row, language }: { row: WarningRow; language: Language }) {
  const { t } = useTranslation();
  return (
    <Descriptions size="small" column={1} bordered data-testid={`warning-detail-${row.groupCode}`}>
      <Descriptions.Item label={t('warnings.scoreRule')}>
        {row.score} / {row.maxAvailableScore} · {localText(row.zoneRule, language)}
      </Descriptions.Item>
      {row.signals.map((s) => (
        <Descriptions.Item key={s.id} label={`${localText(s.label, language)}（+${s.points}）`}>
          <span className="signal-explanation">{localText(s.explanation, language)}</span>
        </Descriptions.Item>
      ))}
      {row.unavailable.length > 0 && (
        <Descriptions.Item label={t('warnings.unavailable')}>
          {row.unavailable.map((u) => `${localText(u.label, language)}：${localText(u.reason, language)}`).join('；')}
        </Descriptions.Item>
      )}
      {row.stageRule && <Descriptions.Item label={t('warnings.stage')}>{localText(row.stageRule, language)}</Descriptions.Item>}
      <Descriptions.Item label={t('warnings.trend')}>{formatPercent(row.trendShortPct, true)}</Descriptions.Item>
    </Descriptions>
  );
}
