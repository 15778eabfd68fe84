/**
 * The plural pairs (key_one / key_other) are chosen by a numeric count: a count passed as formatted text
 * ("1,234") made i18next look for the bare key and show "scenarios.scope.branchHint" on 竞争推演 step 1. The
 * texts that show a count with separators take it as {{countText}} beside the numeric count.
 */
import { describe, expect, it } from 'vitest';
import i18n from '../../renderer/src/i18n';
import { formatCount } from '../../shared/review/format';

const n = 1234;
const args = { count: n, countText: formatCount(n), name: '甲' };

describe('count texts with separators', () => {
  for (const key of ['warnings.count', 'scenarios.scope.branchHint', 'scenarios.scope.matching', 'quadrant.migrationFiltered', 'survey.groupOption']) {
    it(`${key} resolves and writes 1,234 in zh and en`, () => {
      for (const lng of ['zh-CN', 'en']) {
        const text = i18n.t(key, { ...args, lng });
        expect(text, `${lng}: ${text}`).not.toBe(key);
        expect(text).toContain('1,234');
      }
      expect(i18n.t(key, { ...args, count: 1, countText: '1', lng: 'en' })).not.toMatch(/\b1 (groups|answers)\b/);
    });
  }
});
