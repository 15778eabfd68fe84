/**
 * 设置 → 工作区: every workspace (recent ones and those in the data folder) with open, rename,
 * duplicate and delete (to the trash); new, open folder, save as, and the .holdfast export and import.
 */
import { formatCount } from '../../format';
import { Alert, Button, Input, Modal, Popconfirm, Space, Table, Tag, Tooltip, Typography, Upload, message, type TableColumnType } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecentWorkspace, WorkspaceStatus } from '../../../../shared/api/workspaceContract';
import { MAX_HOLDFAST_BASE64 } from '../../../../shared/api/workspaceContract';
import { api } from '../../api/transport';
import { downloadBase64, fileToBase64 } from '../../download';
import { byteSize, localMinute } from '../../save/backupFormat';
import { errorText } from '../../save/errorText';
import { flushAll } from '../../save/saveState';
import { refreshWorkspaceStatus } from '../../save/workspaceStatus';

type Dialog =
  | { kind: 'rename'; target: RecentWorkspace; value: string }
  | { kind: 'duplicate'; target: RecentWorkspace; value: string }
  | { kind: 'openFolder'; value: string }
  | { kind: 'saveAs'; value: string }
  | { kind: 'new'; value: string };

interface Props {
  status: WorkspaceStatus | null;
  onWorkspaceChanged: () => void;
  /** a narrow place (the welcome page): no location and time columns */
  compact?: boolean;
}

export function WorkspacesPanel({ status, onWorkspaceChanged, compact = false }: Props) {
  const { t } = useTranslation();
  const [list, setList] = useState<RecentWorkspace[] | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [toast, toastHolder] = message.useMessage();

  const load = useCallback(() => {
    api.call('workspace.recent', {}).then(setList, (err: unknown) => setError(errorText(err)));
  }, []);
  // Reloaded whenever the workspace status changes (another workspace opened, renamed, restored).
  useEffect(load, [load, status]);
  useEffect(() => {
    window.addEventListener('focus', load);
    return () => window.removeEventListener('focus', load);
  }, [load]);

  const run = async (work: () => Promise<string | null>, changesWorkspace: boolean) => {
    setBusy(true);
    setError(null);
    try {
      if (changesWorkspace) await flushAll(); // nothing typed is left behind when another workspace opens
      const done = await work();
      if (done) void toast.success(done);
      setDialog(null);
      load();
      void refreshWorkspaceStatus();
      if (changesWorkspace) onWorkspaceChanged();
    } catch (err) {
      setError(errorText(err));
      void refreshWorkspaceStatus(); // a damaged workspace is recorded there: the damage screen offers its backup
    } finally {
      setBusy(false);
    }
  };

  const trash = status?.trash ?? 'app';
  const dialogs = status?.dialogs ?? false;

  const browse = async (purpose: 'open' | 'saveAs') => {
    const picked = await api.call('workspace.chooseFolder', { purpose });
    if (picked.path) setDialog((d) => (d && 'value' in d ? { ...d, value: picked.path ?? '' } : d));
  };

  const submit = () => {
    if (!dialog) return;
    const value = dialog.value.trim();
    if (value === '') return;
    switch (dialog.kind) {
      case 'rename':
        void run(async () => {
          await api.call('workspace.rename', { path: dialog.target.path, name: value });
          return null;
        }, dialog.target.current);
        break;
      case 'duplicate':
        void run(async () => {
          const copy = await api.call('workspace.duplicate', { path: dialog.target.path, name: value });
          return t('workspace.manager.duplicated', { name: copy.name });
        }, false);
        break;
      case 'openFolder':
        void run(async () => {
          const ws = await api.call('workspace.openFolder', { path: value });
          return t('workspace.manager.openedOther', { name: ws.name });
        }, true);
        break;
      case 'saveAs':
        void run(async () => {
          const ws = await api.call('workspace.saveAs', { path: value });
          return t('workspace.manager.savedAs', { path: ws.path });
        }, true);
        break;
      case 'new':
        void run(async () => {
          const ws = await api.call('workspace.create', { name: value });
          return t('workspace.manager.openedOther', { name: ws.name });
        }, true);
        break;
    }
  };

  const exportFile = () =>
    void run(async () => {
      await flushAll();
      const out = await api.call('workspace.export', { delivery: dialogs ? 'dialog' : 'download' });
      if (out.dataBase64) downloadBase64(out.fileName, out.dataBase64, 'application/zip');
      else if (!out.savedTo) return t('workspace.manager.exportCancelled');
      return t('workspace.manager.exported', { file: out.savedTo ?? out.fileName, size: byteSize(out.bytes) });
    }, false);

  const importFile = (file: File) => {
    const max = (MAX_HOLDFAST_BASE64 / 4) * 3;
    if (file.size > max) {
      setError(t('workspace.manager.tooLarge', { size: byteSize(file.size), max: byteSize(max) }));
      return;
    }
    void run(async () => {
      const ws = await api.call('workspace.import', { fileName: file.name, dataBase64: await fileToBase64(file) });
      return t('workspace.manager.imported', { name: ws.name });
    }, true);
  };

  const dialogTitle = dialog
    ? { rename: t('workspace.manager.renameTitle'), duplicate: t('workspace.manager.duplicateTitle'), openFolder: t('workspace.manager.openFolderTitle'), saveAs: t('workspace.manager.saveAsTitle'), new: t('workspace.manager.newTitle') }[dialog.kind]
    : '';
  const dialogHint = dialog
    ? {
        rename: t('workspace.manager.renameHint'),
        duplicate: t('workspace.manager.duplicateHint'),
        openFolder: dialogs ? '' : t('workspace.manager.folderPathHint'),
        saveAs: t('workspace.manager.saveAsHint'),
        new: '',
      }[dialog.kind]
    : '';
  const pathDialog = dialog?.kind === 'openFolder' || dialog?.kind === 'saveAs';

  return (
    <div data-testid="workspaces-panel">
      {toastHolder}
      <Space wrap style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => setDialog({ kind: 'new', value: '' })} data-testid="ws-new">
          {t('workspace.manager.newTitle')}
        </Button>
        <Button onClick={() => setDialog({ kind: 'openFolder', value: '' })} data-testid="ws-open-folder">
          {t('workspace.manager.openFolder')}
        </Button>
        <Button disabled={!status?.open} onClick={() => setDialog({ kind: 'saveAs', value: '' })} data-testid="ws-save-as">
          {t('workspace.manager.saveAs')}
        </Button>
        <Tooltip title={t('workspace.manager.exportHint')}>
          <Button disabled={!status?.open} loading={busy} onClick={exportFile} data-testid="ws-export">
            {t('workspace.manager.export')}
          </Button>
        </Tooltip>
        <Tooltip title={t('workspace.manager.importHint')}>
          <Upload
            accept=".holdfast"
            showUploadList={false}
            beforeUpload={(file) => {
              importFile(file);
              return false;
            }}
          >
            <Button data-testid="ws-import">{t('workspace.manager.import')}</Button>
          </Upload>
        </Tooltip>
      </Space>
      {error && <Alert type="error" showIcon closable onClose={() => setError(null)} message={error} style={{ marginBottom: 12 }} data-testid="ws-error" />}
      <Table<RecentWorkspace>
        size="small"
        rowKey="path"
        loading={list === null}
        dataSource={list ?? []}
        pagination={false}
        data-testid="workspaces-table"
        columns={([
          {
            title: t('workspace.manager.name'),
            render: (_: unknown, w) => (
              <Space size={4}>
                <Typography.Text strong={w.current}>{w.name}</Typography.Text>
                {w.current && <Tag color="blue">{t('workspace.manager.current')}</Tag>}
                {w.state !== 'ok' && <Tag color={w.state === 'damaged' ? 'red' : 'orange'}>{t(`workspace.manager.states.${w.state}`)}</Tag>}
              </Space>
            ),
          },
          !compact && {
            title: t('workspace.manager.path'),
            render: (_: unknown, w) => (
              <Typography.Text type="secondary" ellipsis={{ tooltip: w.path }} style={{ maxWidth: 360 }}>
                {w.inDataDir ? `${t('workspace.manager.inDataDir')} / ${w.path.split(/[\\/]/).pop() ?? ''}` : w.path}
              </Typography.Text>
            ),
          },
          { title: t('workspace.manager.groups'), align: 'right', width: 80, render: (_: unknown, w) => formatCount(w.groupCount) },
          !compact && { title: t('workspace.manager.modified'), width: 150, render: (_: unknown, w) => (w.modifiedAt ? localMinute(w.modifiedAt) : '—') },
          {
            title: '',
            width: compact ? 260 : 300,
            render: (_: unknown, w) => (
              <Space size={0}>
                <Button
                  size="small"
                  type="link"
                  disabled={w.current || w.state === 'missing'}
                  onClick={() =>
                    void run(async () => {
                      const ws = await api.call('workspace.openFolder', { path: w.path });
                      return t('workspace.manager.openedOther', { name: ws.name });
                    }, true)
                  }
                  data-testid="ws-open"
                >
                  {t('workspace.manager.open')}
                </Button>
                <Button size="small" type="link" disabled={w.state !== 'ok'} onClick={() => setDialog({ kind: 'rename', target: w, value: w.name })} data-testid="ws-rename">
                  {t('workspace.manager.rename')}
                </Button>
                <Button
                  size="small"
                  type="link"
                  disabled={w.state !== 'ok'}
                  onClick={() => setDialog({ kind: 'duplicate', target: w, value: t('workspace.manager.duplicateName', { name: w.name }) })}
                  data-testid="ws-duplicate"
                >
                  {t('workspace.manager.duplicate')}
                </Button>
                <Popconfirm
                  title={t('workspace.manager.deleteConfirm', { name: w.name })}
                  description={<div style={{ maxWidth: 320 }}>{t(`workspace.manager.deleteWhere.${trash}`)}</div>}
                  okText={t('workspace.manager.delete')}
                  okButtonProps={{ danger: true }}
                  cancelText={t('workspace.manager.cancel')}
                  disabled={w.state === 'missing'}
                  onConfirm={() =>
                    void run(async () => {
                      const r = await api.call('workspace.delete', { path: w.path });
                      const where = r.location ? t('workspace.manager.deletedTo', { location: r.location }) : t('workspace.manager.deletedSystem');
                      return t('workspace.manager.deleted', { name: w.name, where });
                    }, w.current)
                  }
                >
                  <Button size="small" type="link" danger disabled={w.state === 'missing'} data-testid="ws-delete">
                    {t('workspace.manager.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ] as (TableColumnType<RecentWorkspace> | false)[]).filter((c): c is TableColumnType<RecentWorkspace> => c !== false)}
      />
      <Modal
        open={dialog !== null}
        title={dialogTitle}
        okText={t('workspace.manager.ok')}
        cancelText={t('workspace.manager.cancel')}
        confirmLoading={busy}
        onOk={submit}
        onCancel={() => setDialog(null)}
        okButtonProps={{ disabled: !dialog || dialog.value.trim() === '', ...{ 'data-testid': 'ws-dialog-ok' } }}
        destroyOnHidden
      >
        {dialogHint && <Typography.Paragraph type="secondary">{dialogHint}</Typography.Paragraph>}
        <Space.Compact style={{ width: '100%' }}>
          <Input
            autoFocus
            value={dialog?.value ?? ''}
            maxLength={pathDialog ? 1000 : 80}
            placeholder={pathDialog ? t('workspace.manager.folderPath') : t('workspace.manager.newName')}
            onChange={(e) => setDialog((d) => (d ? { ...d, value: e.target.value } : d))}
            onPressEnter={submit}
            data-testid="ws-dialog-input"
          />
          {pathDialog && dialogs && <Button onClick={() => void browse(dialog?.kind === 'saveAs' ? 'saveAs' : 'open')}>{t('workspace.manager.browse')}</Button>}
        </Space.Compact>
      </Modal>
    </div>
  );
}
