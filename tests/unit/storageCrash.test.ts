import { describe, expect, it } from 'vitest';
import { runCrashHarness } from '../soak/crashHarness';

/**
 * SIGKILL at random moments while saving: afterwards the workspace always opens with the old
 * or the new state, never a mix, never damaged. 20 cycles here; `npm run test:soak` runs 200
 * (HOLDFAST_SOAK_CYCLES).
 */
const cycles = Number(process.env.HOLDFAST_SOAK_CYCLES ?? 20);

describe('crash safety (kill -9)', () => {
  it(`survives ${cycles} kills at random moments during saves`, async () => {
    const stats = await runCrashHarness({ cycles, log: (line) => console.log(line) });
    console.log(`kill -9 harness: ${JSON.stringify(stats)}`);
    expect(stats.cycles).toBe(cycles);
    expect(stats.old + stats.new).toBe(cycles);
    expect(stats.operations).toBeGreaterThan(0);
  }, Math.max(60_000, cycles * 3_000));
});
