/** Every problem with file, sheet, row, column, original value and reason; saved as .xlsx on request. */
import { Button, Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import type { ImportProblemView, ImportSessionView } from '../../../../shared/api/importContract';
import { localText } from '../../i18n';

export function ProblemTable({ session, language, onSave }: { session: ImportSessionView; language: Language; onSave: () => void }) {
  const { t } = useTranslation();
  const totals = session.problemTotals;
  if (totals.errors + totals.warnings === 0) return null;
  return (
    <Card
      size="small"
      title={
        <span>
          {t('import.problems')}{' '}
          <Typography.Text type="secondary" data-testid="problem-totals">
            {t('import.problemsCount', { errors: totals.errors, warnings: totals.warnings })}
            {totals.shown < totals.errors + totals.warnings ? `，${t('import.problemsShown', { shown: totals.shown })}` : ''}
          </Typography.Text>
        </span>
      }
      extra={
        <Button onClick={onSave} data-testid="problem-report">
          {t('import.saveReport')}
        </Button>
      }
    >
      <Table<ImportProblemView>
        size="small"
        rowKey={(p, i) => `${p.file}-${p.sheet}-${p.row ?? ''}-${p.column ?? ''}-${p.code}-${i ?? 0}`}
        dataSource={session.problems}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        data-testid="problem-table"
        columns={[
          { title: t('import.severity'), dataIndex: 'severity', width: 80, render: (s: string) => <Tag color={s === 'error' ? 'error' : 'warning'}>{s === 'error' ? t('import.error') : t('import.warning')}</Tag> },
          { title: t('import.file'), dataIndex: 'file', width: 160, ellipsis: true },
          { title: t('import.sheet'), dataIndex: 'sheet', width: 110, ellipsis: true },
          { title: t('import.row'), dataIndex: 'row', width: 60 },
          { title: t('import.column'), dataIndex: 'column', width: 56 },
          { title: t('import.value'), dataIndex: 'value', width: 140, ellipsis: true },
          { title: t('import.message'), render: (_: unknown, p) => localText(p.message, language) },
        ]}
      />
    </Card>
  );
}
