#!/usr/bin/env node
/**
 * `npm run test:soak`: the kill -9 harness (tests/unit/storageCrash.test.ts) with 200 cycles
 * instead of CI's 20. `npm run test:soak -- 500` runs more.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cycles = process.argv[2] ?? '200';
const vitest = path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const r = spawnSync(process.execPath, [vitest, 'run', '--config', 'vitest.config.ts', 'tests/unit/storageCrash.test.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, HOLDFAST_SOAK_CYCLES: cycles },
});
process.exit(r.status ?? 1);
