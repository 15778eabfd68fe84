/** Step 5: horizon (4–8 quarters), runs and seed; the Monte Carlo runs off the UI thread with progress and cancel. */
import { PlayCircleOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, Button, Card, InputNumber, Progress, Segmented, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScenarioResult } from '../../../../../shared/scenarios/types';
import { api } from '../../../api/transport';
import { localText } from '../../../i18n';
import { formatCount, formatDecimal, formatPercent } from '../../../format';
import { paren, wan } from '../scenarioModel';
import type { StepProps } from './stepProps';

type RunState = { kind: 'idle' } | { kind: 'running'; jobId: string | null; progress: number } | { kind: 'done'; result: ScenarioResult } | { kind: 'cancelled' } | { kind: 'error'; message: string };

const POLL_MS = 250;

export function SimulateStep({ draft, update, language, flush, ran, onDone }: StepProps & { ran: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const [run, setRun] = useState<RunState>({ kind: 'idle' });
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );

  const start = async () => {
    setRun({ kind: 'running', jobId: null, progress: 0 });
    try {
      await flush();
      const { jobId } = await api.call('scenario.run.start', { id: draft.id });
      setRun({ kind: 'running', jobId, progress: 0 });
      for (;;) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        if (!live.current) {
          void api.call('scenario.run.cancel', { jobId }).catch(() => undefined);
          return;
        }
        const s = await api.call('scenario.run.status', { jobId });
        if (s.cancelled) {
          setRun({ kind: 'cancelled' });
          return;
        }
        if (s.error) {
          setRun({ kind: 'error', message: localText(s.error, language) });
          return;
        }
        if (s.done && s.result) {
          setRun({ kind: 'done', result: s.result });
          onDone();
          return;
        }
        setRun((r) => (r.kind === 'running' ? { ...r, progress: s.progress } : r));
      }
    } catch (e) {
      if (live.current) setRun({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  };
  const cancel = () => {
    if (run.kind === 'running' && run.jobId) void api.call('scenario.run.cancel', { jobId: run.jobId });
  };

  const running = run.kind === 'running';
  return (
    <div className="page" data-testid="step-simulate" data-run={run.kind}>
      <Typography.Text type="secondary">{t('scenarios.simulate.intro')}</Typography.Text>
      <Card size="small">
        <Space size={32} wrap>
          <Space direction="vertical" size={4}>
            <Typography.Text>{t('scenarios.simulate.quarters')}</Typography.Text>
            <Segmented<number> value={draft.quarters} disabled={running} onChange={(v) => update({ quarters: v })} options={[4, 5, 6, 7, 8].map((q) => ({ value: q, label: <span data-testid={`sim-quarters-${q}`}>{q}</span> }))} />
          </Space>
          <Space direction="vertical" size={4}>
            <Typography.Text>{t('scenarios.simulate.runs')}</Typography.Text>
            <InputNumber<number> min={10_000} max={100_000} step={10_000} value={draft.runs} disabled={running} onChange={(v) => v !== null && update({ runs: Math.round(v) })} style={{ width: 140 }} data-testid="sim-runs" />
          </Space>
          <Space direction="vertical" size={4}>
            <Typography.Text>{t('scenarios.simulate.seed')}</Typography.Text>
            <Space.Compact>
              <InputNumber<number> min={0} max={2 ** 31 - 1} value={draft.seed} disabled={running} onChange={(v) => v !== null && update({ seed: Math.round(v) })} style={{ width: 140 }} data-testid="sim-seed" />
              <Button icon={<ReloadOutlined />} disabled={running} onClick={() => update({ seed: Math.floor(Math.random() * 1_000_000) })} />
            </Space.Compact>
          </Space>
        </Space>
      </Card>
      <Space>
        <Button type="primary" size="large" icon={<PlayCircleOutlined />} loading={running} onClick={() => void start()} data-testid="sim-run">
          {ran || run.kind === 'done' ? t('scenarios.simulate.rerun') : t('scenarios.simulate.run')}
        </Button>
        {running && (
          <Button size="large" icon={<StopOutlined />} onClick={cancel} disabled={!run.jobId} data-testid="sim-cancel">
            {t('scenarios.simulate.cancel')}
          </Button>
        )}
      </Space>
      {running && (
        <div data-testid="sim-progress">
          <Progress percent={Math.round(run.progress * 1000) / 10} status="active" />
          <Typography.Text type="secondary">{t('scenarios.simulate.running', { pct: formatPercent(run.progress) })}</Typography.Text>
        </div>
      )}
      {run.kind === 'cancelled' && <Alert type="warning" showIcon message={t('scenarios.simulate.cancelled')} data-testid="sim-cancelled" />}
      {run.kind === 'error' && <Alert type="error" showIcon message={run.message} data-testid="sim-error" />}
      {run.kind === 'done' && (
        <Alert
          type="success"
          showIcon
          data-testid="sim-done"
          message={t('scenarios.simulate.done', { runs: formatCount(run.result.runs), seconds: formatDecimal(run.result.elapsedMs / 1000, 1) })}
          description={
            <>
              <div data-testid="sim-headline">
                {t('scenarios.list.netBenefit')} <b>{wan(run.result.plan.netBenefit.expected, language)}</b>{paren(`P10 ${wan(run.result.plan.netBenefit.p10, language)} – P90 ${wan(run.result.plan.netBenefit.p90, language)}`, language)}
              </div>
              <div style={{ color: '#8c8c8c', fontSize: 12 }}>{t('scenarios.simulate.check', { diff: formatPercent(run.result.check.relativeDifference, true) })}</div>
            </>
          }
        />
      )}
      {run.kind === 'idle' && ran && <Alert type="info" showIcon message={t('scenarios.simulate.hasResult')} />}
    </div>
  );
}
