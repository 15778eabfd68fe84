/** Field and kind names in both languages, for the mapping screen. */
import type { Language } from '../../../../shared/api/contract';
import { FIELDS_BY_KIND, MONEY_FIELDS as IMPORT_MONEY_FIELDS } from '../../../../shared/import/synonyms';

const FIELDS: Record<string, [string, string]> = {
  groupCode: ['集团编码', 'Group code'],
  groupName: ['集团名称', 'Group name'],
  groupClass: ['集团等级', 'Group class'],
  importance: ['重点标识', 'Importance'],
  industry: ['行业', 'Industry'],
  region: ['区县/片区', 'Region'],
  accountManager: ['客户经理', 'Account manager'],
  employees: ['从业人员数', 'Employees'],
  contractEnd: ['协议到期日', 'Contract end'],
  competitorPresence: ['异网情况', 'Competitor presence'],
  lineGrade: ['专线等级', 'Line grade'],
  period: ['账期', 'Period'],
  unifiedPayRevenue: ['统付收入', 'Unified-pay revenue'],
  personalPayRevenue: ['个付收入', 'Personal-pay revenue'],
  totalRevenue: ['出账收入', 'Total revenue'],
  newBusinessRevenue: ['新业务收入', 'New-business revenue'],
  members: ['成员数', 'Members'],
  offNetMembers: ['异网成员数', 'Off-net members'],
  minutes: ['通话分钟数', 'Minutes'],
  arrears: ['欠费金额', 'Arrears'],
  complaints: ['投诉次数', 'Complaints'],
  faults: ['故障次数', 'Faults'],
  products: ['产品数', 'Products'],
  memberId: ['成员号码', 'Member id'],
  status: ['成员状态', 'Status'],
  snapshotArpu: ['拍照ARPU', 'Snapshot ARPU'],
  currentArpu: ['当前ARPU', 'Current ARPU'],
  role: ['关键人角色', 'Key-person role'],
  personName: ['关键人姓名', 'Key-person name'],
  relationshipStrength: ['关系强度', 'Relationship strength'],
  lastContactDate: ['最近联系日期', 'Last contact date'],
  competitorContact: ['竞争对手接触', 'Competitor contact seen'],
  roleSince: ['任职日期', 'In role since'],
  surveyFactor: ['调研因素', 'Survey factor'],
  surveyImportance: ['因素重要性', 'Factor importance'],
  surveySatisfaction: ['满意度', 'Satisfaction'],
  surveyRespondent: ['受访人', 'Respondent'],
};

/** The fields a kind's columns can be mapped to: the import's own lists (shared/import). */
export const KIND_FIELDS: Readonly<Record<string, readonly string[]>> = FIELDS_BY_KIND;

/** Fields read in a money unit (元/千元/万元). */
export const MONEY_FIELDS: ReadonlySet<string> = new Set<string>(IMPORT_MONEY_FIELDS);

export function fieldLabel(field: string, language: Language): string {
  const pair = FIELDS[field];
  if (!pair) return field;
  return language === 'en' ? pair[1] : pair[0];
}

const KINDS: Record<string, [string, string]> = {
  groupMaster: ['集团客户资料', 'Group master'],
  monthlyBilling: ['月度出账', 'Monthly billing'],
  memberSnapshot: ['拍照成员', 'Member snapshot'],
  keyPersons: ['关键人', 'Key persons'],
  survey: ['满意度调查', 'Satisfaction survey'],
};

export function kindLabel(kind: string, language: Language): string {
  const pair = KINDS[kind];
  if (!pair) return kind;
  return language === 'en' ? pair[1] : pair[0];
}

const UNITS: Record<string, [string, string]> = { yuan: ['元', 'yuan'], qianYuan: ['千元', 'thousand yuan'], wanYuan: ['万元', '10k yuan'] };

export function unitLabel(unit: string, language: Language): string {
  const pair = UNITS[unit];
  if (!pair) return unit;
  return language === 'en' ? pair[1] : pair[0];
}

export { columnLetter } from '../../../../shared/import/sheetUtil';
