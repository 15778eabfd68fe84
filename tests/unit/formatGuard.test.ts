/**
 * One number formatter (issue 13): shared/review/format.ts writes every figure; no other module formats a number
 * with `.toFixed(` / `toLocaleString(` (a raw 2351.23 or an unseparated 7130902.73 comes from there), and the
 * formatter's rules hold: separators in counts, whole 元 in tables, 万元 with one decimal on cards (no 元 label in
 * English), growth on a tiny base as 新增 / new.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fmtNum, formatChange, formatCount, formatPercent, formatWan, formatYuan, MINUS, TINY_BASE_SHARE } from '../../shared/review/format';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** rounding for arithmetic, not for display */
const ALLOWED = new Set(['shared/review/format.ts', 'shared/import/rows/factRows.ts']);

function sources(dir: string, out: string[]): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') sources(p, out);
    } else if (/\.(ts|tsx)$/.test(e.name)) out.push(p);
  }
  return out;
}

describe('one number formatter', () => {
  it('no module outside shared/review/format.ts formats numbers with toFixed / toLocaleString', () => {
    const offenders: string[] = [];
    for (const dir of ['shared', 'electron', 'renderer/src']) {
      for (const f of sources(path.join(ROOT, dir), [])) {
        const rel = path.relative(ROOT, f).split(path.sep).join('/');
        if (ALLOWED.has(rel)) continue;
        const text = fs.readFileSync(f, 'utf8');
        text.split('\n').forEach((line, i) => {
          if (/\.toFixed\(|\.toLocaleString\(/.test(line)) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
      }
    }
    expect(offenders).toEqual([]);
  });

  it('counts and 元 with separators and no raw decimals; 万元 with one decimal; English without 元', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatYuan(7130902.73)).toBe('7,130,903');
    expect(formatYuan(2351.23)).toBe('2,351');
    expect(formatWan(12_345_678, 'zh-CN')).toBe('1,234.6万元');
    expect(formatWan(12_345_678, 'en')).toBe('¥12.35M');
    expect(formatWan(713_000, 'en')).toBe('¥713k');
    expect(formatWan(12_345_678, 'en')).not.toMatch(/元/);
    expect(fmtNum(-1234.5, 1)).toBe(`${MINUS}1,234.5`);
    expect(formatPercent(0.1234)).toBe('12.3%');
    expect(formatCount(null)).toBe('—');
  });

  it('growth on a tiny base reads 新增 / new instead of +99,960%', () => {
    const previous = 10;
    const current = 10_006;
    const change = current / previous - 1;
    expect(formatChange(change, 'pct', 'zh-CN')).toBe('新增');
    expect(formatChange(change, 'pct', 'en')).toBe('new');
    // just above the tiny-base share the rise is still a percentage
    const edge = 1 / (TINY_BASE_SHARE * 1.01) - 1;
    expect(formatChange(edge, 'pct', 'zh-CN')).toMatch(/^\+[\d,]+\.\d%$/);
    expect(formatChange(-0.0134, 'pp', 'en')).toBe(`${MINUS}1.3 pp`);
  });
});
