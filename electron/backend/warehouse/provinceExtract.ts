/**
 * A generated province as a warehouse extract, written by DuckDB itself (no rows pass through
 * JavaScript): `groups` groups over `regions` regions (区县01 …), each with 6 account managers,
 * `months` billing months and `lines` rows per group and month (accounts/product lines that the
 * extract's reader adds up). Deterministic (DuckDB's hash of the indices). About 8% of groups
 * decline from month 16 on, 7% collapse in the last 3 months, the rest grow slowly, so every
 * warning zone is populated. For the bench and for trying `holdfast batch` at province scale.
 */
import { loadDuckDB } from './extract';

export interface ProvinceSize {
  groups: number;
  regions: number;
  months: number;
  lines: number;
  /** YYYY-MM of the first month */
  firstMonth?: string;
}

export function provinceSql(file: string, s: ProvinceSize, format: 'parquet' | 'csv' = 'parquet'): string {
  const first = s.firstMonth ?? '2024-10';
  const q = (x: string) => `'${x.replace(/'/g, "''")}'`;
  const u = (salt: number, ...keys: string[]) => `((hash(${[...keys, String(salt)].join(', ')}) % 1000000)::DOUBLE / 1000000.0)`;
  return `COPY (
WITH g AS (
  SELECT i AS g,
         'JT' || lpad(CAST(i AS VARCHAR), 7, '0') AS group_code,
         ${u(1, 'i')} AS u1, ${u(2, 'i')} AS u2, ${u(3, 'i')} AS u3,
         i % ${s.regions} AS r
  FROM range(${s.groups}) t(i)
), gg AS (
  SELECT *,
         '区县' || lpad(CAST(r + 1 AS VARCHAR), 2, '0') AS region,
         '经理' || lpad(CAST(r + 1 AS VARCHAR), 2, '0') || '-' || CAST(CAST(floor(u3 * 6) AS INTEGER) + 1 AS VARCHAR) AS account_manager,
         exp(7.5 + u1 * 3.5) AS base,
         (5 + u3 * 80) AS base_members,
         CASE WHEN u2 < 0.08 THEN 1 WHEN u2 < 0.15 THEN 2 ELSE 0 END AS pattern
  FROM g
), m AS (
  SELECT j AS m, strftime(DATE ${q(`${first}-01`)} + to_months(j), '%Y-%m') AS period FROM range(${s.months}) t(j)
), l AS (SELECT k FROM range(${s.lines}) t(k)),
rows AS (
  SELECT gg.*, m.m, m.period, l.k,
         CASE pattern
           WHEN 1 THEN CASE WHEN m.m >= 16 THEN power(0.9, m.m - 15) ELSE 1.0 END
           WHEN 2 THEN CASE WHEN m.m >= ${s.months - 3} THEN 0.35 ELSE 1.0 END
           ELSE 1.0 + 0.004 * m.m END AS factor,
         ${u(4, 'g', 'm.m', 'l.k')} AS noise
  FROM gg, m, l
)
SELECT group_code,
       period,
       '集团' || group_code AS group_name,
       CASE WHEN u1 > 0.97 THEN 'A1' WHEN u1 > 0.9 THEN 'A2' WHEN u1 > 0.75 THEN 'B1' WHEN u1 > 0.5 THEN 'B2' ELSE 'C' END AS group_class,
       ['政府', '教育', '医疗', '金融', '制造', '商贸'][1 + CAST(floor(u2 * 6) AS INTEGER)] AS industry,
       region,
       account_manager,
       CAST(20 + floor(u3 * 2000) AS INTEGER) AS employees,
       strftime(DATE '2026-01-01' + to_days(CAST(floor(u3 * 900) AS INTEGER)), '%Y-%m-%d') AS contract_end,
       round(base * factor * (0.9 + 0.2 * noise) / ${s.lines} * 0.6, 2) AS unified_pay_revenue,
       round(base * factor * (0.9 + 0.2 * noise) / ${s.lines} * 0.4, 2) AS personal_pay_revenue,
       round(base * factor * (0.9 + 0.2 * noise) / ${s.lines} * 0.6, 2) + round(base * factor * (0.9 + 0.2 * noise) / ${s.lines} * 0.4, 2) AS total_revenue,
       CAST(round(base_members * (CASE WHEN factor < 1 THEN factor ELSE 1 END) / ${s.lines}) AS INTEGER) AS members,
       CAST(round(base_members * (0.05 + 0.1 * pattern * m / ${s.months}) / ${s.lines}) AS INTEGER) AS off_net_members,
       CAST(round(base_members * factor * 250 / ${s.lines}) AS INTEGER) AS minutes,
       CASE WHEN noise < 0.01 THEN 1 ELSE 0 END AS complaints
FROM rows
) TO ${q(file)} (${format === 'parquet' ? 'FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 500000' : 'FORMAT csv, HEADER true'})`;
}

export async function writeProvinceExtract(file: string, size: ProvinceSize, format: 'parquet' | 'csv' = 'parquet'): Promise<void> {
  const { DuckDBInstance } = await loadDuckDB();
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run(provinceSql(file, size, format));
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
