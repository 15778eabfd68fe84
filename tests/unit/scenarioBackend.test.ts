/** The scenario channels through the Backend on a demo-data workspace: library edits, drafts, exposure, runs, plan, actions, export, storage. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { buildIndex, DEFAULT_SETTINGS } from '../../shared/analytics';
import type { ScenarioDraft } from '../../shared/api/scenarioContract';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { ScenarioStore } from '../../electron/backend/scenarios/scenarioStore';
import { planSummary } from '../../electron/backend/scenarios/planSummary';
import { Backend } from '../../electron/backend/backend';
import { createWorkspace, OpenWorkspace } from '../../electron/backend/storage/workspaceStore';
import { SHIPPED_MOVES } from '../../shared/scenarios';

const draft = (over: Partial<ScenarioDraft> = {}): ScenarioDraft => ({
  name: '电信整体转网攻击：政府、教育',
  step: 2,
  scope: { kind: 'filter', filter: { industries: ['政府', '教育'] } },
  moves: [{ moveId: 'wiring-for-switch', intensity: 1 }],
  counters: [
    { measureId: 'key-person-care', segment: null },
    { measureId: 'service-upgrade', segment: null },
  ],
  budget: 300_000,
  allocation: 'auto',
  quarters: 8,
  runs: 10_000,
  seed: 7,
  isPlan: false,
  ...over,
});

describe('scenario backend', () => {
  let root: string;
  let dir: string;
  let backend: Backend;
  const renamed = { code: '', name: '=2+3' };

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-scenario-'));
    dir = path.join(root, 'ws');
    const demo = generateDemoBranch();
    // a group whose name looks like a formula, to check the export escapes it
    const g = demo.portfolio.groups.find((x) => x.industry === '政府' && x.competitorPresence?.includes('电信') && x.groupClass === 'A1');
    if (!g) throw new Error('demo has no A1 government group with Telecom present');
    g.groupName = renamed.name;
    renamed.code = g.groupCode;
    await createWorkspace(dir, { name: '情景测试', branchName: null, source: 'empty', portfolio: demo.portfolio });
    backend = await Backend.start({ dataDir: path.join(root, 'data'), version: 'test', mode: 'browser', scenarioWorkerPath: null });
    await backend.openWorkspaceAt(dir);
  });
  afterAll(async () => {
    await backend.workspace?.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('library: edit, disable, clone, reset; edits persist in the scenarioLibrary section', async () => {
    const lib = await backend.call('scenario.library.get', {});
    expect(lib.moves).toHaveLength(9);
    const first = lib.moves[0]!;
    const edited = await backend.call('scenario.library.save', { kind: 'move', item: { ...first, lossProbability: { low: 0.2, likely: 0.3, high: 0.4 }, disabled: true } });
    expect(edited.moves[0]!.lossProbability.likely).toBe(0.3);
    expect(edited.moves[0]!.disabled).toBe(true);
    const cloned = await backend.call('scenario.library.clone', { kind: 'counter', id: 'key-person-care' });
    expect(cloned.library.counters.find((c) => c.id === cloned.id)?.shipped).toBe(false);
    expect(new ScenarioStore(backend.workspace!).libraryEdits().moves).toHaveLength(1);
    const reset = await backend.call('scenario.library.reset', { kind: 'move', id: first.id });
    expect(reset.moves[0]).toEqual(SHIPPED_MOVES[0]);
    expect(reset.counters.some((c) => c.id === cloned.id)).toBe(true);
    const all = await backend.call('scenario.library.reset', { kind: 'all' });
    expect(all.counters.some((c) => c.id === cloned.id)).toBe(false);
    // bad input is refused with a message, nothing saved
    const bad = await backend.handle('scenario.library.save', { kind: 'move', item: { ...first, lossProbability: { low: 0.5, likely: 0.2, high: 0.9 } } });
    expect(bad.ok).toBe(false);
    expect(new ScenarioStore(backend.workspace!).libraryEdits().moves).toHaveLength(0);
  });

  it('drafts: create, autosave, list, duplicate, delete; the store keeps what it cannot read', async () => {
    const created = await backend.call('scenario.save', { scenario: draft() });
    expect(created.id).toMatch(/^[A-Za-z0-9_-]{4,40}$/);
    const later = await backend.call('scenario.save', { scenario: { ...created, step: 4, createdAt: '1999-01-01T00:00:00.000Z' } });
    expect(later.createdAt).toBe(created.createdAt);
    expect(later.step).toBe(4);
    const copy = await backend.call('scenario.duplicate', { id: created.id });
    expect(copy.id).not.toBe(created.id);
    const list = await backend.call('scenario.list', {});
    expect(list.map((s) => s.id).sort()).toEqual([created.id, copy.id].sort());
    expect(list.every((s) => s.lastResult === null)).toBe(true);
    await backend.call('scenario.delete', { id: copy.id });
    expect((await backend.call('scenario.list', {})).map((s) => s.id)).toEqual([created.id]);
    expect((await backend.handle('scenario.get', { id: copy.id })).ok).toBe(false);

    // an entry another version wrote is kept verbatim through saves
    const ws = backend.workspace!;
    const section = ws.section('scenarios') as { version: 1; scenarios: unknown[] };
    await ws.saveSection('scenarios', { ...section, scenarios: [...section.scenarios, { id: 'future', shape: 'unknown' }] });
    await backend.call('scenario.save', { scenario: { ...later, step: 5 } });
    const after = ws.section('scenarios') as { scenarios: { id: string }[] };
    expect(after.scenarios.map((s) => s.id)).toContain('future');
    expect(new ScenarioStore(ws).list().map((s) => s.id)).toEqual([created.id]);
  });

  it('exposure and the proposed allocation of a draft', async () => {
    const exposure = await backend.call('scenario.exposure', { scenario: draft() });
    expect(exposure.exposedGroups).toBeGreaterThan(10);
    expect(exposure.revenueAtRisk.p90 ?? 0).toBeGreaterThan(exposure.revenueAtRisk.p50 ?? 0);
    expect(exposure.rows[0]!.expectedLoss).toBeGreaterThanOrEqual(exposure.rows[exposure.rows.length - 1]!.expectedLoss);
    const { allocation, guardrails } = await backend.call('scenario.allocate', { scenario: draft() });
    expect(allocation.totalCost).toBeLessThanOrEqual(300_000);
    expect(allocation.funded.every((f) => f.zone !== 'green')).toBe(true);
    expect(allocation.method.zh).toContain('贪心');
    const withGreen = await backend.call('scenario.allocate', { scenario: draft({ spendOnGreen: true }) });
    expect(withGreen.allocation.funded.length).toBeGreaterThan(allocation.funded.length);
    expect(withGreen.guardrails.map((g) => g.kind)).toContain('green-spend');
    expect(guardrails.map((g) => g.kind)).not.toContain('green-spend');
    const bad = await backend.handle('scenario.exposure', { scenario: draft({ quarters: 12 }) });
    expect(bad.ok).toBe(false);
  });

  it('runs as a job with progress, matches scenario.result, records the last run, and cancels', async () => {
    const [s] = await backend.call('scenario.list', {});
    const { jobId } = await backend.call('scenario.run.start', { id: s!.id });
    let status = await backend.call('scenario.run.status', { jobId });
    for (let i = 0; i < 200 && !status.done; i++) {
      await new Promise((r) => setTimeout(r, 25));
      status = await backend.call('scenario.run.status', { jobId });
    }
    expect(status.done).toBe(true);
    expect(status.error).toBeNull();
    expect(status.progress).toBe(1);
    const result = await backend.call('scenario.result', { id: s!.id });
    expect(result.plan.netBenefit).toEqual(status.result!.plan.netBenefit);
    expect(Math.abs(result.check.relativeDifference)).toBeLessThan(0.01);
    await new Promise((r) => setTimeout(r, 50));
    const listed = (await backend.call('scenario.list', {}))[0]!;
    expect(listed.lastResult?.netBenefit.expected).toBeCloseTo(result.plan.netBenefit.expected ?? NaN, 6);
    expect(listed.lastResult?.stale).toBe(false);
    await backend.call('scenario.save', { scenario: { ...(await backend.call('scenario.get', { id: s!.id })), budget: 100_000 } });
    expect((await backend.call('scenario.list', {}))[0]!.lastResult?.stale).toBe(true);

    const again = await backend.call('scenario.run.start', { id: s!.id });
    await backend.call('scenario.run.cancel', { jobId: again.jobId });
    const cancelled = await backend.call('scenario.run.status', { jobId: again.jobId });
    expect(cancelled.done && (cancelled.cancelled || cancelled.result !== null)).toBe(true);
  });

  it('compare, set the plan, plan summary', async () => {
    const [s] = await backend.call('scenario.list', {});
    const other = await backend.call('scenario.duplicate', { id: s!.id, name: '加大预算' });
    await backend.call('scenario.save', { scenario: { ...other, budget: 600_000, spendOnGreen: true } });
    const cmp = await backend.call('scenario.compare', { ids: [s!.id, other.id] });
    expect(cmp.items.map((i) => i.name)).toEqual([s!.name, '加大预算']);
    expect(cmp.items[1]!.plan.cost.expected ?? 0).toBeGreaterThan(cmp.items[0]!.plan.cost.expected ?? 0);
    expect(cmp.items[0]!.doNothing.revenueKept.expected).toBeCloseTo(cmp.items[1]!.doNothing.revenueKept.expected ?? NaN, 6);
    await backend.call('scenario.setPlan', { id: s!.id, isPlan: true });
    await backend.call('scenario.setPlan', { id: other.id, isPlan: true });
    const plans = (await backend.call('scenario.list', {})).filter((x) => x.isPlan);
    expect(plans.map((p) => p.id)).toEqual([other.id]);
    const summary = planSummary(backend.workspace!, buildIndex(backend.workspace!.portfolio), DEFAULT_SETTINGS);
    expect(summary?.id).toBe(other.id);
    expect(summary?.budget).toBe(600_000);
    expect(summary?.plan.netBenefit.expected).toBeCloseTo(cmp.items[1]!.plan.netBenefit.expected ?? NaN, 6);
    await backend.call('scenario.delete', { id: other.id });
    expect(planSummary(backend.workspace!, buildIndex(backend.workspace!.portfolio), DEFAULT_SETTINGS)).toBeNull();
  });

  it("step 3's percentiles are a preview: the exposure says how many runs (fewer than the result's)", async () => {
    const s = await backend.call('scenario.save', { scenario: draft({ name: '预览次数' }) });
    const exposure = await backend.call('scenario.exposure', { scenario: s });
    expect(exposure.runs).toBeGreaterThan(0);
    expect(exposure.runs).toBeLessThan(s.runs);
    await backend.call('scenario.delete', { id: s.id });
  });

  it('the action plan: one open action per funded group, idempotent, visible per group; export escapes formulas', async () => {
    const s = await backend.call('scenario.save', {
      scenario: draft({ name: '手动计划', allocation: 'manual', manual: [{ groupCode: renamed.code, measureIds: ['key-person-care'] }] }),
    });
    const r = await backend.call('scenario.result', { id: s.id });
    expect(r.allocation.funded.map((f) => f.groupCode)).toEqual([renamed.code]);
    const first = await backend.call('scenario.plan.create', { id: s.id });
    expect(first).toEqual({ created: 1, replaced: 0, kept: 0, groupCodes: [renamed.code] });
    const actions = await backend.call('actions.list', { groupCode: renamed.code });
    expect(actions).toHaveLength(1);
    const a = actions[0]!;
    expect(a.cause).toBe('competition');
    expect(a.status).toBe('open');
    expect(a.owner).toBe(backend.workspace!.portfolio.groups.find((g) => g.groupCode === renamed.code)?.accountManager ?? '');
    expect(a.note).toContain('手动计划');
    expect(a.note).toContain('关键人关系维系');
    expect(a.due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const second = await backend.call('scenario.plan.create', { id: s.id });
    expect(second).toMatchObject({ created: 1, replaced: 1, kept: 0 });
    expect(await backend.call('actions.list', { groupCode: renamed.code })).toHaveLength(1);
    // a done action stays as history
    const current = (await backend.call('actions.list', { groupCode: renamed.code }))[0]!;
    await backend.call('actions.save', { id: current.id, groupCode: current.groupCode, cause: current.cause, action: current.action, owner: current.owner, due: current.due, status: 'done', note: current.note });
    const third = await backend.call('scenario.plan.create', { id: s.id });
    expect(third).toMatchObject({ created: 1, replaced: 0, kept: 1 });

    const file = await backend.call('scenario.plan.export', { id: s.id });
    expect(file.fileName).toMatch(/\.xlsx$/);
    const wb = XLSX.read(Buffer.from(file.dataBase64, 'base64'), { type: 'buffer' });
    const sheet = wb.Sheets[wb.SheetNames[0]!]!;
    const rows = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1 });
    expect(rows[0]![0]).toContain('集团编码');
    expect(rows[1]![0]).toBe(renamed.code);
    expect(rows[1]![1]).toBe(`'${renamed.name}`);
    expect(sheet['B2']?.f).toBeUndefined();
  });

  it('an empty workspace: nothing exposed, nothing funded, no crash', async () => {
    const emptyDir = path.join(root, 'empty');
    await createWorkspace(emptyDir, { name: '空', branchName: null, source: 'empty', portfolio: { groups: [], facts: [] } });
    const other = await Backend.start({ dataDir: path.join(root, 'data2'), version: 'test', mode: 'browser', scenarioWorkerPath: null });
    await other.openWorkspaceAt(emptyDir);
    const exposure = await other.call('scenario.exposure', { scenario: draft() });
    expect(exposure.exposedGroups).toBe(0);
    expect(exposure.revenueAtRisk.expected).toBe(0);
    const s = await other.call('scenario.save', { scenario: draft() });
    const r = await other.call('scenario.result', { id: s.id });
    expect(r.allocation.funded).toEqual([]);
    expect(r.plan.roi.expected).toBeNull();
    expect(r.plan.paybackMonth.p50).toBeNull();
    await other.workspace?.close();
  });

  it('creates a new library item, which a scenario can use', async () => {
    const lib = await backend.call('scenario.library.get', {});
    const base = lib.counters.find((c) => c.id === 'chief-account-manager')!;
    const created = await backend.call('scenario.library.save', {
      kind: 'counter',
      item: { ...base, id: 'night-visit', name: { zh: '夜访', en: 'Night visit' }, shipped: true, cost: { perGroup: 10, revenueShare: 0, oneOff: 0 } },
    });
    const item = created.counters.find((c) => c.id === 'night-visit');
    expect(item?.shipped).toBe(false); // "shipped" is the library's to say, not the caller's
    const { allocation } = await backend.call('scenario.allocate', { scenario: draft({ counters: [{ measureId: 'night-visit', segment: null }] }) });
    expect(allocation.byMeasure[0]?.measureId).toBe('night-visit');
    expect(allocation.funded.length).toBeGreaterThan(0);
    await backend.call('scenario.library.reset', { kind: 'counter', id: 'night-visit' });
    expect((await backend.call('scenario.library.get', {})).counters.some((c) => c.id === 'night-visit')).toBe(false);
  });

  it('survives a restart: scenarios and library edits are in workspace.json', async () => {
    await backend.call('scenario.library.save', { kind: 'counter', item: { ...(await backend.call('scenario.library.get', {})).counters[0]!, disabled: true } });
    const before = await backend.call('scenario.list', {});
    await backend.workspace!.close();
    const ws = await OpenWorkspace.open('ws', dir);
    const store = new ScenarioStore(ws);
    expect(store.list().map((s) => s.id).sort()).toEqual(before.map((s) => s.id).sort());
    expect(store.libraryEdits().counters[0]?.disabled).toBe(true);
    await ws.close();
    await backend.openWorkspaceAt(dir);
  });
});
