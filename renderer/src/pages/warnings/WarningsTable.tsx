/**
 * A windowed table for the warning list: only the rows in view (plus a few
 * either side) exist in the DOM, each a memoised row of plain elements, so
 * scrolling 50,000 rows stays at the display's frame rate. One row at a time
 * can be expanded to its explanation; rows not yet fetched show a placeholder.
 */
import { memo, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { WarningRow, WarningSort } from '../../../../shared/api/analysisContract';
import './warnings.css';

export const ROW_H = 36;
const OVERSCAN = 12;
const STEP = 8;

export interface WarningColumn {
  key: string;
  title: ReactNode;
  width: number;
  align?: 'right';
  /** set when a click on the header sorts by this column */
  sortKey?: WarningSort['key'];
  render: (w: WarningRow) => ReactNode;
}

interface Props {
  total: number;
  rowAt: (i: number) => WarningRow | undefined;
  /** asks for the rows [start, end) */
  ensure: (start: number, end: number) => void;
  columns: WarningColumn[];
  /** changes when the cells' content changes without a new row object (language, open actions) */
  renderKey: string;
  sort: WarningSort;
  onSort: (sort: WarningSort) => void;
  active: number;
  onActive: (i: number) => void;
  expanded: number | null;
  onToggle: (i: number) => void;
  onOpen: (w: WarningRow) => void;
  renderDetail: (w: WarningRow) => ReactNode;
  height: number;
  /** rows of the previous query while a new one loads */
  stale: boolean;
}

// No sticky (frozen) columns: in Chromium they cost a repaint per scroll frame and halve the frame rate.
function cellClass(c: WarningColumn): string {
  return c.align === 'right' ? 'wt-cell wt-right' : 'wt-cell';
}

const Row = memo(function Row({
  row,
  index,
  top,
  columns,
  active,
  onActive,
  onToggle,
  onOpen,
}: {
  row: WarningRow | undefined;
  index: number;
  top: number;
  columns: WarningColumn[];
  active: boolean;
  renderKey: string;
  onActive: (i: number) => void;
  onToggle: (i: number) => void;
  onOpen: (w: WarningRow) => void;
}) {
  if (!row) {
    return (
      <div className="wt-row wt-placeholder" style={{ top }}>
        <span className="wt-skeleton" />
      </div>
    );
  }
  return (
    <div
      className={active ? 'wt-row wt-active' : 'wt-row'}
      style={{ top }}
      data-row={index}
      onClick={() => {
        onActive(index);
        onToggle(index);
      }}
      onDoubleClick={() => onOpen(row)}
    >
      {columns.map((c) => (
        <div key={c.key} className={cellClass(c)} style={{ width: c.width }}>
          {c.render(row)}
        </div>
      ))}
    </div>
  );
});

export function WarningsTable(props: Props) {
  const { total, rowAt, ensure, columns, renderKey, sort, onSort, active, onActive, expanded, onToggle, onOpen, renderDetail, height, stale } = props;
  const box = useRef<HTMLDivElement>(null);
  const detail = useRef<HTMLDivElement>(null);
  // the rendered range moves in steps of STEP rows, so most scroll frames re-render nothing
  const [range, setRange] = useState('0:0');
  const [detailH, setDetailH] = useState(0);
  const width = columns.reduce((s, c) => s + c.width, 0);
  const exp = expanded !== null && expanded < total ? expanded : null;
  const extra = exp === null ? 0 : detailH;

  const topOf = (i: number) => i * ROW_H + (exp !== null && i > exp ? extra : 0);
  const indexAt = (y: number) => {
    if (exp !== null && y >= (exp + 1) * ROW_H) {
      if (y < (exp + 1) * ROW_H + extra) return exp;
      return Math.floor((y - extra) / ROW_H);
    }
    return Math.floor(y / ROW_H);
  };
  const bodyH = height - ROW_H;
  const rangeAt = (top: number): string => {
    const first = Math.max(0, Math.floor(indexAt(top) / STEP) * STEP - OVERSCAN);
    const last = Math.min(total, Math.ceil((indexAt(top + bodyH) + 1) / STEP) * STEP + OVERSCAN);
    return `${first}:${last}`;
  };
  const [start, end] = range.split(':').map(Number) as [number, number];
  const onScroll = () => {
    const el = box.current;
    if (el) setRange(rangeAt(el.scrollTop));
  };
  // a new total, an expanded row or a resize moves the range without a scroll
  useEffect(() => {
    const el = box.current;
    setRange(rangeAt(el ? el.scrollTop : 0));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [total, exp, extra, height]);

  useEffect(() => {
    ensure(start, end);
  }, [start, end, ensure]);

  // a new query starts at the top
  useEffect(() => {
    if (stale) return;
    const el = box.current;
    if (el && active === 0 && el.scrollTop !== 0) el.scrollTop = 0;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [total, stale]);

  useLayoutEffect(() => {
    const el = detail.current;
    if (!el) {
      setDetailH(0);
      return;
    }
    const measure = () => setDetailH(el.offsetHeight);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [exp, renderKey]);

  // keep the keyboard row in view
  useEffect(() => {
    const el = box.current;
    if (!el || active >= total) return;
    const y = topOf(active);
    if (y < el.scrollTop) el.scrollTop = y;
    else if (y + ROW_H > el.scrollTop + bodyH) el.scrollTop = y + ROW_H - bodyH;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active]);

  const rows: ReactNode[] = [];
  for (let i = start; i < end; i++) {
    rows.push(
      <Row key={i} row={rowAt(i)} index={i} top={topOf(i)} columns={columns} active={i === active} renderKey={renderKey} onActive={onActive} onToggle={onToggle} onOpen={onOpen} />,
    );
  }
  const expandedRow = exp !== null ? rowAt(exp) : undefined;

  return (
    <div ref={box} className={stale ? 'wt-box wt-stale' : 'wt-box'} style={{ height }} onScroll={onScroll} data-testid="warnings-table" data-total={total}>
      <div className="wt-header" style={{ width }}>
        {columns.map((c) => {
          const sorted = c.sortKey !== undefined && sort.key === c.sortKey;
          return (
            <div
              key={c.key}
              className={`${cellClass(c)}${c.sortKey ? ' wt-sortable' : ''}`}
              style={{ width: c.width }}
              data-testid={`warnings-col-${c.key}`}
              aria-sort={sorted ? (sort.order === 'asc' ? 'ascending' : 'descending') : undefined}
              onClick={
                c.sortKey
                  ? () => {
                      const key = c.sortKey as WarningSort['key'];
                      // desc → asc → back to the default order
                      if (!sorted) onSort({ key, order: 'desc' });
                      else if (sort.order === 'desc') onSort({ key, order: 'asc' });
                      else onSort({ key: 'default', order: 'desc' });
                    }
                  : undefined
              }
            >
              <span className="wt-head-text" title={typeof c.title === 'string' ? c.title : undefined}>
                {c.title}
              </span>
              {c.sortKey && <span className={sorted ? 'wt-sort wt-sort-on' : 'wt-sort'}>{sorted ? (sort.order === 'asc' ? '▲' : '▼') : '⇅'}</span>}
            </div>
          );
        })}
      </div>
      <div className="wt-body" style={{ height: total * ROW_H + extra, width }}>
        {rows}
        {exp !== null && expandedRow && (
          <div ref={detail} className="wt-detail" style={{ top: (exp + 1) * ROW_H, width: Math.min(width, 1100) }}>
            {renderDetail(expandedRow)}
          </div>
        )}
      </div>
    </div>
  );
}
