/** Competitive scenario planning (竞争情景推演): library, model, closed form, allocation, Monte Carlo, guardrails. See README.md. */
export * from './types';
export { EMPTY_EDITS, mergeLibrary, resetLibraryEdit, SHIPPED_COUNTERS, SHIPPED_MOVES, shippedLibrary, TACTICS, uniqueLibraryId, withLibraryEdit, type LibraryItem } from './library';
export { filterMask, scenarioGroups, scopeMask, valueRiskCellOf, zoneOf, type ScenarioGroups } from './groups';
export { prepareScenario, withFunding, type ModelCounter, type ModelMove, type PreparedScenario, type SimModel } from './model';
export { closedForm, meanEffects, pointEffects, type ClosedForm, type Effects } from './closedForm';
export { allocate, allocationReport, autoAllocate, manualAllocate, AUTO_METHOD, MANUAL_METHOD } from './allocate';
export { guardrails, PAYBACK_LIMIT_MONTHS } from './guardrails';
export { MC_BLOCK, mergeMcParts, runMonteCarlo, type McOptions, type McRaw } from './monteCarlo';
export { assembleResult, exposureOf, LOSS_TIMING, paybackStat, planScenario, quantileSorted, scenarioExposure, simulateScenario, tornadoOf, TREND_RULE, type ScenarioPlan } from './simulate';
export { Sfc32, streamSeed } from './prng';
export { cappedScaledMean, triangularCdf, triangularExcess, triangularMean, triangularQuantile } from './triangular';
export { actionDueDate, actionDueMonths, MIN_DUE_MONTHS } from './actionDue';
