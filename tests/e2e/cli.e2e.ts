/** The holdfast CLI, run as analysts run it (through bin/holdfast.mjs). */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzePortfolio, DEFAULT_SETTINGS, groupRows } from '../../shared/analytics';
import { computeSummary } from '../../shared/analytics/summary';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { ROOT } from './support/app';

function holdfast(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'holdfast.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('holdfast CLI', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-cli-'));

  it('demo writes the workbooks (same seed, same bytes) and the workspace', () => {
    const a = holdfast('demo', '--out', path.join(tmp, 'a'), '--workspace', path.join(tmp, 'ws'));
    expect(a.code).toBe(0);
    const b = holdfast('demo', '--out', path.join(tmp, 'b'));
    expect(b.code).toBe(0);
    for (const f of ['集团客户资料.xlsx', '月度出账.xlsx', 'planted.json']) {
      expect(fs.readFileSync(path.join(tmp, 'a', f)).equals(fs.readFileSync(path.join(tmp, 'b', f)))).toBe(true);
    }
    const c = holdfast('demo', '--out', path.join(tmp, 'c'), '--seed', '7');
    expect(c.code).toBe(0);
    expect(fs.readFileSync(path.join(tmp, 'c', '月度出账.xlsx')).equals(fs.readFileSync(path.join(tmp, 'a', '月度出账.xlsx')))).toBe(false);
    const planted = JSON.parse(fs.readFileSync(path.join(tmp, 'a', 'planted.json'), 'utf8')) as { planted: { declining: string[] } };
    expect(planted.planted.declining.length).toBeGreaterThan(10);
  });

  it('summary --json prints the 总览 figures of the workspace', () => {
    const r = holdfast('summary', '--workspace', path.join(tmp, 'ws'), '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    const s = computeSummary(generateDemoBranch().portfolio);
    expect(out).toMatchObject({
      asOf: s.asOf,
      groups: s.groups.value,
      activeGroups: s.activeGroups.value,
      latestRevenue: s.latestRevenue.value,
      revenueTrend3m: s.revenueTrend3m.value,
      top20Share: s.top20Share.value,
    });
  });

  it('import --dry-run prints kind, mapping, counts and problems and changes nothing; without it, commits', () => {
    const created = holdfast('demo', '--out', path.join(tmp, 'e'), '--workspace', path.join(tmp, 'ws-base'));
    expect(created.code).toBe(0);
    const master = path.join(tmp, 'a', '集团客户资料.xlsx');
    const billing = path.join(tmp, 'a', '月度出账.xlsx');
    const before = fs.readFileSync(path.join(tmp, 'ws-base', 'workspace.json'));
    const dry = holdfast('import', master, billing, '--workspace', path.join(tmp, 'ws-base'), '--dry-run', '--json');
    expect(dry.code).toBe(0);
    const out = JSON.parse(dry.stdout) as {
      committed: boolean;
      files: { kind: string; mapping: { field: string | null; confidence: number; reason: { zh: string } }[]; stats: { imported: number } }[];
      plan: { newGroups: number; changedGroups: number; replacedPeriods: string[] };
      problems: { code: string }[];
    };
    expect(out.committed).toBe(false);
    expect(out.files.map((f) => f.kind)).toEqual(['groupMaster', 'monthlyBilling']);
    expect(out.files[1]?.mapping.every((m) => m.field !== null && m.confidence >= 0.9 && m.reason.zh.length > 0)).toBe(true);
    expect(out.plan).toMatchObject({ newGroups: 0, changedGroups: 0 });
    expect(out.plan.replacedPeriods).toHaveLength(24);
    expect(out.problems.every((p) => p.code === 'zeroMembers')).toBe(true);
    expect(fs.readFileSync(path.join(tmp, 'ws-base', 'workspace.json')).equals(before)).toBe(true);

    const real = holdfast('import', billing, '--workspace', path.join(tmp, 'ws-base'), '--json');
    expect(real.code).toBe(0);
    expect((JSON.parse(real.stdout) as { committed: boolean }).committed).toBe(true);

    const broken = path.join(tmp, 'broken.xlsx');
    fs.writeFileSync(broken, fs.readFileSync(billing).subarray(0, 1000));
    const bad = holdfast('import', broken, '--workspace', path.join(tmp, 'ws-base'), '--json');
    expect(bad.code).toBe(1);
    expect((JSON.parse(bad.stdout) as { files: { readError: { code: string } }[] }).files[0]?.readError.code).toBe('corrupt');
  });

  it('analyze --json prints KPIs, zones, the quadrant, explained warnings and the back-test; --all and --as-of', () => {
    const ws = path.join(tmp, 'ws');
    const r = holdfast('analyze', '--workspace', ws, '--json', '--top', '5');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      asOf: string;
      kpis: Record<string, number>;
      zones: Record<string, number>;
      quadrant: { valueRisk: { cell: string; count: number }[] };
      warnings: { zone: string; signals: { zh: string; en: string }[] }[];
      warningsTotal: number;
      backtest: { status: string; auc: number };
    };
    expect(out.asOf).toBe('2026-10');
    expect(out.kpis.groups).toBe(600);
    expect(Object.values(out.zones).reduce((a, b) => a + b, 0)).toBeGreaterThan(500);
    expect(out.quadrant.valueRisk.map((c) => c.cell).sort()).toEqual(['defend', 'maintain', 'save', 'standard']);
    expect(out.warnings).toHaveLength(5);
    expect(out.warnings.every((w) => (w.zone === 'red' || w.zone === 'yellow') && w.signals.length > 0)).toBe(true);
    expect(out.warningsTotal).toBeGreaterThanOrEqual(5);
    expect(out.backtest.status).toBe('ok');
    expect(out.backtest.auc).toBeGreaterThan(0.5);

    const allOut = holdfast('analyze', '--workspace', ws, '--json', '--all');
    // the whole JSON arrives (the CLI used to exit before a large stdout was written out)
    const all = JSON.parse(allOut.stdout) as {
      groups: { groupCode: string; zone: string; score: number; valueRiskCell: string | null; fired: string[]; signals: { id: string; fired: boolean; points: number; maxPoints: number; explanation: { zh: string; en: string }; reason: unknown }[] }[];
    };
    expect(all.groups.length).toBeGreaterThan(500);
    // every group lists its fired signals (white and green ones too), as the engine finds them, in analysis.group's shape
    const engine = analyzePortfolio(generateDemoBranch().portfolio, DEFAULT_SETTINGS);
    const fired = new Map(groupRows(generateDemoBranch().portfolio, engine).map((row) => [row.groupCode, [...row.firedSignals]]));
    for (const g of all.groups) {
      expect(g.fired).toEqual(fired.get(g.groupCode));
      expect(g.signals.map((x) => x.id)).toEqual(g.fired);
      for (const x of g.signals) expect(x.fired && x.points === x.maxPoints && x.explanation.zh.length > 0 && x.explanation.en.length > 0).toBe(true);
      expect(g.score).toBeLessThanOrEqual(100);
      if (g.zone === 'white') expect(g.valueRiskCell).toBeNull();
    }
    const early = JSON.parse(holdfast('analyze', '--workspace', ws, '--json', '--as-of', '2025-03').stdout) as { asOf: string; backtest: { status: string } };
    expect(early.asOf).toBe('2025-03');
    expect(early.backtest.status).toBe('insufficient');
    expect(holdfast('analyze', '--workspace', ws, '--as-of', '2020-01').code).toBe(1);
    expect(holdfast('analyze', '--workspace', ws, '--as-of', 'soon').code).toBe(1);
  });

  it('user errors exit 1 with a message', () => {
    const missing = holdfast('summary', '--workspace', path.join(tmp, 'nope'), '--json');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('not a Holdfast workspace');
    expect(holdfast('frobnicate').code).toBe(1);
    expect(holdfast('demo').code).toBe(1);
    expect(holdfast('demo', '--out', path.join(tmp, 'd'), '--workspace', path.join(tmp, 'ws')).code).toBe(1);
    expect(holdfast('--help').code).toBe(0);
  });
});
