/** The renderer's save-state store: immediate saves show as saving, then saved or error; Ctrl+S flushes. */
import { describe, expect, it, vi } from 'vitest';
import { AutosaveSlot, clearSaveError, flushAll, getSaveState, pendingSaves, trackSave } from '../../renderer/src/save/saveState';

describe('save state', () => {
  it('goes saving → saved for an immediate save, and error with the reason when it fails', async () => {
    expect(getSaveState().status).toBe('saved');
    let finish: (v: number) => void = () => undefined;
    const pending = trackSave(new Promise<number>((resolve) => (finish = resolve)));
    expect(getSaveState().status).toBe('saving');
    finish(42);
    expect(await pending).toBe(42);
    expect(getSaveState()).toEqual({ status: 'saved', error: null });

    await expect(trackSave(Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    expect(getSaveState()).toEqual({ status: 'error', error: 'disk full' });
    // A later save that succeeds clears the error.
    await trackSave(Promise.resolve());
    expect(getSaveState().status).toBe('saved');
    await expect(trackSave(Promise.reject(new Error('again')))).rejects.toThrow();
    clearSaveError();
    expect(getSaveState().status).toBe('saved');
  });

  it('counts overlapping saves: saving until the last one settles', async () => {
    let a: () => void = () => undefined;
    let b: () => void = () => undefined;
    const pa = trackSave(new Promise<void>((r) => (a = r)));
    const pb = trackSave(new Promise<void>((r) => (b = r)));
    a();
    await pa;
    expect(getSaveState().status).toBe('saving');
    b();
    await pb;
    expect(getSaveState().status).toBe('saved');
    await flushAll(); // nothing pending: resolves at once
    expect(getSaveState().status).toBe('saved');
  });
});

describe('an autosaving value', () => {
  /** a save the test settles by hand, recording what reached "disk" */
  function manualSave(): { save: (v: number) => Promise<void>; disk: number[]; settle: () => void } {
    const disk: number[] = [];
    const waiting: (() => void)[] = [];
    return {
      disk,
      save: (v) => new Promise<void>((resolve) => waiting.push(() => (disk.push(v), resolve()))),
      settle: () => waiting.shift()?.(),
    };
  }

  it('saves after the pause, and again when the value went back to the old one during a save', async () => {
    vi.useFakeTimers();
    try {
      const m = manualSave();
      const slot = new AutosaveSlot<number>('t:revert', 7, m.save, 600);
      expect(getSaveState().status).toBe('saved');
      slot.set(6); // step 7 → 6
      expect(getSaveState().status).toBe('unsaved');
      await vi.advanceTimersByTimeAsync(600);
      expect(getSaveState().status).toBe('saving');
      slot.set(7); // back to 7 while 6 is being written
      m.settle();
      await vi.advanceTimersByTimeAsync(0);
      // disk holds 6, the screen shows 7: not saved yet, and a save of 7 is on its way
      expect(m.disk).toEqual([6]);
      await vi.advanceTimersByTimeAsync(600);
      m.settle();
      await vi.advanceTimersByTimeAsync(0);
      expect(m.disk).toEqual([6, 7]);
      expect(slot.status).toBe('saved');
      expect(getSaveState().status).toBe('saved');
      await slot.dispose();
      expect(pendingSaves()['t:revert']).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('restarts the pause on each change, saves only the last value, and saves what is pending on dispose', async () => {
    vi.useFakeTimers();
    try {
      const m = manualSave();
      const slot = new AutosaveSlot<string>('t:typing', '', (v) => m.save(v.length), 800);
      slot.set('a');
      await vi.advanceTimersByTimeAsync(500);
      slot.set('ab');
      await vi.advanceTimersByTimeAsync(500);
      expect(m.disk).toEqual([]); // 1000 ms since the first key, 500 since the last
      const closing = slot.dispose();
      await vi.advanceTimersByTimeAsync(0);
      m.settle();
      await closing;
      expect(m.disk).toEqual([2]);
      expect(getSaveState().status).toBe('saved');
    } finally {
      vi.useRealTimers();
    }
  });
});
