/**
 * The domain records a workspace holds. Money is always stored in 元 (yuan);
 * periods are `YYYY-MM`; dates are `YYYY-MM-DD`. Optional fields are `null`
 * when the export did not provide them, never 0, so that analytics can tell
 * "missing" from "zero".
 */

export const GROUP_CLASSES = ['A1', 'A2', 'B1', 'B2', 'C', 'D'] as const;
export type GroupClass = (typeof GROUP_CLASSES)[number];

/** 集团客户: one row per organisation. */
export interface Group {
  groupCode: string;
  groupName: string;
  groupClass: string | null;
  importance: string | null;
  industry: string | null;
  region: string | null;
  /** null = no account manager ("management vacuum", seed 003). */
  accountManager: string | null;
  employees: number | null;
  /** YYYY-MM-DD */
  contractEnd: string | null;
  competitorPresence: string | null;
  lineGrade: string | null;
}

/** One group in one billing month (账期). */
export interface MonthlyFact {
  groupCode: string;
  /** YYYY-MM */
  period: string;
  unifiedPayRevenue: number | null;
  personalPayRevenue: number | null;
  totalRevenue: number;
  newBusinessRevenue: number | null;
  members: number | null;
  offNetMembers: number | null;
  minutes: number | null;
  arrears: number | null;
  complaints: number | null;
  faults: number | null;
  products: number | null;
}

export interface Portfolio {
  groups: Group[];
  facts: MonthlyFact[];
}
