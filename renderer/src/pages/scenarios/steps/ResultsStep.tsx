/** Step 6: the outcome against "do nothing" (and other saved scenarios), the revenue fan, the tornado, guardrails; mark as plan. */
import { formatCount, formatPercent } from '../../../format';
import { Alert, Button, Card, Collapse, Space, Spin, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScenarioListItem } from '../../../../../shared/api/scenarioContract';
import type { ScenarioResult } from '../../../../../shared/scenarios/types';
import { api } from '../../../api/transport';
import { localText } from '../../../i18n';
import { CompareView } from '../CompareView';
import { FanChart } from '../FanChart';
import { GuardrailList } from '../GuardrailList';
import { OutcomeTable } from '../OutcomeTable';
import { wan } from '../scenarioModel';
import type { StepProps } from './stepProps';
import { TornadoChart } from '../TornadoChart';

export function ResultsStep({ draft, update, language, others, onListChanged }: StepProps & { others: ScenarioListItem[]; onListChanged: () => void }) {
  const { t } = useTranslation();
  const [result, setResult] = useState<ScenarioResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [compareIds, setCompareIds] = useState<string[]>([draft.id]);

  useEffect(() => {
    let live = true;
    api.call('scenario.result', { id: draft.id }).then(
      (r) => live && setResult(r),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [draft.id]);

  const fanSeries = useMemo(
    () =>
      result
        ? [
            { name: t('scenarios.results.fanWithout'), colour: '#8c8c8c', dashed: true, ...result.fan.doNothing },
            { name: t('scenarios.results.fanWith'), colour: '#1d4ed8', ...result.fan.plan },
          ]
        : [],
    [result, t],
  );

  const [planError, setPlanError] = useState<string | null>(null);
  const markPlan = async (isPlan: boolean) => {
    try {
      await api.call('scenario.setPlan', { id: draft.id, isPlan });
      setPlanError(null);
      update({ isPlan });
      onListChanged();
    } catch (e) {
      setPlanError(e instanceof Error ? e.message : String(e));
    }
  };

  // a plan marked from the comparison changes this scenario's mark too (setPlan unmarks the others)
  const refreshPlanMark = () => {
    api.call('scenario.get', { id: draft.id }).then(
      (d) => d.isPlan !== draft.isPlan && update({ isPlan: d.isPlan }),
      () => undefined,
    );
    onListChanged();
  };

  if (error) return <Alert type="error" showIcon message={error} />;
  if (!result) return <Spin size="large" style={{ display: 'block', margin: '120px auto' }} />;

  return (
    <div className="page" data-testid="step-results" data-net-benefit={result.plan.netBenefit.expected ?? ''}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text type="secondary">
          {t('scenarios.results.meta', { asOf: result.asOf ?? '—', from: result.months[0] ?? '', to: result.months[result.months.length - 1] ?? '', runs: formatCount(result.runs), seed: result.seed })}
        </Typography.Text>
        {draft.isPlan ? (
          <Button size="small" onClick={() => void markPlan(false)} data-testid="results-is-plan">
            {t('scenarios.results.unmarkPlan')}
          </Button>
        ) : (
          <Tooltip title={result.allocation.funded.length === 0 ? t('scenarios.results.emptyPlan') : undefined}>
            <Button type="primary" ghost disabled={result.allocation.funded.length === 0} onClick={() => void markPlan(true)} data-testid="results-mark-plan">
              {t('scenarios.results.markPlan')}
            </Button>
          </Tooltip>
        )}
      </Space>
      {result.allocation.funded.length === 0 && !draft.isPlan && <Alert type="warning" showIcon message={t('scenarios.results.emptyPlan')} data-testid="results-empty-plan" />}
      {planError && <Alert type="error" showIcon message={planError} data-testid="results-plan-error" />}
      <Card size="small" title={t('scenarios.results.outcome')}>
        <OutcomeTable
          testId="outcome"
          language={language}
          full
          columns={[
            { key: 'plan', title: t('scenarios.results.thisScenario'), outcome: result.plan },
            { key: 'none', title: t('scenarios.results.doNothing'), outcome: result.doNothing },
          ]}
        />
        {(result.plan.paybackMonth.beyondHorizonShare ?? 0) > 0 && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="outcome-beyond-share">
            {t('scenarios.results.beyondShare', { share: formatPercent(result.plan.paybackMonth.beyondHorizonShare ?? 0), months: result.months.length })}
          </Typography.Text>
        )}
      </Card>
      <div className="two-col" style={{ gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)' }}>
        <Card size="small" title={t('scenarios.results.fan')}>
          <FanChart months={result.fan.months} series={fanSeries} language={language} height={320} testId="results-fan" exportName={`${draft.name}-${t('scenarios.results.fan')}`} />
        </Card>
        <Card size="small" title={t('scenarios.results.tornado')}>
          <TornadoChart
            base={result.tornado.base}
            bars={result.tornado.rows.map((r) => ({ label: localText(r.label, language), low: r.netBenefitLow, high: r.netBenefitHigh }))}
            language={language}
            lowLabel={t('scenarios.results.tornadoLow')}
            highLabel={t('scenarios.results.tornadoHigh')}
            testId="results-tornado"
            exportName={`${draft.name}-${t('scenarios.results.tornado')}`}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="results-tornado-centre">
            {t('scenarios.results.tornadoCentre', { base: wan(result.tornado.base, language), expected: wan(result.plan.netBenefit.expected, language) })}
          </Typography.Text>
        </Card>
      </div>
      <Card size="small" title={t('scenarios.results.guardrails')}>
        <GuardrailList guardrails={result.guardrails} language={language} testId="results-guardrails" names={new Map(result.allocation.funded.map((f) => [f.groupCode, f.groupName]))} />
      </Card>
      {others.length > 0 && (
        <Collapse
          items={[
            {
              key: 'compare',
              label: t('scenarios.results.compareWith'),
              children: <CompareView items={[{ id: draft.id, name: draft.name } as ScenarioListItem, ...others]} ids={compareIds} onIds={setCompareIds} language={language} onPlanChanged={refreshPlanMark} fixedFirst={draft.id} />,
            },
          ]}
        />
      )}
    </div>
  );
}
