/**
 * Every analysis setting, grouped by section, each with its unit and a reset
 * to the default; the preview above shows the results change as you type.
 */
import { formatRatio, formatWanNumber } from '../../format';
import { Button, Card, Col, Collapse, DatePicker, InputNumber, Popover, Row, Select, Space, Statistic, Switch, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { getSetting, type AnalyticsSettings, type SettingMeta } from '../../../../shared/analytics';
import type { Language } from '../../../../shared/api/contract';
import type { AnalysisView } from '../../../../shared/api/analysisContract';
import { ApiCallError } from '../../../../shared/api/client';
import { api } from '../../api/transport';
import { BacktestSummary } from '../../components/BacktestSummary';
import { ZoneTag } from '../../components/ZoneTag';
import { localText } from '../../i18n';

interface Loaded {
  settings: AnalyticsSettings;
  defaults: AnalyticsSettings;
  meta: SettingMeta[];
}

function Preview({ view, language }: { view: AnalysisView | null; language: Language }) {
  const { t } = useTranslation();
  if (!view) return null;
  const c = view.zones.counts;
  const auc = view.backtest.status === 'ok' ? view.backtest.auc : null;
  return (
    <Card size="small" className="settings-preview" data-testid="settings-preview">
      <Row gutter={16} align="middle">
        {(['red', 'yellow', 'blue', 'green', 'white'] as const).map((z) => (
          <Col key={z}>
            <Space>
              <ZoneTag zone={z} language={language} />
              <span data-testid={`preview-zone-${z}`} data-value={c[z] ?? 0} style={{ fontSize: 18, fontWeight: 600 }}>
                {c[z] ?? 0}
              </span>
            </Space>
          </Col>
        ))}
        <Col>
          {/* as 总览's card: 万元 (10k yuan in English), never a bare 元 in the English UI */}
          <Statistic data-testid="preview-var" title={t('settingsAnalysis.valueAtRisk')} value={formatWanNumber(view.kpis.valueAtRisk.value)} suffix={t('overviewPage.wanYuan')} valueStyle={{ fontSize: 18 }} />
        </Col>
        <Col>
          <Statistic data-testid="preview-auc" title={t('settingsAnalysis.auc')} value={formatRatio(auc)} valueStyle={{ fontSize: 18 }} />
          {view.backtest.status === 'ok' && view.backtest.caveat && (
            <Typography.Text type="warning" style={{ fontSize: 12 }} data-testid="preview-backtest-caveat">
              {localText(view.backtest.caveat, language)}
            </Typography.Text>
          )}
        </Col>
        <Col>
          <Popover trigger="click" title={t('backtest.title')} content={<BacktestSummary backtest={view.backtest} language={language} />}>
            <Button size="small" data-testid="preview-backtest-details">
              {t('backtest.button')}
            </Button>
          </Popover>
        </Col>
        <Col>
          <Tooltip title={t('settingsAnalysis.completenessEffect')}>
            <Statistic title={t('settingsAnalysis.analysisMonth')} value={view.asOf ?? '—'} valueStyle={{ fontSize: 18 }} data-testid="preview-analysis-month" />
          </Tooltip>
        </Col>
      </Row>
      <Typography.Text type={view.incomplete.length > 0 ? 'warning' : 'secondary'} data-testid="preview-incomplete">
        {view.incomplete.length > 0 ? view.incomplete.map((c) => localText(c.reason, language)).join(language === 'en' ? '; ' : '；') : t('settingsAnalysis.allComplete')}
      </Typography.Text>
      {/* how the score the zone cut-offs apply to is built: its one 0–100 scale, live with the settings */}
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }} data-testid="settings-score-scale">
        {localText(view.scoreScale.rule, language)}
      </Typography.Paragraph>
    </Card>
  );
}

function Field({ meta, value, def, language, onChange, onReset }: { meta: SettingMeta; value: unknown; def: unknown; language: Language; onChange: (v: unknown) => void; onReset: () => void }) {
  const { t } = useTranslation();
  const scale = meta.scale ?? 1;
  const changed = JSON.stringify(value) !== JSON.stringify(def);
  let input: React.ReactNode;
  if (meta.kind === 'boolean') input = <Switch checked={Boolean(value)} onChange={onChange} />;
  else if (meta.kind === 'enum')
    input = <Select value={String(value)} style={{ width: 200 }} onChange={onChange} options={(meta.options ?? []).map((o) => ({ value: o.value, label: localText(o.label, language) }))} />;
  else if (meta.kind === 'list') input = <Select mode="tags" value={(value as string[]) ?? []} style={{ minWidth: 240 }} onChange={onChange} />;
  else if (meta.kind === 'period')
    // a month (YYYY-MM) or empty = automatic; clearing sends null
    input = (
      <DatePicker
        picker="month"
        format="YYYY-MM"
        allowClear
        value={typeof value === 'string' ? dayjs(`${value}-01`) : null}
        placeholder={t('settingsAnalysis.periodAuto')}
        style={{ width: 200 }}
        onChange={(d) => onChange(d ? d.format('YYYY-MM') : null)}
        data-testid={`setting-${meta.key}`}
      />
    );
  else
    input = (
      <InputNumber
        value={typeof value === 'number' ? Math.round(value * scale * 1e6) / 1e6 : null}
        min={meta.min !== undefined ? meta.min * scale : undefined}
        max={meta.max !== undefined ? meta.max * scale : undefined}
        step={meta.step !== undefined ? meta.step * scale : meta.kind === 'integer' ? 1 : undefined}
        precision={meta.kind === 'integer' ? 0 : undefined}
        addonAfter={localText(meta.unit, language) || undefined}
        style={{ width: 180 }}
        onChange={(v) => v !== null && onChange(Number(v) / scale)}
        data-testid={`setting-${meta.key}`}
      />
    );
  return (
    <div className="setting-row">
      <div className="setting-label">
        {localText(meta.label, language)}
        {meta.source === 'DOMAIN' && <Typography.Text type="secondary"> · {t('settingsAnalysis.fromDomain')}</Typography.Text>}
      </div>
      <Space>
        {input}
        <Tooltip title={`${t('settingsAnalysis.default')}: ${meta.kind === 'number' || meta.kind === 'integer' ? Number(def) * scale : def === null ? t('settingsAnalysis.periodAuto') : JSON.stringify(def)}`}>
          <Button size="small" disabled={!changed} onClick={onReset} data-testid={`reset-${meta.key}`}>
            {t('settingsAnalysis.reset')}
          </Button>
        </Tooltip>
      </Space>
    </div>
  );
}

export function AnalysisSettingsPanel({ language, onChanged }: { language: Language; onChanged?: () => void }) {
  const { t } = useTranslation();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [view, setView] = useState<AnalysisView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const refreshPreview = useCallback(() => {
    api.call('analysis.get', { brief: true }).then(setView, () => undefined);
  }, []);

  useEffect(() => {
    api.call('settings.get', {}).then((r) => setLoaded({ settings: r.settings, defaults: r.defaults, meta: r.meta }), (e: unknown) => setError(String(e)));
    refreshPreview();
  }, [refreshPreview]);

  const apply = (p: Promise<{ settings: AnalyticsSettings }>) => {
    setError(null);
    p.then(
      (r) => {
        setLoaded((l) => (l ? { ...l, settings: r.settings } : l));
        if (timer.current) clearTimeout(timer.current);
        timer.current = setTimeout(() => {
          refreshPreview();
          onChanged?.();
        }, 150);
      },
      (err: unknown) => setError(err instanceof ApiCallError ? localText(err.error.message, language) : String(err)),
    );
  };

  const sections = useMemo(() => {
    const out = new Map<string, SettingMeta[]>();
    for (const m of loaded?.meta ?? []) {
      const k = localText(m.section, language);
      out.set(k, [...(out.get(k) ?? []), m]);
    }
    return [...out.entries()];
  }, [loaded, language]);

  if (!loaded) return null;
  return (
    <div data-testid="analysis-settings">
      <Preview view={view} language={language} />
      {error && <Typography.Paragraph type="danger">{error}</Typography.Paragraph>}
      <Space style={{ margin: '12px 0' }}>
        <Button onClick={() => apply(api.call('settings.reset', {}))} data-testid="reset-all">
          {t('settingsAnalysis.resetAll')}
        </Button>
        <Typography.Text type="secondary">{t('settingsAnalysis.hint')}</Typography.Text>
      </Space>
      <Collapse
        defaultActiveKey={sections.slice(0, 1).map(([k]) => k)}
        items={sections.map(([name, metas]) => ({
          key: name,
          label: name,
          children: metas.map((m) => (
            <Field
              key={m.key}
              meta={m}
              language={language}
              value={getSetting(loaded.settings, m.key)}
              def={getSetting(loaded.defaults, m.key)}
              onChange={(v) => apply(api.call('settings.update', { key: m.key, value: v as number | string | null }))}
              onReset={() => apply(api.call('settings.reset', { key: m.key }))}
            />
          )),
        }))}
      />
    </div>
  );
}
