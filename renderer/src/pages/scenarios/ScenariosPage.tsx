/**
 * 竞争推演 (issue #7): saved scenarios, the moves & measures library, the
 * seven-step wizard (scope → moves → exposure → counters → simulate → results → plan)
 * and the side-by-side comparison.
 */
import { Alert, Spin, Tabs, Typography, message } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import type { ScenarioListItem } from '../../../../shared/api/scenarioContract';
import type { ScenarioLibrary } from '../../../../shared/scenarios/types';
import { api } from '../../api/transport';
import { CompareView } from './CompareView';
import { LibraryEditor } from './LibraryEditor';
import { ScenarioList } from './ScenarioList';
import { newDraft, todayIso } from './scenarioModel';
import { ScenarioWizard } from './ScenarioWizard';
import './scenarios.css';

type Tab = 'list' | 'library' | 'compare';

interface Props {
  language: Language;
  workspaceKey: string;
  /** called after the plan wrote actions, so the warnings list and drawer refresh */
  onActionsChanged?: () => void;
}

export function ScenariosPage({ language, workspaceKey, onActionsChanged }: Props) {
  const { t } = useTranslation();
  const [items, setItems] = useState<ScenarioListItem[] | null>(null);
  const [library, setLibrary] = useState<ScenarioLibrary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('list');
  const [openId, setOpenId] = useState<string | null>(null);
  const [compareIds, setCompareIds] = useState<string[]>([]);

  const fail = useCallback((e: unknown) => setError(e instanceof Error ? e.message : String(e)), []);
  const reload = useCallback(() => {
    api.call('scenario.list', {}).then(setItems, fail);
  }, [fail]);
  useEffect(() => {
    reload();
    api.call('scenario.library.get', {}).then(setLibrary, fail);
  }, [reload, fail, workspaceKey]);

  const create = async () => {
    try {
      const saved = await api.call('scenario.save', { scenario: newDraft(t('scenarios.list.newName', { date: todayIso() })) });
      setOpenId(saved.id);
      reload();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };
  const duplicate = async (id: string) => {
    const name = items?.find((s) => s.id === id)?.name ?? '';
    try {
      await api.call('scenario.duplicate', { id, name: t('scenarios.list.copyOf', { name }).slice(0, 120) });
      reload();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };
  const remove = async (id: string) => {
    try {
      await api.call('scenario.delete', { id });
      reload();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };

  if (error) return <Alert type="error" showIcon message={t('scenarios.errors.load', { message: error })} data-testid="scenarios-page" />;
  if (!items || !library) return <Spin size="large" style={{ display: 'block', margin: '120px auto' }} data-testid="scenarios-loading" />;

  if (openId !== null) {
    return (
      <div className="page" data-testid="scenarios-page">
        <ScenarioWizard
          key={openId}
          id={openId}
          language={language}
          workspaceKey={workspaceKey}
          library={library}
          others={items.filter((s) => s.id !== openId)}
          onClose={() => {
            setOpenId(null);
            reload();
          }}
          onListChanged={reload}
          onActionsChanged={onActionsChanged}
        />
      </div>
    );
  }

  return (
    <div className="page" data-testid="scenarios-page">
      <div className="page-header">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('scenarios.title')}
        </Typography.Title>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as Tab)}
        items={[
          {
            key: 'list',
            label: <span data-testid="scenarios-tab-list">{t('scenarios.tabs.list')}</span>,
            children: (
              <ScenarioList
                items={items}
                language={language}
                onNew={() => void create()}
                onOpen={setOpenId}
                onDuplicate={(id) => void duplicate(id)}
                onDelete={(id) => void remove(id)}
                onCompare={(ids) => {
                  setCompareIds(ids);
                  setTab('compare');
                }}
              />
            ),
          },
          {
            key: 'library',
            label: <span data-testid="scenarios-tab-library">{t('scenarios.tabs.library')}</span>,
            children: <LibraryEditor library={library} language={language} workspaceKey={workspaceKey} onChanged={setLibrary} />,
          },
          {
            key: 'compare',
            label: <span data-testid="scenarios-tab-compare">{t('scenarios.tabs.compare')}</span>,
            children: <CompareView items={items} ids={compareIds} onIds={setCompareIds} language={language} onPlanChanged={reload} />,
          },
        ]}
      />
    </div>
  );
}
