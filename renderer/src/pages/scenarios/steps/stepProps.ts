/** What every wizard step gets (ScenarioWizard.tsx passes it); in its own file so the steps need not import the wizard that imports them. */
import type { Language } from '../../../../../shared/api/contract';
import type { ScenarioDefinition, ScenarioLibrary } from '../../../../../shared/scenarios/types';
import type { usePortfolioView } from '../portfolioFacets';

export interface StepProps {
  draft: ScenarioDefinition;
  update: (patch: Partial<ScenarioDefinition>) => void;
  language: Language;
  library: ScenarioLibrary;
  workspaceKey: string;
  view: ReturnType<typeof usePortfolioView>['view'];
  /** saves the draft now (before a run or a plan that reads the stored scenario) */
  flush: () => Promise<void>;
}
