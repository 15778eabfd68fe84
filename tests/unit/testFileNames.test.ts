/**
 * One naming style for test files (issue 17): camelCase, named for what they test, one suffix per
 * kind: tests/unit/*.test.ts(x), tests/e2e/*.e2e.ts, tests/bench/*.bench.ts. A dotted or
 * kebab-case name (analytics.engine.test.ts) is what this rejects.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const camel = (suffix: RegExp) => new RegExp(`^[a-z][A-Za-z0-9]*${suffix.source}$`);

function filesOf(dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);
}

function misnamed(names: readonly string[], suffix: RegExp): string[] {
  const ok = camel(suffix);
  return names.filter((n) => suffix.test(n) || /\.(test|e2e|bench)\./.test(n)).filter((n) => !ok.test(n));
}

describe('test file names', () => {
  it('rejects dotted and kebab-case names', () => {
    expect(misnamed(['analytics.engine.test.ts', 'import-csv.test.ts', 'ImportCsv.test.ts', 'importCsv.test.ts', 'fileBytes.test.tsx'], /\.test\.tsx?/)).toEqual([
      'analytics.engine.test.ts',
      'import-csv.test.ts',
      'ImportCsv.test.ts',
    ]);
  });
  it.each([
    ['unit', /\.test\.tsx?/],
    ['e2e', /\.e2e\.ts/],
    ['bench', /\.bench\.ts/],
  ] as const)('tests/%s has one style', (dir, suffix) => {
    const names = filesOf(dir);
    expect(names.some((n) => suffix.test(n))).toBe(true);
    expect(misnamed(names, suffix)).toEqual([]);
  });
});
