/** The app channels: the state the renderer starts from (version, mode, language, the open workspace) and the UI language. */
import type { Low } from 'lowdb';
import { latestCompleteColumn, periodCompleteness } from '../../shared/analytics';
import type { ApiRequest, WorkspaceInfo } from '../../shared/api/contract';
import type { AnalysisContext } from './analysisContext';
import type { AppStateDoc } from './storage/appState';
import type { OpenWorkspace } from './storage/workspaceStore';

interface Deps {
  /** getters: the backend's handler table is built before its constructor body runs */
  options: () => { version: string; mode: 'electron' | 'browser'; dataDir: string };
  appState: () => Low<AppStateDoc>;
  /** the open workspace, null when none is */
  current: () => OpenWorkspace | null;
}

/** The workspace's info with its default analysis month and incomplete months (for the top bar). */
function infoWithCompleteness(ctx: Pick<AnalysisContext, 'index' | 'settings'>, ws: OpenWorkspace): WorkspaceInfo {
  const info = ws.info();
  const ix = ctx.index();
  const settings = ctx.settings();
  const list = periodCompleteness(ix, settings);
  const t = latestCompleteColumn(ix, settings, list);
  return {
    ...info,
    analysisPeriod: t >= 0 ? (ix.periods[t] ?? null) : null,
    incompletePeriods: list.filter((c) => !c.complete && c.reason).map((c) => ({ period: c.period, reason: c.reason as { zh: string; en: string } })),
  };
}

export function appHandlers(ctx: Pick<AnalysisContext, 'index' | 'settings'>, deps: Deps) {
  return {
    'app.getState': async () => {
      const ws = deps.current();
      const { version, mode, dataDir } = deps.options();
      return {
        version,
        mode,
        language: deps.appState().data.language,
        dataDir,
        workspace: ws ? infoWithCompleteness(ctx, ws) : null,
      };
    },
    'app.setLanguage': async ({ language }: ApiRequest<'app.setLanguage'>) => {
      const appState = deps.appState();
      appState.data.language = language;
      await appState.write();
      return { ok: true as const };
    },
  };
}
