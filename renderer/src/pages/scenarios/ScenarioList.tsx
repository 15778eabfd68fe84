/** The saved scenarios: status, plan mark, the last result's headline; new, open, duplicate, delete, compare 2–4. */
import { CopyOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import type { ScenarioListItem } from '../../../../shared/api/scenarioContract';
import { localMinute } from '../../save/backupFormat';
import { paren, STEP_KEYS, wan } from './scenarioModel';

interface Props {
  items: ScenarioListItem[];
  language: Language;
  onNew: () => void;
  onOpen: (id: string) => void;
  onDuplicate: (id: string) => void;
  onDelete: (id: string) => void;
  onCompare: (ids: string[]) => void;
}

export function ScenarioList({ items, language, onNew, onOpen, onDuplicate, onDelete, onCompare }: Props) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<string[]>([]);
  const picked = selected.filter((id) => items.some((s) => s.id === id));
  return (
    <div className="page" data-testid="scenario-list">
      <Space>
        <Button type="primary" icon={<PlusOutlined />} onClick={onNew} data-testid="scenario-new">
          {t('scenarios.list.new')}
        </Button>
        <Tooltip title={picked.length < 2 || picked.length > 4 ? t('scenarios.list.compareHint') : undefined}>
          <Button disabled={picked.length < 2 || picked.length > 4} onClick={() => onCompare(picked)} data-testid="scenario-compare">
            {t('scenarios.list.compare', { count: picked.length })}
          </Button>
        </Tooltip>
      </Space>
      {items.length === 0 ? (
        <Empty description={t('scenarios.list.empty')} style={{ padding: 48 }} />
      ) : (
        <Table<ScenarioListItem>
          size="middle"
          rowKey="id"
          dataSource={items}
          pagination={false}
          rowSelection={{ selectedRowKeys: picked, onChange: (keys) => setSelected(keys as string[]), getCheckboxProps: (r) => ({ 'data-testid': `scenario-pick-${r.id}` }) as object }}
          onRow={(r) => ({ 'data-testid': `scenario-row-${r.id}`, 'data-name': r.name }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              key: 'name',
              title: t('scenarios.list.name'),
              render: (_: unknown, r) => (
                <Space size={6}>
                  <Typography.Link onClick={() => onOpen(r.id)} data-testid={`scenario-open-${r.id}`}>
                    {r.name}
                  </Typography.Link>
                  {r.isPlan && <Tag color="gold">{t('scenarios.list.plan')}</Tag>}
                </Space>
              ),
            },
            {
              key: 'step',
              title: t('scenarios.list.step'),
              width: 160,
              render: (_: unknown, r) => t('scenarios.list.stepOf', { step: r.step, label: t(`scenarios.steps.${STEP_KEYS[r.step - 1] ?? 'scope'}`) }),
            },
            {
              key: 'status',
              title: t('scenarios.list.status'),
              width: 90,
              render: (_: unknown, r) =>
                r.lastResult ? (
                  <Tooltip title={r.lastResult.stale ? t('scenarios.list.stale') : t('scenarios.list.runAt', { time: localMinute(r.lastResult.runAt) })}>
                    <Tag color={r.lastResult.stale ? 'orange' : 'green'} data-testid={`scenario-status-${r.id}`} data-stale={r.lastResult.stale}>
                      {r.lastResult.stale ? t('scenarios.list.statusStale') : t('scenarios.list.statusRun')}
                    </Tag>
                  </Tooltip>
                ) : (
                  <Tag data-testid={`scenario-status-${r.id}`}>{t('scenarios.list.statusDraft')}</Tag>
                ),
            },
            {
              key: 'headline',
              title: `${t('scenarios.list.netBenefit')}${paren(t('scenarios.list.range'), language)}`,
              width: 270,
              render: (_: unknown, r) =>
                r.lastResult ? (
                  <span style={{ fontVariantNumeric: 'tabular-nums' }} data-testid={`scenario-headline-${r.id}`}>
                    <b>{wan(r.lastResult.netBenefit.expected, language)}</b>{' '}
                    <Typography.Text type="secondary">
                      ({wan(r.lastResult.netBenefit.p10, language)} – {wan(r.lastResult.netBenefit.p90, language)})
                    </Typography.Text>
                  </span>
                ) : (
                  <Typography.Text type="secondary">{t('scenarios.list.noResult')}</Typography.Text>
                ),
            },
            { key: 'updated', title: t('scenarios.list.updated'), width: 140, render: (_: unknown, r) => localMinute(r.updatedAt) },
            {
              key: 'actions',
              title: '',
              width: 220,
              render: (_: unknown, r) => (
                <Space size={4}>
                  <Button size="small" type="link" onClick={() => onOpen(r.id)}>
                    {t('scenarios.list.open')}
                  </Button>
                  <Button size="small" type="link" icon={<CopyOutlined />} onClick={() => onDuplicate(r.id)} data-testid={`scenario-duplicate-${r.id}`}>
                    {t('scenarios.list.duplicate')}
                  </Button>
                  <Popconfirm title={t('scenarios.list.deleteConfirm', { name: r.name })} onConfirm={() => onDelete(r.id)}>
                    <Button size="small" type="link" danger icon={<DeleteOutlined />} data-testid={`scenario-delete-${r.id}`}>
                      {t('scenarios.list.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}
