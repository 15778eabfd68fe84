/** The renderer's save-state store: immediate saves show as saving, then saved or error; Ctrl+S flushes. */
import { describe, expect, it } from 'vitest';
import { clearSaveError, flushAll, getSaveState, trackSave } from '../../renderer/src/save/saveState';

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
