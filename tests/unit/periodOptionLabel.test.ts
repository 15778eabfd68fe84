/** The period selector's option labels (issue 13): the default month says "last complete" when a later month is incomplete. */
import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { periodOptionLabel } from '../../renderer/src/components/periodLabel';
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
});
