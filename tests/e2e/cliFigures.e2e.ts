/**
 * `holdfast analyze --json` on the demo workspace: its keyPersons and actions figures equal what
 * the app's backend computes on the same workspace — the key-person warning signal of every group
 * as the group drawer explains it (analysis.group), and the 行动台账's rows (ledger.list: status,
 * outcome, overdue, re-check) and 什么管用 (ledger.effectiveness). Expectations come from the
 * backend in the same run, never pinned demo counts.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse } from '../../shared/api/contract';
import { ROOT, startApp, type RunningApp } from './support/app';

let tmp: string;
let app: RunningApp;

async function call<C extends 'workspace.openDemo' | 'ledger.effectiveness' | 'ledger.list' | 'analysis.group'>(channel: C, payload: unknown): Promise<ApiResponse<C>> {
  const res = await fetch(`${app.origin}/api/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Holdfast-Token': app.token }, body: JSON.stringify(payload) });
  const body = (await res.json()) as { ok: boolean; data?: ApiResponse<C>; error?: unknown };
  if (!body.ok) throw new Error(`${channel}: ${JSON.stringify(body.error)}`);
  return body.data as ApiResponse<C>;
}

interface List {
  count: number;
  groups: { groupCode: string; groupName: string }[];
}
interface Out {
  asOf: string;
  groups: { groupCode: string; zone: string }[];
  keyPersons: { asOf: string; available: boolean; days: number; personsOnRecord: number; noKeyPersons: List; noDecisionMaker: List; poached: List; changed: List; notContacted: List };
  actions: {
    today: string;
    total: number;
    open: number;
    done: number;
    cancelled: number;
    overdue: number;
    overdueActions: { id: string }[];
    outcomes: Record<string, number>;
    recheck: { done: number; pending: number; noBase: number; scoreDown: number; scoreUp: number; scoreSame: number; valueDown: number };
    effectiveness: { closed: number; retentionRate: number | null; byMeasure: { key: string; closed: number; retentionRate: number | null; enough: boolean }[] };
  };
}

let out: Out;
let dir: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-cli-figures-'));
  app = await startApp('server', path.join(tmp, 'data'));
  await call('workspace.openDemo', {});
  dir = path.join(tmp, 'data', 'workspaces', 'demo');
  const text = execFileSync(process.execPath, [path.join(ROOT, 'bin', 'holdfast.mjs'), 'analyze', '--workspace', dir, '--json', '--all'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  out = JSON.parse(text) as Out;
}, 240_000);

afterAll(async () => {
  await app?.stop('SIGKILL');
});

describe('analyze --json: keyPersons', () => {
  it('counts the groups whose key-person signal (as the drawer explains it) names each trouble', async () => {
    const kp = out.keyPersons;
    expect(kp.available).toBe(true);
    expect(kp.asOf).toBe(out.asOf);
    expect(kp.personsOnRecord).toBeGreaterThan(0);
    const days = kp.days;
    const want = { changed: new Set<string>(), poached: new Set<string>(), notContacted: new Set<string>(), noDecisionMaker: new Set<string>(), noKeyPersons: new Set<string>() };
    for (const g of out.groups) {
      const d = await call('analysis.group', { groupCode: g.groupCode });
      const s = d.signals.find((x) => x.id === 'keyPerson');
      expect(s, g.groupCode).toBeDefined();
      if (!s) continue;
      if (s.unavailable) {
        // "no key persons on record" (the column exists: the demo imports key persons)
        want.noKeyPersons.add(g.groupCode);
        continue;
      }
      if (!s.fired) continue;
      const text = s.explanation.zh;
      if (text.includes('天内更换')) want.changed.add(g.groupCode);
      if (text.includes('竞争对手已接触')) want.poached.add(g.groupCode);
      if (new RegExp(`\\d+ 天未联系`).test(text)) want.notContacted.add(g.groupCode);
      if (text.includes('未登记决策者')) want.noDecisionMaker.add(g.groupCode);
    }
    for (const k of ['changed', 'poached', 'notContacted', 'noDecisionMaker', 'noKeyPersons'] as const) {
      expect(new Set(kp[k].groups.map((x) => x.groupCode)), k).toEqual(want[k]);
      expect(kp[k].count, k).toBe(want[k].size);
    }
    expect(kp.poached.count + kp.noDecisionMaker.count + kp.notContacted.count).toBeGreaterThan(0);
    expect(days).toBe(90);
  }, 300_000);
});

describe('analyze --json: actions', () => {
  it('equals the 行动台账: open, overdue, outcomes and re-checks of its rows, and 什么管用 by measure', async () => {
    const a = out.actions;
    const ledger = await call('ledger.list', { today: a.today });
    const rows = ledger.rows;
    expect(rows.length).toBeGreaterThan(10);
    expect(a.total).toBe(rows.length);
    expect(a.open).toBe(rows.filter((r) => r.action.status === 'open').length);
    expect(a.done).toBe(rows.filter((r) => r.action.status === 'done').length);
    expect(a.cancelled).toBe(rows.filter((r) => r.action.status === 'cancelled').length);
    expect(a.overdue).toBe(rows.filter((r) => r.overdue).length);
    expect(new Set(a.overdueActions.map((x) => x.id))).toEqual(new Set(rows.filter((r) => r.overdue).map((r) => r.action.id)));
    const done = rows.filter((r) => r.action.status === 'done');
    for (const o of ['retained', 'partly', 'lost', 'tooEarly'] as const) expect(a.outcomes[o], o).toBe(done.filter((r) => r.action.outcome === o).length);
    expect(a.outcomes.none).toBe(done.filter((r) => !r.action.outcome).length);
    const live = rows.filter((r) => r.action.status !== 'cancelled');
    const rc = live.map((r) => r.recheck);
    expect(a.recheck.done).toBe(rc.filter((r) => r.status === 'done').length);
    expect(a.recheck.pending).toBe(rc.filter((r) => r.status === 'pending').length);
    expect(a.recheck.noBase).toBe(rc.filter((r) => r.status === 'noBase').length);
    expect(a.recheck.scoreDown).toBe(rc.filter((r) => r.status === 'done' && r.scoreChange !== null && r.scoreChange < 0).length);
    expect(a.recheck.scoreUp).toBe(rc.filter((r) => r.status === 'done' && r.scoreChange !== null && r.scoreChange > 0).length);
    expect(a.recheck.valueDown).toBe(rc.filter((r) => r.status === 'done' && r.valueChange !== null && r.valueChange < 0).length);
    expect(a.recheck.done).toBeGreaterThan(0);

    const e = await call('ledger.effectiveness', {});
    expect(a.effectiveness.closed).toBe(e.closed);
    expect(a.effectiveness.retentionRate).toBeCloseTo(e.total.retentionRate.value ?? NaN, 12);
    expect(a.effectiveness.byMeasure.length).toBe(e.byMeasure.length);
    for (const m of e.byMeasure) {
      const got = a.effectiveness.byMeasure.find((x) => x.key === m.key);
      expect(got, m.key).toBeDefined();
      expect(got?.closed).toBe(m.closed);
      expect(got?.enough).toBe(m.enough);
      if (m.retentionRate.value === null) expect(got?.retentionRate).toBeNull();
      else expect(got?.retentionRate).toBeCloseTo(m.retentionRate.value, 12);
    }
  }, 120_000);
});

describe('analyze (text): the one formatter', () => {
  it('writes the AUC with two decimals (as 流失预警 and the deck) and counts with separators (issue 13)', () => {
    const text = execFileSync(process.execPath, [path.join(ROOT, 'bin', 'holdfast.mjs'), 'analyze', '--workspace', dir], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const auc = /Back-test AUC (\S+) over/.exec(text)?.[1];
    expect(auc).toMatch(/^\d\.\d\d$/);
    const onRecord = /Key persons: (\S+) on record/.exec(text)?.[1] ?? '';
    expect(onRecord).toBe(out.keyPersons.personsOnRecord.toLocaleString('en-US'));
    expect(out.keyPersons.personsOnRecord).toBeGreaterThan(999);
  }, 120_000);
});
