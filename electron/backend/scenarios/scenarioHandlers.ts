/** Handlers of the 竞争情景推演 channels (shared/api/scenarioContract.ts). */
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { ScenarioDraft, scenarioChannels, CompareItem, RunStatus } from '../../../shared/api/scenarioContract';
import {
  assembleResult,
  exposureOf,
  mergeLibrary,
  planScenario,
  prepareScenario,
  closedForm,
  meanEffects,
  resetLibraryEdit,
  runMonteCarlo,
  ScenarioDefinitionSchema,
  uniqueLibraryId,
  withLibraryEdit,
  type ScenarioDefinition,
  type ScenarioGroups,
  type ScenarioLibrary,
  type ScenarioResult,
} from '../../../shared/scenarios';
import type { AnalysisContext } from '../analysisContext';
import { tableWorkbook } from '../exportTable';
import { groupsFor } from './compute';
import { McCancelled, startMonteCarlo, type McJob } from './monteCarloRunner';
import { plannedActions, writePlanActions, type ActionsLog } from './planActions';
import { ScenarioStore } from './scenarioStore';

type Channels = typeof scenarioChannels;
type ScenarioHandlers = { [C in keyof Channels]: (request: z.infer<Channels[C]['request']>) => Promise<z.infer<Channels[C]['response']>> };

export interface ScenarioDeps {
  /** the open workspace's actions log */
  actions: () => Promise<ActionsLog>;
  /** the bundled Monte Carlo worker; null runs in-process */
  workerPath: () => string | null;
  /** for tests: today's date for due dates */
  today?: () => Date;
}

interface Job {
  id: string;
  scenarioId: string;
  progress: number;
  done: boolean;
  cancelled: boolean;
  error: RunStatus['error'];
  result: ScenarioResult | null;
  mc: McJob | null;
}

const T = (zh: string, en: string) => ({ zh, en });
const newId = (): string => randomBytes(9).toString('base64url');
const MAX_CACHED = 8;

/** FNV-1a of a string, hex (a change marker, not security). */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** What a result depends on besides the data and settings: the definition without its bookkeeping, and the library. */
function inputText(d: ScenarioDefinition, lib: ScenarioLibrary): string {
  return `${JSON.stringify({ ...d, name: '', createdAt: '', updatedAt: '', step: 0, isPlan: false, note: '' })}|${JSON.stringify(lib)}`;
}
const MAX_JOBS = 20;
const PREVIEW_RUNS = 2000;

export function scenarioHandlers(ctx: AnalysisContext, deps: ScenarioDeps): ScenarioHandlers {
  let groupsCache: { key: string; groups: ScenarioGroups } | null = null;
  const results = new Map<string, ScenarioResult>();
  const jobs = new Map<string, Job>();

  const store = (): ScenarioStore => new ScenarioStore(ctx.workspace());
  const library = (): ScenarioLibrary => mergeLibrary(store().libraryEdits());
  const marginShare = (): number => ctx.settings().scenario.marginShare;

  const groups = (asOf?: string): ScenarioGroups => {
    const key = `${ctx.cacheKey()}:${asOf ?? ''}`;
    if (groupsCache?.key !== key) {
      try {
        groupsCache = { key, groups: groupsFor(ctx.index(), ctx.settings(), asOf) };
      } catch (err) {
        if (err instanceof RangeError) throw ctx.userError({ code: 'bad-request', message: T(`分析月份无效：${asOf ?? ''}`, `Invalid analysis month: ${asOf ?? ''}`) });
        throw err;
      }
    }
    return groupsCache.groups;
  };

  /** A result depends on the definition, the library, the data and the settings: all in the key. */
  const resultKey = (d: ScenarioDefinition, lib: ScenarioLibrary): string => `${ctx.cacheKey()}|${inputText(d, lib)}`;
  /** Records the run's headline for the list; a read-only workspace just does not remember it. */
  const recordRun = async (d: ScenarioDefinition, lib: ScenarioLibrary, r: ScenarioResult): Promise<void> => {
    const n = r.plan.netBenefit;
    await store()
      .setLastRun(d.id, { runAt: new Date().toISOString(), netBenefit: { expected: n.expected, p10: n.p10, p90: n.p90 }, inputHash: hash(inputText(d, lib)) })
      .catch(() => undefined);
  };
  const remember = (key: string, r: ScenarioResult): void => {
    results.delete(key);
    results.set(key, r);
    while (results.size > MAX_CACHED) {
      const first = results.keys().next().value;
      if (first === undefined) break;
      results.delete(first);
    }
  };

  const notFound = (id: string): Error => ctx.userError({ code: 'not-found', message: T(`找不到情景：${id}`, `No such scenario: ${id}`) });
  const requireScenario = (id: string): ScenarioDefinition => {
    const s = store().get(id);
    if (!s) throw notFound(id);
    return s;
  };

  /** A draft from the wizard made whole (ids and times), validated. */
  const complete = (draft: ScenarioDraft, now: string): ScenarioDefinition => {
    const parsed = ScenarioDefinitionSchema.safeParse({ ...draft, id: draft.id ?? newId(), createdAt: draft.createdAt ?? now, updatedAt: now });
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw ctx.userError({ code: 'bad-request', message: T(`情景内容无效：${detail}`, `Invalid scenario: ${detail}`) });
    }
    return parsed.data;
  };

  /** Computations under way, by result key: a run and a result request for the same scenario share one. */
  const computing = new Map<string, Promise<ScenarioResult>>();

  /** The result (cached, or computed with the Monte Carlo in the worker): used by result, compare, plan. */
  const resultOf = async (d: ScenarioDefinition): Promise<ScenarioResult> => {
    const lib = library();
    const key = resultKey(d, lib);
    const hit = results.get(key);
    if (hit) return { ...hit, scenarioId: d.id, name: d.name };
    let pending = computing.get(key);
    if (!pending) {
      const t0 = performance.now();
      const plan = planScenario(groups(d.asOf), lib, d, marginShare());
      pending = startMonteCarlo(plan.model, d.runs, d.seed, deps.workerPath(), () => undefined).result.then((raw) => {
        const r = assembleResult(plan, raw, performance.now() - t0);
        remember(key, r);
        return r;
      });
      computing.set(key, pending);
      void pending.finally(() => computing.delete(key)).catch(() => undefined);
    }
    const r = await pending;
    return { ...r, scenarioId: d.id, name: d.name };
  };

  const status = (job: Job): RunStatus => ({
    jobId: job.id,
    scenarioId: job.scenarioId,
    progress: job.progress,
    done: job.done,
    cancelled: job.cancelled,
    error: job.error,
    result: job.result,
  });

  const saveLibrary = async (change: Parameters<typeof withLibraryEdit>[1]): Promise<ScenarioLibrary> => {
    const s = store();
    const next = withLibraryEdit(s.libraryEdits(), change);
    await s.saveLibraryEdits(next);
    return mergeLibrary(next);
  };

  return {
    'scenario.library.get': async () => library(),
    'scenario.library.save': async (req) => (req.kind === 'move' ? saveLibrary({ kind: 'move', item: req.item }) : saveLibrary({ kind: 'counter', item: req.item })),
    'scenario.library.clone': async ({ kind, id }) => {
      const lib = library();
      const T2 = (zh: string, en: string) => ({ zh: `${zh}（副本）`, en: `${en} (copy)` });
      const newItemId = uniqueLibraryId(lib, `${id}-copy`);
      if (kind === 'move') {
        const m = lib.moves.find((x) => x.id === id);
        if (!m) throw ctx.userError({ code: 'not-found', message: T(`找不到攻击方式：${id}`, `No such competitor move: ${id}`) });
        return { id: newItemId, library: await saveLibrary({ kind: 'move', item: { ...m, id: newItemId, name: T2(m.name.zh, m.name.en), shipped: false } }) };
      }
      const c = lib.counters.find((x) => x.id === id);
      if (!c) throw ctx.userError({ code: 'not-found', message: T(`找不到应对措施：${id}`, `No such counter-measure: ${id}`) });
      return { id: newItemId, library: await saveLibrary({ kind: 'counter', item: { ...c, id: newItemId, name: T2(c.name.zh, c.name.en), shipped: false } }) };
    },
    'scenario.library.reset': async ({ kind, id }) => {
      const s = store();
      const next = resetLibraryEdit(s.libraryEdits(), kind, id);
      await s.saveLibraryEdits(next);
      return mergeLibrary(next);
    },

    'scenario.list': async () => {
      const st = store();
      const lib = library();
      return st
        .list()
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
        .map((s) => {
          const run = st.lastRun(s.id);
          return {
            id: s.id,
            name: s.name,
            createdAt: s.createdAt,
            updatedAt: s.updatedAt,
            step: s.step,
            isPlan: s.isPlan,
            quarters: s.quarters,
            budget: s.budget,
            moveIds: s.moves.map((m) => m.moveId),
            measureIds: s.counters.map((c) => c.measureId),
            lastResult: run ? { runAt: run.runAt, netBenefit: run.netBenefit, stale: run.inputHash !== hash(inputText(s, lib)) } : null,
          };
        });
    },
    'scenario.get': async ({ id }) => requireScenario(id),
    'scenario.save': async ({ scenario }) => {
      const s = store();
      const existing = scenario.id ? s.get(scenario.id) : undefined;
      const now = new Date().toISOString();
      // createdAt and the plan mark are the store's, not the draft's (scenario.setPlan sets the mark)
      const def = complete({ ...scenario, isPlan: existing?.isPlan ?? false, ...(existing ? { createdAt: existing.createdAt } : {}) }, now);
      await s.put(def);
      return def;
    },
    'scenario.delete': async ({ id }) => {
      if (!(await store().remove(id))) throw notFound(id);
      return { ok: true as const };
    },
    'scenario.duplicate': async ({ id, name }) => {
      const src = requireScenario(id);
      const now = new Date().toISOString();
      const copy: ScenarioDefinition = { ...src, id: newId(), name: name ?? `${src.name}（副本）`.slice(0, 120), createdAt: now, updatedAt: now, isPlan: false };
      await store().put(copy);
      return copy;
    },

    'scenario.exposure': async ({ scenario }) => {
      const d = complete(scenario, new Date().toISOString());
      const p = prepareScenario(groups(d.asOf), library(), d);
      const expected = closedForm(p.model, meanEffects(p.model));
      // do-nothing percentiles for the preview: 2,000 runs in-process keep it quick; step 5 runs them all in a worker
      const mc = runMonteCarlo(p.model, { runs: Math.min(d.runs, PREVIEW_RUNS), seed: d.seed });
      return exposureOf(p, expected, mc);
    },
    'scenario.allocate': async ({ scenario }) => {
      const d = complete(scenario, new Date().toISOString());
      const plan = planScenario(groups(d.asOf), library(), d, marginShare());
      return { allocation: plan.allocation, guardrails: plan.guardrails };
    },

    'scenario.run.start': async ({ id }) => {
      const d = requireScenario(id);
      const lib = library();
      const key = resultKey(d, lib);
      const job: Job = { id: newId(), scenarioId: id, progress: 0, done: false, cancelled: false, error: null, result: null, mc: null };
      jobs.set(job.id, job);
      while (jobs.size > MAX_JOBS) {
        const oldest = [...jobs.values()].find((j) => j.done);
        if (!oldest) break;
        jobs.delete(oldest.id);
      }
      const cached = results.get(key);
      if (cached) {
        Object.assign(job, { progress: 1, done: true, result: { ...cached, scenarioId: d.id, name: d.name } });
        await recordRun(d, lib, cached);
        return { jobId: job.id };
      }
      const t0 = performance.now();
      const plan = planScenario(groups(d.asOf), lib, d, marginShare());
      job.mc = startMonteCarlo(plan.model, d.runs, d.seed, deps.workerPath(), (f) => {
        job.progress = Math.min(0.99, f);
      });
      job.mc.result.then(
        (raw) => {
          const r = assembleResult(plan, raw, performance.now() - t0);
          remember(key, r);
          Object.assign(job, { progress: 1, done: true, result: r, mc: null });
          void recordRun(d, lib, r);
        },
        (err: unknown) => {
          if (err instanceof McCancelled) Object.assign(job, { done: true, cancelled: true, mc: null });
          else {
            const message = err instanceof Error ? err.message : String(err);
            Object.assign(job, { done: true, error: T(`模拟失败：${message}`, `The simulation failed: ${message}`), mc: null });
          }
        },
      );
      return { jobId: job.id };
    },
    'scenario.run.status': async ({ jobId }) => {
      const job = jobs.get(jobId);
      if (!job) throw ctx.userError({ code: 'not-found', message: T('模拟任务已失效，请重新运行', 'The simulation job has expired: run it again') });
      return status(job);
    },
    'scenario.run.cancel': async ({ jobId }) => {
      const job = jobs.get(jobId);
      if (job && !job.done) {
        job.mc?.cancel();
        Object.assign(job, { done: true, cancelled: true });
      }
      return { ok: true as const };
    },
    'scenario.result': async ({ id }) => resultOf(requireScenario(id)),

    'scenario.compare': async ({ ids }) => {
      const defs = [...new Set(ids)].map((id) => requireScenario(id));
      // one after another: each already uses the worker threads
      const computed: ScenarioResult[] = [];
      for (const d of defs) computed.push(await resultOf(d));
      const items: CompareItem[] = defs.map((d, i) => {
        const r = computed[i]!;
        return {
          id: d.id,
          name: d.name,
          isPlan: d.isPlan,
          budget: d.budget,
          quarters: d.quarters,
          exposedGroups: r.exposure.exposedGroups,
          fundedGroups: r.allocation.funded.length,
          plan: r.plan,
          doNothing: r.doNothing,
          fan: r.fan,
          guardrails: r.guardrails,
        };
      });
      return { items };
    },
    'scenario.setPlan': async ({ id, isPlan }) => {
      const s = store();
      const all = s.list();
      const target = all.find((x) => x.id === id);
      if (!target) throw notFound(id);
      if (isPlan) {
        // an empty plan (no group funded) is no plan to carry out: refuse, with the reason (issue 13)
        const r = await resultOf(target);
        if (r.allocation.funded.length === 0) {
          const why = r.guardrails.find((g) => g.kind === 'nothing-funded')?.message ?? T('没有资助任何集团。', 'Nothing is funded.');
          throw ctx.userError({ code: 'conflict', message: T(`不能标为执行方案：${why.zh}`, `Cannot mark it as the plan: ${why.en}`) });
        }
      }
      const now = new Date().toISOString();
      await s.putAll(all.map((x) => (x.id === id ? { ...x, isPlan, updatedAt: now } : isPlan && x.isPlan ? { ...x, isPlan: false, updatedAt: now } : x)));
      return { ok: true as const };
    },

    'scenario.plan.create': async ({ id }) => {
      const d = requireScenario(id);
      const r = await resultOf(d);
      const planned = plannedActions(d, r, library().counters, deps.today?.() ?? new Date());
      const counts = await writePlanActions(await deps.actions(), d.id, planned);
      return { ...counts, groupCodes: planned.map((p) => p.input.groupCode) };
    },
    'scenario.plan.export': async ({ id }) => {
      const d = requireScenario(id);
      const r = await resultOf(d);
      const planned = plannedActions(d, r, library().counters, deps.today?.() ?? new Date());
      const columns = [
        { title: '集团编码 Group code', kind: 'text' as const },
        { title: '集团名称 Group', kind: 'text' as const },
        { title: '客户经理 Owner', kind: 'text' as const },
        { title: '措施 Measures', kind: 'text' as const },
        { title: '完成期限 Due', kind: 'text' as const },
        { title: '状态 Status', kind: 'text' as const },
        { title: '投入（元）Cost (yuan)', kind: 'yuan' as const },
        { title: '期望多保收入（元）Expected extra revenue (yuan)', kind: 'yuan' as const },
        { title: '回收期（月）Payback (months)', kind: 'number' as const },
        { title: '备注 Note', kind: 'text' as const },
      ];
      const rows = planned.map((p) => [
        p.input.groupCode,
        p.groupName,
        p.input.owner,
        p.measureNames,
        p.input.due,
        '进行中 open',
        p.cost,
        p.expectedGain,
        p.paybackMonth,
        p.input.note,
      ]);
      const safe = d.name.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 80) || d.id;
      return { fileName: `行动清单_${safe}.xlsx`, dataBase64: Buffer.from(tableWorkbook('行动清单', columns, rows)).toString('base64') };
    },
  };
}
