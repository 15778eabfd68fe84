/**
 * A backend answer fetched again, after `delayMs` of quiet, whenever `key` changes (the draft's fields
 * that drive it, serialised); a late answer to an older key is dropped. Step 2's exposure preview and
 * step 4's allocation use it.
 */
import { useEffect, useState } from 'react';

export interface DebouncedCall<T> {
  value: T | null;
  loading: boolean;
  error: string | null;
  setError(message: string | null): void;
}

export function useDebouncedCall<T>(key: string, call: () => Promise<T>, delayMs: number, enabled = true): DebouncedCall<T> {
  const [value, setValue] = useState<T | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    setLoading(true);
    const timer = setTimeout(() => {
      call()
        .then(
          (v) => {
            if (!live) return;
            setValue(v);
            setError(null);
          },
          (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
        )
        .finally(() => live && setLoading(false));
    }, delayMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // `key` stands for what `call` reads: a new function each render must not fetch again
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, delayMs, enabled]);
  return { value, loading, error, setError };
}
