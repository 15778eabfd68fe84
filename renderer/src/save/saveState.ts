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
 * Registers an autosaving value: after it changes, `save(value)` runs `delayMs` later (each
 * change restarts the wait), or at once on flushAll(). The first value is taken as saved.
 * Returns `flush` to save now (e.g. before the form is submitted or closed).
 */
export function useAutosave<T>(key: string, value: T, save: (value: T) => Promise<unknown>, delayMs = 800): { flush: () => Promise<void> } {
  const saved = useRef<T>(value);
  const latest = useRef<T>(value);
  const saveRef = useRef(save);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const running = useRef<Promise<void> | null>(null);
  const flushRef = useRef<() => Promise<void>>(async () => undefined);

  useEffect(() => {
    saveRef.current = save;
  }, [save]);

  useEffect(() => {
    const entry: Pending = { status: 'saved', error: null, flush: () => flushRef.current() };
    const flush = async (): Promise<void> => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      if (running.current) await running.current; // one save at a time, in order
      const value = latest.current;
      if (Object.is(value, saved.current) || JSON.stringify(value) === JSON.stringify(saved.current)) {
        if (entry.status !== 'error') entry.status = 'saved';
        recompute();
        return;
      }
      entry.status = 'saving';
      recompute();
      const run = saveRef.current(value).then(
        () => {
          saved.current = value;
          entry.status = JSON.stringify(latest.current) === JSON.stringify(value) ? 'saved' : 'unsaved';
          entry.error = null;
        },
        (err: unknown) => {
          entry.status = 'error';
          entry.error = message(err);
        },
      );
      running.current = run;
      await run;
      running.current = null;
      recompute();
      if ((entry.status as SaveStatus) === 'error') throw new Error(entry.error ?? 'save failed');
    };
    flushRef.current = flush;
    pending.set(key, entry);
    recompute();
    return () => {
      // Leaving (drawer closed, page switched): what is pending is saved, not dropped.
      void flush()
        .catch(() => undefined)
        .finally(() => {
          if (pending.get(key) === entry) pending.delete(key);
          recompute();
        });
    };
  }, [key]);

  useEffect(() => {
    latest.current = value;
    const entry = pending.get(key);
    if (!entry) return;
    const same = JSON.stringify(value) === JSON.stringify(saved.current);
    if (same) {
      if (entry.status === 'unsaved') entry.status = 'saved';
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      recompute();
      return;
    }
    if (entry.status !== 'saving') entry.status = 'unsaved';
    recompute();
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void entry.flush().catch(() => undefined), delayMs);
  }, [key, value, delayMs]);

  return { flush: () => flushRef.current() };
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
