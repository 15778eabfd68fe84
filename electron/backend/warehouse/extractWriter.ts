/**
 * A portfolio written as a warehouse extract (docs/warehouse.md): one row per group and month
 * with the group's attributes repeated. For tests, the bench and handing a workspace to the
 * warehouse side; `parquetFromCsv` turns it into Parquet with DuckDB.
 */
import type { Group, MonthlyFact, Portfolio } from '../../../shared/model/portfolio';
import { EXTRACT_FACT_COLUMNS, EXTRACT_GROUP_COLUMNS, loadDuckDB } from './extract';

const csvCell = (v: string | number | null): string => {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
};

export const EXTRACT_HEADER = ['group_code', 'period', ...Object.keys(EXTRACT_GROUP_COLUMNS), ...Object.keys(EXTRACT_FACT_COLUMNS)];

/** CSV text of the extract; `split` writes each fact as two rows whose numbers add up (to exercise the aggregation). */
export function extractCsv(p: Portfolio, opts: { split?: (f: MonthlyFact) => boolean } = {}): string {
  const byCode = new Map<string, Group>();
  for (const g of p.groups) if (!byCode.has(g.groupCode)) byCode.set(g.groupCode, g);
  const lines: string[] = [EXTRACT_HEADER.join(',')];
  const groupKeys = Object.values(EXTRACT_GROUP_COLUMNS);
  const factKeys = Object.values(EXTRACT_FACT_COLUMNS);
  for (const f of p.facts) {
    const g = byCode.get(f.groupCode);
    const attrs = groupKeys.map((k) => csvCell(g ? (g[k] as string | number | null) : null));
    const row = (vals: (number | null)[]) => [csvCell(f.groupCode), f.period, ...attrs, ...vals.map(csvCell)].join(',');
    const vals = factKeys.map((k) => f[k] as number | null);
    if (opts.split?.(f)) {
      // integers split exactly: the first row carries the integer part of each number, the second the rest
      const a = vals.map((v) => (v === null ? null : Math.trunc(v)));
      const b = vals.map((v, i) => (v === null ? null : Math.round((v - (a[i] as number)) * 1e6) / 1e6));
      lines.push(row(a), row(b));
    } else lines.push(row(vals));
  }
  return `${lines.join('\n')}\n`;
}

/** CSV → Parquet (zstd) through DuckDB. */
export async function parquetFromCsv(csvFile: string, parquetFile: string): Promise<void> {
  const { DuckDBInstance } = await loadDuckDB();
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  try {
    await conn.run(`COPY (SELECT * FROM read_csv(${q(csvFile)}, header = true, auto_detect = true, all_varchar = false, types = {'group_code': 'VARCHAR', 'period': 'VARCHAR', 'contract_end': 'VARCHAR'})) TO ${q(parquetFile)} (FORMAT parquet, COMPRESSION zstd)`);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
