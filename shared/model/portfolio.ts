/**
 * The domain records a workspace holds. Money is always stored in 元 (yuan);
 * periods are `YYYY-MM`; dates are `YYYY-MM-DD`. Optional fields are `null`
 * when the export did not provide them, never 0, so that analytics can tell
 * "missing" from "zero".
 */
import type { FactColumns } from './factColumns';

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

/** A group known only by its code and name (from billing rows before its master record arrives). */
export function minimalGroup(groupCode: string, groupName: string = groupCode): Group {
  return {
    groupCode,
    groupName,
    groupClass: null,
    importance: null,
    industry: null,
    region: null,
    accountManager: null,
    employees: null,
    contractEnd: null,
    competitorPresence: null,
    lineGrade: null,
  };
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

/** 拍照成员: one member of a group at the snapshot, and how they are doing now. */
export interface MemberSnapshot {
  /** masked phone number or member id */
  memberId: string;
  groupCode: string;
  /** 在网 active / 离网 left / 携出 ported out */
  status: 'active' | 'left' | 'portedOut';
  /** YYYY-MM of the snapshot */
  period: string | null;
  snapshotArpu: number | null;
  currentArpu: number | null;
}

/**
 * 关键人 (optional): a person inside the group who decides or relays (seed 000:
 * the contact and the key people fall to the competitor first).
 */
export interface KeyPerson {
  groupCode: string;
  /** 决策者 / 联络人 / 技术负责人 / 采购负责人, as exported */
  role: string | null;
  name: string | null;
  /** relationship strength as exported (e.g. 1 weak … 5 strong) */
  relationshipStrength: number | null;
  /** YYYY-MM-DD of the last contact by our side */
  lastContactDate: string | null;
  /** true when a competitor has been seen contacting this person (poached / being poached) */
  competitorContact: boolean | null;
  /** YYYY-MM-DD since when this person holds the role (a recent date = the key person changed) */
  roleSince: string | null;
  /**
   * Set by an import that found someone else in this role than the import before (a new 决策者):
   * the predecessor's name. Absent / null = no change seen between imports.
   */
  previousName?: string | null;
  /** YYYY-MM-DD the change between imports was detected (the as-of day of the data at that import) */
  changeDetected?: string | null;
}

/**
 * One answer of a satisfaction survey (满意度调查, docs/domain.md §2, seed 001): how important
 * one factor is to the respondent and how satisfied they are with it, on the survey's own scale
 * (1–5, 0–10 or 0–100; shared/analytics/surveyMatrix.ts detects which).
 */
export interface SurveyResponse {
  /** the factor asked about (网络质量, 资费价格, 客户经理响应…) */
  factor: string;
  importance: number;
  satisfaction: number;
  /** the group that answered; null = a branch-wide answer (no group named) */
  groupCode: string | null;
  /** who answered (name or id), null when the file does not say */
  respondent: string | null;
  /** the survey wave as YYYY-MM, null when the file does not say */
  period: string | null;
}

export interface Portfolio {
  groups: Group[];
  facts: MonthlyFact[];
  /**
   * The same facts as columns (factColumns.ts), present on portfolios opened from storage or
   * imported: then `facts` is built from them on first read only. Read factColumnsOf(p).
   */
  factColumns?: FactColumns;
  /** optional: key persons (关键人); absent = the key-person warning signal is unavailable */
  keyPersons?: KeyPerson[];
  /** optional: imported member snapshot (拍照成员) */
  memberSnapshots?: MemberSnapshot[];
  /** optional: satisfaction survey answers (满意度调查); absent = no survey matrix */
  surveyResponses?: SurveyResponse[];
  /**
   * Set on a portfolio restricted to a scope (restrictPortfolio): the workspace's rows that lie
   * outside it, so "none in this scope" is not read as "not imported".
   */
  outsideScope?: OutsideScope;
}

/** Rows of the whole workspace left out by a scope (branch-wide survey answers count as outside a region or manager). */
export interface OutsideScope {
  keyPersons: number;
  memberSnapshots: number;
  surveyResponses: number;
  /**
   * The whole workspace's billing per month (groups billed, revenue), oldest first: a partial load
   * is judged on the whole workspace, so a small scope (fewer groups than the check needs) does
   * not take the partial month as its latest complete one.
   */
  periodTotals?: { periods: string[]; billed: number[]; revenue: number[] };
}
