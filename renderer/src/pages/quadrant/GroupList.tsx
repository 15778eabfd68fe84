/** A virtualised list of groups (selection or movers); a click opens the group drawer. */
import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useOpenGroup } from '../../components/groupDrawerContext';

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
}: {
  rows: ListRow[];
  columns: { key: string; title: string; align?: 'left' | 'right'; width?: number; render?: (row: ListRow) => React.ReactNode }[];
  testId: string;
  height: number;
}) {
  const { t } = useTranslation();
  const openGroup = useOpenGroup();
  return (
    <div data-testid={testId} data-count={rows.length} data-codes={rows.length <= CODES_ATTRIBUTE_LIMIT ? rows.map((r) => r.code).join(',') : undefined}>
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
