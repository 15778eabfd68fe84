/** The analytics engine's public API (docs/domain.md §3–§5). */
export {
  analyzePortfolio,
  backtest,
  groupDetail,
  groupRows,
  migrationMatrix,
  retention,
  retentionView,
  tableToJson,
  type AnalysisResult,
  type AnalyzeOptions,
  type Aggregate,
  type BacktestEntryOptions,
  type GroupDetail,
  type GroupRow,
  type GroupRowsOptions,
  type GroupTable,
  type GroupTableJson,
  type MigrationOptions,
  type QuadrantSummary,
  type RetentionOptions,
} from './analyze';
export type { BacktestResult, Insufficient, LogisticComparison, LogisticFeature, ThresholdQuality } from './backtest';
export { FEW_EVENTS, FEW_MONTHS, fewDataCaveat } from './backtest';
export { buildIndex, resolvePeriod, type PortfolioIndex, type ResolvedPeriod } from './columnar';
export { STAGE_RULES, type StageRule } from './lifecycle';
export { STAGE_APPROACHES, stageApproach, type StageApproach } from './stageApproach';
export { keyPersonFigures, type KeyPersonFigures, type KeyPersonGroupList } from './keyPersonFigures';
export { assignFolds, crossValidate, fitLogistic, predictLogistic, type LogisticFit, type LogisticOptions } from './logistic';
export { POSITIONS, QUADRANT_IDS, QUADRANTS, type CellDef, type CellSummary, type MigrationResult, type Position, type QuadrantDef } from './quadrants';
export { retentionAt, retentionSummary, type RetentionSummary, type RetentionAt, type RetentionAtOptions, type RetentionFigure, type RetentionResult } from './retention';
export {
  AnalyticsSettingsSchema,
  DEFAULT_SETTINGS,
  getSetting,
  parseSettings,
  SETTINGS_META,
  SETTINGS_VERSION,
  SIGNAL_IDS,
  SIGNAL_LABELS,
  SPLIT_RULES,
  validateSettings,
  withSetting,
  type AnalyticsSettings,
  type QuadrantId,
  type SettingMeta,
  type SignalId,
  type Split,
} from './settings';
export type { SignalResult } from './signals';
export { aucFromCounts, rocAuc } from './stats';
export { STAGE_LABELS, STAGES, ZONE_LABELS, ZONES, type Stage, type Zone } from './text';
export { scoreScale, ZONE_RULES, type ScoreScale, type ZoneRule } from './warnings';
export { SCORE_MAX } from './signals';
export { defaultPeriodNote, latestCompleteColumn, periodCompleteness, type PeriodCompleteness } from './completeness';
export { GROUP_COUNT_LABELS, groupCountsOf, groupCountTrace, withGroupCounts, type GroupCountId, type GroupCounts } from './groupCounts';
export { SURVEY_CELLS, SURVEY_CELL_DEFS, detectSurveyScale, surveyCellLabel, surveyCellOf, surveyGroups, surveyMatrix, surveyMatrixJson, type SurveyCellId, type SurveyCellSummary, type SurveyFactorPoint, type SurveyMatrix, type SurveyMatrixOptions, type SurveyScale, type SurveyScaleId } from './surveyMatrix';
