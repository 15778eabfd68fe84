/** A virtualised list of groups (selection or movers); a click opens the group drawer. */
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/transport';
import { useOpenGroup } from '../../components/groupDrawerContext';
import { downloadBase64 } from '../../download';

export interface ListRow {
  code: string;
  name: string;
  [extra: string]: string | number | null | undefined | React.ReactNode;
}

/** Codes written to a data attribute for tests and copying, only for lists of a sane size. */
const CODES_ATTRIBUTE_LIMIT = 20_000;

export function GroupList({
  rows,
  columns,
  testId,
  height,
  exportName,
}: {
  rows: ListRow[];
  columns: { key: string; title: string; align?: 'left' | 'right'; width?: number; render?: (row: ListRow) => React.ReactNode }[];
  testId: string;
  height: number;
  /** file name for the .xlsx export of this list; no button without it */
  exportName?: string;
}) {
  const { t } = useTranslation();
  const openGroup = useOpenGroup();
  const exportList = async () => {
    const cell = (v: unknown): string | number | null => (typeof v === 'number' || typeof v === 'string' ? v : null);
    const r = await api.call('export.table', {
      fileName: `${exportName ?? testId}.xlsx`,
      sheetName: (exportName ?? 'list').slice(0, 31),
      columns: [
        { title: t('warnings.code'), kind: 'text' },
        { title: t('warnings.group'), kind: 'text' },
        ...columns.map((c) => ({ title: c.title, kind: rows.some((row) => typeof row[c.key] === 'number') ? ('number' as const) : ('text' as const) })),
      ],
      rows: rows.map((row) => [row.code, row.name, ...columns.map((c) => cell(row[c.key]))]),
    });
    downloadBase64(r.fileName, r.dataBase64);
  };
  return (
    <div data-testid={testId} data-count={rows.length} data-codes={rows.length <= CODES_ATTRIBUTE_LIMIT ? rows.map((r) => r.code).join(',') : undefined}>
      {exportName && rows.length > 0 && (
        <Button size="small" icon={<DownloadOutlined />} onClick={() => void exportList()} style={{ marginBottom: 6 }} data-testid={`${testId}-export`}>
          {t('warnings.export')}
        </Button>
      )}
      <Table<ListRow>
        size="small"
        rowKey="code"
        dataSource={rows}
        virtual
        pagination={false}
        scroll={{ y: height, x: 'max-content' }}
        locale={{ emptyText: t('quadrant.listEmpty') }}
        onRow={(r) => ({ onClick: () => openGroup(r.code), style: { cursor: 'pointer' }, 'data-testid': `${testId}-row-${r.code}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            key: 'name',
            title: t('quadrant.group'),
            width: 180,
            ellipsis: true,
            render: (_: unknown, r: ListRow) => (
              <span>
                <Typography.Link>{r.name}</Typography.Link> <Typography.Text type="secondary">{r.code}</Typography.Text>
              </span>
            ),
          },
          ...columns.map((c) => ({ key: c.key, title: c.title, align: c.align, width: c.width ?? 110, ellipsis: true, render: (_: unknown, r: ListRow) => (c.render ? c.render(r) : (r[c.key] as React.ReactNode)) })),
        ]}
      />
    </div>
  );
}
