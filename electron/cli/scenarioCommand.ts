/**
 * `holdfast scenario`: run a competitive scenario (a file, or one saved in the
 * workspace) against a workspace and print the outcome: exposure, the
 * allocation, expected values (closed form) and P10/P50/P90 (Monte Carlo) with
 * the plan and doing nothing, guardrails. The same engine as the app; nothing
 * is written to the workspace.
 */
import { formatCount, formatDecimal, formatMs, formatPercent, formatWan } from '../../shared/review/format';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseSettings } from '../../shared/analytics';
import {
  mergeLibrary,
  ScenarioDefinitionSchema,
  ScenarioFileSchema,
  type ScenarioDefinition,
  type ScenarioLibrary,
  type ScenarioResult,
  type Stat,
} from '../../shared/scenarios';
import { resolveDataDir, workspacesDir } from '../backend/paths';
import { computeResult } from '../backend/scenarios/compute';
import { ScenarioStore } from '../backend/scenarios/scenarioStore';
import { buildIndex } from '../../shared/analytics';
import { isWorkspace, OpenWorkspace } from '../backend/storage/workspaceStore';
import type { Flags } from './args';
import { UsageError } from './args';
import { restrictPortfolio } from '../../shared/model/scope';
import { scopeFromFlags } from './scopeFlags';

/** --workspace: a workspace folder, or the id (folder name) of a workspace in the data directory. */
async function findWorkspace(arg: string): Promise<string> {
  const dir = path.resolve(arg);
  if (await isWorkspace(dir)) return dir;
  if (/^[\p{L}\p{N}_.-]+$/u.test(arg)) {
    const named = path.join(workspacesDir(resolveDataDir()), arg);
    if (await isWorkspace(named)) return named;
  }
  throw new UsageError(`${dir} is not a Holdfast workspace (no workspace.json), nor is "${arg}" a workspace in ${workspacesDir(resolveDataDir())}`);
}

function intFlag(flags: Flags, name: string, min: number, max: number): number | undefined {
  const text = flags.optionalString(name);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got ${text} / --${name} 须为 ${min}–${max} 的整数`);
  return n;
}

/** Reads a scenario file: its definition, and the library items it brings (they override the workspace's by id). */
export async function readScenarioFile(file: string): Promise<{ definition: ScenarioDefinition; library: { moves: ScenarioLibrary['moves']; counters: ScenarioLibrary['counters'] } }> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${file} / 无法读取情景文件 ${file}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new UsageError(`${file} is not valid JSON (${err instanceof Error ? err.message : String(err)}) / 情景文件不是有效的 JSON`);
  }
  const parsed = ScenarioFileSchema.safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new UsageError(`${file} is not a valid scenario: ${detail} / 情景文件内容无效：${detail}`);
  }
  const { library, $comment: _comment, ...rest } = parsed.data;
  void _comment;
  const now = new Date(0).toISOString();
  const definition = ScenarioDefinitionSchema.parse({
    ...rest,
    id: rest.id ?? path.basename(file).replace(/\.json$/i, '').replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 40).padEnd(4, '-'),
    createdAt: now,
    updatedAt: now,
    step: 7,
    isPlan: false,
  });
  return { definition, library: { moves: library?.moves ?? [], counters: library?.counters ?? [] } };
}

function withFileLibrary(base: ScenarioLibrary, extra: { moves: ScenarioLibrary['moves']; counters: ScenarioLibrary['counters'] }): ScenarioLibrary {
  const over = <T extends { id: string }>(items: T[], add: T[]): T[] => [...items.filter((i) => !add.some((a) => a.id === i.id)), ...add];
  return { ...base, moves: over(base.moves, extra.moves), counters: over(base.counters, extra.counters) };
}

const stat = (s: Stat) => ({ expected: s.expected, p10: s.p10, p50: s.p50, p90: s.p90 });

export function scenarioSummary(workspace: string, r: ScenarioResult, ignored: string[]): Record<string, unknown> {
  const o = (x: ScenarioResult['plan']) => ({
    revenueKept: stat(x.revenueKept),
    groupsLost: stat(x.groupsLost),
    cost: stat(x.cost),
    netBenefit: stat(x.netBenefit),
    roi: stat(x.roi),
    paybackMonth: stat(x.paybackMonth),
  });
  return {
    workspace,
    scenario: { id: r.scenarioId, name: r.name, runs: r.runs, seed: r.seed },
    asOf: r.asOf,
    months: { first: r.months[0] ?? null, last: r.months[r.months.length - 1] ?? null, count: r.months.length },
    exposure: {
      groupsInScope: r.exposure.groupsInScope,
      exposedGroups: r.exposure.exposedGroups,
      baselineRevenue: r.exposure.baselineRevenue,
      revenueAtRisk: stat(r.exposure.revenueAtRisk),
      byMove: r.exposure.byMove.map((m) => ({ moveId: m.moveId, name: m.name.zh, groups: m.groups, expectedLoss: m.expectedLoss })),
    },
    allocation: {
      mode: r.allocation.mode,
      budget: r.allocation.budget,
      totalCost: r.allocation.totalCost,
      fundedGroups: r.allocation.funded.length,
      byMeasure: r.allocation.byMeasure.map((m) => ({ measureId: m.measureId, name: m.name.zh, groups: m.groups, cost: m.cost, expectedGain: m.expectedGain })),
      skipped: r.allocation.skipped.length,
      method: r.allocation.method.en,
    },
    plan: o(r.plan),
    doNothing: o(r.doNothing),
    guardrails: r.guardrails.map((g) => ({ kind: g.kind, groups: g.groupCodes.length, amount: g.amount, zh: g.message.zh, en: g.message.en })),
    tornado: r.tornado.rows.slice(0, 5).map((t) => ({ input: t.inputId, netBenefitLow: t.netBenefitLow, netBenefitHigh: t.netBenefitHigh })),
    check: r.check,
    ignored,
    elapsedMs: Math.round(r.elapsedMs),
  };
}

// THE formatter (shared/review/format.ts); this command's text is English, so money reads ¥…M / ¥…k
const wan = (x: number | null): string => formatWan(x, 'en');
const num = (x: number | null, d = 1): string => formatDecimal(x, d);

export async function runScenario(flags: Flags): Promise<number> {
  const dir = await findWorkspace(flags.string('workspace'));
  const file = flags.optionalString('file');
  const id = flags.optionalString('id');
  if ((file === undefined) === (id === undefined)) throw new UsageError('give either --file scenario.json or --id ID / 请指定 --file 或 --id 之一');
  const runs = intFlag(flags, 'runs', 10_000, 100_000);
  const seed = intFlag(flags, 'seed', 0, 2 ** 31 - 1);
  const ws = await OpenWorkspace.open(path.basename(dir), dir);
  try {
    const store = new ScenarioStore(ws);
    let library = mergeLibrary(store.libraryEdits());
    let definition: ScenarioDefinition;
    if (file !== undefined) {
      const read = await readScenarioFile(path.resolve(file));
      definition = read.definition;
      library = withFileLibrary(library, read.library);
    } else {
      const saved = store.get(id ?? '');
      if (!saved) {
        const known = store.list().map((s) => `${s.id} (${s.name})`);
        throw new UsageError(`no scenario ${id ?? ''} in ${dir}${known.length ? `; saved: ${known.join(', ')}` : ''} / 工作区中没有该情景`);
      }
      definition = saved;
    }
    if (runs !== undefined) definition = { ...definition, runs };
    if (seed !== undefined) definition = { ...definition, seed };
    const ignored = [
      ...definition.moves.filter((m) => !library.moves.some((x) => x.id === m.moveId && !x.disabled)).map((m) => `move:${m.moveId}`),
      ...definition.counters.filter((c) => !library.counters.some((x) => x.id === c.measureId && !x.disabled)).map((c) => `counter:${c.measureId}`),
    ];
    const { settings } = parseSettings(ws.rawSettings);
    const result = computeResult(buildIndex(restrictPortfolio(ws.portfolio, scopeFromFlags(flags, ws.portfolio))), settings, library, definition);
    const out = scenarioSummary(dir, result, ignored);
    if (flags.has('json')) {
      console.log(JSON.stringify(out, null, 2));
      return 0;
    }
    const line = (label: string, s: Stat, f: (x: number | null) => string) => console.log(`${label.padEnd(22)}${f(s.expected).padStart(14)}${f(s.p10).padStart(14)}${f(s.p50).padStart(14)}${f(s.p90).padStart(14)}`);
    console.log(`Scenario        ${result.name} (${result.scenarioId})`);
    console.log(`Workspace       ${dir}   as of ${result.asOf ?? '—'}   ${result.months[0] ?? ''}…${result.months[result.months.length - 1] ?? ''}`);
    console.log(`Exposed groups  ${result.exposure.exposedGroups} of ${result.exposure.groupsInScope} in scope; revenue at risk ${wan(result.exposure.revenueAtRisk.expected)} (P90 ${wan(result.exposure.revenueAtRisk.p90)})`);
    console.log(`Allocation      ${result.allocation.funded.length} groups funded, ${wan(result.allocation.totalCost)} of ${wan(result.allocation.budget)} budget (${result.allocation.mode})`);
    if (ignored.length > 0) console.log(`Ignored         ${ignored.join(', ')} (not in the library or disabled)`);
    console.log(`\n${''.padEnd(22)}${'expected'.padStart(14)}${'P10'.padStart(14)}${'P50'.padStart(14)}${'P90'.padStart(14)}`);
    line('Revenue kept (plan)', result.plan.revenueKept, wan);
    line('Revenue kept (none)', result.doNothing.revenueKept, wan);
    line('Groups lost (plan)', result.plan.groupsLost, (x) => num(x));
    line('Groups lost (none)', result.doNothing.groupsLost, (x) => num(x));
    line('Cost', result.plan.cost, wan);
    line('Net benefit', result.plan.netBenefit, wan);
    line('ROI', result.plan.roi, (x) => num(x, 2));
    line('Payback month', result.plan.paybackMonth, (x) => num(x, 0));
    for (const g of result.guardrails) console.log(`! ${g.kind}: ${g.message.en}`);
    console.log(`\nMonte Carlo mean vs closed form: ${formatPercent(result.check.relativeDifference, true, 3)}   (${formatCount(result.runs)} runs, seed ${result.seed}, ${formatMs(result.elapsedMs)})`);
    return 0;
  } finally {
    await ws.close().catch(() => undefined);
  }
}
