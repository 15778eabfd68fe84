/**
 * Step 7: the action list — one action per funded group (owner = account manager, due = today + the
 * measure's lead time, status). Creating writes them into the actions log (group drawer 行动记录,
 * warnings list); export to .xlsx.
 */
import { CheckCircleOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Spin, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GroupAction } from '../../../../../shared/api/analysisContract';
import type { ScenarioResult } from '../../../../../shared/scenarios/types';
import { api } from '../../../api/transport';
import { ZoneTag } from '../../../components/ZoneTag';
import { downloadBase64 } from '../../../download';
import { localText } from '../../../i18n';
import { GroupList, type ListRow } from '../../quadrant/GroupList';
import { dueDate, yuan } from '../scenarioModel';
import type { StepProps } from './stepProps';

export function PlanStep({ draft, language, library, flush, onActionsChanged }: StepProps & { onActionsChanged?: () => void }) {
  const { t } = useTranslation();
  const [result, setResult] = useState<ScenarioResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<number | null>(null);
  const [actions, setActions] = useState<Map<string, GroupAction>>(new Map());

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

  /** The open actions this scenario wrote before (their note names the scenario). */
  const loadActions = useCallback(() => {
    api.call('actions.list', {}).then(
      (list) => {
        const mine = new Map<string, GroupAction>();
        for (const a of list) if (a.note.includes(draft.name) || a.note.includes(draft.id)) mine.set(a.groupCode, a);
        setActions(mine);
      },
      () => undefined,
    );
  }, [draft.name, draft.id]);
  useEffect(loadActions, [loadActions]);

  const counterName = useCallback(
    (id: string) => {
      const c = library.counters.find((x) => x.id === id);
      return c ? localText(c.name, language) : id;
    },
    [library, language],
  );

  const rows: ListRow[] = useMemo(
    () =>
      (result?.allocation.funded ?? []).map((f) => {
        const a = actions.get(f.groupCode);
        return {
          code: f.groupCode,
          name: f.groupName,
          zone: f.zone,
          measure: f.measureIds.map(counterName).join(language === 'en' ? ', ' : '、'),
          owner: a?.owner ?? f.accountManager ?? '—',
          due: a?.due ?? dueDate(f.measureIds, library),
          status: a ? a.status : 'planned',
          cost: Math.round(f.cost),
        };
      }),
    [result, actions, counterName, library, language],
  );

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      await flush();
      const r = await api.call('scenario.plan.create', { id: draft.id });
      setCreated(r.created);
      loadActions();
      onActionsChanged?.();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const exportPlan = async () => {
    try {
      const r = await api.call('scenario.plan.export', { id: draft.id });
      downloadBase64(r.fileName, r.dataBase64);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  if (!result) return error ? <Alert type="error" showIcon message={error} /> : <Spin size="large" style={{ display: 'block', margin: '120px auto' }} />;
  const funded = result.allocation.funded;
  const statusTag = (s: string) =>
    s === 'planned' ? <Tag>{t('scenarios.plan.planned')}</Tag> : <Tag color={s === 'open' ? 'processing' : s === 'done' ? 'success' : 'default'}>{t(`actions.status_${s}`)}</Tag>;

  return (
    <div className="page" data-testid="step-plan">
      <Typography.Text type="secondary">{t('scenarios.plan.intro')}</Typography.Text>
      {error && <Alert type="error" showIcon message={error} />}
      {funded.length === 0 ? (
        <Alert type="warning" showIcon message={t('scenarios.plan.empty')} />
      ) : (
        <>
          <Space wrap>
            <Button type="primary" icon={<CheckCircleOutlined />} loading={busy} onClick={() => void create()} data-testid="plan-create">
              {actions.size > 0 ? t('scenarios.plan.recreate') : t('scenarios.plan.create')}
            </Button>
            <Button icon={<DownloadOutlined />} onClick={() => void exportPlan()} data-testid="plan-export">
              {t('scenarios.plan.export')}
            </Button>
            <Typography.Text>{t('scenarios.plan.total', { count: funded.length, cost: yuan(result.allocation.totalCost) })}</Typography.Text>
          </Space>
          {created !== null && <Alert type="success" showIcon message={t('scenarios.plan.created', { count: created })} data-testid="plan-created" data-count={created} />}
          <Card size="small">
            <GroupList
              testId="plan-list"
              height={440}
              rows={rows}
              columns={[
                { key: 'zone', title: t('scenarios.exposure.zone'), width: 76, render: (r) => <ZoneTag zone={String(r.zone)} language={language} /> },
                { key: 'measure', title: t('scenarios.plan.measure'), width: 300 },
                { key: 'owner', title: t('scenarios.plan.owner'), width: 110 },
                { key: 'due', title: t('scenarios.plan.due'), width: 110 },
                { key: 'status', title: t('scenarios.plan.status'), width: 90, render: (r) => statusTag(String(r.status)) },
                { key: 'cost', title: t('scenarios.counters.cost'), align: 'right', width: 110, render: (r) => yuan(r.cost as number) },
              ]}
            />
          </Card>
        </>
      )}
    </div>
  );
}
