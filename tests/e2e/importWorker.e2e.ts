/** The import worker on a large workbook: progress is reported, cancel stops it at once, the workspace is untouched. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { ImportService } from '../../electron/backend/import/importService';
import { createWorkspace, OpenWorkspace } from '../../electron/backend/storage/workspaceStore';
import { factColumnsOf, factRows } from '../../shared/model/factColumns';
import { ROOT } from './support/app';

describe('import worker', () => {
  it('reports progress and cancels a 150,000-row import without touching the workspace', async () => {
    const dir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'hf-worker-')), 'ws');
    await createWorkspace(dir, { name: 'w', branchName: null, source: 'empty', portfolio: { groups: [], facts: [] } });
    const docBefore = await fs.readFile(path.join(dir, 'workspace.json'));
    const rows: (string | number)[][] = [['集团编码', '集团名称', '账期', '出账收入', '成员数']];
    for (let i = 0; i < 150_000; i++) rows.push([`05710${String(i).padStart(5, '0')}`, `集团${i}`, 202401 + (i % 12), 1000 + (i % 97), 10 + (i % 50)]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '出账');
    const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);

    const ws = await OpenWorkspace.open('ws', dir);
    const service = new ImportService({ workerPath: path.join(ROOT, 'dist', 'import-worker.mjs') });
    const session = service.start(ws, [{ fileName: 'big.xlsx', bytes }]);
    // The event loop stays free while the worker reads: this timer keeps firing.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const deadline = Date.now() + 60_000;
    // the .xlsx is streamed: the row total is an estimate from the bytes read so far, known after the first chunk
    const estimating = () => session.progress.phase === 'normalise' && session.progress.done > 0 && session.progress.total > session.progress.done;
    while (!estimating() && session.state === 'working' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    clearInterval(timer);
    expect(session.state).toBe('working');
    expect(Math.abs(session.progress.total - 150_000) / 150_000).toBeLessThan(0.15);
    expect(ticks).toBeGreaterThan(10);
    const t0 = Date.now();
    session.cancel();
    await session.settled();
    expect(session.state).toBe('cancelled');
    expect(Date.now() - t0).toBeLessThan(2000);
    expect((await fs.readFile(path.join(dir, 'workspace.json'))).equals(docBefore)).toBe(true);
  });

  it('moves the fact columns out of the worker, and a file left unchanged by an update keeps them (the same commit as in process)', async () => {
    const book = (offset: number, months: number[]): Uint8Array => {
      const rows: (string | number)[][] = [['集团编码', '集团名称', '账期', '出账收入', '成员数']];
      for (let g = 0; g < 300; g++) for (const m of months) rows.push([`05710${String(offset + g).padStart(5, '0')}`, `集团${offset + g}`, m, 1000 + ((g * 7 + m) % 97), 10 + (g % 50)]);
      const wb = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '出账');
      return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    };
    const a = book(0, [202401, 202402]);
    const b = book(5000, [202401, 202402, 202403]);
    const run = async (workerPath: string | null): Promise<unknown[]> => {
      const dir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'hf-worker-move-')), 'ws');
      await createWorkspace(dir, { name: 'w', branchName: null, source: 'empty', portfolio: { groups: [], facts: [] } });
      const ws = await OpenWorkspace.open('ws', dir);
      const service = new ImportService({ workerPath });
      const session = service.start(ws, [
        { fileName: 'a.xlsx', bytes: a.slice() },
        { fileName: 'b.xlsx', bytes: b.slice() },
      ]);
      await session.settled();
      expect(session.state).toBe('ready');
      // update file 0 (members left out): file 1 is not normalised again and comes back as kept
      await session.update(0, { columns: [{ column: 4, field: null, unit: null }] });
      await session.settled();
      expect(session.state).toBe('ready');
      expect(session.files[1]?.result?.factColumns.length).toBe(900);
      await service.commit(ws, session);
      const facts = factRows(factColumnsOf(ws.portfolio));
      await ws.close();
      return facts;
    };
    const inWorker = await run(path.join(ROOT, 'dist', 'import-worker.mjs'));
    const inProcess = await run(null);
    expect(inWorker.length).toBe(600 + 900);
    expect(inWorker).toEqual(inProcess);
    // file 0's members were dropped by the update, file 1's kept
    expect((inWorker as { groupCode: string; members: number | null }[]).filter((f) => f.groupCode.startsWith('0571000')).every((f) => f.members === null)).toBe(true);
    expect((inWorker as { groupCode: string; members: number | null }[]).some((f) => f.groupCode.startsWith('0571005') && f.members !== null)).toBe(true);
  });
});
