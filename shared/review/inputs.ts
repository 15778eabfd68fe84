/**
 * What the deck builder reads: the engine's figures for one quarter, gathered
 * by the backend (electron/backend/review/reviewInputs.ts) from the same
 * functions the pages use (the 总览's buildOverview, migrationMatrix,
 * backtest, retention, the scenario store). Plain data, no typed arrays, so
 * the builder stays pure and testable.
 */
import type { LocalText, Trace } from '../model/trace';
import type { OverviewView } from '../model/overview';
import type { Zone } from '../analytics/text';
import type { SurveyMatrix } from '../analytics/surveyMatrix';

/** The satisfaction survey a review quotes: the branch-wide matrix of the latest wave by the quarter's end. */
export interface ReviewSurveyInput {
  /** null = every imported wave is after the quarter */
  matrix: SurveyMatrix | null;
  /** the imported waves, oldest first (empty when the answers carry no period) */
  waves: string[];
}

export interface ZoneRevenueLine {
  zone: Zone;
  /** groups in the zone at the quarter's last month */
  groups: number;
  /** their revenue in the quarter and the quarter before (元) */
  current: number;
  previous: number;
  /** their value at risk (元/year) */
  valueAtRisk: number;
}

export interface ReviewRetentionInput {
  /** snapshot month (拍照期): the settings' retention.snapshotPeriod, else retention.monthsBack (12) before the quarter's last month */
  snapshot: string;
  snapshotCount: number;
  stillActive: number;
  countRetention: number | null;
  valueRetention: number | null;
  /** both figures' rule and inputs */
  trace: Trace;
  /** each figure's own (retentionAt); absent in inputs stored before them */
  countTrace?: Trace;
  valueTrace?: Trace;
}

export interface ReviewQuadrantInput {
  label: LocalText;
  xLabel: LocalText;
  yLabel: LocalText;
  cells: { id: string; position: 'hh' | 'hl' | 'lh' | 'll'; name: LocalText; action: LocalText; count: number; value: number; valueShare: number | null }[];
  placed: number;
  notPlaced: number;
  /** of those not placed, the white groups (already lost or too little data): never in a cell */
  white?: number;
  /** the warning score's scale (0–max) and the zone cut-offs drawn on its axis */
  scoreScale?: { max: number; cutOffs: { zone: 'red' | 'yellow' | 'blue'; from: number }[]; rule: LocalText };
  /** per cell id: every placed group's [current value 元/月, warning score] */
  points: Record<string, [number, number][]>;
  /** per warning zone (red … white): every placed group's [current value 元/月, warning score] — the page colours points by zone */
  zonePoints: Record<string, [number, number][]>;
  /** the split lines: value (元/月) and score */
  split: { x: number | null; y: number | null };
  trace: Trace;
}

export interface ReviewMigrationInput {
  from: string;
  to: string;
  cells: { id: string; name: LocalText }[];
  /** counts[i][j]: groups in cell i at `from`, cell j at `to` */
  counts: number[][];
  /** per from-cell: placed at `from`, not at `to` */
  left: number[];
  /** per to-cell: placed at `to`, not at `from` */
  entered: number[];
  stayed: number;
  moved: number;
  trace: Trace;
}

export interface ReviewWarningGroup {
  groupCode: string;
  groupName: string;
  zone: Zone;
  /** 元/月 */
  value: number | null;
  score: number;
  /** 元/year */
  valueAtRisk: number | null;
  signals: LocalText[];
}

export interface ReviewWarningsInput {
  zones: ZoneRevenueLine[];
  zonesTrace: Trace;
  valueAtRisk: number | null;
  valueAtRiskTrace: Trace;
  /** red-zone groups, highest value at risk first (at most 10) */
  topRed: ReviewWarningGroup[];
  topRedTrace: Trace;
}

export type ReviewBacktestInput =
  | {
      status: 'ok';
      auc: number | null;
      baseRate: number | null;
      rows: number;
      monthsUsed: number;
      lift: { share: number; lift: number | null };
      thresholds: {
        zone: 'red' | 'yellow' | 'blue';
        precision: number | null;
        recall: number | null;
        flagged: number;
        /** the figure rests on few months or rows (null = enough); see FEW_MONTHS / FEW_EVENTS */
        precisionCaveat?: LocalText | null;
        recallCaveat?: LocalText | null;
      }[];
      logisticAuc: number | null;
      /** AUC and lift rest on few months or value-loss rows (null = enough) */
      caveat?: LocalText | null;
      logisticCaveat?: LocalText | null;
      trace: Trace;
    }
  | { status: 'insufficient'; reason: LocalText };

export interface ReviewScenarioLine {
  id: string;
  name: string;
  isPlan: boolean;
  moves: string[];
  exposedGroups: number | null;
  /** expected revenue lost without counter-measures over the scenario's horizon, 元 */
  revenueAtRisk: number | null;
  revenueAtRiskP90: number | null;
  /** months of the scenario's horizon (null without a result) */
  horizonMonths: number | null;
}

export interface ReviewCompetitionInput {
  /** the moves of the scenario library (enabled ones) with the saved scenarios that use them */
  moves: { id: string; name: LocalText; description: LocalText; scenarios: number; exposedGroups: number | null; revenueAtRisk: number | null }[];
  scenarios: ReviewScenarioLine[];
  /** why the figures are missing (scenario module not available, no saved scenario …) */
  note: LocalText | null;
  trace: Trace;
}

export interface ReviewPlanOutcome {
  expected: number | null;
  p10: number | null;
  p50: number | null;
  p90: number | null;
}

export interface ReviewPlanInput {
  scenario: {
    id: string;
    name: string;
    budget: number;
    cost: number | null;
    groupsFunded: number | null;
    revenueKept: ReviewPlanOutcome;
    netBenefit: ReviewPlanOutcome;
    roi: number | null;
    paybackMonth: number | null;
    /** share of the Monte Carlo runs not paying back within the horizon (absent/null = no cost, or no result) */
    paybackBeyondShare?: number | null;
    trace: Trace;
  } | null;
  actions: {
    total: number;
    open: number;
    done: number;
    cancelled: number;
    /** open actions whose due date is before the end of the quarter after the review's */
    overdue: number;
    byCause: { cause: 'service' | 'competition' | 'special'; open: number }[];
    /** open actions, earliest due first (at most 8) */
    list: { groupCode: string; groupName: string; cause: 'service' | 'competition' | 'special'; action: string; owner: string; due: string | null; status: 'open' | 'done' | 'cancelled' }[];
    trace: Trace;
  };
  /** outcomes and effectiveness of the closed actions (absent = not gathered) */
  outcomes?: ReviewActionOutcomesInput | null;
}

/** 关键人 across the branch at the quarter's last month (shared/analytics/keyPersonFigures.ts, the key-person signal's rule). */
export interface ReviewKeyPersonsInput {
  available: boolean;
  days: number;
  groups: number;
  personsOnRecord: number;
  noKeyPersons: number;
  noDecisionMaker: number;
  poached: number;
  changed: number;
  notContacted: number;
  /** names of the groups seen with a competitor, highest value at risk first (at most 3) */
  poachedNames: string[];
  trace: Trace;
}

/** 什么管用 over the actions ledger (shared/actions/figures.ts): outcomes of the closed actions, by measure. */
export interface ReviewActionOutcomesInput {
  closed: number;
  retained: number;
  partly: number;
  lost: number;
  /** (retained + partly) ÷ (retained + partly + lost) */
  retentionRate: number | null;
  minClosed: number;
  /** library measures with enough closed actions (≥ minClosed), highest retention first */
  measures: { label: LocalText; closed: number; retentionRate: number | null }[];
  /** re-checks done, and how many of them saw the warning score fall */
  rechecked: number;
  scoreDown: number;
  trace: Trace;
}

export interface ReviewInputs {
  quarter: string;
  previousQuarter: string;
  yearAgoQuarter: string;
  branchName: string;
  builtAt: string;
  /** the 总览 of the quarter (KPIs with 环比/同比, revenue trend, zones) */
  overview: OverviewView;
  /** when the data has incomplete months (shared/analytics/completeness.ts): which they are and that the quarter leaves them out (or holds them); null when every month is complete */
  completenessNote?: LocalText | null;
  /** the incomplete months of the data outside the quarter (left out of it), for the slide's subtitle */
  incompleteMonths?: string[];
  retention: ReviewRetentionInput | null;
  quadrant: ReviewQuadrantInput;
  /** null when the previous quarter is not (fully) in the data */
  migration: ReviewMigrationInput | null;
  warnings: ReviewWarningsInput;
  /** 关键人 figures for the risks part (absent = not gathered) */
  keyPersons?: ReviewKeyPersonsInput | null;
  backtest: ReviewBacktestInput;
  /** the satisfaction survey (seed 001); absent / null = none in the deck's scope (the slide says whether any was imported) */
  survey?: ReviewSurveyInput | null;
  /** a scoped deck: the workspace's key persons and survey answers outside the scope ("none here" is then not "not imported") */
  outsideScope?: { keyPersons: number; surveyResponses: number } | null;
  competition: ReviewCompetitionInput;
  plan: ReviewPlanInput;
}
