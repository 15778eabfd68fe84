/**
 * Export injection (OWASP CSV/formula injection): every workbook the app writes
 * — the warning list, any list through export.table (quadrant lists), the
 * import problem list, the scenario action list and the review's Excel pack —
 * keeps text starting with = + - @, tab or CR as text. Groups, managers and a
 * file's values are named with the payloads; each export is read back and no
 * cell is a formula or a string a spreadsheet would run.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../electron/backend/backend';
import { escapeFormula } from '../../electron/backend/import/problemReport';
import { createWorkspace } from '../../electron/backend/storage/workspaceStore';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import type { ScenarioDraft } from '../../shared/api/scenarioContract';

const PAYLOADS = ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(1+1)', '\t=1+1', '\r=1+1', '=cmd|\' /C calc\'!A0'];
const DANGEROUS = /^[=+\-@\t\r\n]/;

function cells(b64: string): { strings: string[]; formulas: number } {
  const wb = XLSX.read(Buffer.from(b64, 'base64'), { type: 'buffer', cellFormula: true });
  const strings: string[] = [];
  let formulas = 0;
  for (const name of wb.SheetNames) {
    const ws = wb.Sheets[name];
    if (!ws) continue;
    for (const [ref, c] of Object.entries(ws)) {
      if (ref.startsWith('!')) continue;
      const cell = c as XLSX.CellObject;
      if (cell.f) formulas++;
      if (cell.t === 's' && typeof cell.v === 'string') strings.push(cell.v);
    }
  }
  return { strings, formulas };
}

function expectSafe(label: string, b64: string): void {
  const { strings, formulas } = cells(b64);
  expect(formulas, `${label}: formula cells`).toBe(0);
  expect(strings.filter((s) => DANGEROUS.test(s)), `${label}: cells a spreadsheet would run`).toEqual([]);
  // The payloads did reach the file (escaped), so the check above looked at them.
  expect(strings.some((s) => s.startsWith("'=HYPERLINK") || s.startsWith("'+1") || s.startsWith("'@SUM")), `${label}: payloads present`).toBe(true);
}

describe('export injection', () => {
  let root: string;
  let backend: Backend;

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-inject-'));
    const dir = path.join(root, 'ws');
    const portfolio = generateDemoBranch().portfolio;
    // Every group and manager carries a payload (cycled), so every list and the review's top lists hold them.
    portfolio.groups.forEach((g, i) => {
      g.groupName = `${PAYLOADS[i % PAYLOADS.length] ?? ''}${i}`;
      if (i % 2 === 0) g.accountManager = PAYLOADS[(i + 3) % PAYLOADS.length] ?? null;
    });
    await createWorkspace(dir, { name: '注入测试', branchName: null, source: 'empty', portfolio });
    backend = await Backend.start({ dataDir: path.join(root, 'data'), version: 'test', mode: 'browser' });
    await backend.openWorkspaceAt(dir);
  }, 60_000);
  afterAll(async () => {
    await backend.workspace?.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('escapes = + - @ tab CR (and LF) and nothing else', () => {
    for (const p of PAYLOADS) expect(escapeFormula(p)).toBe(`'${p}`);
    expect(escapeFormula('\n=1')).toBe("'\n=1");
    expect(escapeFormula('集团=1')).toBe('集团=1');
    expect(escapeFormula('')).toBe('');
  });

  it('the warning list export', async () => {
    const r = await backend.call('warnings.export', {
      filter: { zones: [], abOnly: false, contractSoon: false, noManager: false, region: null, groupClass: null, industry: null, manager: null, stage: null, search: '' },
      sort: { key: 'default', order: 'desc' },
      language: 'zh-CN',
      fileName: '预警',
      sheetName: '预警',
      columns: [
        { id: 'group', title: '=集团' },
        { id: 'manager', title: '客户经理' },
        { id: 'signals', title: '信号' },
      ],
    });
    expectSafe('warnings.export', r.dataBase64);
  });

  it('export.table (the quadrant and other lists)', async () => {
    const groups = backend.workspace?.portfolio.groups ?? [];
    const r = await backend.call('export.table', {
      fileName: '象限',
      sheetName: '象限',
      columns: [
        { title: '集团', kind: 'text' },
        { title: '价值', kind: 'yuan' },
      ],
      rows: groups.slice(0, 50).map((g, i) => [g.groupName, i % 3 === 0 ? PAYLOADS[i % PAYLOADS.length] ?? null : i * 100]),
    });
    expectSafe('export.table', r.dataBase64);
  });

  it('the import problem list', async () => {
    const lines = ['集团编码,集团名称,账期,出账收入,成员数'];
    PAYLOADS.forEach((p, i) => lines.push(`0571${String(900000 + i)},"${p.replace(/"/g, '""')}",202403,"${p.replace(/"/g, '""')}",${p.startsWith('\t') ? '\t-1' : '=1+1'}`));
    const { sessionId } = await backend.call('import.start', { files: [{ name: '=evil.csv', dataBase64: Buffer.from(lines.join('\r\n')).toString('base64') }] });
    for (let i = 0; i < 200; i++) {
      const s = await backend.call('import.status', { sessionId });
      if (s.state !== 'working') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const r = await backend.call('import.problemReport', { sessionId, language: 'zh-CN' });
    expectSafe('import.problemReport', r.dataBase64);
  });

  it('the scenario action list', async () => {
    const draft: ScenarioDraft = {
      name: '=HYPERLINK("http://x","plan")',
      step: 4,
      scope: { kind: 'branch' },
      moves: [{ moveId: 'wiring-for-switch', intensity: 1 }],
      counters: [{ measureId: 'key-person-care', segment: null }],
      budget: 500_000,
      allocation: 'auto',
      quarters: 4,
      runs: 10_000,
      seed: 7,
      isPlan: false,
    };
    const s = await backend.call('scenario.save', { scenario: draft });
    const plan = await backend.call('scenario.plan.create', { id: s.id });
    expect(plan.created).toBeGreaterThan(0);
    const r = await backend.call('scenario.plan.export', { id: s.id });
    expectSafe('scenario.plan.export', r.dataBase64);
  }, 60_000);

  it('the review Excel pack', async () => {
    const q = await backend.call('review.quarters', {});
    const r = await backend.call('review.export', { quarter: q.defaultQuarter ?? '2026Q3', language: 'zh-CN', format: 'xlsx' });
    expectSafe('review.export', r.dataBase64);
  }, 60_000);
});
