#!/usr/bin/env node
/**
 * `npm run bench`: bundles every tests/bench/*.bench.ts with esbuild and runs
 * each in its own Node process (fresh heap). Each bench prints one line per
 * figure: BENCH {"name":…,"value":…,"unit":…,"baseline":…,"baselineValue":…,"ratio":…}
 * Pass name filters as arguments: `npm run bench -- analytics`.
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const benchDir = path.join(root, 'tests', 'bench');
const outDir = path.join(root, 'tests', '.tmp', 'bench');
const filters = process.argv.slice(2);
const files = fs
  .readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
fs.mkdirSync(outDir, { recursive: true });
let failed = 0;
for (const file of files) {
  const outfile = path.join(outDir, file.replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [path.join(benchDir, file)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    external: ['electron', 'playwright-core', '@duckdb/node-api', '@duckdb/node-bindings'],
    banner: { js: "import { createRequire as __hfCreateRequire } from 'node:module'; const require = __hfCreateRequire(import.meta.url);" },
  });
  console.log(`# ${file}`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', outfile], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
