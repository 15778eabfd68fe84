import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import './styles.css';
import { App } from './App';
import { isPresenterNotesView, PresenterNotesWindow } from './pages/review/PresenterNotesWindow';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      {/* Electron's presenter-notes window (second display) loads the same bundle. */}
      {isPresenterNotesView() ? <PresenterNotesWindow /> : <App />}
    </StrictMode>,
  );
}
