/** Import sessions: nothing changes until confirm; cancel leaves the workspace byte-for-byte; templates come back next month. */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Backend } from '../../electron/backend/backend';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { groupMasterSheet, monthlyBillingSheet, sheetToAoa } from '../../shared/demo/demoWorkbooks';

const demo = generateDemoBranch();

function xlsx(aoa: (string | number | null)[][], name: string): string {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), name);
  return Buffer.from(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer).toString('base64');
}

async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string) => {
    for (const e of await fs.readdir(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out[path.relative(dir, p)] = createHash('sha256').update(await fs.readFile(p)).digest('hex');
    }
  };
  await walk(dir);
  return out;
}

describe('import sessions', () => {
  let dataDir: string;
  let backend: Backend;
  let wsDir: string;
  const master = xlsx(sheetToAoa(groupMasterSheet(demo)), '集团客户资料');
  const billing = xlsx(sheetToAoa(monthlyBillingSheet(demo)), '月度出账');

  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-import-'));
    backend = await Backend.start({ dataDir, version: 'test', mode: 'browser' });
    const ws = await backend.call('workspace.create', { name: '测试分公司' });
    wsDir = ws.path;
  });
  afterEach(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const stage = async (files: { name: string; dataBase64: string }[]) => {
    const { sessionId } = await backend.call('import.start', { files });
    await backend.imports.get(sessionId)?.settled();
    return backend.call('import.status', { sessionId });
  };

  it('staging and cancelling leave the workspace byte-for-byte unchanged', async () => {
    const before = await snapshot(wsDir);
    const s = await stage([
      { name: '集团客户资料.xlsx', dataBase64: master },
      { name: '月度出账.xlsx', dataBase64: billing },
    ]);
    expect(s.state).toBe('ready');
    expect(s.plan).toMatchObject({ newGroups: 600, changedGroups: 0, factRows: demo.portfolio.facts.length, replacedPeriods: [] });
    expect(s.plan?.newPeriods).toHaveLength(24);
    expect(await snapshot(wsDir)).toEqual(before);
    await backend.call('import.cancel', { sessionId: s.id });
    expect(await snapshot(wsDir)).toEqual(before);
    await expect(backend.call('import.status', { sessionId: s.id })).rejects.toThrow(/expired/);
  });

  it('a session whose commit failed after its release says, in both languages, to import the file again', async () => {
    const s = await stage([
      { name: '集团客户资料.xlsx', dataBase64: master },
      { name: '月度出账.xlsx', dataBase64: billing },
    ]);
    const ws = (backend as unknown as { current: { commitData: (...args: unknown[]) => Promise<void> } }).current;
    const real = ws.commitData.bind(ws);
    ws.commitData = async () => {
      throw new Error('disk full');
    };
    await expect(backend.call('import.commit', { sessionId: s.id, confirmReplace: false })).rejects.toThrow(/disk full/);
    ws.commitData = real;
    // the session was released for the commit: an update no longer passes silently, nor does a second commit
    const update = JSON.parse((await backend.handleJson('import.update', JSON.stringify({ sessionId: s.id, fileIndex: 0, kind: 'groupMaster' }))).json) as { ok: boolean; error?: { code: string; message: { zh: string; en: string } } };
    expect(update.ok).toBe(false);
    expect(update.error?.code).toBe('conflict');
    expect(update.error?.message.zh).toContain('请重新导入文件');
    expect(update.error?.message.en).toContain('import the file again');
    expect(update.error?.message.en).not.toMatch(/[\u4e00-\u9fff，。：（）]/);
    await expect(backend.call('import.commit', { sessionId: s.id, confirmReplace: false })).rejects.toThrow(/import the file again/);
    const status = await backend.call('import.status', { sessionId: s.id });
    expect(status.state).toBe('failed');
    expect(status.error?.zh).toContain('请重新导入文件');
  });

  it('commits, remembers the mapping for next month, asks before replacing, and undoes', async () => {
    const first = await stage([
      { name: '集团客户资料.xlsx', dataBase64: master },
      { name: '月度出账.xlsx', dataBase64: billing },
    ]);
    // The analyst ignores one column this month; the template must remember that choice.
    const minutesColumn = first.files[1]?.mapping.find((m) => m.field === 'minutes')?.column ?? -1;
    const updated = await backend.call('import.update', { sessionId: first.id, fileIndex: 1, columns: [{ column: minutesColumn, field: null, unit: null }] });
    expect(updated.files[1]?.mapping.find((m) => m.column === minutesColumn)?.field).toBeNull();
    await backend.call('import.commit', { sessionId: first.id, confirmReplace: false });
    const summary = await backend.call('summary.get', {});
    expect(summary.groups.value).toBe(600);
    expect(summary.asOf).toBe('2026-10');
    expect(backend.workspace?.portfolio.facts.every((f) => f.minutes === null)).toBe(true);
    const templates = await backend.call('templates.list', {});
    expect(templates.map((t) => t.kind).sort()).toEqual(['groupMaster', 'monthlyBilling']);

    // Next month, same headers: the template applies with no clicks, and replacing needs confirmation.
    const again = await stage([{ name: '出账-202610.xlsx', dataBase64: billing }]);
    expect(again.files[0]?.templateApplied).toBe('月度出账');
    expect(again.files[0]?.mapping.find((m) => m.column === minutesColumn)?.field).toBeNull();
    expect(again.plan?.replacedPeriods).toHaveLength(24);
    await expect(backend.call('import.commit', { sessionId: again.id, confirmReplace: false })).rejects.toThrow(/replaces existing periods/);
    await backend.call('import.commit', { sessionId: again.id, confirmReplace: true });
    expect((await backend.call('app.getState', {})).workspace?.canUndoImport).toBe(true);

    const undo = await backend.call('import.undo', {});
    expect(undo.undone).toBe(true);
    expect(backend.workspace?.portfolio.facts).toHaveLength(demo.portfolio.facts.length);

    await backend.call('templates.rename', { signature: templates[0]?.signature ?? '', name: '经分月报' });
    expect((await backend.call('templates.list', {})).some((t) => t.name === '经分月报')).toBe(true);
    await backend.call('templates.delete', { signature: templates[0]?.signature ?? '' });
    expect(await backend.call('templates.list', {})).toHaveLength(1);
  });

  it('a file that cannot be read is reported and blocks nothing else', async () => {
    const s = await stage([
      { name: '坏文件.xlsx', dataBase64: Buffer.from('PK\u0003\u0004garbage').toString('base64') },
      { name: '集团客户资料.xlsx', dataBase64: master },
    ]);
    expect(s.files[0]?.readError?.code).toBe('corrupt');
    expect(s.problems[0]?.message.zh).toContain('坏文件.xlsx');
    expect(s.plan?.newGroups).toBe(600);
    const report = await backend.call('import.problemReport', { sessionId: s.id, language: 'zh-CN' });
    const wb = XLSX.read(Buffer.from(report.dataBase64, 'base64'));
    const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0] ?? ''] ?? {}, { header: 1 });
    expect(rows[0]).toContain('原始值');
    expect(rows[1]?.[1]).toBe('坏文件.xlsx');
  });

  it('rejects unknown fields in a mapping change', async () => {
    const s = await stage([{ name: '月度出账.xlsx', dataBase64: billing }]);
    await expect(backend.call('import.update', { sessionId: s.id, fileIndex: 0, columns: [{ column: 0, field: 'constructor', unit: null }] })).rejects.toThrow(/Unknown field/);
  });

  it('a survey file’s columns can be mapped to the survey fields by hand (import.update accepts every import field)', async () => {
    const aoa: (string | number)[][] = [['项目', '甲分', '乙分', '集团编码']];
    for (let i = 0; i < 12; i++) aoa.push([i % 2 ? '网络质量' : '资费价格', 3 + (i % 3), 2 + (i % 4), demo.portfolio.groups[i]?.groupCode ?? '']);
    const s = await stage([{ name: '调研.xlsx', dataBase64: xlsx(aoa, '调研') }]);
    const updated = await backend.call('import.update', {
      sessionId: s.id,
      fileIndex: 0,
      kind: 'survey',
      columns: [
        { column: 0, field: 'surveyFactor', unit: null },
        { column: 1, field: 'surveyImportance', unit: null },
        { column: 2, field: 'surveySatisfaction', unit: null },
      ],
    });
    const f = updated.files[0];
    expect(f?.kind).toBe('survey');
    expect(f?.mapping.slice(0, 3).map((m) => m.field)).toEqual(['surveyFactor', 'surveyImportance', 'surveySatisfaction']);
    expect(f?.stats.imported).toBe(12);
  });
});
