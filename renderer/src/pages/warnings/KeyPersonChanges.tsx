/** The changes between key-person imports (a new 决策者 …) as events above the warning list; each opens its group. */
import { Alert, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiResponse, Language } from '../../../../shared/api/contract';
import { api } from '../../api/transport';
import { roleText } from '../../components/KeyPersonsPanel';
import { useOpenGroup } from '../../components/groupDrawerContext';
import { ZoneTag } from '../../components/ZoneTag';

const SHOWN = 5;

export function KeyPersonChanges({ language, workspaceKey }: { language: Language; workspaceKey: string }) {
  const { t } = useTranslation();
  const openGroup = useOpenGroup();
  const [changes, setChanges] = useState<ApiResponse<'keyPersons.changes'>>([]);
  useEffect(() => {
    api.call('keyPersons.changes', {}).then(setChanges, () => setChanges([]));
  }, [workspaceKey]);
  if (changes.length === 0) return null;
  // the banner counts every change found over the imports: say over which dates, so "6 起" does not read
  // against the deck's and the signal's "0 家近期更换关键人" (those count the last N days only)
  let from = '';
  let to = '';
  for (const c of changes) {
    if (from === '' || c.detected < from) from = c.detected;
    if (c.detected > to) to = c.detected;
  }
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="kp-changes"
      message={from !== '' ? t('ledger.changes.titleRange', { count: changes.length, from, to }) : t('ledger.changes.title', { count: changes.length })}
      description={
        <Space direction="vertical" size={2}>
          {changes.slice(0, SHOWN).map((c) => (
            <Typography.Link key={`${c.groupCode}:${c.role}:${c.name}`} onClick={() => openGroup(c.groupCode)} data-testid={`kp-change-${c.groupCode}`}>
              {c.zone && (
                <span style={{ marginInlineEnd: 6 }}>
                  <ZoneTag zone={c.zone} language={language} />
                </span>
              )}
              {t('ledger.changes.item', { group: c.groupName, role: roleText(c.role, language), from: c.previousName, to: c.name, date: c.detected })}
            </Typography.Link>
          ))}
          {changes.length > SHOWN && <Typography.Text type="secondary">{t('ledger.changes.more', { count: changes.length - SHOWN })}</Typography.Text>}
        </Space>
      }
    />
  );
}
