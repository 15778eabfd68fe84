/**
 * Issue 13 walk: 总览's value × score scatter named its axis “当前价值（对数刻度）” (no unit) with ticks 10,000 /
 * 100,000, beside 价值象限's “当前价值（元/月，对数）” with 1万 / 10万. Both draw it with valueAxisName / valueAxisTick.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUADRANTS } from '../../shared/analytics';
import { valueAxisName, valueAxisTick } from '../../renderer/src/charts/valueAxis';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const x = QUADRANTS.valueRisk.x;

describe('the value axis', () => {
  it('has the unit and the log word, in each language', () => {
    expect(valueAxisName(x.label, x.unit, true, 'zh-CN', '对数')).toBe('当前价值（元/月，对数）');
    expect(valueAxisName(x.label, x.unit, true, 'en', 'log')).toBe('Current value (yuan/month, log)');
    expect(valueAxisName(x.label, x.unit, false, 'zh-CN', '对数')).toBe('当前价值（元/月）');
  });
  it('ticks compactly: 1万 / 10k', () => {
    expect(valueAxisTick(10_000, 'zh-CN')).toBe('1万');
    expect(valueAxisTick(100_000, 'zh-CN')).toBe('10万');
    expect(valueAxisTick(1_000, 'zh-CN')).toBe('1,000');
    expect(valueAxisTick(10_000, 'en')).toMatch(/^10k$/i);
  });
  it('is the one both charts use', () => {
    for (const f of ['renderer/src/charts/WarningScatter.tsx', 'renderer/src/pages/quadrant/QuadrantChart.tsx']) {
      const src = fs.readFileSync(path.join(ROOT, f), 'utf8');
      expect(src, f).toContain('valueAxisName(');
      expect(src, f).not.toContain("t('scatter.logScale')");
    }
    expect(fs.readFileSync(path.join(ROOT, 'renderer/src/charts/WarningScatter.tsx'), 'utf8')).toContain('valueAxisTick(');
  });
});
