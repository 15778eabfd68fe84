/** The import worker on a large workbook: progress is reported, cancel stops it at once, the workspace is untouched. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { ImportService } from '../../electron/backend/import/importService';
import { createWorkspace, OpenWorkspace } from '../../electron/backend/storage/workspaceStore';
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
});
