/** The 保有率 card's gap is the difference of the rates as shown (review of session 8: 96.8% beside 94.7% read 2.2). */
import { describe, expect, it } from 'vitest';
import { retentionGapPp } from '../../renderer/src/pages/overview/retentionGap';

describe('retention gap', () => {
  it('subtracts the displayed rates, not the unrounded ones', () => {
    // 96.84% and 94.66% show as 96.8% and 94.7%: 2.1 pp, though the raw difference is 2.18
    expect(retentionGapPp(0.9684, 0.9466)).toBe(2.1);
    expect(retentionGapPp(0.968, 0.947)).toBe(2.1);
    expect(retentionGapPp(0.95, 0.95)).toBe(0);
    expect(retentionGapPp(null, 0.9)).toBeNull();
  });
});
