import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { maxOf, minOf, pushAll } from '../../shared/util/arrays';

const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function spreadErrors(code: string, file = 'electron/backend/import/__lint_probe__.ts'): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').length;
}

describe('lint: no spread of an unbounded array into a call (issue 14)', () => {
  it.each([
    ['push', 'export function f(a: number[], b: number[]): void { a.push(...b); }'],
    ['unshift', 'export function f(a: number[], b: number[]): void { a.unshift(...b); }'],
    ['Math.max', 'export const f = (b: number[]): number => Math.max(0, ...b);'],
    ['Math.min', 'export const f = (b: number[]): number => Math.min(...b);'],
    ['String.fromCharCode', 'export const f = (b: Uint8Array): string => String.fromCharCode(...b);'],
    ['apply', 'export const f = (b: number[]): number => Math.max.apply(null, b);'],
  ])('flags %s', async (_name, code) => {
    expect(await spreadErrors(code)).toBe(1);
    expect(await spreadErrors(code, 'renderer/src/__lint_probe__.ts')).toBe(1);
    expect(await spreadErrors(code, 'shared/import/__lint_probe__.ts')).toBe(1);
  }, 30_000);

  it('allows loops, array literals and argument spreads that are not arrays of data', async () => {
    expect(await spreadErrors('export function f(a: number[], b: number[]): number[] { for (const x of b) a.push(x); return [...a, ...b]; }')).toBe(0);
    expect(await spreadErrors("import path from 'node:path';\nexport const f = (p: string): string => path.join('a', ...p.split('/'));")).toBe(0);
  }, 30_000);

  it('the replacements work past the size where a spread overflows the stack', () => {
    const big = Array.from({ length: 500_000 }, (_, i) => i);
    // eslint-disable-next-line no-restricted-syntax -- the very overflow the rule prevents
    expect(() => [].push(...(big as never[]))).toThrow(RangeError);
    expect(pushAll([-1], big).length).toBe(500_001);
    expect(maxOf(big)).toBe(499_999);
    expect(minOf(big, 7)).toBe(0);
    expect(maxOf([], 3)).toBe(3);
  });
});
