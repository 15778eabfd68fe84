/** One staged file: sheet, kind, header detection, column mapping (editable) and the preview. */
import { fmtShort } from '../../format';
import { Alert, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import { IMPORT_KINDS, type ImportKind, type StagedFileView } from '../../../../shared/api/importContract';
import { localText } from '../../i18n';
import { columnLetter, fieldLabel, KIND_FIELDS, kindLabel, MONEY_FIELDS, unitLabel } from './fieldLabels';

type Kind = ImportKind;
type Unit = 'yuan' | 'qianYuan' | 'wanYuan';

interface Props {
  file: StagedFileView;
  index: number;
  language: Language;
  onChange: (change: { sheetIndex?: number; kind?: Kind; columns?: { column: number; field: string | null; unit: Unit | null }[] }) => void;
}

function confidenceColour(c: number): string {
  return c >= 0.9 ? 'green' : c >= 0.6 ? 'gold' : 'red';
}

export function FileReview({ file, index, language, onChange }: Props) {
  const { t } = useTranslation();
  if (file.readError) {
    return <Alert type="error" showIcon message={t('import.readFailed')} description={localText(file.readError.message, language)} data-testid={`import-read-error-${index}`} />;
  }
  const fields = KIND_FIELDS[file.kind] ?? [];
  const d = file.detection;
  return (
    <div className="file-review" data-testid={`import-file-${index}`}>
      <Space wrap size="middle" style={{ marginBottom: 12 }}>
        <span>
          {t('import.sheet')}{' '}
          <Select
            value={file.sheetIndex}
            style={{ minWidth: 180 }}
            onChange={(v) => onChange({ sheetIndex: v })}
            options={file.sheets.map((s, i) => ({ value: i, label: `${s.name}${s.hidden ? t('import.hidden') : ''}` }))}
            data-testid={`import-sheet-${index}`}
          />
        </span>
        <span>
          {t('import.kind')}{' '}
          <Select<Kind>
            value={file.kind as Kind}
            style={{ minWidth: 160 }}
            onChange={(v) => onChange({ kind: v })}
            options={IMPORT_KINDS.map((k) => ({ value: k, label: kindLabel(k, language) }))}
            data-testid={`import-kind-${index}`}
          />
        </span>
        {file.kindSuggestion && (
          <Typography.Text type="secondary">
            {t('import.suggested', { kind: kindLabel(file.kindSuggestion.kind, language), reason: localText(file.kindSuggestion.reason, language) })}
          </Typography.Text>
        )}
        {file.format && <Tag>{file.format.toUpperCase()}{file.encoding ? ` · ${file.encoding}` : ''}</Tag>}
      </Space>
      {file.templateApplied && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('import.templateApplied', { name: file.templateApplied })} data-testid={`import-template-${index}`} />}
      {d && (
        <Typography.Paragraph type="secondary" data-testid={`import-detection-${index}`}>
          {t('import.header', {
            row: d.headerRow + 1,
            two: d.headerRows > 1 ? t('import.twoRows') : '',
            title: d.titleRows,
            blank: file.stats.skippedBlank,
            total: file.stats.skippedTotal,
          })}
        </Typography.Paragraph>
      )}
      <Table
        size="small"
        rowKey="column"
        pagination={false}
        dataSource={file.mapping}
        data-testid={`import-mapping-${index}`}
        scroll={{ y: 360 }}
        columns={[
          { title: t('import.column'), dataIndex: 'column', width: 56, render: (c: number) => columnLetter(c) },
          { title: t('import.sourceHeader'), dataIndex: 'header', width: 200 },
          {
            title: t('import.field'),
            width: 200,
            render: (_: unknown, m: StagedFileView['mapping'][number]) => (
              <Select
                value={m.field ?? '__ignore'}
                style={{ width: '100%' }}
                data-testid={`mapping-field-${index}-${m.column}`}
                data-field={m.field ?? ''}
                onChange={(v: string) => onChange({ columns: [{ column: m.column, field: v === '__ignore' ? null : v, unit: MONEY_FIELDS.has(v) ? (m.unit ?? 'yuan') : null }] })}
                options={[{ value: '__ignore', label: t('import.ignore') }, ...fields.map((f) => ({ value: f, label: fieldLabel(f, language) }))]}
              />
            ),
          },
          {
            title: t('import.unit'),
            width: 110,
            render: (_: unknown, m: StagedFileView['mapping'][number]) =>
              m.field && MONEY_FIELDS.has(m.field) ? (
                <Select<Unit>
                  value={m.unit ?? 'yuan'}
                  style={{ width: '100%' }}
                  onChange={(u) => onChange({ columns: [{ column: m.column, field: m.field, unit: u }] })}
                  options={(['yuan', 'qianYuan', 'wanYuan'] as const).map((u) => ({ value: u, label: unitLabel(u, language) }))}
                />
              ) : null,
          },
          {
            title: t('import.confidence'),
            width: 110,
            render: (_: unknown, m: StagedFileView['mapping'][number]) => (m.field ? <Tag color={confidenceColour(m.confidence)}>{Math.round(m.confidence * 100)}%</Tag> : null),
          },
          { title: t('import.reason'), render: (_: unknown, m: StagedFileView['mapping'][number]) => <Typography.Text type="secondary">{localText(m.reason, language)}</Typography.Text> },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('import.preview')}
      </Typography.Title>
      <Table
        size="small"
        pagination={false}
        rowKey="row"
        scroll={{ x: 'max-content', y: 320 }}
        dataSource={file.preview.rows}
        data-testid={`import-preview-${index}`}
        rowClassName={(r) => (r.skipped ? 'preview-skipped' : '')}
        columns={[
          { title: t('import.row'), dataIndex: 'row', width: 60, fixed: 'left' as const, render: (row: number, r) => (r.skipped ? <Tooltip title={t('import.previewSkipped')}>{row} ✕</Tooltip> : row) },
          ...file.preview.fields.map((f, i) => ({
            title: fieldLabel(f, language),
            key: f,
            render: (_: unknown, r: StagedFileView['preview']['rows'][number]) => {
              const v = r.values[i];
              const flag = r.flags[i];
              const text = typeof v === 'number' ? fmtShort(v, 2) : (v ?? '');
              return <span className={flag ? `cell-${flag}` : undefined}>{text}</span>;
            },
          })),
        ]}
      />
    </div>
  );
}
