/** Starts Holdfast in browser mode as a user would (`npm start -- --no-open`) and reads the printed URL. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

export interface RunningApp {
  url: string;
  origin: string;
  token: string;
  child: ChildProcess;
  /** ms from spawn until the URL was printed */
  startMs: number;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function startApp(command: 'npm-start' | 'server', dataDir: string): Promise<RunningApp> {
  const args = command === 'npm-start' ? [path.join(ROOT, 'scripts', 'start.mjs'), '--no-open'] : [path.join(ROOT, 'dist', 'server.mjs'), '--no-open'];
  const started = Date.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, HOLDFAST_DATA_DIR: dataDir, HOLDFAST_NO_ELECTRON_DOWNLOAD: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // its own process group: `npm start` runs the server as a grandchild, and a SIGKILL of the
    // launcher alone would leave that server running after the test
    detached: true,
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 60 s:\n${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /HOLDFAST_URL=(http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+))/.exec(out);
      if (m?.[1] && m[2] && m[3]) {
        clearTimeout(timer);
        resolve({
          url: m[1],
          origin: `http://127.0.0.1:${m[2]}`,
          token: m[3],
          child,
          startMs: Date.now() - started,
          output: () => out,
          stop: (signal = 'SIGTERM') =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              try {
                if (child.pid !== undefined) process.kill(-child.pid, signal);
                else child.kill(signal);
              } catch {
                child.kill(signal);
              }
            }),
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${String(code)} before printing a URL:\n${out}`));
    });
  });
}
