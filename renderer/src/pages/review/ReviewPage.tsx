/**
 * 季度回顾: build the quarter's deck from the workspace, edit its words in
 * place (autosaved in the workspace), reorder/hide/duplicate/add slides,
 * present it full screen, export PowerPoint, Excel and PDF.
 */
import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  CopyOutlined,
  DeleteOutlined,
  EyeInvisibleOutlined,
  EyeOutlined,
  FilePdfOutlined,
  FilePptOutlined,
  FileExcelOutlined,
  FundProjectionScreenOutlined,
  PlusOutlined,
  ReloadOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import { Alert, Button, Empty, Input, Popconfirm, Select, Space, Spin, Tag, Tooltip, Typography, message } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import type { ReviewQuarters } from '../../../../shared/api/reviewContract';
import type { ReviewSlide } from '../../../../shared/review/types';
import { api } from '../../api/transport';
import { periodOptionLabel } from '../../components/periodLabel';
import { localText } from '../../i18n';
import { downloadBase64 } from '../../download';
import { localMinute } from '../../save/backupFormat';
import { formatBytes } from '../../format';
import { PresenterMode } from './PresenterMode';
import { PrintView } from './PrintView';
import { SlideSorter } from './SlideSorter';
import { SlideView } from './SlideView';
import { errorText, useReviewDeck, type SaveStatus } from './useReviewDeck';
import './review.css';

function sizeText(bytes: number): string {
  return formatBytes(bytes);
}

function SaveState({ status }: { status: SaveStatus }) {
  const { t } = useTranslation();
  const text =
    status.kind === 'saved' ? t('review.saved') : status.kind === 'saving' ? t('review.saving') : status.kind === 'pending' ? t('review.unsaved') : t('review.saveFailed', { message: status.message });
  return (
    <Tag color={status.kind === 'error' ? 'error' : status.kind === 'saved' ? 'default' : 'processing'} data-testid="review-save-state" data-state={status.kind}>
      {text}
    </Tag>
  );
}

export function ReviewPage({ language, workspaceKey, onImport }: { language: Language; workspaceKey: string; onImport: () => void }) {
  const { t } = useTranslation();
  const [quarters, setQuarters] = useState<ReviewQuarters | null>(null);
  const [quarter, setQuarter] = useState<string | null>(null);
  const [branchName, setBranchName] = useState('');
  const [loadError, setLoadError] = useState<string | null>(null);
  const [building, setBuilding] = useState(false);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [presenting, setPresenting] = useState<number | null>(null);
  const [printing, setPrinting] = useState(false);
  const [exporting, setExporting] = useState<'pptx' | 'xlsx' | null>(null);
  const { deck, setDeck, status, editText, edit, flush } = useReviewDeck(language);
  /** the slide ids of the deck on screen, to tell which slide an edit added */
  const knownIds = useRef<Set<string> | null>(null);

  useEffect(() => {
    setLoadError(null);
    api.call('review.quarters', {}).then(
      (q) => {
        setQuarters(q);
        setQuarter((old) => (old && q.quarters.includes(old) ? old : q.defaultQuarter));
        setBranchName((old) => old || q.branchName);
      },
      (err: unknown) => setLoadError(errorText(err, language)),
    );
  }, [workspaceKey, language]);

  const build = useCallback(
    async (q: string | null) => {
      if (!q) return;
      setBuilding(true);
      setLoadError(null);
      try {
        await flush();
        const name = branchName.trim();
        const d = await api.call('review.get', { quarter: q, language, ...(name ? { branchName: name } : {}) });
        knownIds.current = null;
        setDeck(d);
      } catch (err) {
        setLoadError(errorText(err, language));
      } finally {
        setBuilding(false);
      }
    },
    [branchName, language, flush, setDeck],
  );

  // New data (an import, an undo) rebuilds a deck already on screen, keeping its edits.
  const lastWorkspaceKey = useRef(workspaceKey);
  useEffect(() => {
    if (lastWorkspaceKey.current === workspaceKey) return;
    lastWorkspaceKey.current = workspaceKey;
    if (deck) void build(deck.quarter);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a data change rebuilds
  }, [workspaceKey]);

  // A deck already on screen follows the app language (edits are kept per language).
  useEffect(() => {
    if (deck && deck.language !== language) void build(deck.quarter);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a language switch rebuilds
  }, [language]);

  const slides = useMemo(() => deck?.slides ?? [], [deck]);

  // A slide just added (duplicate, free slide) is selected; a selection that no longer exists falls back to the first slide.
  useEffect(() => {
    if (!deck) return;
    const ids = deck.slides.map((s) => s.id);
    const before = knownIds.current;
    const added = before ? ids.filter((id) => !before.has(id)) : [];
    knownIds.current = new Set(ids);
    if (added.length === 1 && before) setSelectedId(added[0] ?? null);
    else setSelectedId((old) => (old && ids.includes(old) ? old : (ids[0] ?? null)));
  }, [deck]);
  const index = slides.findIndex((s) => s.id === selectedId);
  const slide: ReviewSlide | undefined = slides[index];
  const visible = useMemo(() => slides.filter((s) => !s.hidden), [slides]);

  const run = useCallback(
    (op: Parameters<typeof edit>[0]) => {
      void edit(op);
    },
    [edit],
  );

  const exportFile = async (format: 'pptx' | 'xlsx') => {
    if (!deck) return;
    setExporting(format);
    try {
      await flush();
      const name = branchName.trim();
      const r = await api.call('review.export', { quarter: deck.quarter, language: deck.language, format, ...(name ? { branchName: name } : {}) });
      downloadBase64(r.fileName, r.dataBase64, r.mimeType);
      void message.success(t('review.exported', { file: r.fileName, size: sizeText(r.bytes) }));
    } catch (err) {
      void message.error(t('review.exportFailed', { message: errorText(err, language) }));
    } finally {
      setExporting(null);
    }
  };

  const present = async (from: number) => {
    await flush();
    setPresenting(from);
  };

  if (loadError && !deck) {
    return (
      <div className="page" data-testid="review-page">
        <Alert type="error" showIcon message={loadError} action={<Button onClick={() => void build(quarter)}>{t('errors.retry')}</Button>} />
      </div>
    );
  }
  if (!quarters) return <Spin style={{ display: 'block', margin: '120px auto' }} />;
  if (quarters.quarters.length === 0) {
    return (
      <div className="page" data-testid="review-page">
        <Empty description={<><Typography.Title level={4}>{t('review.noQuarter')}</Typography.Title><Typography.Text type="secondary">{t('review.noQuarterHint')}</Typography.Text></>}>
          <Button type="primary" onClick={onImport}>
            {t('review.goImport')}
          </Button>
        </Empty>
      </div>
    );
  }

  const visibleIndexOf = (id: string) => visible.findIndex((s) => s.id === id);
  const canDelete = slide ? slide.origin !== 'built' : false;

  return (
    <div className="page review-page" data-testid="review-page" data-quarter={deck?.quarter ?? ''}>
      <div className="page-header review-header">
        <Space wrap size={8}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('review.title')}
          </Typography.Title>
          <Select
            value={quarter ?? undefined}
            onChange={(q: string) => {
              setQuarter(q);
              if (deck) void build(q);
            }}
            options={[...quarters.quarters].reverse().map((q) => ({ value: q, label: periodOptionLabel(q, { incomplete: quarters.incomplete.includes(q) }, t, language), title: q }))}
            style={{ width: quarters.incomplete.length > 0 ? (language === 'en' ? 190 : 150) : 112 }}
            aria-label={t('review.quarter')}
            data-testid="review-quarter"
          />
          <Input value={branchName} onChange={(e) => setBranchName(e.target.value)} placeholder={t('review.branchPlaceholder')} maxLength={80} style={{ width: 200 }} aria-label={t('review.branch')} data-testid="review-branch" />
          <Tooltip title={deck ? t('review.rebuildHint') : undefined}>
            <Button type={deck ? 'default' : 'primary'} icon={<ReloadOutlined />} loading={building} onClick={() => void build(quarter)} data-testid="review-build">
              {deck ? t('review.rebuild') : t('review.build')}
            </Button>
          </Tooltip>
          {deck && <SaveState status={status} />}
          {deck?.hasEdits && (
            <Popconfirm title={t('review.resetAllConfirm')} onConfirm={() => run({ op: 'resetAll' })}>
              <Button type="link" size="small" data-testid="review-reset-all">
                {t('review.resetAll')}
              </Button>
            </Popconfirm>
          )}
        </Space>
        {deck && (
          <Space wrap size={8}>
            <Tooltip title={t('review.presentHint')}>
              <Button type="primary" icon={<FundProjectionScreenOutlined />} onClick={() => void present(Math.max(0, slide ? visibleIndexOf(slide.id) : 0))} disabled={visible.length === 0} data-testid="review-present">
                {t('review.present')}
              </Button>
            </Tooltip>
            <Button icon={<FilePptOutlined />} loading={exporting === 'pptx'} onClick={() => void exportFile('pptx')} data-testid="review-export-pptx">
              {t('review.exportPptx')}
            </Button>
            <Button icon={<FileExcelOutlined />} loading={exporting === 'xlsx'} onClick={() => void exportFile('xlsx')} data-testid="review-export-xlsx">
              {t('review.exportXlsx')}
            </Button>
            <Button icon={<FilePdfOutlined />} onClick={() => void flush().then(() => setPrinting(true))} disabled={visible.length === 0} data-testid="review-export-pdf">
              {t('review.exportPdf')}
            </Button>
          </Space>
        )}
      </div>

      {quarters.defaultNote && <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="review-completeness-note" message={localText(quarters.defaultNote, language)} />}
      {loadError && deck && <Alert type="error" showIcon closable message={loadError} onClose={() => setLoadError(null)} data-testid="review-error" />}
      {!deck ? (
        <div className="review-start" data-testid="review-start">
          {building ? (
            <Spin tip={t('review.loading')} size="large">
              <div style={{ height: 120 }} />
            </Spin>
          ) : (
            <Empty image={<FundProjectionScreenOutlined style={{ fontSize: 56, color: '#8c8c8c' }} />} description={t('review.presentHint')}>
              <Button type="primary" size="large" onClick={() => void build(quarter)} data-testid="review-build-start">
                {t('review.build')} {quarter}
              </Button>
            </Empty>
          )}
        </div>
      ) : (
        <div className="review-workspace">
          <div className="review-side">
            <div className="review-side-head">
              <Typography.Text type="secondary">{t('review.slides', { visible: visible.length, total: slides.length })}</Typography.Text>
              <Tooltip title={t('review.addFree')}>
                <Button size="small" icon={<PlusOutlined />} onClick={() => run({ op: 'addFree', ...(slide ? { afterId: slide.id } : {}) })} data-testid="review-add-free" aria-label={t('review.addFree')} />
              </Tooltip>
            </div>
            <SlideSorter deck={deck} language={language} selectedId={selectedId} onSelect={setSelectedId} onMove={(id, toIndex) => run({ op: 'move', slideId: id, toIndex })} />
            <Typography.Text type="secondary" className="review-side-hint">
              {t('review.dragHint')}
            </Typography.Text>
          </div>
          {slide && (
            <div className="review-editor" data-testid="review-editor" data-slide-id={slide.id}>
              <div className="review-editor-toolbar">
                <Space size={4} wrap>
                  <Typography.Text strong>{slide.hidden ? t('review.hidden') : t('review.page', { n: visibleIndexOf(slide.id) + 1 })}</Typography.Text>
                  {(slide.edited.title || slide.edited.notes || slide.edited.findings.length > 0) && <Tag color="gold">{t('review.edited')}</Tag>}
                </Space>
                <Space size={4} wrap>
                  <Tooltip title={t('review.moveUp')}>
                    <Button size="small" icon={<ArrowUpOutlined />} disabled={index <= 0} onClick={() => run({ op: 'move', slideId: slide.id, toIndex: index - 1 })} data-testid="review-move-up" aria-label={t('review.moveUp')} />
                  </Tooltip>
                  <Tooltip title={t('review.moveDown')}>
                    <Button size="small" icon={<ArrowDownOutlined />} disabled={index >= slides.length - 1} onClick={() => run({ op: 'move', slideId: slide.id, toIndex: index + 1 })} data-testid="review-move-down" aria-label={t('review.moveDown')} />
                  </Tooltip>
                  <Button size="small" icon={slide.hidden ? <EyeOutlined /> : <EyeInvisibleOutlined />} onClick={() => run({ op: slide.hidden ? 'show' : 'hide', slideId: slide.id })} data-testid="review-toggle-hidden">
                    {slide.hidden ? t('review.show') : t('review.hide')}
                  </Button>
                  <Button size="small" icon={<CopyOutlined />} onClick={() => run({ op: 'duplicate', slideId: slide.id })} data-testid="review-duplicate">
                    {t('review.duplicate')}
                  </Button>
                  {slide.origin === 'free' && (
                    <Button size="small" icon={<PlusOutlined />} onClick={() => run({ op: 'addFinding', slideId: slide.id })} data-testid="review-add-finding">
                      {t('review.addFinding')}
                    </Button>
                  )}
                  <Popconfirm title={t('review.resetConfirm')} onConfirm={() => run({ op: 'resetSlide', slideId: slide.id })}>
                    <Button size="small" icon={<UndoOutlined />} data-testid="review-reset-slide">
                      {t('review.resetSlide')}
                    </Button>
                  </Popconfirm>
                  {canDelete && (
                    <Popconfirm
                      title={t('review.deleteConfirm')}
                      onConfirm={() => {
                        setSelectedId(slides[index - 1]?.id ?? slides[index + 1]?.id ?? null);
                        run({ op: 'deleteFree', slideId: slide.id });
                      }}
                    >
                      <Button size="small" danger icon={<DeleteOutlined />} data-testid="review-delete-slide">
                        {t('review.deleteSlide')}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              </div>
              <div className={`review-editor-slide${slide.hidden ? ' is-hidden' : ''}`}>
                <SlideView
                  key={`${deck.quarter}|${deck.language}|${slide.id}`}
                  slide={slide}
                  look="app"
                  language={language}
                  footer={{ branchName: deck.branchName, quarter: deck.quarter, n: Math.max(0, visibleIndexOf(slide.id)) + 1, total: visible.length }}
                  edit={{
                    title: (text) => editText(`${slide.id}:title`, { op: 'setTitle', slideId: slide.id, text }),
                    subtitle: (text) => editText(`${slide.id}:subtitle`, { op: 'setSubtitle', slideId: slide.id, text }),
                    finding: (findingId, text) => editText(`${slide.id}:f:${findingId}`, { op: 'setFinding', slideId: slide.id, findingId, text }),
                    commit: () => void flush(),
                  }}
                  testId="review-slide"
                />
              </div>
              {slide.origin === 'free' && slide.findings.length > 0 && (
                <Space size={4} wrap className="review-finding-tools">
                  {slide.findings.map((f, i) => (
                    <Button key={f.id} size="small" type="text" icon={<DeleteOutlined />} onClick={() => run({ op: 'deleteFinding', slideId: slide.id, findingId: f.id })}>
                      {t('review.deleteFinding')} {i + 1}
                    </Button>
                  ))}
                </Space>
              )}
              <div className="review-notes">
                <Typography.Text type="secondary">{t('review.notes')}</Typography.Text>
                <NotesBox
                  key={`${deck.quarter}|${deck.language}|${slide.id}`}
                  value={slide.notes}
                  placeholder={t('review.notesPlaceholder')}
                  onChange={(text) => editText(`${slide.id}:notes`, { op: 'setNotes', slideId: slide.id, text })}
                  onCommit={() => void flush()}
                />
                <Typography.Text type="secondary" className="review-trace-hint">
                  {t('review.builtAt', { time: localMinute(deck.builtAt), asOf: deck.asOf })} · {t('review.figureHint')}
                </Typography.Text>
              </div>
            </div>
          )}
        </div>
      )}
      {deck && presenting !== null && <PresenterMode deck={deck} language={language} startAt={presenting} onExit={() => setPresenting(null)} />}
      {deck && printing && <PrintView deck={deck} language={language} onClose={() => setPrinting(false)} />}
    </div>
  );
}

/** The notes field keeps what is typed while the saved deck catches up. */
function NotesBox({ value, placeholder, onChange, onCommit }: { value: string; placeholder: string; onChange: (text: string) => void; onCommit: () => void }) {
  const [draft, setDraft] = useState(value);
  const [focused, setFocused] = useState(false);
  useEffect(() => {
    if (!focused) setDraft(value);
  }, [value, focused]);
  return (
    <Input.TextArea
      value={draft}
      placeholder={placeholder}
      autoSize={{ minRows: 2, maxRows: 6 }}
      maxLength={20000}
      data-testid="review-notes"
      onFocus={() => setFocused(true)}
      onChange={(e) => {
        setDraft(e.target.value);
        onChange(e.target.value);
      }}
      onBlur={() => {
        setFocused(false);
        onCommit();
      }}
    />
  );
}
