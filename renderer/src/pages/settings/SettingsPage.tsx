/** 设置: analysis settings, import mapping templates, backups, and the workspaces. */
import { Card, Tabs, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import type { WorkspaceStatus } from '../../../../shared/api/workspaceContract';
import { AnalysisSettingsPanel } from './AnalysisSettingsPanel';
import { BackupsPanel } from './BackupsPanel';
import { TemplatesPanel } from './TemplatesPanel';
import { WorkspacesPanel } from './WorkspacesPanel';

export type SettingsTab = 'analysis' | 'templates' | 'backups' | 'workspaces';

interface Props {
  language: Language;
  /** the tab to show (the top bar's workspace name opens 工作区) */
  tab?: SettingsTab;
  status: WorkspaceStatus | null;
  /** another workspace was opened, or the open one was renamed, restored or deleted */
  onWorkspaceChanged: () => void;
  /** an analysis setting changed (the top bar's default month and incomplete months follow the completeness threshold) */
  onSettingsChanged?: () => void;
}

export function SettingsPage({ language, tab, status, onWorkspaceChanged, onSettingsChanged }: Props) {
  const { t } = useTranslation();
  const [active, setActive] = useState<SettingsTab>(tab ?? 'analysis');
  useEffect(() => {
    if (tab) setActive(tab);
  }, [tab]);
  return (
    <div className="page" data-testid="settings-page">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('nav.settings')}
      </Typography.Title>
      <Card size="small">
        <Tabs
          activeKey={active}
          onChange={(k) => setActive(k as SettingsTab)}
          items={[
            { key: 'analysis', label: t('settingsAnalysis.tab'), children: <AnalysisSettingsPanel language={language} {...(onSettingsChanged ? { onChanged: onSettingsChanged } : {})} /> },
            { key: 'templates', label: t('settings.templates'), children: <TemplatesPanel language={language} /> },
            {
              key: 'backups',
              label: <span data-testid="tab-backups">{t('workspace.backups.tab')}</span>,
              children: <BackupsPanel readOnly={status?.readOnly !== null && status?.readOnly !== undefined} onRestored={onWorkspaceChanged} />,
            },
            {
              key: 'workspaces',
              label: <span data-testid="tab-workspaces">{t('workspace.manager.tab')}</span>,
              children: <WorkspacesPanel status={status} onWorkspaceChanged={onWorkspaceChanged} />,
            },
          ]}
        />
      </Card>
    </div>
  );
}
