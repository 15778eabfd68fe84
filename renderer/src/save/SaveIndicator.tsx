/** The save state in the top bar (已保存 / 正在保存… / 未保存 / 保存失败) and in the window title. */
import { CheckCircleOutlined, CloseCircleOutlined, EditOutlined, LoadingOutlined, LockOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { flushAll, installSaveShortcut, useSaveState, type SaveStatus } from './saveState';

const LOOK: Record<SaveStatus, { color: string; icon: React.ReactNode }> = {
  saved: { color: 'default', icon: <CheckCircleOutlined /> },
  saving: { color: 'processing', icon: <LoadingOutlined /> },
  unsaved: { color: 'warning', icon: <EditOutlined /> },
  error: { color: 'error', icon: <CloseCircleOutlined /> },
};

export function SaveIndicator({ workspaceName, readOnly }: { workspaceName: string | null; readOnly: boolean }) {
  const { t } = useTranslation();
  const { status, error } = useSaveState();

  useEffect(installSaveShortcut, []);

  const label = readOnly ? t('workspace.save.readOnly') : t(`workspace.save.${status}`);
  useEffect(() => {
    document.title = workspaceName ? `Holdfast — ${workspaceName} • ${label}` : '集团客户保网参谋 Holdfast';
  }, [workspaceName, label]);

  if (!workspaceName) return null;
  if (readOnly) {
    return (
      <Tag icon={<LockOutlined />} color="orange" data-testid="save-state" data-status="read-only">
        {label}
      </Tag>
    );
  }
  const look = LOOK[status];
  return (
    <Tooltip title={status === 'error' ? t('workspace.save.errorHint', { message: error ?? '' }) : t('workspace.save.shortcut')}>
      <Tag icon={look.icon} color={look.color} data-testid="save-state" data-status={status} style={{ cursor: 'pointer' }} onClick={() => void flushAll()}>
        {label}
      </Tag>
    </Tooltip>
  );
}
