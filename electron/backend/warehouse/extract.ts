/**
 * Province-scale input: a warehouse extract (Parquet or CSV, tens of millions of
 * monthly rows; columns in docs/warehouse.md, produced by docs/warehouse/extract.hql)
 * read with DuckDB's embedded engine and aggregated per group and month in SQL.
 * The result is the engine's own Portfolio (groups + monthly facts), so the same
 * analysis, review and batch run on it as on an imported workbook.
 *
 * Node side only: DuckDB is a native addon (@duckdb/node-api, its binary in
 * @duckdb/node-bindings-<platform>), loaded lazily so the rest of the app never
 * pays for it.
 */
import { formatCount, formatSeconds } from '../../../shared/review/format';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type * as DuckDB from '@duckdb/node-api';
import type { Group, MonthlyFact, Portfolio } from '../../../shared/model/portfolio';

/** The extract's columns (docs/warehouse.md). Names are matched case-insensitively. */
export const EXTRACT_GROUP_COLUMNS = {
  group_name: 'groupName',
  group_class: 'groupClass',
  importance: 'importance',
  industry: 'industry',
  region: 'region',
  account_manager: 'accountManager',
  employees: 'employees',
  contract_end: 'contractEnd',
  competitor_presence: 'competitorPresence',
  line_grade: 'lineGrade',
} as const;
export const EXTRACT_FACT_COLUMNS = {
  unified_pay_revenue: 'unifiedPayRevenue',
  personal_pay_revenue: 'personalPayRevenue',
  total_revenue: 'totalRevenue',
  new_business_revenue: 'newBusinessRevenue',
  members: 'members',
  off_net_members: 'offNetMembers',
  minutes: 'minutes',
  arrears: 'arrears',
  complaints: 'complaints',
  faults: 'faults',
  products: 'products',
} as const;
export const EXTRACT_REQUIRED = ['group_code', 'period'] as const;

export class ExtractError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'ExtractError';
  }
}

export interface ExtractStats {
  file: string;
  format: 'parquet' | 'csv';
  /** rows in the file */
  rows: number;
  /** rows skipped: no group code, a period that is not a month, or no revenue at all */
  skipped: { noGroupCode: number; badPeriod: number; noRevenue: number };
  groups: number;
  facts: number;
  periods: string[];
  /** optional columns the file does not have (read as missing, never 0) */
  missingColumns: string[];
  /** sql: scanning and aggregating in DuckDB; load: building the Portfolio's objects */
  ms: { sql: number; load: number };
}

type DuckModule = typeof DuckDB;
let duck: Promise<DuckModule> | null = null;
/** DuckDB, loaded on first use; a clear message when its platform binary is missing. */
export async function loadDuckDB(): Promise<DuckModule> {
  duck ??= import('@duckdb/node-api').catch((err: unknown) => {
    duck = null;
    throw new Error(
      `DuckDB could not be loaded (${(err as Error).message}). It ships as @duckdb/node-api with its binary in @duckdb/node-bindings-${process.platform}-${process.arch}: run npm install (optional dependencies included).`,
    );
  });
  return duck;
}

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;

export function extractFormat(file: string): 'parquet' | 'csv' {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  if (ext === '.csv' || ext === '.txt' || ext === '.tsv' || ext === '.gz') return 'csv';
  throw new ExtractError(file, `unknown extract type ${ext || '(none)'}: give a .parquet or .csv file`);
}

/** The table function that reads the file (a glob such as dir/*.parquet works too). CSV cells are read as text (codes keep their leading zeros) and cast below. */
export function readerSql(file: string, format: 'parquet' | 'csv'): string {
  return format === 'parquet' ? `read_parquet(${sqlString(file)})` : `read_csv(${sqlString(file)}, header = true, auto_detect = true, all_varchar = true)`;
}

/**
 * The SQL that aggregates the extract per group and month, in one scan of the file. Several rows
 * of one group and month (one per account, product line or sub-branch) add up; rows without any
 * revenue are counted and left out; the group's attributes are those of its latest month that
 * has them. Exposed for docs and tests.
 */
export function aggregateSql(source: string, have: ReadonlySet<string>): { agg: string; counts: string; facts: string; groups: string } {
  const col = (name: string, type: 'VARCHAR' | 'DOUBLE'): string => (have.has(name) ? `TRY_CAST(${ident(name)} AS ${type})` : `CAST(NULL AS ${type})`);
  const attr = (c: string): string =>
    c === 'employees' ? col(c, 'DOUBLE') : c === 'contract_end' ? `CAST(${have.has(c) ? `TRY_CAST(${ident(c)} AS DATE)` : 'NULL'} AS VARCHAR)` : `NULLIF(TRIM(${col(c, 'VARCHAR')}), '')`;
  const groupNames = Object.keys(EXTRACT_GROUP_COLUMNS);
  const factNames = Object.keys(EXTRACT_FACT_COLUMNS);
  // a month as YYYY-MM from 'YYYY-MM', 'YYYYMM', 202603 or a date
  const period = `regexp_extract(TRIM(CAST(${ident('period')} AS VARCHAR)), '^(\\d{4})-?(\\d{2})(?:$|[-/ T])', ['y', 'm'])`;
  const rows = `SELECT NULLIF(TRIM(CAST(${ident('group_code')} AS VARCHAR)), '') AS group_code,
       CASE WHEN p.y <> '' AND TRY_CAST(p.m AS INTEGER) BETWEEN 1 AND 12 THEN p.y || '-' || p.m END AS period,
       ${groupNames.map((c) => `${attr(c)} AS ${c}`).join(',\n       ')},
       ${factNames.map((c) => `${col(c, 'DOUBLE')} AS ${c}`).join(',\n       ')}
FROM (SELECT *, ${period} AS p FROM ${source}) AS src`;
  const hasRev = '(total_revenue IS NOT NULL OR unified_pay_revenue IS NOT NULL OR personal_pay_revenue IS NOT NULL)';
  const sum = (c: string): string => `SUM(${c}) FILTER (WHERE ${hasRev})`;
  const agg = `CREATE TEMP TABLE agg AS
SELECT group_code, period,
       count(*)::DOUBLE AS n_rows,
       (count(*) FILTER (WHERE ${hasRev}))::DOUBLE AS n_revenue,
       ${sum('unified_pay_revenue')} AS unified_pay_revenue,
       ${sum('personal_pay_revenue')} AS personal_pay_revenue,
       COALESCE(${sum('total_revenue')}, ${sum('COALESCE(unified_pay_revenue, 0) + COALESCE(personal_pay_revenue, 0)')}) AS total_revenue,
       ${factNames.filter((c) => !/^(unified_pay|personal_pay|total)_revenue$/.test(c)).map((c) => `${sum(c)} AS ${c}`).join(',\n       ')},
       ${groupNames.map((c) => `max(${c}) AS ${c}`).join(',\n       ')}
FROM (${rows}) AS r
GROUP BY group_code, period`;
  const counts = `SELECT sum(n_rows) AS n,
       COALESCE(sum(n_rows) FILTER (WHERE group_code IS NULL), 0) AS no_code,
       COALESCE(sum(n_rows) FILTER (WHERE group_code IS NOT NULL AND period IS NULL), 0) AS bad_period,
       COALESCE(sum(n_rows - n_revenue) FILTER (WHERE group_code IS NOT NULL AND period IS NOT NULL), 0) AS no_revenue
FROM agg`;
  const facts = `SELECT group_code, period, ${factNames.map((c) => `CAST(${c} AS DOUBLE)`).join(', ')}
FROM agg
WHERE group_code IS NOT NULL AND period IS NOT NULL AND n_revenue > 0
ORDER BY period, group_code`;
  const groups = `SELECT group_code,
       ${groupNames.map((c) => `arg_max(${c}, period) FILTER (WHERE ${c} IS NOT NULL) AS ${c}`).join(',\n       ')}
FROM agg
WHERE group_code IS NOT NULL AND period IS NOT NULL
GROUP BY group_code
ORDER BY group_code`;
  return { agg, counts, facts, groups };
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Reads and aggregates an extract into a Portfolio. */
export async function readExtract(file: string, opts: { threads?: number; memoryLimit?: string } = {}): Promise<{ portfolio: Portfolio; stats: ExtractStats }> {
  const format = extractFormat(file);
  try {
    await fs.access(file);
  } catch {
    // a glob is not a file; DuckDB reports it if it matches nothing
    if (!/[*?[]/.test(file)) throw new ExtractError(file, 'no such file');
  }
  const { DuckDBInstance } = await loadDuckDB();
  // DuckDB spills what does not fit its memory limit to a private temporary folder (HOLDFAST_DUCKDB_MEMORY_LIMIT, e.g. 1GB)
  const memoryLimit = opts.memoryLimit ?? process.env.HOLDFAST_DUCKDB_MEMORY_LIMIT;
  const spill = await fs.mkdtemp(path.join(os.tmpdir(), 'holdfast-duckdb-'));
  const instance = await DuckDBInstance.create(':memory:', {
    temp_directory: spill,
    ...(opts.threads ? { threads: String(opts.threads) } : {}),
    ...(memoryLimit ? { memory_limit: memoryLimit } : {}),
  });
  const conn = await instance.connect();
  try {
    const t0 = performance.now();
    // the aggregation need not keep the file's row order: less memory on tens of millions of rows
    await conn.run('SET preserve_insertion_order = false');
    const source = readerSql(file, format);
    let columns: string[];
    try {
      const described = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
      columns = described.getRowObjectsJS().map((r) => String(r.column_name));
    } catch (err) {
      throw new ExtractError(file, `cannot be read as ${format}: ${(err as Error).message.split('\n')[0]}`);
    }
    // match column names case-insensitively: alias them to their lower-case name
    const lower = new Map<string, string>();
    for (const c of columns) if (!lower.has(c.toLowerCase())) lower.set(c.toLowerCase(), c);
    const missingRequired = EXTRACT_REQUIRED.filter((c) => !lower.has(c));
    if (missingRequired.length > 0) throw new ExtractError(file, `missing column${missingRequired.length > 1 ? 's' : ''} ${missingRequired.join(', ')} (docs/warehouse.md lists the columns; found: ${columns.slice(0, 40).join(', ')})`);
    if (!lower.has('total_revenue') && !lower.has('unified_pay_revenue') && !lower.has('personal_pay_revenue')) {
      throw new ExtractError(file, 'no revenue column: give total_revenue, or unified_pay_revenue and personal_pay_revenue');
    }
    const known = [...EXTRACT_REQUIRED, ...Object.keys(EXTRACT_GROUP_COLUMNS), ...Object.keys(EXTRACT_FACT_COLUMNS)];
    const have = new Set(known.filter((c) => lower.has(c)));
    const renamed = `(SELECT ${[...have].map((c) => `${ident(lower.get(c) as string)} AS ${ident(c)}`).join(', ')} FROM ${source})`;
    const sql = aggregateSql(renamed, have);
    try {
      await conn.run(sql.agg);
    } catch (err) {
      throw new ExtractError(file, `could not be read: ${(err as Error).message.split('\n')[0]}`);
    }
    const countRow = (await conn.runAndReadAll(sql.counts)).getRowObjectsJS()[0] as Record<string, number | null>;
    const tAgg = performance.now();

    const groups: Group[] = [];
    {
      const res = await conn.stream(sql.groups);
      for (let chunk = await res.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await res.fetchChunk()) {
        const cols = chunk.getColumns();
        const n = chunk.rowCount;
        const c = (i: number) => cols[i] as unknown[];
        for (let r = 0; r < n; r++) {
          const code = c(0)[r] as string;
          groups.push({
            groupCode: code,
            groupName: str(c(1)[r]) ?? code,
            groupClass: str(c(2)[r]),
            importance: str(c(3)[r]),
            industry: str(c(4)[r]),
            region: str(c(5)[r]),
            accountManager: str(c(6)[r]),
            employees: num(c(7)[r]),
            contractEnd: str(c(8)[r]),
            competitorPresence: str(c(9)[r]),
            lineGrade: str(c(10)[r]),
          });
        }
      }
    }
    const facts: MonthlyFact[] = [];
    const periodSet = new Map<string, string>();
    const codeOf = new Map<string, string>();
    for (const g of groups) codeOf.set(g.groupCode, g.groupCode);
    {
      const res = await conn.stream(sql.facts);
      for (let chunk = await res.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await res.fetchChunk()) {
        const cols = chunk.getColumns();
        const n = chunk.rowCount;
        const c = (i: number) => cols[i] as unknown[];
        for (let r = 0; r < n; r++) {
          const rawCode = c(0)[r] as string;
          const rawPeriod = c(1)[r] as string;
          let period = periodSet.get(rawPeriod);
          if (period === undefined) {
            period = rawPeriod;
            periodSet.set(rawPeriod, period);
          }
          facts.push({
            groupCode: codeOf.get(rawCode) ?? rawCode,
            period,
            unifiedPayRevenue: num(c(2)[r]),
            personalPayRevenue: num(c(3)[r]),
            totalRevenue: num(c(4)[r]) ?? 0,
            newBusinessRevenue: num(c(5)[r]),
            members: num(c(6)[r]),
            offNetMembers: num(c(7)[r]),
            minutes: num(c(8)[r]),
            arrears: num(c(9)[r]),
            complaints: num(c(10)[r]),
            faults: num(c(11)[r]),
            products: num(c(12)[r]),
          });
        }
      }
    }
    const tLoad = performance.now();
    const stats: ExtractStats = {
      file,
      format,
      rows: countRow.n ?? 0,
      skipped: { noGroupCode: countRow.no_code ?? 0, badPeriod: countRow.bad_period ?? 0, noRevenue: countRow.no_revenue ?? 0 },
      groups: groups.length,
      facts: facts.length,
      periods: [...periodSet.keys()].sort(),
      missingColumns: [...Object.keys(EXTRACT_GROUP_COLUMNS), ...Object.keys(EXTRACT_FACT_COLUMNS)].filter((c) => !have.has(c)),
      ms: { sql: tAgg - t0, load: tLoad - tAgg },
    };
    return { portfolio: { groups, facts }, stats };
  } finally {
    conn.closeSync();
    instance.closeSync();
    await fs.rm(spill, { recursive: true, force: true });
  }
}

/** One line about an extract read, for the CLI. */
export function describeExtract(s: ExtractStats): string {
  const skipped = s.skipped.noGroupCode + s.skipped.badPeriod + s.skipped.noRevenue;
  return (
    `Read ${s.file} (${s.format}): ${formatCount(s.rows)} rows → ${formatCount(s.groups)} groups × ${s.periods.length} months = ${formatCount(s.facts)} monthly facts` +
    ` (DuckDB scan and aggregation ${formatSeconds(s.ms.sql)}, loading ${formatSeconds(s.ms.load)})` +
    (skipped > 0 ? `; skipped ${formatCount(skipped)} rows (no group code ${s.skipped.noGroupCode}, period not a month ${s.skipped.badPeriod}, no revenue ${s.skipped.noRevenue})` : '') +
    (s.missingColumns.length > 0 ? `; not in the extract (read as missing): ${s.missingColumns.join(', ')}` : '')
  );
}
