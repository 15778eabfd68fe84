/** Shown above every page while the workspace is read-only, with the reason in the UI language. */
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/api/contract';
import type { WorkspaceStatus } from '../../../shared/api/workspaceContract';
import { parenText } from '../format';

export function ReadOnlyBanner({ status, language }: { status: WorkspaceStatus | null; language: Language }) {
  const { t } = useTranslation();
  const reason = status?.readOnly;
  if (!reason) return null;
  return (
    <Alert
      type="warning"
      showIcon
      banner
      data-testid="read-only-banner"
      message={`${t('workspace.readOnly.title')}${parenText(t(reason.code === 'locked' ? 'workspace.readOnly.locked' : 'workspace.readOnly.newer'), language)}`}
      description={language === 'en' ? reason.message.en : reason.message.zh}
    />
  );
}
