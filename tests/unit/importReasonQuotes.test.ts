/** Issue 13 walk: the import review's mapping reasons (依据) quote headers with Chinese quotes in the Chinese UI (表头“集团编码”匹配“集团编码”, not ASCII "). */
import { describe, expect, it } from 'vitest';
import { suggestMapping } from '../../shared/import/mapColumns';

describe('mapping reasons', () => {
  it('use Chinese quotation marks in zh', () => {
    const m = suggestMapping(['集团编码', '本月统付收入', '统付', '备注说明'], [], 'monthlyBilling');
    const reasons = m.map((x) => x.reason.zh);
    expect(reasons.some((r) => r.includes('“集团编码”'))).toBe(true);
    for (const r of reasons) expect(r, r).not.toContain('"');
  });
});
