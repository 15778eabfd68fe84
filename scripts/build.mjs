#!/usr/bin/env node
/**
 * Builds what is stale: the renderer with Vite, and the Node-side bundles
 * (Electron main + preload, browser-mode server, CLI) with esbuild.
 * `--force` rebuilds everything; `--node-only` skips the renderer.
 */
import { build as esbuild } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

function newestMtime(paths) {
  let newest = 0;
  const visit = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const entry of fs.readdirSync(p)) if (entry !== 'node_modules') visit(path.join(p, entry));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of paths) visit(path.join(root, p));
  return newest;
}

function isStale(stampName, inputs) {
  const stamp = path.join(dist, stampName);
  if (!fs.existsSync(stamp)) return true;
  return newestMtime(inputs) > fs.statSync(stamp).mtimeMs;
}

function touch(stampName) {
  fs.mkdirSync(dist, { recursive: true });
  fs.writeFileSync(path.join(dist, stampName), new Date().toISOString());
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  define: { __HOLDFAST_VERSION__: JSON.stringify(pkg.version) },
  // DuckDB is a native addon: loaded from node_modules at run time, never bundled
  external: ['electron', '@duckdb/node-api', '@duckdb/node-bindings'],
};
// ESM bundles of CommonJS dependencies need `require`.
const esmBanner = { js: "import { createRequire as __hfCreateRequire } from 'node:module'; const require = __hfCreateRequire(import.meta.url);" };

export async function buildNode() {
  await Promise.all([
    esbuild({ ...common, entryPoints: ['electron/main/main.ts'], outfile: 'dist/electron/main.cjs', format: 'cjs', absWorkingDir: root }),
    esbuild({ ...common, entryPoints: ['electron/main/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs', absWorkingDir: root, sourcemap: false }),
    esbuild({ ...common, entryPoints: ['electron/server/main.ts'], outfile: 'dist/server.mjs', format: 'esm', banner: esmBanner, absWorkingDir: root }),
    esbuild({ ...common, entryPoints: ['electron/cli/holdfast.ts'], outfile: 'dist/cli.mjs', format: 'esm', banner: esmBanner, absWorkingDir: root }),
    // The whole backend runs in this worker, off Electron's main thread and the server's event loop.
    esbuild({ ...common, entryPoints: ['electron/backend/host/backendWorker.ts'], outfile: 'dist/backend-worker.mjs', format: 'esm', banner: esmBanner, absWorkingDir: root }),
    // Import work runs in this worker, off Electron's main thread and the server's event loop.
    esbuild({ ...common, entryPoints: ['electron/backend/import/importWorker.ts'], outfile: 'dist/import-worker.mjs', format: 'esm', banner: esmBanner, absWorkingDir: root }),
    // holdfast batch: one region's deck per job, on worker threads.
    esbuild({ ...common, entryPoints: ['electron/cli/batchWorker.ts'], outfile: 'dist/batch-worker.mjs', format: 'esm', banner: esmBanner, absWorkingDir: root }),
    // The scenario Monte Carlo runs in this worker, with progress and cancel.
    esbuild({ ...common, entryPoints: ['electron/backend/scenarios/scenarioWorker.ts'], outfile: 'dist/scenario-worker.mjs', format: 'esm', banner: esmBanner, absWorkingDir: root }),
  ]);
}

export async function buildRenderer() {
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}

export async function buildStale({ force = false, nodeOnly = false, quiet = false } = {}) {
  const log = (msg) => {
    if (!quiet) console.log(msg);
  };
  const nodeInputs = ['shared', 'electron', 'package.json', 'scripts/build.mjs'];
  const rendererInputs = ['shared', 'renderer', 'package.json', 'vite.config.ts'];
  if (force || isStale('.node-stamp', nodeInputs)) {
    log('Building backend, Electron main/preload and CLI (esbuild)…');
    await buildNode();
    touch('.node-stamp');
  }
  if (!nodeOnly && (force || isStale('.renderer-stamp', rendererInputs))) {
    log('Building renderer (Vite)…');
    await buildRenderer();
    touch('.renderer-stamp');
  }
}

const isMain = path.resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url);
if (isMain) {
  const args = process.argv.slice(2);
  buildStale({ force: !args.includes('--stale'), nodeOnly: args.includes('--node-only') }).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
