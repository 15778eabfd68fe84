/**
 * The `holdfast` command line: the same backend modules and shared core the
 * app uses, for analysts' batch work and for headless tests.
 * Exit codes: 0 ok, 1 user error (with a message), 2 internal error.
 */
import path from 'node:path';
import { computeSummary } from '../../shared/analytics/summary';
import type { Summary } from '../../shared/api/contract';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { createDemoWorkspace, writeDemoWorkbooks } from '../backend/demoWorkspace';
import { APP_VERSION } from '../backend/version';
import { isWorkspace, OpenWorkspace } from '../backend/storage/workspaceStore';
import { parseArgs, UsageError } from './args';
import { runAnalyze } from './analyzeCommand';
import { runImport } from './importCommand';
import { runReview } from './reviewCommand';
import { runScenario } from './scenarioCommand';
import { summaryLanguage, summaryLines, type SummaryFigures } from './summaryText';

const HELP = `holdfast ${APP_VERSION} — 集团客户保网参谋 command line

Usage:
  holdfast demo --out DIR [--workspace WS] [--seed N]
      Write the demo branch's workbooks (集团客户资料.xlsx, 月度出账.xlsx, planted.json)
      to DIR; with --workspace also create the ready demo workspace folder WS.
  holdfast import FILE... --workspace DIR [--kind groupMaster|monthlyBilling|memberSnapshot] [--dry-run] [--json]
      Read, map and check the files with the app's import pipeline; print the detected kind,
      the mapping with confidence and reasons, counts and every problem. Without --dry-run the
      import is committed (existing periods in the files are replaced). Exit 1 if any file fails.
  holdfast analyze --workspace DIR [--json] [--all] [--as-of YYYY-MM|YYYYQn] [--top N]
      KPIs, zone counts, the Value × Risk quadrant, the warning list (top N, with explanations),
      and the back-test; --all adds every group's code, score, zone, stage, cell and signals.
  holdfast summary --workspace DIR [--json] [--lang zh|en]
      Print the 总览 figures of the workspace folder DIR (text in Chinese unless --lang en).
  holdfast review --workspace DIR [--quarter YYYYQn] [--pptx OUT.pptx] [--xlsx OUT.xlsx] [--pdf OUT.pdf]
                 [--lang zh-CN|en] [--branch NAME]
      The quarterly review (with the edits saved in the app) as PowerPoint, the Excel pack and PDF
      (PDF through LibreOffice when installed). DIR is a workspace folder or a workspace id.
      Default quarter: the latest complete one.
  holdfast scenario --workspace DIR (--file SCENARIO.json | --id ID) [--json] [--runs N] [--seed N]
      Run a competitive scenario (a file, see examples/README.md, or one saved in the workspace) and
      print exposure, the allocation, expected values and P10/P50/P90 with the plan and doing nothing.
  holdfast --version | --help

Exit codes: 0 ok, 1 user error, 2 internal error.`;

export function summaryForCli(workspace: string, summary: Summary): Record<string, unknown> {
  return {
    workspace,
    asOf: summary.asOf,
    periods: summary.periods.length,
    groups: summary.groups.value,
    activeGroups: summary.activeGroups.value,
    latestRevenue: summary.latestRevenue.value,
    revenueTrend3m: summary.revenueTrend3m.value,
    top20Share: summary.top20Share.value,
    traces: {
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
    case 'analyze':
      return runAnalyze(flags);
    case 'import':
      return runImport(positionals, flags);
    case 'review':
      return runReview(flags);
    case 'scenario':
      return runScenario(flags);
    case 'summary': {
      const dir = path.resolve(flags.string('workspace'));
      const lang = summaryLanguage(flags.optionalString('lang'));
      if (lang === null) throw new UsageError('--lang must be zh or en');
      if (!(await isWorkspace(dir))) throw new UsageError(`${dir} is not a Holdfast workspace (no workspace.json)`);
      const ws = await OpenWorkspace.open(path.basename(dir), dir);
      const out = summaryForCli(dir, computeSummary(ws.portfolio));
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

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`holdfast: ${err.message}`);
      process.exit(1);
    }
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(2);
  },
);
