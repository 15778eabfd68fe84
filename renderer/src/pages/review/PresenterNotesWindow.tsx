/**
 * The presenter-notes window's page (Electron, second display; loaded as
 * index.html?view=presenter-notes): notes of the current slide, the next
 * slide's title and the timer, large and light on dark. It only listens to
 * the state the presenting window sends through the main process.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import i18n from '../../i18n';
import { reviewBridge, type PresenterState } from './desktopBridge';
import { elapsedText } from './slideText';
import { SlideView } from './SlideView';
import './review.css';

export function isPresenterNotesView(): boolean {
  return new URLSearchParams(window.location.search).get('view') === 'presenter-notes';
}

export function PresenterNotesWindow() {
  const { t } = useTranslation();
  const [state, setState] = useState<PresenterState | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const bridge = reviewBridge();
    if (!bridge) return;
    return bridge.onPresenterState((s) => {
      setState(s);
      if (i18n.language !== s.language) void i18n.changeLanguage(s.language);
      document.documentElement.lang = s.language;
    });
  }, []);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    document.title = t('review.presenter.windowTitle');
  }, [t]);

  if (!state) return <div className="notes-window">{t('review.presenter.waiting')}</div>;
  return (
    <div className="notes-window" data-testid="presenter-notes-window">
      <div className="notes-window-top">
        <span>{t('review.presenter.slideNo', { n: state.index + 1, total: state.total })}</span>
        <span className="notes-window-timer">{elapsedText(now - state.startedAt)}</span>
      </div>
      <div className="notes-window-title">{state.title}</div>
      <div className="notes-window-notes">{state.notes || t('review.presenter.noNotes')}</div>
      <div className="notes-window-next">
        <div>
          {t('review.presenter.next')} · {state.nextTitle ?? t('review.presenter.last')}
        </div>
        {state.next && (
          <div className="notes-window-thumb">
            <SlideView slide={state.next} look="app" language={state.language} footer={{ branchName: state.branchName, quarter: state.quarter, n: state.index + 2, total: state.total }} thumb />
          </div>
        )}
      </div>
    </div>
  );
}
