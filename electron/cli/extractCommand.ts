/**
 * `holdfast import-extract FILE --workspace DIR`: a warehouse extract (Parquet/CSV, docs/warehouse.md)
 * read and aggregated with DuckDB, committed into a workspace exactly as an import is (groups upserted
 * by code, the extract's months replace those months), or a new workspace when DIR holds none.
 * Also the `--extract` source of `holdfast batch`.
 */
import { formatCount, formatSeconds } from '../../shared/review/format';
import path from 'node:path';
import { factCount } from '../../shared/model/factColumns';
import { applyImport } from '../../shared/import/plan';
import { describeExtract, ExtractError, readExtract } from '../backend/warehouse/extract';
import { createWorkspace, isWorkspace, OpenWorkspace } from '../backend/storage/workspaceStore';
import type { Flags } from './args';
import { UsageError } from './args';
import type { BatchSource } from './batchCommand';

async function read(file: string) {
  try {
    return await readExtract(file);
  } catch (err) {
    if (err instanceof ExtractError) throw new UsageError(err.message);
    throw err;
  }
}

export async function extractSource(file: string, o: { log: (line: string) => void }): Promise<BatchSource> {
  const { portfolio, stats } = await read(file);
  o.log(describeExtract(stats));
  if (stats.facts === 0) throw new UsageError(`${file}: no usable monthly rows`);
  return { name: path.basename(file).replace(/\.[^.]+$/, ''), portfolio, sections: {}, rawSettings: undefined, actions: [] };
}

export async function runImportExtract(positionals: string[], flags: Flags): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('give one extract file: holdfast import-extract FILE.parquet --workspace DIR');
  const file = path.resolve(positionals[0] as string);
  const dir = path.resolve(flags.string('workspace'));
  const { portfolio, stats } = await read(file);
  console.log(describeExtract(stats));
  if (stats.facts === 0) throw new UsageError(`${file}: no usable monthly rows; nothing imported`);
  if (flags.has('dry-run')) return 0;
  const t = performance.now();
  if (!(await isWorkspace(dir))) {
    const name = flags.optionalString('name') ?? path.basename(dir);
    await createWorkspace(dir, { name, branchName: null, source: 'import', portfolio });
    console.log(`Created workspace ${dir} (${formatSeconds(performance.now() - t)})`);
    return 0;
  }
  const ws = await OpenWorkspace.open(path.basename(dir), dir);
  try {
    if (ws.readOnly) throw new UsageError(`${dir} is read-only (${ws.info().name}): another process holds it`);
    const next = applyImport(ws.portfolio, { groups: portfolio.groups, facts: portfolio.facts });
    await ws.commitData(next, { files: [path.basename(file)], summary: `extract: ${stats.groups} groups, periods ${stats.periods[0] ?? '-'}…${stats.periods[stats.periods.length - 1] ?? '-'} (${stats.facts} facts)` });
    console.log(`Imported into ${dir}: ${formatCount(next.groups.length)} groups, ${formatCount(factCount(next))} monthly facts (${formatSeconds(performance.now() - t)})`);
    return 0;
  } finally {
    await ws.close();
  }
}

/** `holdfast demo-province --out FILE.parquet [--groups N] [--regions N] [--months N] [--lines N]`: a generated province extract. */
export async function runDemoProvince(flags: Flags): Promise<number> {
  const out = path.resolve(flags.string('out'));
  const int = (name: string, dflt: number, min: number, max: number): number => {
    const text = flags.optionalString(name);
    const v = text === undefined ? dflt : Number(text);
    if (!Number.isInteger(v) || v < min || v > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
    return v;
  };
  const size = { groups: int('groups', 100_000, 1, 10_000_000), regions: int('regions', 50, 1, 99), months: int('months', 24, 3, 120), lines: int('lines', 1, 1, 100) };
  const format = /\.csv$/i.test(out) ? 'csv' : 'parquet';
  const t = performance.now();
  const { writeProvinceExtract } = await import('../backend/warehouse/provinceExtract');
  await writeProvinceExtract(out, size, format);
  console.log(`Wrote ${out}: ${formatCount(size.groups * size.months * size.lines)} rows (${formatCount(size.groups)} groups, ${size.regions} regions, ${size.months} months, ${size.lines} per group and month) in ${formatSeconds(performance.now() - t)}`);
  return 0;
}
