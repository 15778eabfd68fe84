/**
 * Issue 13 (scenarios): an empty plan says per measure why it funds nothing, gets
 * a "nothing funded" guardrail and cannot be marked as the plan (the backend
 * refuses, not only the button); generated actions are due after the measure's
 * lead time (never today) and their notes carry no internal ids and no English.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioDraft } from '../../shared/api/scenarioContract';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { actionDueDate, actionDueMonths } from '../../shared/scenarios';
import { Backend } from '../../electron/backend/backend';
import { createWorkspace } from '../../electron/backend/storage/workspaceStore';

const draft = (over: Partial<ScenarioDraft> = {}): ScenarioDraft => ({
  name: '空方案检查',
  step: 4,
  scope: { kind: 'filter', filter: { industries: ['政府', '教育'] } },
  moves: [{ moveId: 'wiring-for-switch', intensity: 1 }],
  counters: [{ measureId: 'key-person-care', segment: null }],
  budget: 300_000,
  allocation: 'auto',
  quarters: 4,
  runs: 10_000,
  seed: 7,
  isPlan: false,
  ...over,
});

describe('action due dates', () => {
  it('is never today: a measure without a lead time gets one month; the earliest lead time sets the date', () => {
    const today = new Date(Date.UTC(2026, 0, 31));
    expect(actionDueDate([0], today)).toBe('2026-02-28');
    expect(actionDueDate([3, 2], today)).toBe('2026-03-31');
    expect(actionDueDate([], today)).toBe('2026-02-28');
    expect(actionDueMonths([4, 0, 2])).toBe(1);
  });
  it('takes any number of lead times without spreading them into arguments', () => {
    const many = new Array<number>(300_000).fill(5);
    many[123_456] = 2;
    expect(actionDueMonths(many)).toBe(2);
  });
});

describe('scenario plans that fund nothing, and plan actions', () => {
  let root: string;
  let backend: Backend;
  let anyCode = '';

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-plan-rules-'));
    const dir = path.join(root, 'ws');
    const demo = generateDemoBranch();
    await createWorkspace(dir, { name: '方案规则', branchName: null, source: 'empty', portfolio: demo.portfolio });
    backend = await Backend.start({ dataDir: path.join(root, 'data'), version: 'test', mode: 'browser', scenarioWorkerPath: null });
    await backend.openWorkspaceAt(dir);
    anyCode = '';
  });
  afterAll(async () => {
    await backend.workspace?.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('a budget too small to fund anything: the guardrail names each measure and why; marking it as the plan is refused', async () => {
    const s = await backend.call('scenario.save', { scenario: draft({ budget: 1, counters: [{ measureId: 'key-person-care', segment: null }, { measureId: 'ict-solution', segment: null }] }) });
    const r = await backend.call('scenario.result', { id: s.id });
    expect(r.exposure.exposedGroups).toBeGreaterThan(0);
    expect(r.allocation.funded).toHaveLength(0);
    const g = r.guardrails.find((x) => x.kind === 'nothing-funded');
    expect(g, 'a "nothing funded" guardrail').toBeDefined();
    expect(g!.message.zh).toContain('没有资助任何集团');
    expect(g!.message.zh).toContain('关键人关系维系');
    expect(g!.message.en).toContain('Nothing is funded');
    // every chosen measure gets its own reason
    const lib = await backend.call('scenario.library.get', {});
    for (const id of ['key-person-care', 'ict-solution']) {
      const c = lib.counters.find((x) => x.id === id)!;
      expect(g!.message.zh).toContain(`“${c.name.zh}”：`);
      expect(g!.message.en).toContain(`“${c.name.en}”: `);
    }
    await expect(backend.call('scenario.setPlan', { id: s.id, isPlan: true })).rejects.toThrow(/不能标为执行方案|Cannot mark it as the plan/);
    const stored = (await backend.call('scenario.list', {})).find((x) => x.id === s.id);
    expect(stored?.isPlan).toBe(false);
  });

  it('a measure that funds nothing beside one that funds groups says why, in its own row (issue 13)', async () => {
    const s = await backend.call('scenario.save', { scenario: draft({ name: '一项不资助', budget: 800_000, counters: [{ measureId: 'key-person-care', segment: null }, { measureId: 'price-cut', segment: null }] }) });
    const r = await backend.call('scenario.result', { id: s.id });
    const kp = r.allocation.byMeasure.find((m) => m.measureId === 'key-person-care');
    const cut = r.allocation.byMeasure.find((m) => m.measureId === 'price-cut');
    expect(kp?.groups ?? 0).toBeGreaterThan(0);
    expect(kp?.unused ?? null).toBeNull();
    expect(cut?.groups).toBe(0);
    // the price cut answers tariff moves, not 电信整体转网攻击: the reason says nothing fits it
    expect(cut?.unused?.zh).toContain('没有受影响集团符合它的适用条件');
    expect(cut?.unused?.en).toContain('no exposed group fits it');
    expect(cut?.unused?.zh).not.toMatch(/[A-Za-z]{2,}/);
    // the plan funds groups, so there is no "nothing funded" guardrail
    expect(r.guardrails.some((x) => x.kind === 'nothing-funded')).toBe(false);
  });

  it('a manual plan that funds groups: actions are due after the lead time, notes carry no ids and no English', async () => {
    const exposure = await backend.call('scenario.save', { scenario: draft({ name: '手动方案' }) });
    const auto = await backend.call('scenario.result', { id: exposure.id });
    anyCode = auto.exposure.rows[0]?.groupCode ?? '';
    expect(anyCode).not.toBe('');
    const s = await backend.call('scenario.save', { scenario: { ...exposure, allocation: 'manual', manual: [{ groupCode: anyCode, measureIds: ['key-person-care'] }] } });
    const r = await backend.call('scenario.result', { id: s.id });
    expect(r.allocation.funded.map((f) => f.groupCode)).toEqual([anyCode]);
    expect(r.guardrails.some((x) => x.kind === 'nothing-funded')).toBe(false);
    await backend.call('scenario.setPlan', { id: s.id, isPlan: true });
    await backend.call('scenario.plan.create', { id: s.id });
    const [a] = (await backend.call('actions.list', { groupCode: anyCode })).filter((x) => x.cause === 'competition');
    expect(a).toBeDefined();
    const today = new Date().toISOString().slice(0, 10);
    // key-person-care has no lead time: still not due today
    expect((a!.due ?? '') > today).toBe(true);
    expect(a!.due).toBe(actionDueDate([0], new Date()));
    expect(a!.note).not.toContain(s.id);
    expect(a!.note).not.toMatch(/[A-Za-z]{2,}/);
    expect(a!.action).not.toMatch(/[A-Za-z]{2,}/);
  });
});

describe('payback over the runs', () => {
  it('runs beyond the horizon count as beyond in every statistic, and their share is reported', async () => {
    const { paybackStat } = await import('../../shared/scenarios');
    const runs = new Float64Array(100);
    for (let r = 0; r < 100; r++) runs[r] = r < 70 ? 5 + (r % 10) : Infinity;
    const s = paybackStat(runs, 1000, []);
    // 30% never pay back: P90 is beyond, so the expected value cannot be a finite month either
    expect(s.p90).toBeNull();
    expect(s.expected).toBeNull();
    expect(s.p10).not.toBeNull();
    expect(s.beyondHorizonShare).toBeCloseTo(0.3, 12);
    expect(s.trace.inputs.some((i) => i.value === '30%')).toBe(true);
    const all = paybackStat(Float64Array.from([2, 4, 6]), 1000, []);
    expect(all.expected).toBe(4);
    expect(all.beyondHorizonShare).toBe(0);
    expect(paybackStat(Float64Array.from([2]), 0, []).expected).toBeNull();
  });
});
