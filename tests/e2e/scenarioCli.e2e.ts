/** `holdfast scenario`: the two shipped example files against the demo workspace, a saved scenario by --id, and bad input. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ScenarioStore } from '../../electron/backend/scenarios/scenarioStore';
import { OpenWorkspace } from '../../electron/backend/storage/workspaceStore';
import { ScenarioDefinitionSchema } from '../../shared/scenarios';
import { ROOT } from './support/app';

function holdfast(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'holdfast.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface StatOut {
  expected: number | null;
  p10: number | null;
  p50: number | null;
  p90: number | null;
}
interface Out {
  scenario: { id: string; name: string; runs: number; seed: number };
  exposure: { exposedGroups: number; groupsInScope: number; revenueAtRisk: StatOut };
  allocation: { totalCost: number; budget: number; fundedGroups: number };
  plan: Record<'revenueKept' | 'groupsLost' | 'cost' | 'netBenefit' | 'roi' | 'paybackMonth', StatOut>;
  doNothing: Record<'revenueKept' | 'groupsLost', StatOut>;
  guardrails: { kind: string }[];
  check: { relativeDifference: number };
}

describe('holdfast scenario', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-scn-'));
  const ws = path.join(tmp, 'ws');
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('runs both example files against the demo workspace with expected values and P10/P50/P90', () => {
    expect(holdfast('demo', '--out', path.join(tmp, 'books'), '--workspace', ws).code).toBe(0);
    for (const file of ['telecom-switch-attack-gov-edu.json', 'sme-tariff-war.json']) {
      const r = holdfast('scenario', '--workspace', ws, '--file', path.join(ROOT, 'examples', file), '--json');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as Out;
      expect(out.scenario.runs).toBe(10_000);
      expect(out.exposure.exposedGroups).toBeGreaterThan(0);
      expect(out.allocation.totalCost).toBeLessThanOrEqual(out.allocation.budget);
      expect(out.allocation.fundedGroups).toBeGreaterThan(0);
      for (const s of [out.plan.revenueKept, out.plan.netBenefit, out.plan.groupsLost, out.doNothing.revenueKept]) {
        expect(s.expected).not.toBeNull();
        expect(s.p10!).toBeLessThanOrEqual(s.p50!);
        expect(s.p50!).toBeLessThanOrEqual(s.p90!);
      }
      expect(Math.abs(out.check.relativeDifference)).toBeLessThan(0.01);
      expect(out.plan.revenueKept.expected!).toBeGreaterThan(out.doNothing.revenueKept.expected!);
      if (file === 'sme-tariff-war.json') expect(out.guardrails.map((g) => g.kind)).toContain('green-spend');
    }
    // reproducible: the same file gives the same numbers
    const a = holdfast('scenario', '--workspace', ws, '--file', path.join(ROOT, 'examples', 'sme-tariff-war.json'), '--json');
    const b = holdfast('scenario', '--workspace', ws, '--file', path.join(ROOT, 'examples', 'sme-tariff-war.json'), '--json');
    expect((JSON.parse(a.stdout) as Out).plan).toEqual((JSON.parse(b.stdout) as Out).plan);
  });

  it('runs a scenario saved in the workspace by --id, and prints a table without --json', async () => {
    const open = await OpenWorkspace.open('ws', ws);
    const now = new Date().toISOString();
    await new ScenarioStore(open).put(
      ScenarioDefinitionSchema.parse({
        id: 'saved-one',
        name: '已保存的情景',
        createdAt: now,
        updatedAt: now,
        step: 7,
        scope: { kind: 'zone', zones: ['red', 'yellow'] },
        moves: [{ moveId: 'all-staff-marketing', intensity: 1 }],
        counters: [{ measureId: 'product-bundling', segment: null }],
        budget: 50_000,
        allocation: 'auto',
        quarters: 4,
        runs: 12_000,
        seed: 1,
        isPlan: true,
      }),
    );
    await open.close();
    const r = holdfast('scenario', '--workspace', ws, '--id', 'saved-one', '--json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Out).scenario).toMatchObject({ id: 'saved-one', runs: 12_000 });
    const text = holdfast('scenario', '--workspace', ws, '--id', 'saved-one', '--runs', '10000');
    expect(holdfast('scenario', '--workspace', ws, '--id', 'saved-one', '--runs', '500').stderr).toMatch(/--runs/);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Net benefit/);
    expect(text.stdout).toMatch(/P90/);
  });

  it('bad input: exit 1 with a message naming what is wrong', () => {
    const bad = path.join(tmp, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ name: 'x', scope: { kind: 'branch' }, moves: [], counters: [], budget: -1, allocation: 'auto', quarters: 3, seed: 1 }));
    const r = holdfast('scenario', '--workspace', ws, '--file', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/quarters/);
    expect(r.stderr).toMatch(/budget/);
    fs.writeFileSync(bad, '{ not json');
    expect(holdfast('scenario', '--workspace', ws, '--file', bad).stderr).toMatch(/not valid JSON/);
    expect(holdfast('scenario', '--workspace', ws, '--id', 'nope').code).toBe(1);
    expect(holdfast('scenario', '--workspace', ws).stderr).toMatch(/--file/);
  });
});
