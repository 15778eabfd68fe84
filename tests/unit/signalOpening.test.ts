/** The signals' opening check (unavailableIf): a column it skips is unavailable with its reason; one it passes is left as it was. */
import { describe, expect, it } from 'vitest';
import { buildIndex, DEFAULT_SETTINGS } from '../../shared/analytics';
import { createSignalBuffer, evaluateRange, NOT_FIRED, R_HISTORY, R_MISSING, signalContext, UNAVAILABLE, unavailableIf } from '../../shared/analytics/signals';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';

describe('unavailableIf', () => {
  it('writes signal i unavailable at column k (status, reason, no feature, the mask bit) and says skip', () => {
    const b = createSignalBuffer(3, 2);
    expect(unavailableIf(true, b, 4, 1, R_MISSING)).toBe(true);
    expect(b.status[4 * 3 + 1]).toBe(UNAVAILABLE);
    expect(b.reason[4 * 3 + 1]).toBe(R_MISSING);
    expect(b.feature[4 * 3 + 1]).toBeNaN();
    expect(b.unavailableMask[1]).toBe(1 << 4);
    expect(b.unavailableMask[0]).toBe(0);
    expect(b.status[4 * 3]).toBe(NOT_FIRED);
  });

  it('leaves the buffer untouched when the column can be evaluated; at detail 0 writes only the mask', () => {
    const b = createSignalBuffer(2, 2);
    expect(unavailableIf(false, b, 2, 0, R_HISTORY)).toBe(false);
    expect([...b.status, ...b.reason, ...b.unavailableMask]).toEqual(new Array(b.status.length + b.reason.length + b.unavailableMask.length).fill(0));
    expect([...b.feature].every((x) => x === 0)).toBe(true);
    const masks = createSignalBuffer(2, 0);
    expect(unavailableIf(true, masks, 2, 0, R_HISTORY)).toBe(true);
    expect(masks.unavailableMask[0]).toBe(1 << 2);
    expect(masks.status[2 * 2]).toBe(0);
  });

  it('opens every pass: the months before a group has enough history are unavailable for history, never fired', () => {
    const ix = buildIndex(generateDemoBranch({ groups: 40, months: 12 }).portfolio);
    const ctx = signalContext(ix, DEFAULT_SETTINGS);
    const b = createSignalBuffer(ix.nP, 2);
    const g = ix.first.findIndex((f) => f === 0);
    evaluateRange(ctx, g, 0, ix.nP - 1, b);
    // revenueTrend (signal 0) needs 2 × 3 months: columns 0–4 are too early
    const m = DEFAULT_SETTINGS.warnings.revenueTrend.months;
    for (let t = 0; t < 2 * m - 1; t++) {
      expect(b.status[t], `t=${t}`).toBe(UNAVAILABLE);
      expect(b.reason[t], `t=${t}`).toBe(R_HISTORY);
      expect((b.firedMask[t] as number) & 1).toBe(0);
    }
    expect(b.status[2 * m - 1]).not.toBe(UNAVAILABLE);
  });
});
