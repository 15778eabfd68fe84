/**
 * The deck being edited and its saves. Every edit goes through `review.edit`
 * one at a time, in order (a queue), so a slow save cannot overtake a later
 * one. Text edits are debounced per field (a pause in typing saves it;
 * leaving the field or any other action saves at once); the backend answers
 * with the deck as saved, which becomes the state.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiCallError } from '../../../../shared/api/client';
import type { Language } from '../../../../shared/api/contract';
import type { ReviewDeck, ReviewEditOp } from '../../../../shared/review/types';
import { api } from '../../api/transport';
import { localText } from '../../i18n';
import { trackSave } from '../../save/saveState';

export type SaveStatus = { kind: 'saved' } | { kind: 'saving' } | { kind: 'pending' } | { kind: 'error'; message: string };

const TEXT_DEBOUNCE_MS = 600;

export function errorText(err: unknown, language: Language): string {
  if (err instanceof ApiCallError) return localText(err.error.message, language);
  return err instanceof Error ? err.message : String(err);
}

export function useReviewDeck(language: Language) {
  const [deck, setDeck] = useState<ReviewDeck | null>(null);
  const [status, setStatus] = useState<SaveStatus>({ kind: 'saved' });
  const deckRef = useRef<ReviewDeck | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const pending = useRef(new Map<string, { op: ReviewEditOp; timer: ReturnType<typeof setTimeout> }>());
  const inFlight = useRef(0);
  const languageRef = useRef(language);
  languageRef.current = language;

  const accept = useCallback((d: ReviewDeck) => {
    deckRef.current = d;
    setDeck(d);
  }, []);

  /** Queues one edit; resolves when it (and every edit before it) is saved. */
  const send = useCallback(
    (op: ReviewEditOp): Promise<void> => {
      const target = deckRef.current;
      if (!target) return Promise.resolve();
      inFlight.current += 1;
      setStatus({ kind: 'saving' });
      const run = queue.current.then(async () => {
        try {
          // trackSave: the top bar's save state (保存中 / 保存失败) covers the review's saves too
          const next = await trackSave(api.call('review.edit', { quarter: target.quarter, language: target.language, edit: op }));
          // A rebuild for another quarter may have replaced the deck meanwhile.
          if (deckRef.current && deckRef.current.quarter === next.quarter && deckRef.current.language === next.language) accept(next);
          inFlight.current -= 1;
          if (inFlight.current === 0 && pending.current.size === 0) setStatus({ kind: 'saved' });
        } catch (err) {
          inFlight.current -= 1;
          setStatus({ kind: 'error', message: errorText(err, languageRef.current) });
        }
      });
      queue.current = run;
      return run;
    },
    [accept],
  );

  /** Saves every debounced text edit now; resolves when all saves are done. */
  const flush = useCallback((): Promise<void> => {
    for (const [key, p] of pending.current) {
      clearTimeout(p.timer);
      pending.current.delete(key);
      void send(p.op);
    }
    return queue.current;
  }, [send]);

  const editText = useCallback(
    (key: string, op: ReviewEditOp) => {
      const old = pending.current.get(key);
      if (old) clearTimeout(old.timer);
      setStatus({ kind: 'pending' });
      const timer = setTimeout(() => {
        pending.current.delete(key);
        void send(op);
      }, TEXT_DEBOUNCE_MS);
      pending.current.set(key, { op, timer });
    },
    [send],
  );

  /** A structural edit (hide, move, …): pending text goes first. */
  const edit = useCallback(
    async (op: ReviewEditOp) => {
      await flush();
      await send(op);
    },
    [flush, send],
  );

  // Ctrl+S / ⌘S saves what is being typed here at once (the app-wide shortcut saves the rest);
  // closing the tab with text still waiting saves it and lets the browser ask.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 's' || e.key === 'S')) {
        e.preventDefault();
        void flush();
      }
    };
    const onUnload = (e: BeforeUnloadEvent) => {
      if (pending.current.size > 0 || inFlight.current > 0) {
        void flush();
        e.preventDefault();
      }
    };
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('beforeunload', onUnload);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('beforeunload', onUnload);
    };
  }, [flush]);

  // Leaving the page saves what was typed.
  useEffect(() => {
    const map = pending.current;
    return () => {
      for (const p of map.values()) {
        clearTimeout(p.timer);
        const target = deckRef.current;
        if (target) void api.call('review.edit', { quarter: target.quarter, language: target.language, edit: p.op }).catch(() => undefined);
      }
      map.clear();
    };
  }, []);

  return { deck, setDeck: accept, status, editText, edit, flush };
}
