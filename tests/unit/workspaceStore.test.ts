import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Portfolio } from '../../shared/model/portfolio';
import { createWorkspace, DOC_FILE, FACTS_FILE, OpenWorkspace, TABLES_DIR } from '../../electron/backend/storage/workspaceStore';

const g = (code: string) => ({
  groupCode: code,
  groupName: `集团${code}`,
  groupClass: null,
  importance: null,
  industry: null,
  region: null,
  accountManager: null,
  employees: null,
  contractEnd: null,
  competitorPresence: null,
  lineGrade: null,
});
const f = (code: string, period: string, total: number) => ({
  groupCode: code,
  period,
  unifiedPayRevenue: null,
  personalPayRevenue: null,
  totalRevenue: total,
  newBusinessRevenue: null,
  members: null,
  offNetMembers: null,
  minutes: null,
  arrears: null,
  complaints: null,
  faults: null,
  products: null,
});

describe('workspace store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'hf-ws-')), 'ws');
    await createWorkspace(dir, { name: '测试', branchName: null, source: 'empty', portfolio: { groups: [], facts: [] } });
  });
  afterEach(async () => {
    await fs.rm(path.dirname(dir), { recursive: true, force: true });
  });

  it('commits data as a new generation and undoes it', async () => {
    const ws = await OpenWorkspace.open('ws', dir);
    expect(ws.info().canUndoImport).toBe(false);
    const data: Portfolio = { groups: [g('001')], facts: [f('001', '2024-01', 100)] };
    await ws.commitData(data, { files: ['a.xlsx'], summary: 'x' });
    expect(ws.info()).toMatchObject({ groupCount: 1, factCount: 1, lastPeriod: '2024-01', canUndoImport: true });

    const reopened = await OpenWorkspace.open('ws', dir);
    expect(reopened.portfolio.facts).toEqual(data.facts);
    expect(await reopened.undoLastImport()).toBe(true);
    expect(reopened.portfolio.facts).toEqual([]);
    expect(reopened.info().canUndoImport).toBe(false);
    expect(await reopened.undoLastImport()).toBe(false);
    const again = await OpenWorkspace.open('ws', dir);
    expect(again.portfolio.groups).toEqual([]);
  });

  it('keeps only the current and the previous generation', async () => {
    const ws = await OpenWorkspace.open('ws', dir);
    for (let i = 1; i <= 4; i++) await ws.commitData({ groups: [g(String(i))], facts: [] }, { files: [], summary: String(i) });
    const gens = (await fs.readdir(path.join(dir, TABLES_DIR))).sort();
    expect(gens).toEqual(['g000004', 'g000005']);
  });

  it('a page change rewrites only workspace.json, never the tables', async () => {
    const ws = await OpenWorkspace.open('ws', dir);
    await ws.commitData({ groups: [g('1')], facts: [f('1', '2024-01', 1)] }, { files: [], summary: '' });
    const tableFile = path.join(dir, TABLES_DIR, 'g000002', FACTS_FILE);
    const before = (await fs.stat(tableFile)).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    await ws.setPage('warnings');
    expect((await fs.stat(tableFile)).mtimeMs).toBe(before);
    const doc = JSON.parse(await fs.readFile(path.join(dir, DOC_FILE), 'utf8')) as { ui: { page: string } };
    expect(doc.ui.page).toBe('warnings');
  });

  it('a commit whose pointer write fails leaves the old data in place', async () => {
    const ws = await OpenWorkspace.open('ws', dir);
    const docFile = path.join(dir, DOC_FILE);
    const original = await fs.readFile(docFile);
    // Make the pointer switch impossible: the document's path is now a non-empty folder.
    await fs.rm(docFile);
    await fs.mkdir(docFile);
    await fs.writeFile(path.join(docFile, 'x'), 'x');
    await expect(ws.commitData({ groups: [g('1')], facts: [] }, { files: [], summary: '' })).rejects.toThrow();
    expect(ws.portfolio.groups).toEqual([]);
    expect(ws.info().groupCount).toBe(0);
    await fs.rm(docFile, { recursive: true });
    await fs.writeFile(docFile, original);
    const reopened = await OpenWorkspace.open('ws', dir);
    expect(reopened.portfolio.groups).toEqual([]);
  });

  it('reports a damaged document by name', async () => {
    await fs.writeFile(path.join(dir, DOC_FILE), '{"formatVersion": 1, "trunc');
    await expect(OpenWorkspace.open('ws', dir)).rejects.toThrow(/workspace\.json/);
  });
});
