/** 设置 → 备份: the backups of the open workspace (time, size, reason) and restoring one. */
import { formatCount } from '../../format';
import { Alert, Button, Empty, Popconfirm, Table, Tag, Typography, message } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupItem } from '../../../../shared/api/workspaceContract';
import { api } from '../../api/transport';
import { byteSize, localMinute, reasonText } from '../../save/backupFormat';
import { errorText } from '../../save/errorText';
import { trackSave } from '../../save/saveState';
import { refreshWorkspaceStatus } from '../../save/workspaceStatus';

export function BackupsPanel({ readOnly, onRestored }: { readOnly: boolean; onRestored: () => void }) {
  const { t } = useTranslation();
  const [backups, setBackups] = useState<BackupItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [toast, toastHolder] = message.useMessage();

  const load = useCallback(() => {
    api.call('backups.list', {}).then(setBackups, (err: unknown) => setError(errorText(err)));
  }, []);
  useEffect(load, [load]);

  const restore = (b: BackupItem) => {
    setBusy(b.id);
    setError(null);
    trackSave(api.call('backups.restore', { id: b.id }))
      .then(
        () => {
          void toast.success(t('workspace.backups.restored', { time: localMinute(b.time) }));
          load();
          void refreshWorkspaceStatus();
          onRestored();
        },
        (err: unknown) => setError(errorText(err)),
      )
      .finally(() => setBusy(null));
  };

  return (
    <div data-testid="backups-panel">
      {toastHolder}
      <Typography.Paragraph type="secondary">{t('workspace.backups.intro')}</Typography.Paragraph>
      {readOnly && <Alert type="warning" showIcon message={t('workspace.backups.readOnly')} style={{ marginBottom: 12 }} />}
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {backups && backups.length === 0 ? (
        <Empty description={t('workspace.backups.none')} />
      ) : (
        <Table<BackupItem>
          size="small"
          rowKey="id"
          loading={backups === null}
          dataSource={backups ?? []}
          pagination={false}
          data-testid="backups-table"
          columns={[
            {
              title: t('workspace.backups.time'),
              dataIndex: 'time',
              width: 190,
              render: (time: string, _b, i) => (
                <span style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {localMinute(time)} {i === 0 && <Tag color="blue">{t('workspace.backups.newest')}</Tag>}
                </span>
              ),
            },
            { title: t('workspace.backups.reason'), dataIndex: 'reason', render: (r: string) => reasonText(t, r) },
            {
              title: t('workspace.backups.content'),
              render: (_: unknown, b) => t('workspace.backups.contentValue', { groups: formatCount(b.groupCount), facts: formatCount(b.factCount) }),
            },
            { title: t('workspace.backups.size'), dataIndex: 'size', align: 'right', width: 110, render: (s: number) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{byteSize(s)}</span> },
            {
              title: '',
              width: 90,
              render: (_: unknown, b) => (
                <Popconfirm
                  title={t('workspace.backups.restoreConfirm', { time: localMinute(b.time) })}
                  description={t('workspace.backups.restoreConfirmBody')}
                  okText={t('workspace.backups.restore')}
                  cancelText={t('workspace.manager.cancel')}
                  onConfirm={() => restore(b)}
                  disabled={readOnly}
                >
                  <Button size="small" disabled={readOnly} loading={busy === b.id} data-testid={`restore-${b.id}`}>
                    {t('workspace.backups.restore')}
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}
