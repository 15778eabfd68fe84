/**
 * Issue 13 walk, a branch with a partial last month: the 行动台账 judges at the last complete month, as every
 * other page does. Before, it took the data's newest month: with 24 groups billed in 2026-11 its 当前预警区
 * showed almost every group 黄 (while 流失预警 showed them at 2026-10), a re-check due in 2026-11 was "done"
 * against the partial month, and a new action's base month was the partial month.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzePortfolio, buildIndex, DEFAULT_SETTINGS, groupRows } from '../../shared/analytics';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { periodFromIndex, periodIndex } from '../../shared/util/period';
import { Backend } from '../../electron/backend/backend';
import { createWorkspace } from '../../electron/backend/storage/workspaceStore';

const demo = generateDemoBranch();
let last = '';
for (const f of demo.portfolio.facts) if (f.period > last) last = f.period;
const partial = periodFromIndex(periodIndex(last) + 1);
const portfolio = { ...demo.portfolio, facts: [...demo.portfolio.facts, ...demo.portfolio.facts.filter((f) => f.period === last && f.totalRevenue > 0).slice(0, 24).map((f) => ({ ...f, period: partial }))] };
const ix = buildIndex(portfolio);
const zoneAtLast = new Map(groupRows(ix, analyzePortfolio(ix, DEFAULT_SETTINGS, { asOf: last, explainTop: 0 })).map((r) => [r.groupCode, r.zone]));

let root: string;
let backend: Backend;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-ledger-partial-'));
  const dir = path.join(root, 'ws');
  await createWorkspace(dir, { name: '不完整月', branchName: null, source: 'empty', portfolio });
  backend = await Backend.start({ dataDir: path.join(root, 'data'), version: 'test', mode: 'browser', scenarioWorkerPath: null });
  await backend.openWorkspaceAt(dir);
}, 120_000);
afterAll(async () => {
  await backend.workspace?.close();
  await fs.rm(root, { recursive: true, force: true });
});

describe('行动台账 on a branch with a partial last month', () => {
  it('shows the zone at the last complete month, and a new action takes that month as its base', async () => {
    // groups that billed in the full month but not in the partial one
    const codes = demo.portfolio.facts.filter((f) => f.period === last && f.totalRevenue > 0).slice(100, 130).map((f) => f.groupCode);
    for (const groupCode of codes) await backend.call('actions.save', { groupCode, cause: 'competition', action: '上门拜访', owner: '王经理', due: '2027-01-15', status: 'open', note: '' });
    const list = await backend.call('ledger.list', { today: '2026-12-04' });
    expect(list.asOf).toBe(last);
    const rows = list.rows.filter((r) => codes.includes(r.action.groupCode));
    expect(rows).toHaveLength(codes.length);
    for (const r of rows) {
      expect(r.zone, r.action.groupCode).toBe(zoneAtLast.get(r.action.groupCode));
      expect(r.action.basePeriod).toBe(last);
      // its re-check month is two months after the base: still to come
      expect(r.recheck.status).toBe('pending');
    }
  });

  it('names a library measure in both languages (the English ledger showed the stored Chinese name)', async () => {
    const groupCode = demo.portfolio.groups[0]?.groupCode as string;
    const saved = await backend.call('actions.save', { groupCode, cause: 'service', action: '专线升级', owner: '王经理', due: '2027-01-15', status: 'open', note: '', measure: '服务升级（专线等级、绿色通道）' });
    const free = await backend.call('actions.save', { groupCode, cause: 'service', action: '请客吃饭', owner: '王经理', due: '2027-01-15', status: 'open', note: '', measure: '自定义措施' });
    const rows = (await backend.call('ledger.list', { today: '2026-12-04' })).rows;
    expect(rows.find((r) => r.action.id === saved.id)?.measureName).toEqual({ zh: '服务升级（专线等级、绿色通道）', en: 'Service upgrade (line grade, green channel)' });
    // free text stays as written
    expect(rows.find((r) => r.action.id === free.id)?.measureName ?? null).toBeNull();
  });
});
