/**
 * Issue 13 walk: 总览's cards wrote a flat share change "持平 0.0 个百分点" (a space) beside "▼ −0.1个百分点"
 * (none) on the next card; the unit now follows the number the same way in every case.
 */
import { describe, expect, it } from 'vitest';
import { formatChange } from '../../renderer/src/pages/overview/ComparisonCard';

const c = (change: number | null, kind: 'pct' | 'pp') => ({ period: '2026-09', value: 0.4, kind, change, reason: null, trace: { rule: { zh: '', en: '' }, inputs: [], settings: [] } });

describe('总览 change text', () => {
  it('a share change: the unit right after the number in Chinese, flat or not', () => {
    expect(formatChange(c(-0.001, 'pp'), 'zh-CN', '持平', '个百分点').text).toBe('−0.1个百分点');
    expect(formatChange(c(0, 'pp'), 'zh-CN', '持平', '个百分点').text).toBe('持平 0.0个百分点');
    expect(formatChange(c(0.006, 'pp'), 'en', 'flat', 'pp').text).toBe('+0.6 pp');
    expect(formatChange(c(0, 'pp'), 'en', 'flat', 'pp').text).toBe('flat 0.0 pp');
    expect(formatChange(c(0, 'pct'), 'zh-CN', '持平', '个百分点').text).toBe('持平 0.0%');
  });
});
