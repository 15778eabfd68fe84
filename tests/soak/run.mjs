#!/usr/bin/env node
/**
 * `npm run test:soak`: the long runs of what `npm test` samples.
 * - the kill -9 harness (tests/unit/storageCrash.test.ts) with 200 cycles instead of CI's 20;
 * - import fuzzing (tests/e2e/importFuzz.e2e.ts) with 10,000 mutated files instead of 500, every 25th
 *   also through the CLI (400 CLI runs).
 * `npm run test:soak -- 500 20000` runs more cycles and cases; HOLDFAST_FUZZ_SEED picks another seed.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cycles = process.argv[2] ?? '200';
const fuzzCases = process.argv[3] ?? '10000';
const vitest = path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const run = (args, env) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

const crash = run([vitest, 'run', '--config', 'vitest.config.ts', 'tests/unit/storageCrash.test.ts'], { HOLDFAST_SOAK_CYCLES: cycles });
// The fuzz run goes through the built import worker and CLI.
const build = run([path.join(root, 'scripts', 'build.mjs'), '--stale', '--node-only'], {});
const fuzz = build === 0 ? run([vitest, 'run', '--config', 'vitest.e2e.config.ts', 'tests/e2e/importFuzz.e2e.ts'], { HOLDFAST_FUZZ_CASES: fuzzCases }) : 1;
process.exit(crash !== 0 ? crash : build !== 0 ? build : fuzz);
