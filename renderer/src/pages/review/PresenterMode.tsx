/**
 * Presenter mode: the visible slides full screen (Fullscreen API), in the
 * projection theme (near-black on white, large type, charts without
 * gridlines that animate once). → ← Space PageUp/PageDown Home/End move,
 * Esc leaves, N shows the notes panel. In Electron with a second display the
 * notes, next slide and timer go to a window there instead.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import type { ReviewDeck } from '../../../../shared/review/types';
import { reviewBridge } from './desktopBridge';
import { SlideView } from './SlideView';
import { elapsedText } from './slideText';

const NEXT_KEYS = new Set(['ArrowRight', 'ArrowDown', ' ', 'PageDown', 'Enter']);
const PREV_KEYS = new Set(['ArrowLeft', 'ArrowUp', 'PageUp', 'Backspace']);

export function PresenterMode({ deck, language, startAt, onExit }: { deck: ReviewDeck; language: Language; startAt: number; onExit: () => void }) {
  const { t } = useTranslation();
  const slides = deck.slides.filter((s) => !s.hidden);
  const [index, setIndex] = useState(() => Math.min(Math.max(0, startAt), Math.max(0, slides.length - 1)));
  const [notesOpen, setNotesOpen] = useState(false);
  const [secondScreen, setSecondScreen] = useState(false);
  const [startedAt] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  const root = useRef<HTMLDivElement>(null);
  const exiting = useRef(false);

  const exit = useCallback(() => {
    if (exiting.current) return;
    exiting.current = true;
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    void reviewBridge()?.closePresenterNotes();
    onExit();
  }, [onExit]);

  // Full screen on entry; leaving full screen (the browser's own Esc) leaves presenter mode.
  useEffect(() => {
    const el = root.current;
    let wasFull = false;
    const onChange = () => {
      if (document.fullscreenElement) wasFull = true;
      else if (wasFull) exit();
    };
    document.addEventListener('fullscreenchange', onChange);
    el?.requestFullscreen?.().catch(() => undefined);
    el?.focus();
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, [exit]);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  // Electron with a second display: notes window there.
  useEffect(() => {
    const bridge = reviewBridge();
    if (!bridge) return;
    void bridge.openPresenterNotes().then((r) => setSecondScreen(r.ok && r.data.opened));
  }, []);

  const slide = slides[index];
  const next = slides[index + 1];
  // Charts animate the first time their slide is shown, not when the presenter goes back to it.
  const shown = useRef(new Set<string>());
  const firstShowing = slide ? !shown.current.has(slide.id) : false;
  useEffect(() => {
    if (slide) shown.current.add(slide.id);
  }, [slide]);
  useEffect(() => {
    const bridge = reviewBridge();
    if (!bridge || !secondScreen || !slide) return;
    void bridge.sendPresenterState({
      language,
      index,
      total: slides.length,
      title: slide.title,
      notes: slide.notes,
      nextTitle: next?.title ?? null,
      next: next ?? null,
      branchName: deck.branchName,
      quarter: deck.quarter,
      startedAt,
    });
  }, [secondScreen, slide, next, index, slides.length, language, startedAt, deck.branchName, deck.quarter]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        exit();
      } else if (NEXT_KEYS.has(e.key)) {
        e.preventDefault();
        setIndex((i) => Math.min(i + 1, slides.length - 1));
      } else if (PREV_KEYS.has(e.key)) {
        e.preventDefault();
        setIndex((i) => Math.max(i - 1, 0));
      } else if (e.key === 'Home') {
        e.preventDefault();
        setIndex(0);
      } else if (e.key === 'End') {
        e.preventDefault();
        setIndex(Math.max(0, slides.length - 1));
      } else if (e.key === 'n' || e.key === 'N') {
        e.preventDefault();
        setNotesOpen((o) => !o);
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [exit, slides.length]);

  return createPortal(
    <div
      ref={root}
      className={`review-presenter${notesOpen ? ' with-notes' : ''}`}
      tabIndex={-1}
      data-testid="review-presenter"
      data-index={index}
      data-total={slides.length}
      onClick={(e) => {
        // A click on the slide moves on, as with a clicker; the bar and notes do not.
        if ((e.target as HTMLElement).closest('.presenter-bar, .presenter-notes')) return;
        setIndex((i) => Math.min(i + 1, slides.length - 1));
      }}
    >
      <div className="presenter-stage">
        {slide && (
          <div className="presenter-slide-fit">
            <SlideView
              key={slide.id}
              slide={slide}
              look="presenter"
              language={language}
              footer={{ branchName: deck.branchName, quarter: deck.quarter, n: index + 1, total: slides.length }}
              animateOnce={firstShowing}
              testId="review-presenter-slide"
            />
          </div>
        )}
      </div>
      {notesOpen && slide && (
        <aside className="presenter-notes" data-testid="review-presenter-notes">
          <div className="presenter-notes-label">{t('review.presenter.notes')}</div>
          <div className="presenter-notes-text">{slide.notes || t('review.presenter.noNotes')}</div>
          <div className="presenter-notes-label">{t('review.presenter.next')}</div>
          <div className="presenter-notes-next">{next ? next.title : t('review.presenter.last')}</div>
          {next && (
            <div className="presenter-notes-thumb">
              <SlideView slide={next} look="app" language={language} footer={{ branchName: deck.branchName, quarter: deck.quarter, n: index + 2, total: slides.length }} thumb />
            </div>
          )}
        </aside>
      )}
      <div className="presenter-bar">
        <span className="presenter-number" data-testid="review-presenter-number">
          {t('review.presenter.slideNo', { n: index + 1, total: slides.length })}
        </span>
        <span className="presenter-time" data-testid="review-presenter-time">
          {t('review.presenter.elapsed', { time: elapsedText(now - startedAt) })}
        </span>
        {secondScreen && <span>{t('review.presenter.secondScreen')}</span>}
        <span className="presenter-spacer" />
        <button type="button" className="presenter-button" onClick={() => setNotesOpen((o) => !o)} data-testid="review-presenter-notes-toggle">
          {t('review.presenter.notesToggle')}
        </button>
        <button type="button" className="presenter-button" onClick={exit} data-testid="review-presenter-exit">
          {t('review.presenter.exit')}
        </button>
      </div>
    </div>,
    document.body,
  );
}
