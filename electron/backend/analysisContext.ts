/** What page-specific handler modules get from the backend: the open workspace, its settings and its cached index. */
import type { AnalyticsSettings, PortfolioIndex } from '../../shared/analytics';
import type { AnalysisView } from '../../shared/api/analysisContract';
import type { ApiError } from '../../shared/api/contract';
import type { OpenWorkspace } from './storage/workspaceStore';
import type { Portfolio } from '../../shared/model/portfolio';
import type { Scope } from '../../shared/model/scope';

export interface AnalysisContext {
  /** throws a user error when no workspace is open */
  workspace(): OpenWorkspace;
  settings(): AnalyticsSettings;
  /** the open workspace's data restricted to the scope (the data itself for the whole workspace) */
  portfolio(): Portfolio;
  /** a key that changes whenever the data or the scope changes (not the settings) */
  dataKey(): string;
  /** the engine's columnar index of the open workspace, rebuilt only when its data changes */
  index(): PortfolioIndex;
  /** the engine's analysis in the views' shape (every group's warning row), cached per data, settings and month */
  analysis(asOf?: string): AnalysisView;
  /** the scope pages, decks and exports are restricted to ({} = the whole workspace); index() and analysis() already answer for it */
  scope?(): Scope;
  /** a key that changes whenever the data or the settings change, for caches */
  cacheKey(): string;
  /** an error the user sees (bad request, not found …) */
  userError(error: ApiError): Error;
}
