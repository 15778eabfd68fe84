/**
 * Finds the Electron runtime without triggering a download, and optionally
 * tries the (lazy) download once with a time limit.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function electronPackageDir() {
  try {
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** The executable path when the runtime is installed, else null. */
export function findElectronRuntime() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return fs.existsSync(p) ? p : null;
  }
  const dir = electronPackageDir();
  if (!dir) return null;
  const pathFile = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const exe = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(exe) ? exe : null;
}

/** Runs Electron's own installer (downloads the runtime) with a time limit. Resolves true on success. */
export function tryDownloadElectron(timeoutMs) {
  const dir = electronPackageDir();
  if (!dir || !fs.existsSync(path.join(dir, 'install.js'))) return Promise.resolve(false);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(dir, 'install.js')], { cwd: dir, stdio: 'ignore' });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(false);
    }, timeoutMs);
    child.on('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0 && findElectronRuntime() !== null);
    });
  });
}

export const NO_ELECTRON_MESSAGE = `The Electron runtime is not installed here (it is a separate download from GitHub, which this network cannot reach), so Holdfast is starting in browser mode instead: the same app and data, served on 127.0.0.1 only and opened in your browser with a one-time access token. To get the desktop window, download the runtime through a mirror and start again, e.g. in mainland China: ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/ node node_modules/electron/install.js (Windows PowerShell: $env:ELECTRON_MIRROR="https://npmmirror.com/mirrors/electron/"; node node_modules/electron/install.js), then npm start.`;
