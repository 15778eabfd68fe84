/** `holdfast import`: the app's import pipeline (same worker, same service) for batch work. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSettings } from '../../shared/analytics/settings';
import { columnLetter } from '../../shared/import/sheetUtil';
import { IMPORT_KINDS, type ImportKind } from '../../shared/import/types';
import { ImportService } from '../backend/import/importService';
import { readFileBytes } from '../backend/import/fileBytes';
import { isWorkspace, OpenWorkspace } from '../backend/storage/workspaceStore';
import type { Flags } from './args';
import { initWorkspace } from './initCommand';
import { UsageError } from './args';

const KINDS: readonly ImportKind[] = IMPORT_KINDS;


export async function runImport(files: string[], flags: Flags): Promise<number> {
  if (files.length === 0) throw new UsageError('import needs at least one FILE');
  const dir = path.resolve(flags.string('workspace'));
  const create = flags.has('create');
  if (!(await isWorkspace(dir)) && !create) {
    throw new UsageError(`${dir} is not a Holdfast workspace (no workspace.json). Add --create to create an empty one there first, or run: holdfast init --workspace ${dir}`);
  }
  const kindText = flags.optionalString('kind');
  if (kindText !== undefined && !KINDS.includes(kindText as ImportKind)) throw new UsageError(`--kind must be one of ${KINDS.join(', ')}`);
  const dryRun = flags.has('dry-run');
  const inputs = [];
  for (const f of files) {
    try {
      inputs.push({ fileName: path.basename(f), bytes: await readFileBytes(f) });
    } catch (err) {
      throw new UsageError(`cannot read ${f}: ${(err as Error).message}`);
    }
  }
  if (create && !(await isWorkspace(dir))) {
    if (dryRun) throw new UsageError(`--create with --dry-run would change nothing: ${dir} holds no workspace yet (run holdfast init --workspace ${dir} first)`);
    const name = await initWorkspace(dir, flags.optionalString('name'));
    if (!flags.has('json')) console.log(`Created empty workspace "${name}" in ${dir}`);
  }
  const workspace = await OpenWorkspace.open(path.basename(dir), dir);
  if (workspace.readOnlyReason && !dryRun) throw new UsageError(`cannot import: ${workspace.readOnlyReason.message.en}`);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const service = new ImportService({ workerPath: path.join(here, 'import-worker.mjs') });
  const started = Date.now();
  const session = service.start(workspace, inputs, kindText as ImportKind | undefined);
  await session.settled();
  const view = session.view(workspace.portfolio, parseSettings(workspace.rawSettings).settings);
  if (view.state === 'failed' || view.state === 'cancelled') {
    // A run stopped by its time or memory limit (or a worker that died): nothing was committed.
    service.drop(session.id);
    const message = view.error?.en ?? 'the import was stopped';
    if (flags.has('json')) console.log(JSON.stringify({ workspace: dir, dryRun, committed: false, error: view.error }, null, 2));
    else console.error(`holdfast: ${message}`);
    return 1;
  }
  const failed = view.files.filter((f) => f.readError !== null || f.detection === null || f.stats.imported === 0);
  let committed = false;
  if (!dryRun && view.state === 'ready' && view.plan && view.plan.factRows + view.plan.newGroups + view.plan.changedGroups + view.plan.memberRows + view.plan.keyPersonRows + view.plan.surveyRows > 0) {
    await service.commit(workspace, session);
    committed = true;
  } else service.drop(session.id);

  const out = {
    workspace: dir,
    dryRun,
    committed,
    seconds: (Date.now() - started) / 1000,
    files: view.files.map((f, i) => ({
      file: files[i],
      readError: f.readError,
      kind: f.kind,
      kindSuggestion: f.kindSuggestion,
      sheet: f.sheets[f.sheetIndex]?.name ?? null,
      templateApplied: f.templateApplied,
      headerRow: f.detection ? f.detection.headerRow + 1 : null,
      mapping: f.mapping.map((m) => ({ column: columnLetter(m.column), header: m.header, field: m.field, confidence: m.confidence, unit: m.unit, reason: m.reason })),
      stats: f.stats,
      errors: f.errors,
      warnings: f.warnings,
    })),
    plan: view.plan,
    problems: session.allProblems(),
  };
  if (flags.has('json')) console.log(JSON.stringify(out, null, 2));
  else {
    for (const f of out.files) {
      console.log(`${f.file}: ${f.readError ? `cannot be read — ${f.readError.message.en}` : `${f.kind}, sheet ${f.sheet ?? '?'}, ${f.stats.imported} rows, ${f.errors} errors, ${f.warnings} warnings`}`);
    }
    if (out.plan) {
      const p = out.plan;
      console.log(`new groups ${p.newGroups}, changed ${p.changedGroups}, billing rows ${p.factRows}, new periods ${p.newPeriods.length}, replaced ${p.replacedPeriods.join(',') || '-'}, skipped ${p.skippedRows}`);
      for (const c of p.incompletePeriods) console.log(`Warning: ${c.reason.en} (not the default analysis month)`);
    }
    console.log(dryRun ? 'Dry run: nothing changed.' : committed ? 'Committed.' : 'Nothing committed.');
  }
  return failed.length > 0 ? 1 : 0;
}
