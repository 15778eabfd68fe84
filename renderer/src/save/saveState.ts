/**
 * The save state of the UI: every edit that is not yet on disk registers here, and the top bar
 * and the window title show the sum (error > saving > unsaved > saved).
 *
 * - `useAutosave(key, value, save, delayMs)`: a text field saved `delayMs` after the last
 *   keystroke (debounced), or at once by `flushAll()` (Ctrl+S / Cmd+S, leaving the page).
 * - `trackSave(promise)`: an edit that goes through the API at once (a button, a select),
 *   shown as "saving" until it settles.
 */
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { errorText } from './errorText';

export type SaveStatus = 'saved' | 'saving' | 'unsaved' | 'error';

interface Pending {
  status: SaveStatus;
  error: string | null;
  /** saves now what is pending (no-op when nothing is) */
  flush: () => Promise<void>;
}

const pending = new Map<string, Pending>();
const listeners = new Set<() => void>();
let inFlight = 0;
let lastError: string | null = null;
let snapshot: { status: SaveStatus; error: string | null } = { status: 'saved', error: null };

function recompute(): void {
  const states = [...pending.values()];
  const error = states.find((p) => p.status === 'error')?.error ?? lastError;
  const status: SaveStatus = error ? 'error' : inFlight > 0 || states.some((p) => p.status === 'saving') ? 'saving' : states.some((p) => p.status === 'unsaved') ? 'unsaved' : 'saved';
  if (status !== snapshot.status || error !== snapshot.error) snapshot = { status, error };
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getSaveState(): { status: SaveStatus; error: string | null } {
  return snapshot;
}

/** The summed save state, for the top bar and the window title. */
export function useSaveState(): { status: SaveStatus; error: string | null } {
  return useSyncExternalStore(subscribe, getSaveState);
}

function message(err: unknown): string {
  return errorText(err);
}

/** Shows an immediate API save as "saving" until it settles; a failure shows as the error state. */
export function trackSave<T>(promise: Promise<T>): Promise<T> {
  inFlight++;
  lastError = null;
  recompute();
  return promise.then(
    (v) => {
      inFlight--;
      recompute();
      return v;
    },
    (err: unknown) => {
      inFlight--;
      lastError = message(err);
      recompute();
      throw err;
    },
  );
}

/** Saves everything pending now (Ctrl+S). Resolves when all saves have settled. */
export async function flushAll(): Promise<void> {
  await Promise.all([...pending.values()].map((p) => p.flush().catch(() => undefined)));
}

/** Forgets the last error (after the user has seen it and moved on). */
export function clearSaveError(): void {
  lastError = null;
  for (const p of pending.values()) if (p.status === 'error') p.status = 'unsaved';
  recompute();
}

/** For tests: the registered keys and their states. */
export function pendingSaves(): Record<string, SaveStatus> {
  return Object.fromEntries([...pending.entries()].map(([k, p]) => [k, p.status]));
}

/**
 * One autosaving value, outside React so its timing can be tested: `set(value)` on every
 * change, `flush()` to save now, `dispose()` when the editor goes away (what is pending is saved).
 * The first value is taken as saved. One save runs at a time, in order; whenever a save settles
 * and the value has moved on meanwhile (including back to an older value), another save is
 * scheduled, so the state never rests at "unsaved".
 */
export class AutosaveSlot<T> {
  private saved: T;
  private latest: T;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private readonly entry: Pending;

  constructor(
    private readonly key: string,
    initial: T,
    public save: (value: T) => Promise<unknown>,
    public delayMs = 800,
  ) {
    this.saved = initial;
    this.latest = initial;
    this.entry = { status: 'saved', error: null, flush: () => this.flush() };
    pending.set(key, this.entry);
    recompute();
  }

  get status(): SaveStatus {
    return this.entry.status;
  }

  private same(a: T, b: T): boolean {
    return Object.is(a, b) || JSON.stringify(a) === JSON.stringify(b);
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush().catch(() => undefined), this.delayMs);
  }

  set(value: T): void {
    this.latest = value;
    if (this.same(value, this.saved)) {
      if (this.entry.status === 'unsaved') this.entry.status = 'saved';
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      recompute();
      return;
    }
    if (this.entry.status !== 'saving') this.entry.status = 'unsaved';
    recompute();
    this.schedule();
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.running) await this.running; // one save at a time, in order
    const value = this.latest;
    if (this.same(value, this.saved)) {
      if (this.entry.status !== 'error') this.entry.status = 'saved';
      recompute();
      return;
    }
    this.entry.status = 'saving';
    recompute();
    const run = this.save(value).then(
      () => {
        this.saved = value;
        this.entry.error = null;
        this.entry.status = this.same(this.latest, value) ? 'saved' : 'unsaved';
      },
      (err: unknown) => {
        this.entry.status = 'error';
        this.entry.error = message(err);
      },
    );
    this.running = run;
    await run;
    this.running = null;
    // The value moved while this save ran (maybe back to what was on disk before): save again.
    if ((this.entry.status as SaveStatus) === 'unsaved' && !this.timer) this.schedule();
    recompute();
    if ((this.entry.status as SaveStatus) === 'error') throw new Error(this.entry.error ?? 'save failed');
  }

  dispose(): Promise<void> {
    return this.flush()
      .catch(() => undefined)
      .finally(() => {
        if (this.timer) clearTimeout(this.timer);
        this.timer = null;
        if (pending.get(this.key) === this.entry) pending.delete(this.key);
        recompute();
      });
  }
}

/**
 * Registers an autosaving value: after it changes, `save(value)` runs `delayMs` later (each
 * change restarts the wait), or at once on flushAll(). The first value is taken as saved.
 * Returns `flush` to save now (e.g. before the form is submitted or closed).
 */
export function useAutosave<T>(key: string, value: T, save: (value: T) => Promise<unknown>, delayMs = 800): { flush: () => Promise<void> } {
  const slot = useRef<AutosaveSlot<T> | null>(null);
  // the value and save function of this render: a new key starts from the value it opens with
  const first = useRef(value);
  first.current = value;
  const saveRef = useRef(save);
  saveRef.current = save;

  useEffect(() => {
    const s = new AutosaveSlot<T>(key, first.current, (v) => saveRef.current(v), delayMs);
    slot.current = s;
    return () => {
      // Leaving (drawer closed, page switched): what is pending is saved, not dropped.
      void s.dispose();
      if (slot.current === s) slot.current = null;
    };
    // one slot per key: the delay and save function of later renders are handed over below
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  useEffect(() => {
    const s = slot.current;
    if (!s) return;
    s.delayMs = delayMs;
    s.set(value);
  }, [key, value, delayMs]);

  return { flush: () => slot.current?.flush() ?? Promise.resolve() };
}

/** Ctrl+S / Cmd+S saves everything pending, everywhere in the app (the browser's own save is suppressed). */
export function installSaveShortcut(): () => void {
  const onKey = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 's' || e.key === 'S')) {
      e.preventDefault();
      // One tick later: the last keystroke's React update has committed by then, so it is saved too.
      setTimeout(() => void flushAll(), 0);
    }
  };
  // Closing the tab or window with an unsaved note: save it, and let the browser ask.
  const onUnload = (e: BeforeUnloadEvent) => {
    if (snapshot.status === 'unsaved' || snapshot.status === 'saving') {
      void flushAll();
      e.preventDefault();
    }
  };
  window.addEventListener('keydown', onKey, true);
  window.addEventListener('beforeunload', onUnload);
  return () => {
    window.removeEventListener('keydown', onKey, true);
    window.removeEventListener('beforeunload', onUnload);
  };
}
