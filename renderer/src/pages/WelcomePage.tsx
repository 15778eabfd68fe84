/** First launch: no workspace yet. Offers the demo branch and any existing workspaces. */
import { Button, Card, Divider, Input, List, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Page, WorkspaceInfo } from '../../../shared/api/contract';
import { api } from '../api/transport';

export function WelcomePage({ onOpened }: { onOpened: (ws: WorkspaceInfo, page?: Page) => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [workspaces, setWorkspaces] = useState<WorkspaceInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');

  useEffect(() => {
    api.call('workspace.list', {}).then(setWorkspaces, () => setWorkspaces([]));
  }, []);

  const run = (p: Promise<WorkspaceInfo>, page?: Page) => {
    setBusy(true);
    setError(null);
    p.then(
      (ws) => onOpened(ws, page),
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    ).finally(() => setBusy(false));
  };

  return (
    <div className="welcome" data-testid="welcome-page">
      <Card className="welcome-card">
        <Typography.Title level={2}>{t('welcome.title')}</Typography.Title>
        <Typography.Paragraph>{t('welcome.body')}</Typography.Paragraph>
        <Button type="primary" size="large" loading={busy} data-testid="open-demo" onClick={() => run(api.call('workspace.openDemo', {}))}>
          {t('welcome.openDemo')}
        </Button>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('welcome.demoHint')}
        </Typography.Paragraph>
        <Divider />
        <Typography.Paragraph>{t('welcome.newHint')}</Typography.Paragraph>
        <Space.Compact style={{ width: '100%', maxWidth: 480 }}>
          <Input placeholder={t('welcome.newPlaceholder')} value={name} onChange={(e) => setName(e.target.value)} maxLength={80} data-testid="new-workspace-name" />
          <Button disabled={name.trim() === ''} loading={busy} onClick={() => run(api.call('workspace.create', { name: name.trim() }), 'import')} data-testid="new-workspace">
            {t('welcome.newWorkspace')}
          </Button>
        </Space.Compact>
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
        {workspaces.length > 0 && (
          <List
            header={t('welcome.recent')}
            dataSource={workspaces}
            renderItem={(ws) => (
              <List.Item actions={[<Button key="open" onClick={() => run(api.call('workspace.open', { id: ws.id }))}>{t('welcome.open')}</Button>]}>
                <List.Item.Meta title={ws.name} description={`${ws.groupCount} · ${ws.firstPeriod ?? '—'} … ${ws.lastPeriod ?? '—'}`} />
              </List.Item>
            )}
          />
        )}
      </Card>
    </div>
  );
}
