/** The app shell: left navigation in the order of the manager's quarter, a top bar, and the pages. */
import {
  AimOutlined,
  AlertOutlined,
  CarryOutOutlined,
  DashboardOutlined,
  FundProjectionScreenOutlined,
  ImportOutlined,
  SettingOutlined,
  SmileOutlined,
  ThunderboltOutlined,
} from '@ant-design/icons';
import { Alert, Button, Card, ConfigProvider, Layout, Menu, Spin, Tag, Tooltip, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCNLocale from 'antd/locale/zh_CN';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PAGES, type AppState, type Language, type Page, type WorkspaceInfo } from '../../shared/api/contract';
import { api } from './api/transport';
import i18n, { localText } from './i18n';
import { ComingSoonPage } from './pages/ComingSoonPage';
import { GroupDrawer } from './components/GroupDrawer';
import { GroupDrawerContext } from './components/groupDrawerContext';
import { ImportPage } from './pages/import/ImportPage';
import { QuadrantPage } from './pages/quadrant/QuadrantPage';
import { ReviewPage } from './pages/review/ReviewPage';
import { ScenariosPage } from './pages/scenarios/ScenariosPage';
import { SettingsPage, type SettingsTab } from './pages/settings/SettingsPage';
import { WorkspacesPanel } from './pages/settings/WorkspacesPanel';
import { DamageScreen } from './save/DamageScreen';
import { ReadOnlyBanner } from './save/ReadOnlyBanner';
import { SaveIndicator } from './save/SaveIndicator';
import { refreshWorkspaceStatus, useWorkspaceStatus } from './save/workspaceStatus';
import { WarningsPage, type WarningsLink } from './pages/warnings/WarningsPage';
import { OverviewPage } from './pages/OverviewPage';
import { LedgerPage } from './pages/ledger/LedgerPage';
import { SurveyPage } from './pages/survey/SurveyPage';
import { WelcomePage } from './pages/WelcomePage';
import { ScopePicker } from './components/ScopePicker';

const ICONS: Record<Page, React.ReactNode> = {
  import: <ImportOutlined />,
  overview: <DashboardOutlined />,
  quadrant: <AimOutlined />,
  warnings: <AlertOutlined />,
  survey: <SmileOutlined />,
  actions: <CarryOutOutlined />,
  scenarios: <ThunderboltOutlined />,
  review: <FundProjectionScreenOutlined />,
  settings: <SettingOutlined />,
};

export function App() {
  const { t } = useTranslation();
  const [state, setState] = useState<AppState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [page, setPage] = useState<Page>('overview');
  const [collapsed, setCollapsed] = useState(false);
  const [drawerGroup, setDrawerGroup] = useState<string | null>(null);
  const [warningsLink, setWarningsLink] = useState<WarningsLink | null>(null);
  const [actionsVersion, setActionsVersion] = useState(0);
  const [settingsTab, setSettingsTab] = useState<SettingsTab | undefined>(undefined);
  const [dismissedDamage, setDismissedDamage] = useState<string | null>(null);
  /** the header scope's key ('' = the whole workspace): part of every page's reload key */
  const [scope, setScope] = useState('');
  const wsStatus = useWorkspaceStatus(`${state?.workspace?.path ?? ''}:${state?.workspace?.modifiedAt ?? ''}:${state?.workspace?.name ?? ''}`);

  const load = useCallback(() => {
    setError(null);
    api.call('app.getState', {}).then(
      (s) => {
        void i18n.changeLanguage(s.language);
        document.documentElement.lang = s.language;
        setState(s);
        if (s.workspace) setPage(s.workspace.page);
      },
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  }, []);
  useEffect(load, [load]);

  // Esc closes the group detail wherever the focus is (antd's own handler needs focus inside the drawer).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setDrawerGroup(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const language: Language = state?.language ?? 'zh-CN';

  const switchLanguage = () => {
    const next: Language = language === 'zh-CN' ? 'en' : 'zh-CN';
    void i18n.changeLanguage(next);
    document.documentElement.lang = next;
    setState((s) => (s ? { ...s, language: next } : s));
    void api.call('app.setLanguage', { language: next });
  };

  const goTo = (next: Page) => {
    if (next === 'warnings') setWarningsLink(null);
    setPage(next);
    if (state?.workspace) void api.call('workspace.setPage', { page: next });
  };

  const opened = (ws: WorkspaceInfo, startPage?: Page) => {
    setState((s) => (s ? { ...s, workspace: ws } : s));
    const next = startPage ?? ws.page;
    setPage(next);
    if (next !== ws.page) void api.call('workspace.setPage', { page: next });
  };

  /** After a workspace operation (open, restore, rename, delete): re-reads the state; another workspace opens on its last page. */
  const workspaceChanged = () => {
    void refreshWorkspaceStatus();
    api.call('app.getState', {}).then(
      (s) => {
        setState(s);
        if (s.workspace && s.workspace.path !== state?.workspace?.path) setPage(s.workspace.page);
      },
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  };

  /** Re-reads the workspace after its data changed (import, undo). */
  const refreshWorkspace = () => {
    api.call('app.getState', {}).then(
      (s) => setState((old) => (old ? { ...old, workspace: s.workspace } : s)),
      () => undefined,
    );
  };

  if (error) {
    return (
      <div className="fatal">
        <Alert type="error" showIcon message={t('errors.title')} description={error} action={<Button onClick={load}>{t('errors.retry')}</Button>} />
      </div>
    );
  }
  if (!state) return <Spin size="large" style={{ display: 'block', margin: '200px auto' }} />;

  const ws = state.workspace;
  return (
    <ConfigProvider locale={language === 'en' ? enUS : zhCNLocale} theme={{ token: { colorPrimary: '#1d4ed8', borderRadius: 6 } }} button={{ autoInsertSpace: false }}>
      <GroupDrawerContext.Provider value={setDrawerGroup}>
      <Layout className="shell">
        <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={200} theme="light" className="sider">
          <div className="brand" title="Holdfast">
            <span className="brand-mark">保</span>
            {!collapsed && <span className="brand-name">{t('app.brand')}</span>}
          </div>
          <Menu
            mode="inline"
            selectedKeys={[page]}
            disabled={!ws}
            onClick={({ key }) => {
              setSettingsTab(undefined);
              goTo(key as Page);
            }}
            items={PAGES.map((p) => ({ key: p, icon: ICONS[p], label: <span data-testid={`nav-${p}`}>{t(`nav.${p}`)}</span> }))}
          />
        </Layout.Sider>
        <Layout>
          <Layout.Header className="topbar">
            <div className="topbar-left">
              {ws ? (
                <Typography.Link
                  strong
                  data-testid="workspace-name"
                  onClick={() => {
                    setSettingsTab('workspaces');
                    goTo('settings');
                  }}
                >
                  {ws.name}
                </Typography.Link>
              ) : (
                <Typography.Text strong data-testid="workspace-name">
                  {t('app.noWorkspace')}
                </Typography.Text>
              )}
              <SaveIndicator workspaceName={ws?.name ?? null} readOnly={!!wsStatus?.readOnly} />
              {ws?.lastPeriod && (
                <Tooltip title={t('app.periodHint', { period: ws.analysisPeriod ?? ws.lastPeriod, last: ws.lastPeriod })}>
                  <Tag color="blue" data-testid="active-period">
                    {t('app.period')} {ws.analysisPeriod ?? ws.lastPeriod}
                  </Tag>
                </Tooltip>
              )}
              {(ws?.incompletePeriods ?? []).map((c) => (
                <Tooltip key={c.period} title={localText(c.reason, language)}>
                  <Tag color="orange" data-testid="incomplete-period" data-period={c.period}>
                    {c.period} {t('app.incomplete')}
                  </Tag>
                </Tooltip>
              ))}
              {ws && <ScopePicker workspaceKey={`${ws.id}:${ws.modifiedAt}`} onChange={setScope} />}
              {state.mode === 'browser' && <Tag>{t('app.browserMode')}</Tag>}
            </div>
            <Button size="small" onClick={switchLanguage} data-testid="language-switch">
              {t('app.language')}
            </Button>
          </Layout.Header>
          <Layout.Content className="content">
            {ws && <ReadOnlyBanner status={wsStatus} language={language} />}
            {wsStatus?.damage && dismissedDamage !== `${wsStatus.damage.path}:${wsStatus.damage.file}` ? (
              <DamageScreen
                damage={wsStatus.damage}
                language={language}
                onOpened={workspaceChanged}
                onDismiss={() => setDismissedDamage(wsStatus.damage ? `${wsStatus.damage.path}:${wsStatus.damage.file}` : null)}
              />
            ) : !ws ? (
              <>
                <WelcomePage onOpened={opened} />
                {/* Without a workspace open: open a folder or import a colleague's .holdfast */}
                <div className="welcome">
                  <Card className="welcome-card" size="small" title={t('workspace.manager.title')}>
                    <WorkspacesPanel compact status={wsStatus} onWorkspaceChanged={workspaceChanged} />
                  </Card>
                </div>
              </>
            ) : page === 'overview' ? (
              <OverviewPage language={language} workspaceKey={`${ws.id}:${ws.modifiedAt}:${scope}`} onImport={() => goTo('import')} onWarnings={(filter?: WarningsLink) => {
                  goTo('warnings');
                  setWarningsLink(filter ?? null);
                }}
              />
            ) : page === 'quadrant' ? (
              <QuadrantPage language={language} workspaceKey={`${ws.id}:${ws.modifiedAt}:${scope}`} />
            ) : page === 'warnings' ? (
              <WarningsPage key={JSON.stringify(warningsLink)} language={language} workspaceId={ws.id} workspaceKey={`${ws.id}:${ws.modifiedAt}:${scope}`} link={warningsLink} actionsVersion={actionsVersion} />
            ) : page === 'survey' ? (
              <SurveyPage language={language} workspaceKey={`${ws.id}:${ws.modifiedAt}:${scope}`} onImport={() => goTo('import')} />
            ) : page === 'actions' ? (
              <LedgerPage language={language} workspaceKey={`${ws.id}:${ws.modifiedAt}:${scope}`} actionsVersion={actionsVersion} />
            ) : page === 'review' ? (
              <ReviewPage key={scope} language={language} workspaceKey={`${ws.id}:${ws.modifiedAt}:${scope}`} onImport={() => goTo('import')} />
            ) : page === 'settings' ? (
              <SettingsPage
                language={language}
                {...(settingsTab ? { tab: settingsTab } : {})}
                status={wsStatus}
                onWorkspaceChanged={workspaceChanged}
                onSettingsChanged={refreshWorkspace}
              />
            ) : page === 'import' ? (
              <ImportPage language={language} workspace={ws} onChanged={refreshWorkspace} onGoOverview={() => goTo('overview')} />
            ) : page === 'scenarios' ? (
              <ScenariosPage language={language} workspaceKey={`${ws.id}:${ws.modifiedAt}:${scope}`} onActionsChanged={() => setActionsVersion((v) => v + 1)} />
            ) : (
              <ComingSoonPage page={page} />
            )}
          </Layout.Content>
        </Layout>
      </Layout>
      <GroupDrawer groupCode={drawerGroup} language={language} onClose={() => setDrawerGroup(null)} onActionsChanged={() => setActionsVersion((v) => v + 1)} />
      </GroupDrawerContext.Provider>
    </ConfigProvider>
  );
}
