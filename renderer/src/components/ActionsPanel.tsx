/**
 * 行动记录 for one group: cause, action, owner, due date, status, note — saved in the workspace.
 * The note of an existing action autosaves while it is typed (debounced; Ctrl+S saves at once);
 * the other fields save with the 保存 button.
 */
import { Button, DatePicker, Form, Input, List, Popconfirm, Select, Space, Tag, Typography, type FormInstance } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GroupAction } from '../../../shared/api/analysisContract';
import { api } from '../api/transport';
import { errorText } from '../save/errorText';
import { trackSave, useAutosave } from '../save/saveState';
import { ACTION_OUTCOMES, ownerByRule } from '../../../shared/actions/ledger';
import type { Language } from '../../../shared/api/contract';
import type { RecheckView } from '../../../shared/api/ledgerContract';
import { RecheckText } from './RecheckText';

/** Autosaves the note field of the action being edited, with the action's other fields as saved. */
function NoteAutosave({ action, form, onSaved, registerFlush }: { action: GroupAction; form: FormInstance<FormValues>; onSaved: (a: GroupAction) => void; registerFlush: (flush: () => Promise<void>) => void }) {
  const watched = Form.useWatch('note', form) as string | undefined;
  const save = useCallback(
    async (note: string) => {
      const { id, groupCode, cause, action: text, owner, due, status } = action;
      onSaved(await api.call('actions.save', { id, groupCode, cause, action: text, owner, due, status, note }));
    },
    [action, onSaved],
  );
  const { flush } = useAutosave(`action-note:${action.id}`, watched ?? action.note, save, 800);
  useEffect(() => registerFlush(flush), [flush, registerFlush]);
  return null;
}

interface Props {
  groupCode: string;
  defaultOwner: string | null;
  groupClass?: string | null;
  language?: Language;
  onChanged?: () => void;
}

interface FormValues {
  cause: GroupAction['cause'];
  action: string;
  owner: string;
  due: dayjs.Dayjs | null;
  status: GroupAction['status'];
  note: string;
  outcome: NonNullable<GroupAction['outcome']> | 'none';
  measure: string;
}

const STATUS_COLOUR: Record<GroupAction['status'], string> = { open: 'processing', done: 'success', cancelled: 'default' };

export function ActionsPanel({ groupCode, defaultOwner, groupClass = null, language = 'zh-CN', onChanged }: Props) {
  const { t } = useTranslation();
  const [actions, setActions] = useState<GroupAction[]>([]);
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<FormValues>();
  const flushNote = useRef<() => Promise<void>>(async () => undefined);
  const registerFlush = useCallback((flush: () => Promise<void>) => {
    flushNote.current = flush;
  }, []);
  const noteSaved = useCallback((a: GroupAction) => setActions((list) => list.map((x) => (x.id === a.id ? a : x))), []);

  const [rechecks, setRechecks] = useState<Map<string, RecheckView>>(new Map());
  const [ruleOwner, setRuleOwner] = useState<string | null>(null);
  const load = useCallback(() => {
    api.call('actions.list', { groupCode }).then(setActions, (e: unknown) => setError(String(e)));
    api.call('ledger.recheck', { groupCode }).then((list) => setRechecks(new Map(list.map((r) => [r.id, r.recheck]))), () => undefined);
    api.call('ledger.settings', {}).then((s) => setRuleOwner(ownerByRule({ groupClass, accountManager: defaultOwner }, s).owner), () => undefined);
  }, [groupCode, groupClass, defaultOwner]);
  useEffect(load, [load]);

  const startNew = () => {
    form.setFieldsValue({ cause: 'competition', action: '', owner: ruleOwner ?? defaultOwner ?? '', due: dayjs().add(14, 'day'), status: 'open', note: '', outcome: 'none', measure: '' });
    setEditing('new');
  };
  const startEdit = (a: GroupAction) => {
    form.setFieldsValue({ cause: a.cause, action: a.action, owner: a.owner, due: a.due ? dayjs(a.due) : null, status: a.status, note: a.note, outcome: a.outcome ?? 'none', measure: a.measure ?? '' });
    setEditing(a.id);
  };

  const save = async (v: FormValues) => {
    setError(null);
    try {
      // A note still waiting for its autosave goes first, so it cannot land after (and undo) this save.
      if (editing && editing !== 'new') await flushNote.current();
      await trackSave(api.call('actions.save', {
        ...(editing && editing !== 'new' ? { id: editing } : {}),
        groupCode,
        cause: v.cause,
        action: v.action,
        owner: v.owner ?? '',
        due: v.due ? v.due.format('YYYY-MM-DD') : null,
        status: v.status,
        note: v.note ?? '',
        outcome: v.outcome && v.outcome !== 'none' ? v.outcome : null,
        measure: v.measure?.trim() ? v.measure.trim() : null,
      }));
      setEditing(null);
      load();
      onChanged?.();
    } catch (e) {
      setError(errorText(e));
    }
  };

  const causeLabel = (c: GroupAction['cause']) => t(`actions.cause_${c}`);
  const editingAction = editing && editing !== 'new' ? actions.find((a) => a.id === editing) : undefined;
  return (
    <div data-testid="actions-panel">
      <Space style={{ marginBottom: 8 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('actions.title')}
        </Typography.Title>
        {editing === null && (
          <Button size="small" type="primary" onClick={startNew} data-testid="action-add">
            {t('actions.add')}
          </Button>
        )}
      </Space>
      {editing !== null && (
        <Form form={form} layout="vertical" onFinish={(v) => void save(v)} className="action-form" data-testid="action-form">
          <Space wrap align="start">
            <Form.Item name="cause" label={t('actions.cause')} rules={[{ required: true }]}>
              <Select style={{ width: 140 }} options={(['service', 'competition', 'special'] as const).map((c) => ({ value: c, label: causeLabel(c) }))} />
            </Form.Item>
            <Form.Item name="owner" label={t('actions.owner')}>
              <Input style={{ width: 120 }} maxLength={60} />
            </Form.Item>
            <Form.Item name="due" label={t('actions.due')}>
              <DatePicker format="YYYY-MM-DD" />
            </Form.Item>
            <Form.Item name="status" label={t('actions.status')}>
              <Select style={{ width: 110 }} options={(['open', 'done', 'cancelled'] as const).map((s) => ({ value: s, label: t(`actions.status_${s}`) }))} />
            </Form.Item>
            <Form.Item name="outcome" label={t('ledger.outcome')}>
              <Select style={{ width: 120 }} data-testid="action-outcome" options={(['none', ...ACTION_OUTCOMES] as const).map((o) => ({ value: o, label: t(`ledger.outcome_${o}`) }))} />
            </Form.Item>
            <Form.Item name="measure" label={t('ledger.measure')}>
              <Input style={{ width: 160 }} maxLength={120} />
            </Form.Item>
          </Space>
          <Form.Item name="action" label={t('actions.action')} rules={[{ required: true, whitespace: true, message: t('actions.actionRequired') }]}>
            <Input maxLength={500} placeholder={t('actions.actionPlaceholder')} data-testid="action-text" />
          </Form.Item>
          <Form.Item name="note" label={t('actions.note')}>
            <Input.TextArea maxLength={2000} autoSize={{ minRows: 1, maxRows: 4 }} data-testid="action-note" />
          </Form.Item>
          {editingAction && <NoteAutosave key={editingAction.id} action={editingAction} form={form} onSaved={noteSaved} registerFlush={registerFlush} />}
          <Space>
            <Button type="primary" htmlType="submit" data-testid="action-save">
              {t('actions.save')}
            </Button>
            <Button onClick={() => setEditing(null)}>{t('import.cancel')}</Button>
          </Space>
        </Form>
      )}
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      <List
        size="small"
        dataSource={[...actions].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))}
        locale={{ emptyText: t('actions.none') }}
        data-testid="actions-list"
        renderItem={(a) => (
          <List.Item
            actions={[
              <Button key="e" size="small" type="link" onClick={() => startEdit(a)}>
                {t('actions.edit')}
              </Button>,
              <Popconfirm key="d" title={t('actions.deleteConfirm')} onConfirm={() => void trackSave(api.call('actions.delete', { id: a.id })).then(() => { load(); onChanged?.(); }, (e: unknown) => setError(errorText(e)))}>
                <Button size="small" type="link" danger>
                  {t('settings.delete')}
                </Button>
              </Popconfirm>,
            ]}
          >
            <List.Item.Meta
              title={
                <Space>
                  <Tag color={STATUS_COLOUR[a.status]}>{t(`actions.status_${a.status}`)}</Tag>
                  <Tag>{causeLabel(a.cause)}</Tag>
                  <span className="action-text">{a.action}</span>
                </Space>
              }
              description={
                <>
                  <div>{`${a.owner || '—'} · ${t('actions.due')} ${a.due ?? '—'}${a.measure ? ` · ${a.measure}` : ''}${a.note ? ` · ${a.note}` : ''}`}</div>
                  <div>
                    {a.outcome && <Tag color={a.outcome === 'lost' ? 'red' : a.outcome === 'retained' ? 'green' : 'default'}>{t(`ledger.outcome_${a.outcome}`)}</Tag>}
                    <RecheckText recheck={rechecks.get(a.id) ?? null} language={language} />
                  </div>
                </>
              }
            />
          </List.Item>
        )}
      />
    </div>
  );
}
