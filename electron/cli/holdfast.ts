/**
 * The `holdfast` command line: the same backend modules and shared core the
 * app uses, for analysts' batch work and for headless tests.
 * Exit codes: 0 ok, 1 user error (with a message), 2 internal error.
 */
import path from 'node:path';
import { parseSettings } from '../../shared/analytics/settings';
import { computeSummary } from '../../shared/analytics/summary';
import type { Summary } from '../../shared/api/contract';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { createDemoWorkspace, writeDemoWorkbooks } from '../backend/demoWorkspace';
import { APP_VERSION } from '../backend/version';
import { isWorkspace, OpenWorkspace } from '../backend/storage/workspaceStore';
import { parseArgs, UsageError } from './args';
import { runAnalyze } from './analyzeCommand';
import { runImport } from './importCommand';
import { initWorkspace } from './initCommand';
import { runReview } from './reviewCommand';
import { runBatchCommand } from './batchCommand';
import { runDemoProvince, runImportExtract } from './extractCommand';
import { runScenario } from './scenarioCommand';
import { summaryLanguage, summaryLines, type SummaryFigures } from './summaryText';
import { restrictPortfolio } from '../../shared/model/scope';
import { scopeFromFlags } from './scopeFlags';

const HELP = `holdfast ${APP_VERSION} — 集团客户保网参谋 command line

Usage:
  holdfast demo --out DIR [--workspace WS] [--seed N]
      Write the demo branch's workbooks (集团客户资料.xlsx, 月度出账.xlsx, planted.json)
      to DIR; with --workspace also create the ready demo workspace folder WS.
  holdfast init --workspace DIR [--name NAME]
      Create an empty workspace in DIR (a new or empty folder), ready for holdfast import.
  holdfast import FILE... --workspace DIR [--create] [--kind groupMaster|monthlyBilling|memberSnapshot|keyPersons|survey] [--dry-run] [--json]
      Read, map and check the files with the app's import pipeline; print the detected kind,
      the mapping with confidence and reasons, counts and every problem. Without --dry-run the
      import is committed (existing periods in the files are replaced). Exit 1 if any file fails.
      --create first creates an empty workspace in DIR when it holds none.
  holdfast analyze --workspace DIR [--json] [--all] [--as-of YYYY-MM|YYYYQn] [--top N]
      KPIs, zone counts, the Value × Risk quadrant, the warning list (top N, with explanations),
      and the back-test; --all adds every group's code, score, zone, stage, cell and signals.
  holdfast summary --workspace DIR [--json] [--lang zh|en]
      Print the 总览 figures of the workspace folder DIR (text in Chinese unless --lang en).
  holdfast review --workspace DIR [--quarter YYYYQn] [--pptx OUT.pptx] [--xlsx OUT.xlsx] [--pdf OUT.pdf]
                 [--lang zh-CN|en] [--region NAME]... [--manager NAME]... [--title TEXT]
      The quarterly review (with the edits saved in the app) as PowerPoint, the Excel pack and PDF
      (PDF through LibreOffice when installed). DIR is a workspace folder or a workspace id.
      Default quarter: the latest complete one. --region (alias --branch) and --manager restrict
      the data to those 区县/片区/营业部 or account managers (repeat for several); the deck is
      titled with them unless --title is given.
  holdfast demo-province --out FILE.parquet|FILE.csv [--groups 100000] [--regions 50] [--months 24] [--lines 1]
      A generated province as a warehouse extract, written by DuckDB (lines = rows per group and month).
  holdfast import-extract FILE.parquet|FILE.csv --workspace DIR [--dry-run] [--name NAME]
      A warehouse extract (columns in docs/warehouse.md; docs/warehouse/extract.hql makes it) read and
      aggregated per group and month with DuckDB, committed into DIR as an import is (groups upserted,
      the extract's months replaced); a new workspace when DIR holds none.
  holdfast batch (--workspace DIR | --extract FILE.parquet|.csv) --out DIR [--by region|manager] [--quarter YYYYQn]
                [--pptx] [--xlsx] [--pdf] [--lang zh-CN|en] [--jobs N] [--only NAME]...
      One quarterly review per region (区县/片区/营业部) or account manager, each built from that
      region's data alone (its numbers equal a workspace holding only that region), plus a roll-up
      deck comparing them and batch-summary.json. Default formats: --pptx --xlsx. Runs on N worker
      threads (default: the CPU count, at most 4). Exit 1 with the list when some fail; the rest
      are written.
  holdfast scenario --workspace DIR (--file SCENARIO.json | --id ID) [--json] [--runs N] [--seed N]
      Run a competitive scenario (a file, see examples/README.md, or one saved in the workspace) and
      print exposure, the allocation, expected values and P10/P50/P90 with the plan and doing nothing.
  holdfast --version | --help

analyze, summary, scenario and review take --region NAME / --manager NAME (repeatable) to restrict
the data to a scope. Every flag but those is given once: a second --workspace is refused.
Exit codes: 0 ok, 1 user error, 2 internal error.`;

export function summaryForCli(workspace: string, summary: Summary): Record<string, unknown> {
  return {
    workspace,
    asOf: summary.asOf,
    asOfNote: summary.defaultNote ?? null,
    periods: summary.periods.length,
    groups: summary.groups.value,
    activeGroups: summary.activeGroups.value,
    latestRevenue: summary.latestRevenue.value,
    revenueTrend3m: summary.revenueTrend3m.value,
    top20Share: summary.top20Share.value,
    topShareSetting: summary.topShareSetting ?? 0.2,
    traces: {
      groups: summary.groups.trace,
      activeGroups: summary.activeGroups.trace,
      latestRevenue: summary.latestRevenue.trace,
      revenueTrend3m: summary.revenueTrend3m.trace,
      top20Share: summary.top20Share.trace,
    },
  };
}


async function run(argv: string[]): Promise<number> {
  const { command, positionals, flags } = parseArgs(argv);
  if (flags.has('version')) {
    console.log(APP_VERSION);
    return 0;
  }
  if (command === undefined || flags.has('help')) {
    console.log(HELP);
    return command === undefined && !flags.has('help') ? 1 : 0;
  }
  switch (command) {
    case 'demo': {
      const out = flags.string('out');
      const seedText = flags.optionalString('seed');
      const seed = seedText === undefined ? undefined : Number(seedText);
      if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got ${seedText}`);
      const branch = generateDemoBranch(seed === undefined ? {} : { seed });
      const files = await writeDemoWorkbooks(path.resolve(out), branch);
      console.log(`Wrote ${files.master}`);
      console.log(`Wrote ${files.billing}`);
      console.log(`Wrote ${files.planted}`);
      const ws = flags.optionalString('workspace');
      if (ws !== undefined) {
        const dir = path.resolve(ws);
        if (await isWorkspace(dir)) throw new UsageError(`${dir} already holds a workspace; choose another folder`);
        await createDemoWorkspace(dir, branch);
        console.log(`Created workspace ${dir}`);
      }
      return 0;
    }
    case 'init': {
      const dir = path.resolve(flags.string('workspace'));
      const name = await initWorkspace(dir, flags.optionalString('name'));
      console.log(`Created empty workspace "${name}" in ${dir}`);
      console.log(`Next: holdfast import FILE... --workspace ${dir}`);
      return 0;
    }
    case 'analyze':
      return runAnalyze(flags);
    case 'import':
      return runImport(positionals, flags);
    case 'review':
      return runReview(flags);
    case 'demo-province':
      return runDemoProvince(flags);
    case 'import-extract':
      return runImportExtract(positionals, flags);
    case 'batch':
      return runBatchCommand(flags);
    case 'scenario':
      return runScenario(flags);
    case 'summary': {
      const dir = path.resolve(flags.string('workspace'));
      const lang = summaryLanguage(flags.optionalString('lang'));
      if (lang === null) throw new UsageError('--lang must be zh or en');
      if (!(await isWorkspace(dir))) throw new UsageError(`${dir} is not a Holdfast workspace (no workspace.json)`);
      const ws = await OpenWorkspace.open(path.basename(dir), dir);
      const out = summaryForCli(dir, computeSummary(restrictPortfolio(ws.portfolio, scopeFromFlags(flags, ws.portfolio)), undefined, parseSettings(ws.rawSettings).settings));
      if (flags.has('json')) {
        console.log(JSON.stringify(out, null, 2));
      } else {
        for (const line of summaryLines(dir, out as unknown as SummaryFigures, lang)) console.log(line);
      }
      return 0;
    }
    default:
      throw new UsageError(`Unknown command: ${command}. Run holdfast --help.`);
  }
}

/**
 * Exits once stdout and stderr have been written out: to a pipe they are
 * written asynchronously, and process.exit() right after a large
 * console.log (analyze --all --json) cut the JSON short.
 */
function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

run(process.argv.slice(2)).then(
  (code) => exitAfterFlush(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`holdfast: ${err.message}`);
      exitAfterFlush(1);
      return;
    }
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    exitAfterFlush(2);
  },
);
