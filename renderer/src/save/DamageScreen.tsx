/**
 * A workspace that could not be opened because a file is damaged: names the file and offers
 * the newest good backup (the damaged files are moved aside, never overwritten).
 */
import { Alert, Button, Card, Descriptions, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/api/contract';
import type { Damage } from '../../../shared/api/workspaceContract';
import { api } from '../api/transport';
import { byteSize, localMinute, reasonText } from './backupFormat';
import { errorText } from './errorText';

export function DamageScreen({ damage, language, onOpened, onDismiss }: { damage: Damage; language: Language; onOpened: () => void; onDismiss: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const backup = damage.goodBackup;

  const openBackup = () => {
    setBusy(true);
    setError(null);
    api.call('workspace.openGoodBackup', { path: damage.path }).then(onOpened, (err: unknown) => setError(errorText(err))).finally(() => setBusy(false));
  };

  return (
    <div className="welcome" data-testid="damage-screen">
      <Card className="welcome-card">
        <Typography.Title level={3}>{t('workspace.damage.title')}</Typography.Title>
        <Alert type="error" showIcon message={language === 'en' ? damage.message.en : damage.message.zh} />
        <Descriptions column={1} size="small" style={{ marginTop: 16 }}>
          <Descriptions.Item label={t('workspace.damage.file')}>
            <Typography.Text code copyable data-testid="damaged-file">
              {damage.file}
            </Typography.Text>
          </Descriptions.Item>
          {backup && (
            <Descriptions.Item label={t('workspace.damage.backup')}>
              {t('workspace.damage.backupInfo', { time: localMinute(backup.time), reason: reasonText(t, backup.reason), size: byteSize(backup.size) })}
            </Descriptions.Item>
          )}
        </Descriptions>
        <Typography.Paragraph type="secondary">{backup ? t('workspace.damage.openBackupHint') : t('workspace.damage.noBackup')}</Typography.Paragraph>
        {error && <Alert type="error" message={error} style={{ marginBottom: 12 }} />}
        <Space>
          {backup && (
            <Button type="primary" loading={busy} onClick={openBackup} data-testid="open-good-backup">
              {t('workspace.damage.openBackup')}
            </Button>
          )}
          <Button onClick={onDismiss}>{t('workspace.damage.other')}</Button>
        </Space>
      </Card>
    </div>
  );
}
