/**
 * Runs mutated import files through the app's real import path: ImportService
 * with the built import worker (dist/import-worker.mjs: the public reader entry,
 * time and heap limits), and every Nth case also through the real CLI
 * (`holdfast import`, committing, not a dry run) on a workspace whose bytes are
 * compared before and after a refused import. Every case must end in an import
 * or a clear message within 20 s; anything else is a finding, written to
 * tests/.tmp/fuzz-findings/ to become a fixture.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ImportService } from '../../electron/backend/import/importService';
import { createWorkspace, OpenWorkspace } from '../../electron/backend/storage/workspaceStore';
import { CASES } from '../fixtures/import/cases';
import { isZip, mutant, readEntries, type Entry, type Mutant } from './mutator';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const HANG_MS = 20_000;
/** Sources bigger than this are left out: the demo exports take seconds each and add nothing a small file lacks. */
const MAX_SOURCE_BYTES = 200_000;

export type Outcome = 'imported' | 'refused' | 'stopped-by-limit' | 'crash' | 'hang' | 'unclear';

export interface CaseResult {
  id: string;
  strategy: string;
  fileName: string;
  bytes: number;
  outcome: Outcome;
  ms: number;
  message: string;
}

export interface Sources {
  file: string;
  bytes: Uint8Array;
  entries: Entry[] | null;
}

export function fuzzSources(): Sources[] {
  const out: Sources[] = [];
  for (const c of CASES) {
    if (c.file === '压缩炸弹.xlsx') continue;
    const bytes = c.build();
    if (bytes.length > MAX_SOURCE_BYTES) continue;
    let entries: Entry[] | null = null;
    if (isZip(bytes)) {
      try {
        entries = readEntries(bytes);
      } catch {
        entries = null; // a fixture that is a broken zip on purpose: mutated as bytes
      }
    }
    out.push({ file: c.file, bytes, entries });
  }
  return out;
}

/** The saved findings of earlier runs (tests/fixtures/import/fuzz/): each is run again every time. */
export function savedFindings(): Mutant[] {
  const dir = path.join(ROOT, 'tests', 'fixtures', 'import', 'fuzz');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => !f.endsWith('.md'))
    .sort()
    .map((f) => ({ id: `fixture:${f}`, strategy: 'fixture', fileName: f.replace(/^[^_]+_/, ''), bytes: new Uint8Array(fs.readFileSync(path.join(dir, f))) }));
}

function clear(text: { zh: string; en: string } | null | undefined, fileName: string): boolean {
  if (!text) return false;
  const ok = (s: string) => s.length > 0 && s.includes(fileName) && !/\[object |undefined|TypeError|RangeError|ReferenceError|at [\w.]+ \(/.test(s);
  return ok(text.zh) && ok(text.en);
}

export interface Harness {
  runCase(m: Mutant): Promise<CaseResult>;
  runCli(m: Mutant): Promise<CaseResult & { maxRssKb: number; workspaceUnchanged: boolean | null }>;
  close(): Promise<void>;
}

async function hashTree(dir: string): Promise<string> {
  const h = createHash('sha256');
  const walk = async (d: string): Promise<void> => {
    const names = (await fs.promises.readdir(d)).sort();
    for (const n of names) {
      const p = path.join(d, n);
      const st = await fs.promises.stat(p);
      h.update(`${path.relative(dir, p)}\0${st.isDirectory() ? 'd' : 'f'}\0`);
      if (st.isDirectory()) await walk(p);
      else h.update(await fs.promises.readFile(p));
    }
  };
  await walk(dir);
  return h.digest('hex');
}

export async function harness(): Promise<Harness> {
  const tmp = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'hf-fuzz-'));
  const pristine = path.join(tmp, 'pristine');
  await createWorkspace(pristine, { name: 'fuzz', branchName: null, source: 'empty', portfolio: { groups: [], facts: [] } });
  const ws = await OpenWorkspace.open('fuzz', pristine);
  const service = new ImportService({ workerPath: path.join(ROOT, 'dist', 'import-worker.mjs') });
  let cliRun = 0;

  const runCase = async (m: Mutant): Promise<CaseResult> => {
    const started = Date.now();
    const session = service.start(ws, [{ fileName: m.fileName, bytes: m.bytes.slice() }]);
    let timer: NodeJS.Timeout | undefined;
    const hung = await Promise.race([
      session.settled().then(() => false),
      new Promise<boolean>((r) => {
        timer = setTimeout(() => r(true), HANG_MS);
      }),
    ]);
    clearTimeout(timer);
    const ms = Date.now() - started;
    const base = { id: m.id, strategy: m.strategy, fileName: m.fileName, bytes: m.bytes.length, ms };
    if (hung) {
      service.drop(session.id);
      return { ...base, outcome: 'hang', message: `no answer within ${HANG_MS} ms` };
    }
    const view = session.view(ws.portfolio);
    service.drop(session.id);
    if (view.state === 'failed') {
      // A limit stops the run with a message naming the file; any other failure is a crash of the pipeline.
      const limited = clear(view.error, m.fileName) && /超过|took longer|memory limit|stopped/.test(`${view.error?.zh ?? ''}${view.error?.en ?? ''}`);
      return { ...base, outcome: limited ? 'stopped-by-limit' : 'crash', message: view.error?.en ?? 'failed' };
    }
    if (view.state !== 'ready') return { ...base, outcome: 'crash', message: `state ${view.state}` };
    const f = view.files[0];
    if (!f) return { ...base, outcome: 'crash', message: 'no file in the session' };
    if (f.readError) {
      const ok = f.readError.code !== 'unreadable' && clear(f.readError.message, m.fileName);
      return { ...base, outcome: ok ? 'refused' : 'unclear', message: f.readError.message.en };
    }
    return { ...base, outcome: 'imported', message: `${f.stats.imported} rows, ${f.errors} errors, ${f.warnings} warnings` };
  };

  const runCli = async (m: Mutant): Promise<CaseResult & { maxRssKb: number; workspaceUnchanged: boolean | null }> => {
    const dir = path.join(tmp, `cli-${cliRun++}`);
    await fs.promises.cp(pristine, path.join(dir, 'ws'), { recursive: true });
    const wsDir = path.join(dir, 'ws');
    await fs.promises.rm(path.join(wsDir, 'workspace.lock'), { force: true });
    const file = path.join(dir, m.fileName);
    await fs.promises.writeFile(file, m.bytes);
    const before = await hashTree(wsDir);
    const started = Date.now();
    const hook = 'data:text/javascript,process.on("exit",()=>process.stderr.write("\\nHF_MAXRSS_KB "+process.resourceUsage().maxRSS+"\\n"))';
    const child = spawn(process.execPath, ['--import', hook, path.join(ROOT, 'dist', 'cli.mjs'), 'import', file, '--workspace', wsDir, '--json'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    let killed = false;
    const kill = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, HANG_MS + 5000);
    const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (c, s) => r({ code: c, signal: s })));
    clearTimeout(kill);
    const ms = Date.now() - started;
    const maxRssKb = Number(/HF_MAXRSS_KB (\d+)/.exec(stderr)?.[1] ?? 0);
    const base = { id: m.id, strategy: m.strategy, fileName: m.fileName, bytes: m.bytes.length, ms, maxRssKb };
    if (killed || ms > HANG_MS) return { ...base, outcome: 'hang', message: `CLI ran ${ms} ms`, workspaceUnchanged: null };
    if (signal || code === null || code >= 2) return { ...base, outcome: 'crash', message: `exit ${code} signal ${signal}: ${stderr.slice(0, 500)}`, workspaceUnchanged: null };
    const unchanged = code === 1 ? (await hashTree(wsDir)) === before : null;
    let committed = false;
    try {
      committed = Boolean((JSON.parse(stdout) as { committed?: boolean }).committed);
    } catch {
      /* printed an error, not JSON */
    }
    await fs.promises.rm(dir, { recursive: true, force: true });
    return { ...base, outcome: code === 0 || committed ? 'imported' : 'refused', message: stdout.slice(0, 200), workspaceUnchanged: unchanged };
  };

  return {
    runCase,
    runCli,
    close: async () => {
      await ws.close();
      await fs.promises.rm(tmp, { recursive: true, force: true });
    },
  };
}

export function saveFinding(m: Mutant, r: CaseResult): string {
  const dir = path.join(ROOT, 'tests', '.tmp', 'fuzz-findings');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${m.id}-${m.strategy}_${m.fileName}`);
  fs.writeFileSync(file, m.bytes);
  fs.writeFileSync(`${file}.txt`, JSON.stringify(r, null, 2));
  return file;
}

export { mutant };
