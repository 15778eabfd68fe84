/**
 * The 总览 figures computed straight from the demo workbooks with SheetJS,
 * independently of shared/analytics, so the e2e checks the whole chain. The
 * top-20% share follows the engine's definition of current value.
 */
import fs from 'node:fs';
import * as XLSX from 'xlsx';

type Row = (string | number | null)[];

function readTable(file: string): { header: string[]; rows: Row[] } {
  const wb = XLSX.read(fs.readFileSync(file));
  const sheet = wb.Sheets[wb.SheetNames[0] ?? ''];
  if (!sheet) throw new Error(`no sheet in ${file}`);
  const aoa = XLSX.utils.sheet_to_json<Row>(sheet, { header: 1, defval: null, raw: true });
  const headerIndex = aoa.findIndex((r) => r[0] === '集团编码');
  const header = (aoa[headerIndex] ?? []).map(String);
  const rows = aoa.slice(headerIndex + 1).filter((r) => r[0] !== null && r[0] !== '合计');
  return { header, rows };
}

export interface ExpectedFigures {
  groups: number;
  latestPeriod: string;
  latestRevenue: number;
  trend3m: number;
  top20Share: number;
}

export function expectedFigures(masterFile: string, billingFile: string): ExpectedFigures {
  const master = readTable(masterFile);
  const billing = readTable(billingFile);
  const col = (name: string) => billing.header.indexOf(name);
  const [iCode, iPeriod, iTotal] = [col('集团编码'), col('账期'), col('出账收入(元)')];
  const periods = [...new Set(billing.rows.map((r) => String(r[iPeriod])))].sort();
  const last = periods.slice(-3);
  const prev = periods.slice(-6, -3);
  const latest = periods[periods.length - 1] ?? '';
  let latestRevenue = 0;
  let recent = 0;
  let previous = 0;
  // current value (shared/analytics/README.md): mean monthly revenue over the last 3 months that are
  // inside the group's history (from its first billed month); a later month without a row counts 0
  const firstPeriod = new Map<string, string>();
  const windowSum = new Map<string, number>();
  for (const r of billing.rows) {
    const p = String(r[iPeriod]);
    const total = Number(r[iTotal] ?? 0);
    const code = String(r[iCode]);
    if (p === latest) latestRevenue += total;
    const first = firstPeriod.get(code);
    if (first === undefined || p < first) firstPeriod.set(code, p);
    if (last.includes(p)) {
      recent += total;
      windowSum.set(code, (windowSum.get(code) ?? 0) + total);
    } else if (prev.includes(p)) previous += total;
  }
  const values = [...windowSum.entries()]
    .map(([code, sum]) => sum / last.filter((p) => p >= (firstPeriod.get(code) ?? '')).length)
    .filter((v) => v > 0)
    .sort((a, b) => b - a);
  const top = Math.ceil(values.length * 0.2);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    groups: master.rows.length,
    latestPeriod: `${latest.slice(0, 4)}-${latest.slice(4, 6)}`,
    latestRevenue,
    trend3m: recent / previous - 1,
    top20Share: sum(values.slice(0, top)) / sum(values),
  };
}
