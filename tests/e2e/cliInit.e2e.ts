/** An analyst starting from their own files: holdfast init, import --create (issue 14). */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/app';

function holdfast(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'holdfast.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('holdfast init and import --create', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-cli-init-'));
  const files = path.join(tmp, 'files');
  const master = path.join(files, '集团客户资料.xlsx');
  const billing = path.join(files, '月度出账.xlsx');

  it('init creates an empty workspace; refuses a workspace or a non-empty folder', () => {
    const dir = path.join(tmp, 'empty-ws');
    const r = holdfast('init', '--workspace', dir, '--name', '城东分公司');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('城东分公司');
    const doc = JSON.parse(fs.readFileSync(path.join(dir, 'workspace.json'), 'utf8')) as { name: string };
    expect(doc.name).toBe('城东分公司');
    const summary = JSON.parse(holdfast('summary', '--workspace', dir, '--json').stdout) as { groups: number; periods: number };
    expect(summary).toMatchObject({ groups: 0, periods: 0 });
    const again = holdfast('init', '--workspace', dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already holds a workspace');
    const full = path.join(tmp, 'full');
    fs.mkdirSync(full);
    fs.writeFileSync(path.join(full, 'notes.txt'), 'x');
    const notEmpty = holdfast('init', '--workspace', full);
    expect(notEmpty.code).toBe(1);
    expect(notEmpty.stderr).toContain('not empty');
  });

  it('import into a folder without a workspace says how to create one; --create creates it and imports', () => {
    expect(holdfast('demo', '--out', files).code).toBe(0);
    const dir = path.join(tmp, 'new-ws');
    const refused = holdfast('import', master, billing, '--workspace', dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('not a Holdfast workspace');
    expect(refused.stderr).toContain('--create');
    expect(refused.stderr).toContain('holdfast init');
    expect(fs.existsSync(dir)).toBe(false);

    // --create is a switch: the file after it stays a file
    const r = holdfast('import', '--create', master, billing, '--workspace', dir, '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { committed: boolean; files: { kind: string; stats: { imported: number } }[] };
    expect(out.committed).toBe(true);
    expect(out.files.map((f) => f.kind)).toEqual(['groupMaster', 'monthlyBilling']);
    const summary = JSON.parse(holdfast('summary', '--workspace', dir, '--json').stdout) as { groups: number; periods: number };
    expect(summary.groups).toBe(out.files[0]?.stats.imported);
    expect(summary.periods).toBeGreaterThan(0);
    // a second --create on the now existing workspace just imports
    expect(holdfast('import', billing, '--workspace', dir, '--create', '--dry-run', '--json').code).toBe(0);
  });
});
