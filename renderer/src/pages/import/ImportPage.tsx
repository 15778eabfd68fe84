/**
 * 导入: choose files → the backend reads and checks them in a worker (progress,
 * cancel) → review sheet, kind, column mapping, preview and problems → confirm
 * (or cancel: nothing changed) → undo if needed.
 */
import { formatCount, parenText } from '../../format';
import { InboxOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Modal, Progress, Select, Space, Tabs, Typography, Upload } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language, WorkspaceInfo } from '../../../../shared/api/contract';
import { IMPORT_KINDS, type ImportKind, type ImportSessionView } from '../../../../shared/api/importContract';
import { ApiCallError } from '../../../../shared/api/client';
import { api } from '../../api/transport';
import { downloadBase64, fileToBase64 } from '../../download';
import { localText } from '../../i18n';
import { FileReview } from './FileReview';
import { kindLabel } from './fieldLabels';
import { ProblemTable } from './ProblemTable';

type Kind = ImportKind;

interface Props {
  language: Language;
  workspace: WorkspaceInfo;
  onChanged: () => void;
  onGoOverview: () => void;
}

function errorText(err: unknown, language: Language): string {
  if (err instanceof ApiCallError) return localText(err.error.message, language);
  return err instanceof Error ? err.message : String(err);
}

export function ImportPage({ language, workspace, onChanged, onGoOverview }: Props) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<Kind | 'auto'>('auto');
  const [session, setSession] = useState<ImportSessionView | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ type: 'success' | 'info' | 'error'; text: string } | null>(null);
  const [activeFile, setActiveFile] = useState('0');
  const poll = useRef<ReturnType<typeof setTimeout> | null>(null);
  const live = useRef(true);

  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
      if (poll.current) clearTimeout(poll.current);
    };
  }, []);

  const follow = (sessionId: string) => {
    const tick = () => {
      api.call('import.status', { sessionId }).then(
        (s) => {
          if (!live.current) return;
          setSession(s);
          if (s.state === 'working') poll.current = setTimeout(tick, 200);
        },
        (err: unknown) => live.current && setNotice({ type: 'error', text: errorText(err, language) }),
      );
    };
    tick();
  };

  const start = async (files: File[]) => {
    setNotice(null);
    setBusy(true);
    try {
      const payload = await Promise.all(files.map(async (f) => ({ name: f.name, dataBase64: await fileToBase64(f) })));
      const { sessionId } = await api.call('import.start', { files: payload, ...(kind === 'auto' ? {} : { kind }) });
      setActiveFile('0');
      follow(sessionId);
    } catch (err) {
      setNotice({ type: 'error', text: errorText(err, language) });
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    if (!session) return;
    if (poll.current) clearTimeout(poll.current);
    await api.call('import.cancel', { sessionId: session.id }).catch(() => undefined);
    setSession(null);
    setNotice({ type: 'info', text: t('import.cancelled') });
  };

  const update = async (fileIndex: number, change: { sheetIndex?: number; kind?: Kind; columns?: { column: number; field: string | null; unit: 'yuan' | 'qianYuan' | 'wanYuan' | null }[] }) => {
    if (!session) return;
    try {
      setSession(await api.call('import.update', { sessionId: session.id, fileIndex, ...change }));
    } catch (err) {
      setNotice({ type: 'error', text: errorText(err, language) });
    }
  };

  const commit = async (confirmReplace: boolean) => {
    if (!session) return;
    setBusy(true);
    try {
      const result = await api.call('import.commit', { sessionId: session.id, confirmReplace });
      setSession(null);
      setNotice({ type: 'success', text: t('import.committed', { rows: result.plan.factRows, groups: result.plan.newGroups }) });
      onChanged();
    } catch (err) {
      if (err instanceof ApiCallError && err.error.code === 'needs-confirmation') {
        Modal.confirm({
          title: t('import.replaceTitle'),
          content: t('import.replaceBody', { periods: session.plan?.replacedPeriods.join('、') ?? '' }),
          okText: t('import.replaceOk'),
          cancelText: t('import.cancel'),
          onOk: () => commit(true),
        });
      } else setNotice({ type: 'error', text: errorText(err, language) });
    } finally {
      setBusy(false);
    }
  };

  const undo = async () => {
    try {
      const r = await api.call('import.undo', {});
      setNotice({ type: r.undone ? 'success' : 'info', text: r.undone ? t('import.undone') : t('import.nothingToUndo') });
      onChanged();
    } catch (err) {
      setNotice({ type: 'error', text: errorText(err, language) });
    }
  };

  const saveReport = async () => {
    if (!session) return;
    const r = await api.call('import.problemReport', { sessionId: session.id, language });
    downloadBase64(r.fileName, r.dataBase64);
  };

  const plan = session?.plan ?? null;
  const importable = plan !== null && plan.factRows + plan.newGroups + plan.changedGroups + plan.memberRows + plan.keyPersonRows + plan.surveyRows > 0;

  return (
    <div className="page import-page" data-testid="import-page">
      <div className="page-header">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('import.title')}
        </Typography.Title>
        {workspace.canUndoImport && !session && (
          <Button icon={<UndoOutlined />} onClick={undo} data-testid="import-undo">
            {t('import.undo')}
          </Button>
        )}
      </div>
      {notice && <Alert type={notice.type} message={notice.text} showIcon closable onClose={() => setNotice(null)} data-testid={`import-notice-${notice.type}`} />}

      {!session && (
        <Card size="small">
          <Typography.Paragraph type="secondary">{t('import.intro')}</Typography.Paragraph>
          <Space style={{ marginBottom: 12 }}>
            <span>{t('import.kind')}</span>
            <Select<Kind | 'auto'>
              value={kind}
              onChange={setKind}
              style={{ width: 200 }}
              options={[
                { value: 'auto', label: t('import.kindAuto') },
                ...IMPORT_KINDS.map((k) => ({ value: k, label: kindLabel(k, language) })),
              ]}
            />
          </Space>
          <Upload.Dragger
            multiple
            accept=".xlsx,.xlsm,.xls,.csv,.txt"
            showUploadList={false}
            disabled={busy}
            beforeUpload={(_file, list) => {
              // antd calls this once per file; start once with the whole selection.
              if (_file === list[0]) void start(list as unknown as File[]);
              return Upload.LIST_IGNORE;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('import.drop')}</p>
            <p className="ant-upload-hint">{t('import.dropHint')}</p>
          </Upload.Dragger>
        </Card>
      )}

      {session?.state === 'working' && (
        <Card size="small" data-testid="import-progress">
          <Typography.Text>{t('import.reading')}</Typography.Text>
          <Progress
            percent={Math.round((100 * session.progress.done) / Math.max(1, session.progress.total))}
            status="active"
            format={() =>
              session.progress.phase === 'read'
                ? t('import.progressRead', { file: session.files[session.progress.fileIndex]?.fileName ?? '' })
                : t('import.progressRows', { done: formatCount(session.progress.done), total: formatCount(session.progress.total) })
            }
          />
          <Button onClick={cancel}>{t('import.cancel')}</Button>
        </Card>
      )}

      {session?.state === 'failed' && session.error && <Alert type="error" showIcon message={localText(session.error, language)} />}

      {session?.state === 'ready' && (
        <>
          <Tabs
            activeKey={activeFile}
            onChange={setActiveFile}
            items={session.files.map((f, i) => ({
              key: String(i),
              label: (
                <span data-testid={`import-file-tab-${i}`}>
                  {f.fileName} {f.readError ? `· ${t('import.readFailed')}` : `· ${kindLabel(f.kind, language)}`}
                </span>
              ),
              children: <FileReview file={f} index={i} language={language} onChange={(change) => void update(i, change)} />,
            }))}
          />
          <ProblemTable session={session} language={language} onSave={() => void saveReport()} />
          <Card size="small" title={t('import.confirmTitle')} data-testid="import-confirm">
            {plan && (
              <Descriptions size="small" column={4} bordered>
                <Descriptions.Item label={t('import.newGroups')}>
                  <span data-testid="plan-new-groups">{plan.newGroups}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('import.changedGroups')}>
                  <span data-testid="plan-changed-groups">{plan.changedGroups}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('import.factRows')}>
                  <span data-testid="plan-fact-rows">{formatCount(plan.factRows)}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('import.skippedRows')}>
                  <span data-testid="plan-skipped-rows">{plan.skippedRows}</span>
                </Descriptions.Item>
                {plan.keyPersonRows > 0 && (
                  <Descriptions.Item label={t('ledger.kp.importRows')} span={2}>
                    <span data-testid="plan-key-persons" data-changes={plan.keyPersonChanges}>
                      {t('ledger.kp.importSummary', { rows: plan.keyPersonRows, changes: plan.keyPersonChanges })}
                    </span>
                  </Descriptions.Item>
                )}
                {plan.surveyRows > 0 && (
                  <Descriptions.Item label={t('survey.importRows')} span={2}>
                    <span data-testid="plan-survey-rows" data-value={plan.surveyRows} data-replaced={plan.replacedSurveyRows}>
                      {plan.replacedSurveyRows > 0
                        ? t('survey.importReplacing', { rows: formatCount(plan.surveyRows), replaced: formatCount(plan.replacedSurveyRows) })
                        : t('survey.importSummary', { rows: formatCount(plan.surveyRows) })}
                    </span>
                  </Descriptions.Item>
                )}
                <Descriptions.Item label={t('import.newPeriods')} span={2}>
                  <span data-testid="plan-new-periods">{plan.newPeriods.length > 0 ? `${plan.newPeriods[0]} … ${plan.newPeriods[plan.newPeriods.length - 1]}${parenText(formatCount(plan.newPeriods.length), language)}` : '—'}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('import.replacedPeriods')} span={2}>
                  <span data-testid="plan-replaced-periods">{plan.replacedPeriods.length > 0 ? plan.replacedPeriods.join('、') : '—'}</span>
                </Descriptions.Item>
              </Descriptions>
            )}
            {plan && plan.incompletePeriods.length > 0 && (
              <Alert
                type="warning"
                showIcon
                style={{ marginTop: 12 }}
                data-testid="plan-incomplete"
                message={t('import.incompleteTitle')}
                description={
                  <ul style={{ margin: 0, paddingLeft: 18 }}>
                    {plan.incompletePeriods.map((c) => (
                      <li key={c.period} data-period={c.period}>
                        {localText(c.reason, language)}
                      </li>
                    ))}
                  </ul>
                }
              />
            )}
            <Space style={{ marginTop: 12 }}>
              <Button type="primary" disabled={!importable || busy} loading={busy} onClick={() => void commit(false)} data-testid="import-commit">
                {importable ? t('import.confirm') : plan && plan.unchangedGroups > 0 ? t('import.nothingChanges') : t('import.noRows')}
              </Button>
              <Button onClick={() => void cancel()} data-testid="import-cancel">
                {t('import.cancel')}
              </Button>
            </Space>
          </Card>
        </>
      )}
      {!session && notice?.type === 'success' && (
        <Space>
          <Button type="primary" onClick={onGoOverview}>
            {t('import.goOverview')}
          </Button>
        </Space>
      )}
    </div>
  );
}

