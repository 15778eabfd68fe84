/** Shared by the handlers, the CLI and planSummary: the engine's groups for a scenario, and a result computed in-process. */
import { analyzePortfolio, type AnalyticsSettings, type PortfolioIndex } from '../../../shared/analytics';
import { mergeLibrary, scenarioGroups, simulateScenario, type ScenarioDefinition, type ScenarioGroups, type ScenarioLibrary, type ScenarioResult } from '../../../shared/scenarios';
import { ScenarioStore } from './scenarioStore';
import type { OpenWorkspace } from '../storage/workspaceStore';

export function groupsFor(index: PortfolioIndex, settings: AnalyticsSettings, asOf?: string): ScenarioGroups {
  const r = analyzePortfolio(index, settings, { ...(asOf ? { asOf } : {}), explainTop: 0 });
  return scenarioGroups(index, r);
}

export function libraryOf(ws: Pick<OpenWorkspace, 'section' | 'saveSection'>): ScenarioLibrary {
  return mergeLibrary(new ScenarioStore(ws).libraryEdits());
}

export function computeResult(index: PortfolioIndex, settings: AnalyticsSettings, library: ScenarioLibrary, definition: ScenarioDefinition): ScenarioResult {
  const groups = groupsFor(index, settings, definition.asOf);
  return simulateScenario(groups, library, definition, settings.scenario.marginShare, () => performance.now());
}
