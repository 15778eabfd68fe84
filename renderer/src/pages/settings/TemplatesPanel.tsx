/** 映射模板: the column mappings remembered from confirmed imports, by header set. */
import { Button, Empty, Input, Popconfirm, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import { api } from '../../api/transport';
import { kindLabel } from '../import/fieldLabels';

interface Template {
  signature: string;
  name: string;
  kind: string;
  headers: string[];
  createdAt: string;
  usedAt: string;
}

export function TemplatesPanel({ language }: { language: Language }) {
  const { t } = useTranslation();
  const [templates, setTemplates] = useState<Template[]>([]);
  const [editing, setEditing] = useState<{ signature: string; name: string } | null>(null);
  const load = useCallback(() => {
    api.call('templates.list', {}).then(setTemplates, () => setTemplates([]));
  }, []);
  useEffect(load, [load]);

  if (templates.length === 0) return <Empty description={t('settings.noTemplates')} data-testid="templates-empty" />;
  return (
    <Table<Template>
      size="small"
      rowKey="signature"
      dataSource={templates}
      pagination={false}
      data-testid="templates-table"
      columns={[
        {
          title: t('settings.templateName'),
          render: (_: unknown, tpl) =>
            editing?.signature === tpl.signature ? (
              <Space.Compact>
                <Input value={editing.name} onChange={(e) => setEditing({ ...editing, name: e.target.value })} maxLength={100} />
                <Button
                  type="primary"
                  disabled={editing.name.trim() === ''}
                  onClick={() => void api.call('templates.rename', { signature: tpl.signature, name: editing.name.trim() }).then(() => { setEditing(null); load(); })}
                >
                  {t('settings.save')}
                </Button>
              </Space.Compact>
            ) : (
              tpl.name
            ),
        },
        { title: t('import.kind'), dataIndex: 'kind', width: 120, render: (k: string) => kindLabel(k, language) },
        { title: t('settings.templateHeaders'), render: (_: unknown, tpl) => <Typography.Text type="secondary" ellipsis={{ tooltip: tpl.headers.join('，') }} style={{ maxWidth: 420 }}>{tpl.headers.join('，')}</Typography.Text> },
        { title: t('settings.templateUsed'), dataIndex: 'usedAt', width: 170, render: (d: string) => d.slice(0, 16).replace('T', ' ') },
        {
          title: '',
          width: 160,
          render: (_: unknown, tpl) => (
            <Space>
              <Button size="small" onClick={() => setEditing({ signature: tpl.signature, name: tpl.name })}>
                {t('settings.rename')}
              </Button>
              <Popconfirm title={t('settings.deleteConfirm')} onConfirm={() => void api.call('templates.delete', { signature: tpl.signature }).then(load)}>
                <Button size="small" danger>
                  {t('settings.delete')}
                </Button>
              </Popconfirm>
            </Space>
          ),
        },
      ]}
    />
  );
}
