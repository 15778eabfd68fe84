/** The period selector's option labels (issue 13): the default month says "last complete" when a later month is incomplete. */
import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { periodOptionLabel, periodOptions } from '../../renderer/src/components/periodLabel';
import { en } from '../../renderer/src/i18n/en';
import { zhCN as zh } from '../../renderer/src/i18n/zh-CN';

const tOf = (dict: { app: Record<string, string> }) => ((key: string) => dict.app[key.replace(/^app\./, '')] ?? key) as unknown as TFunction;

describe('period option labels', () => {
  it('tags the latest month, and the last complete one when a later month is incomplete', () => {
    const tz = tOf(zh as unknown as { app: Record<string, string> });
    const te = tOf(en as unknown as { app: Record<string, string> });
    expect(periodOptionLabel('2026-10', { latest: true }, tz, 'zh-CN')).toBe('2026-10（最新）');
    expect(periodOptionLabel('2026-10', { latest: true, laterIncomplete: true }, tz, 'zh-CN')).toBe('2026-10（最近完整）');
    expect(periodOptionLabel('2026-11', { incomplete: true }, tz, 'zh-CN')).toBe('2026-11（不完整）');
    expect(periodOptionLabel('2026-10', { latest: true, laterIncomplete: true }, te, 'en')).toBe('2026-10 (last complete)');
    expect(periodOptionLabel('2026-09', {}, te, 'en')).toBe('2026-09');
  });

  it('builds a selector\'s options reading the incomplete months once, not once per option', () => {
    const tz = tOf(zh as unknown as { app: Record<string, string> });
    const periods = ['2026-11', '2026-10', '2026-09'];
    let reads = 0;
    const incomplete: Iterable<string> = {
      *[Symbol.iterator]() {
        reads++;
        yield '2026-11';
      },
    };
    const options = periodOptions(periods, { latest: '2026-10', incomplete }, tz, 'zh-CN');
    expect(options.map((o) => o.label)).toEqual(['2026-11（不完整）', '2026-10（最近完整）', '2026-09']);
    expect(options.map((o) => o.value)).toEqual(periods);
    expect(reads).toBe(1);
    // 24 months, 12 incomplete: still one pass
    reads = 0;
    const many = Array.from({ length: 24 }, (_, i) => `2025-${String((i % 12) + 1).padStart(2, '0')}-${i}`);
    const marks: Iterable<string> = {
      *[Symbol.iterator]() {
        reads++;
        yield* many.slice(0, 12);
      },
    };
    periodOptions(many, { latest: null, incomplete: marks }, tz, 'zh-CN');
    expect(reads).toBe(1);
    expect(periodOptions(['2026-10'], { latest: '2026-10', incomplete: [] }, tz, 'zh-CN')[0]?.label).toBe('2026-10（最新）');
  });
});
