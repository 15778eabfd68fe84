#!/usr/bin/env node
/**
 * `npm start [-- --browser] [-- --no-open]`: builds what is stale, then
 * launches Electron; where its runtime is missing, explains why in one
 * paragraph and falls back to browser mode.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildStale } from './build.mjs';
import { findElectronRuntime, NO_ELECTRON_MESSAGE, tryDownloadElectron } from './electronRuntime.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const forceBrowser = args.includes('--browser');
const passThrough = args.filter((a) => a !== '--browser');

function run(cmd, cmdArgs, env = process.env) {
  const child = spawn(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env });
  const forward = (sig) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0) })));
}

function startBrowserMode() {
  return run(process.execPath, [path.join(root, 'dist', 'server.mjs'), ...passThrough]);
}

async function main() {
  await buildStale();
  if (forceBrowser) return (await startBrowserMode()).code;

  let electron = findElectronRuntime();
  if (!electron && !process.env.CI && !process.env.HOLDFAST_NO_ELECTRON_DOWNLOAD) {
    console.log('Electron runtime not found; trying to download it (up to 20 s)…');
    if (await tryDownloadElectron(20_000)) electron = findElectronRuntime();
  }
  if (!electron) {
    console.log(`\n${NO_ELECTRON_MESSAGE}\n`);
    return (await startBrowserMode()).code;
  }
  const started = Date.now();
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const { code } = await run(electron, [path.join(root, 'dist', 'electron', 'main.cjs'), ...passThrough], env);
  if (code !== 0 && Date.now() - started < 10_000) {
    console.log('\nElectron exited at start-up (no display, or missing system libraries?). Falling back to browser mode.\n');
    return (await startBrowserMode()).code;
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
