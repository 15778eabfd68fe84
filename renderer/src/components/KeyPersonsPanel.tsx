/** 关键人 of one group in the drawer: list, add, edit, remove; saved as the workspace's key-person table. */
import { Button, DatePicker, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/api/contract';
import type { ApiResponse } from '../../../shared/api/contract';
import { KEY_PERSON_ROLES, ROLE_LABELS, canonicalRole } from '../../../shared/model/keyPersons';
import { api } from '../api/transport';
import { errorText } from '../save/errorText';
import { trackSave } from '../save/saveState';

type Person = ApiResponse<'keyPersons.list'>['persons'][number];

export function roleText(role: string | null, language: Language): string {
  const c = canonicalRole(role);
  if (c) return language === 'en' ? ROLE_LABELS[c].en : ROLE_LABELS[c].zh;
  return role ?? '—';
}

export function KeyPersonsPanel({ groupCode, language, onSaved }: { groupCode: string; language: Language; onSaved?: () => void }) {
  const { t } = useTranslation();
  const [persons, setPersons] = useState<Person[]>([]);
  const [available, setAvailable] = useState(true);
  const [editing, setEditing] = useState<Person[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    api.call('keyPersons.list', { groupCode }).then(
      (r) => {
        setPersons(r.persons);
        setAvailable(r.available);
      },
      (e: unknown) => setError(errorText(e)),
    );
  }, [groupCode]);
  useEffect(load, [load]);

  const save = async () => {
    if (!editing) return;
    setError(null);
    try {
      const clean = editing.filter((p) => (p.name ?? '').trim() !== '').map((p) => ({ ...p, name: (p.name ?? '').trim() }));
      const r = await trackSave(api.call('keyPersons.save', { groupCode, persons: clean }));
      setPersons(r.persons);
      setAvailable(true);
      setEditing(null);
      onSaved?.();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const patch = (i: number, p: Partial<Person>) => setEditing((list) => (list ? list.map((x, k) => (k === i ? { ...x, ...p } : x)) : list));
  const yesNo = (v: boolean | null) => (v === null ? t('ledger.kp.unknown') : v ? t('ledger.kp.yes') : t('ledger.kp.no'));

  const rows = editing ?? persons;
  return (
    <div data-testid="key-persons-panel">
      <Space style={{ marginBottom: 8 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('ledger.kp.title')}
        </Typography.Title>
        {editing === null ? (
          <Button size="small" onClick={() => setEditing(persons.map((p) => ({ ...p })))} data-testid="kp-edit">
            {t('actions.edit')}
          </Button>
        ) : (
          <>
            <Button
              size="small"
              onClick={() => setEditing([...(editing ?? []), { groupCode, role: '决策者', name: '', relationshipStrength: 3, lastContactDate: null, competitorContact: false, roleSince: null }])}
              data-testid="kp-add"
            >
              {t('ledger.kp.add')}
            </Button>
            <Button size="small" type="primary" onClick={() => void save()} data-testid="kp-save">
              {t('ledger.kp.save')}
            </Button>
            <Button size="small" onClick={() => setEditing(null)}>
              {t('import.cancel')}
            </Button>
          </>
        )}
      </Space>
      {!available && editing === null && <Typography.Paragraph type="secondary">{t('ledger.kp.notImported')}</Typography.Paragraph>}
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      <Table
        size="small"
        pagination={false}
        rowKey={(_p, i) => String(i)}
        dataSource={rows}
        data-testid="kp-table"
        locale={{ emptyText: t('ledger.kp.none') }}
        columns={[
          {
            title: t('ledger.kp.role'),
            width: 130,
            render: (_: unknown, p: Person, i: number) =>
              editing ? (
                <Select size="small" style={{ width: 120 }} value={canonicalRole(p.role) ?? p.role} onChange={(v: string) => patch(i, { role: v })} options={KEY_PERSON_ROLES.map((r) => ({ value: r, label: roleText(r, language) }))} />
              ) : (
                roleText(p.role, language)
              ),
          },
          {
            title: t('ledger.kp.name'),
            render: (_: unknown, p: Person, i: number) =>
              editing ? (
                <Input size="small" maxLength={60} value={p.name ?? ''} onChange={(e) => patch(i, { name: e.target.value })} data-testid={`kp-name-${i}`} />
              ) : (
                <span>
                  {p.name ?? '—'}
                  {p.previousName && p.changeDetected && (
                    <Tag color="orange" style={{ marginLeft: 6 }} data-testid="kp-changed">
                      {t('ledger.kp.changed', { name: p.previousName, date: p.changeDetected })}
                    </Tag>
                  )}
                </span>
              ),
          },
          {
            title: t('ledger.kp.strength'),
            width: 90,
            render: (_: unknown, p: Person, i: number) =>
              editing ? <InputNumber size="small" min={0} max={100} value={p.relationshipStrength} onChange={(v) => patch(i, { relationshipStrength: v ?? null })} /> : (p.relationshipStrength ?? '—'),
          },
          {
            title: t('ledger.kp.lastContact'),
            width: 130,
            render: (_: unknown, p: Person, i: number) =>
              editing ? (
                <DatePicker size="small" format="YYYY-MM-DD" value={p.lastContactDate ? dayjs(p.lastContactDate) : null} onChange={(d) => patch(i, { lastContactDate: d ? d.format('YYYY-MM-DD') : null })} />
              ) : (
                (p.lastContactDate ?? '—')
              ),
          },
          {
            title: t('ledger.kp.competitor'),
            width: 110,
            render: (_: unknown, p: Person, i: number) =>
              editing ? (
                <Select
                  size="small"
                  style={{ width: 90 }}
                  value={p.competitorContact === null ? 'u' : p.competitorContact ? 'y' : 'n'}
                  onChange={(v: string) => patch(i, { competitorContact: v === 'u' ? null : v === 'y' })}
                  options={[{ value: 'y', label: t('ledger.kp.yes') }, { value: 'n', label: t('ledger.kp.no') }, { value: 'u', label: t('ledger.kp.unknown') }]}
                  data-testid={`kp-competitor-${i}`}
                />
              ) : p.competitorContact ? (
                <Tag color="red">{yesNo(p.competitorContact)}</Tag>
              ) : (
                yesNo(p.competitorContact)
              ),
          },
          {
            title: t('ledger.kp.since'),
            width: 120,
            render: (_: unknown, p: Person) => p.roleSince ?? '—',
          },
          ...(editing
            ? [
                {
                  title: '',
                  width: 60,
                  render: (_: unknown, _p: Person, i: number) => (
                    <Button size="small" type="link" danger onClick={() => setEditing((list) => (list ? list.filter((_x, k) => k !== i) : list))}>
                      {t('ledger.kp.remove')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}
