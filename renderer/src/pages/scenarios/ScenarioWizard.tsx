/**
 * The wizard: one screen per step with a step bar and 上一步/下一步. The draft is
 * saved continuously (debounced, through scenario.save) and reopens at its step.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Space, Spin, Steps, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import type { ScenarioListItem } from '../../../../shared/api/scenarioContract';
import type { ScenarioDefinition, ScenarioLibrary } from '../../../../shared/scenarios/types';
import { api } from '../../api/transport';
import { usePortfolioView } from './portfolioFacets';
import { STEP_KEYS } from './scenarioModel';
import { CountersStep } from './steps/CountersStep';
import { ExposureStep } from './steps/ExposureStep';
import { MovesStep } from './steps/MovesStep';
import { PlanStep } from './steps/PlanStep';
import { ResultsStep } from './steps/ResultsStep';
import { ScopeStep } from './steps/ScopeStep';
import { SimulateStep } from './steps/SimulateStep';
import type { StepProps } from './steps/stepProps';
import { useAutosave } from '../../save/saveState';

interface Props {
  id: string;
  language: Language;
  workspaceKey: string;
  library: ScenarioLibrary;
  others: ScenarioListItem[];
  onClose: () => void;
  onListChanged: () => void;
  onActionsChanged?: () => void;
}

function scopeReady(d: ScenarioDefinition): boolean {
  const s = d.scope;
  if (s.kind === 'list') return s.groupCodes.length > 0;
  if (s.kind === 'zone') return s.zones.length > 0;
  return true;
}

export function ScenarioWizard(props: Props) {
  const { t } = useTranslation();
  const [initial, setInitial] = useState<{ draft: ScenarioDefinition; ran: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { id } = props;

  useEffect(() => {
    let live = true;
    Promise.all([api.call('scenario.get', { id }), api.call('scenario.list', {})]).then(
      ([d, list]) => {
        if (!live) return;
        const last = list.find((s) => s.id === id)?.lastResult;
        // without the headline field (older backend) a scenario saved at the results or plan step has been run
        setInitial({ draft: d, ran: last === undefined ? d.step >= 6 : last !== null && !last.stale });
      },
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [id]);

  if (error) return <Alert type="error" showIcon message={t('scenarios.errors.load', { message: error })} />;
  if (!initial) return <Spin size="large" style={{ display: 'block', margin: '120px auto' }} />;
  return <LoadedWizard {...props} initial={initial.draft} initialRan={initial.ran} />;
}

function LoadedWizard({ language, workspaceKey, library, others, onClose, onListChanged, onActionsChanged, initial, initialRan }: Props & { initial: ScenarioDefinition; initialRan: boolean }) {
  const { t } = useTranslation();
  // a scenario saved past the simulation without a result to show (a copy, a changed one) resumes at the simulation
  const [draft, setDraft] = useState<ScenarioDefinition>(() => (initial.step >= 6 && !initialRan ? { ...initial, step: 5 } : initial));
  const [ran, setRan] = useState(initialRan);
  const [nameInput, setNameInput] = useState<string | null>(null);
  const { view } = usePortfolioView(workspaceKey);

  const save = useCallback(async (value: ScenarioDefinition) => {
    await api.call('scenario.save', { scenario: value });
  }, []);
  // continuous draft saving through the app's autosave (top-bar state, Ctrl+S, flushed on leaving)
  const { flush } = useAutosave(`scenario:${initial.id}`, draft, save, 600);

  const update = useCallback((patch: Partial<ScenarioDefinition>) => {
    setDraft((d) => ({ ...d, ...patch }));
    // a changed scenario needs a new run before its result counts
    const bookkeeping = Object.keys(patch).every((k) => k === 'step' || k === 'isPlan' || k === 'name');
    if (!bookkeeping) setRan(false);
  }, []);

  const step = draft.step;
  const canReach = (s: number): boolean => {
    if (s <= 1) return true;
    if (!scopeReady(draft)) return false;
    if (s >= 3 && draft.moves.length === 0) return false;
    if (s >= 6 && !ran) return false;
    return true;
  };
  const blocker = !canReach(step + 1) ? (step === 1 ? t('scenarios.wizard.needScope') : step === 2 ? t('scenarios.wizard.needMoves') : step === 5 ? t('scenarios.wizard.needRun') : null) : null;
  const go = (s: number) => {
    if (s < 1 || s > 7 || !canReach(s)) return;
    update({ step: s });
    window.scrollTo({ top: 0 });
  };

  const props: StepProps = { draft, update, language, library, workspaceKey, view, flush };

  return (
    <div className="page" data-testid="scenario-wizard" data-step={step} data-scenario-id={draft.id}>
      <div className="wizard-head">
        <Space size={12}>
          <Button
            icon={<ArrowLeftOutlined />}
            onClick={() => {
              void flush().then(onClose, () => undefined);
            }}
            data-testid="wizard-close"
          >
            {t('scenarios.wizard.close')}
          </Button>
          <Input
            value={nameInput ?? draft.name}
            onChange={(e) => {
              const v = e.target.value.slice(0, 120);
              setNameInput(v);
              if (v.trim() !== '') update({ name: v });
            }}
            onBlur={() => setNameInput(null)}
            style={{ width: 360, fontWeight: 600 }}
            aria-label={t('scenarios.wizard.name')}
            data-testid="wizard-name"
          />
          {draft.isPlan && <Tag color="gold">{t('scenarios.results.isPlan')}</Tag>}
        </Space>
      </div>
      <Steps
        size="small"
        current={step - 1}
        onChange={(i) => go(i + 1)}
        items={STEP_KEYS.map((k, i) => ({ title: <span data-testid={`wizard-step-${i + 1}`}>{t(`scenarios.steps.${k}`)}</span>, disabled: !canReach(i + 1) }))}
      />
      <div className="wizard-body" data-testid={`wizard-body-${STEP_KEYS[step - 1]}`}>
        {step === 1 && <ScopeStep {...props} />}
        {step === 2 && <MovesStep {...props} />}
        {step === 3 && <ExposureStep {...props} />}
        {step === 4 && <CountersStep {...props} />}
        {step === 5 && (
          <SimulateStep
            {...props}
            ran={ran}
            onDone={() => {
              setRan(true);
              onListChanged();
            }}
          />
        )}
        {step === 6 && <ResultsStep {...props} others={others} onListChanged={onListChanged} />}
        {step === 7 && <PlanStep {...props} onActionsChanged={onActionsChanged} />}
      </div>
      <div className="wizard-foot">
        <Button onClick={() => go(step - 1)} disabled={step === 1} data-testid="wizard-back">
          {t('scenarios.wizard.back')}
        </Button>
        <Space>
          {blocker && <span style={{ color: '#8c8c8c' }}>{blocker}</span>}
          {step < 7 && (
            <Button type="primary" onClick={() => go(step + 1)} disabled={!canReach(step + 1)} data-testid="wizard-next">
              {t('scenarios.wizard.next')}
            </Button>
          )}
        </Space>
      </div>
    </div>
  );
}
