/**
 * Settings for the walking-skeleton overview figures. The full, versioned
 * settings object of the analytics engine will absorb these.
 */
export interface OverviewSettings {
  /** months averaged into a group's current value */
  valueWindowMonths: number;
  /** months compared with the same number of months before them */
  trendWindowMonths: number;
  /** share of groups counted as "top" for concentration (二八) */
  topShare: number;
}

export const DEFAULT_OVERVIEW_SETTINGS: OverviewSettings = {
  valueWindowMonths: 3,
  trendWindowMonths: 3,
  topShare: 0.2,
};
