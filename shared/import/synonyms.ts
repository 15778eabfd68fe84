/**
 * Header synonyms per field (docs/domain.md §2 plus common variants and English),
 * field kinds and labels, and header → field matching.
 * Everything keyed by user text is a Map: a header named `__proto__` is just a string.
 */
import type { LocalText } from '../model/trace';
import type { FieldId, ImportKind } from './types';
import { FACT_FIELDS, GROUP_FIELDS, KEY_PERSON_FIELDS, MEMBER_FIELDS, SURVEY_FIELDS } from './types';
import { normaliseHeader } from './headerText';

export type FieldType = 'code' | 'text' | 'class' | 'period' | 'date' | 'money' | 'count' | 'number' | 'status' | 'flag';

export const ALL_FIELDS: readonly FieldId[] = [...new Set<FieldId>([...GROUP_FIELDS, ...FACT_FIELDS, ...MEMBER_FIELDS, ...KEY_PERSON_FIELDS, ...SURVEY_FIELDS])];

export const FIELDS_BY_KIND: Readonly<Record<ImportKind, readonly FieldId[]>> = {
  groupMaster: GROUP_FIELDS,
  monthlyBilling: FACT_FIELDS,
  memberSnapshot: MEMBER_FIELDS,
  keyPersons: KEY_PERSON_FIELDS,
  survey: SURVEY_FIELDS,
};

export function isFieldId(value: string): value is FieldId {
  return (ALL_FIELDS as readonly string[]).includes(value);
}

export const FIELD_TYPE: Readonly<Record<FieldId, FieldType>> = {
  groupCode: 'code',
  groupName: 'text',
  groupClass: 'class',
  importance: 'text',
  industry: 'text',
  region: 'text',
  accountManager: 'text',
  employees: 'count',
  contractEnd: 'date',
  competitorPresence: 'text',
  lineGrade: 'text',
  period: 'period',
  unifiedPayRevenue: 'money',
  personalPayRevenue: 'money',
  totalRevenue: 'money',
  newBusinessRevenue: 'money',
  members: 'count',
  offNetMembers: 'count',
  minutes: 'number',
  arrears: 'money',
  complaints: 'count',
  faults: 'count',
  products: 'count',
  memberId: 'code',
  status: 'status',
  snapshotArpu: 'money',
  currentArpu: 'money',
  role: 'text',
  personName: 'text',
  relationshipStrength: 'number',
  lastContactDate: 'date',
  competitorContact: 'flag',
  roleSince: 'date',
  surveyFactor: 'text',
  surveyImportance: 'number',
  surveySatisfaction: 'number',
  surveyRespondent: 'text',
};

export function isMoneyField(field: FieldId): boolean {
  return FIELD_TYPE[field] === 'money';
}

export const MONEY_FIELDS: readonly FieldId[] = ALL_FIELDS.filter(isMoneyField);

export const FIELD_LABELS: Readonly<Record<FieldId, LocalText>> = {
  groupCode: { zh: '集团编码', en: 'group code' },
  groupName: { zh: '集团名称', en: 'group name' },
  groupClass: { zh: '集团等级', en: 'group class' },
  importance: { zh: '重点标识', en: 'importance' },
  industry: { zh: '行业', en: 'industry' },
  region: { zh: '区县', en: 'region' },
  accountManager: { zh: '客户经理', en: 'account manager' },
  employees: { zh: '从业人员数', en: 'employees' },
  contractEnd: { zh: '协议到期日', en: 'contract end' },
  competitorPresence: { zh: '异网情况', en: 'competitor presence' },
  lineGrade: { zh: '专线等级', en: 'line grade' },
  period: { zh: '账期', en: 'period' },
  unifiedPayRevenue: { zh: '统付收入', en: 'unified-pay revenue' },
  personalPayRevenue: { zh: '个付收入', en: 'personal-pay revenue' },
  totalRevenue: { zh: '出账收入', en: 'total revenue' },
  newBusinessRevenue: { zh: '新业务收入', en: 'new-business revenue' },
  members: { zh: '成员数', en: 'members' },
  offNetMembers: { zh: '异网成员数', en: 'off-net members' },
  minutes: { zh: '通话分钟数', en: 'minutes' },
  arrears: { zh: '欠费金额', en: 'arrears' },
  complaints: { zh: '投诉次数', en: 'complaints' },
  faults: { zh: '故障次数', en: 'faults' },
  products: { zh: '产品数', en: 'products' },
  memberId: { zh: '成员号码', en: 'member id' },
  status: { zh: '成员状态', en: 'member status' },
  snapshotArpu: { zh: '拍照ARPU', en: 'snapshot ARPU' },
  currentArpu: { zh: '当前ARPU', en: 'current ARPU' },
  role: { zh: '关键人角色', en: 'key-person role' },
  personName: { zh: '关键人姓名', en: 'key-person name' },
  relationshipStrength: { zh: '关系强度', en: 'relationship strength' },
  lastContactDate: { zh: '最近联系日期', en: 'last contact date' },
  competitorContact: { zh: '竞争对手接触', en: 'competitor contact seen' },
  roleSince: { zh: '任职日期', en: 'in role since' },
  surveyFactor: { zh: '调研因素', en: 'survey factor' },
  surveyImportance: { zh: '因素重要性', en: 'factor importance' },
  surveySatisfaction: { zh: '满意度', en: 'satisfaction' },
  surveyRespondent: { zh: '受访人', en: 'respondent' },
};

export const FIELD_SYNONYMS: Readonly<Record<FieldId, readonly string[]>> = {
  groupCode: [
    '集团编码', '集团客户编号', '集团号', '客户编码', '集团编号', '集团客户编码', '集团代码', '集团客户代码', '集团ID', '集团客户ID',
    '集团客户号', '客户编号', '客户ID', '客户代码', '单位编码', '集团标识', 'group_id', 'group code', 'groupcode', 'group no', 'customer_id', 'cust_id', 'customer code',
  ],
  groupName: [
    '集团名称', '集团客户名称', '单位名称', '客户名称', '集团名', '集团客户', '企业名称', '公司名称', '集团全称', '客户全称',
    'group_name', 'group name', 'customer_name', 'cust_name', 'customer name', 'name',
  ],
  groupClass: [
    '集团等级', '集团级别', '客户级别', '价值等级', '客户等级', '集团客户等级', '集团客户级别', '集团价值等级', '客户价值等级', '等级', '级别',
    'group_class', 'group class', 'class', 'grade', 'level', 'tier', 'value_class',
  ],
  importance: [
    '重要集团', '省市重点', '重点标识', '重点集团', '是否重点', '重要性', '重点客户', '重要集团标识', '重点集团标识', '是否重要集团', '重要程度',
    'importance', 'key_account', 'key account', 'vip',
  ],
  industry: ['行业', '行业类型', '所属行业', '行业类别', '行业分类', '行业名称', '行业大类', 'industry', 'sector', 'vertical'],
  region: [
    '区县', '分公司', '营业区', '片区', '所属区域', '区域', '所属区县', '所属分公司', '归属区县', '归属分公司', '所属片区', '营销中心', '网格', '所属网格',
    '营业部', '归属营业部', '所属营业部', '归属营销中心', '所属营销中心', '归属网格', '归属片区', '归属区域',
    'region', 'district', 'area', 'branch', 'county',
  ],
  accountManager: [
    '客户经理', '客户经理姓名', '归属经理', '客户经理名称', '归属客户经理', '集团客户经理', '维护经理', '负责经理', '客户经理名字',
    'account_manager', 'account manager', 'manager', 'am', 'acct_manager',
  ],
  employees: [
    '从业人员数', '员工数', '单位人数', '员工人数', '职工人数', '从业人数', '单位员工数', '员工总数', '从业人员', '职工数', '人数',
    'employees', 'employee_count', 'staff', 'headcount', 'employee count',
  ],
  contractEnd: [
    '协议到期日', '合同到期日', '协议失效时间', '协议到期时间', '合同到期时间', '协议截止日期', '合同截止日期', '协议结束日期', '合同结束日期',
    '协议到期日期', '合同到期日期', '协议失效日期', '合同失效日期', '到期日', '到期日期', '到期时间',
    'contract_end', 'contract end', 'contract_end_date', 'contract expiry', 'expiry', 'expiry_date', 'expiry date', 'end_date',
  ],
  competitorPresence: [
    '异网情况', '竞争对手', '异网渗透', '竞争情况', '友商情况', '竞争对手情况', '异网运营商', '竞争运营商', '异网渗透情况', '竞对情况',
    'competitor', 'competitors', 'competitor_presence', 'competitor presence',
  ],
  lineGrade: ['专线等级', '专线级别', '专线服务等级', '专线保障等级', '专线类型', 'line_grade', 'line grade', 'sla', 'sla_grade'],
  period: [
    '账期', '帐期', '月份', '统计月份', '出账月份', '出帐月份', '账务月份', '帐务月份', '计费月份', '统计月', '数据月份', '年月', '账期月份', '月度', '统计账期',
    'period', 'month', 'bill_month', 'billing_month', 'billing month', 'acct_month', 'statis_month', 'yearmonth', 'year_month', 'ym',
  ],
  unifiedPayRevenue: [
    '统付收入', '集团统付', '单位支付收入', '统付', '集团统付收入', '统付金额', '单位统付收入', '集团支付收入', '统付出账收入', '单位付费收入', '集团付费收入',
    'unified_pay_revenue', 'unified_revenue', 'unified pay revenue', 'unified_pay', 'group_paid_revenue',
  ],
  personalPayRevenue: [
    '个付收入', '个人支付收入', '个付', '个人付费收入', '个付金额', '个人缴费收入', '个付出账收入', '个人收入',
    'personal_pay_revenue', 'personal_revenue', 'personal pay revenue', 'personal_pay',
  ],
  totalRevenue: [
    '出账收入', '总收入', '收入合计', '月收入', '收入', '出帐收入', '合计收入', '出账金额', '出帐金额', '集团出账收入', '月出账收入', '收入总额', '总出账收入', '出账总收入',
    'total_revenue', 'total revenue', 'revenue', 'bill_amount', 'billing_amount',
  ],
  newBusinessRevenue: [
    '新业务收入', '信息化收入', 'ICT收入', '数据业务收入', '创新业务收入', '新兴业务收入', '信息化业务收入', 'DICT收入', '新业务',
    'new_business_revenue', 'new business revenue', 'ict_revenue', 'new_revenue',
  ],
  members: [
    '成员数', '集团成员数', '在网成员数', '成员数量', '集团成员', '在网成员', '集团成员数量', '成员总数', '集团用户数', '在网用户数', '用户数', '成员人数', '在网人数',
    'members', 'member_count', 'member count', 'members_count',
  ],
  offNetMembers: [
    '异网成员数', '他网成员', '他网成员数', '异网成员', '异网用户数', '异网成员数量', '双卡成员数', '异网号码数',
    'off_net_members', 'offnet_members', 'off-net members', 'offnet',
  ],
  minutes: ['通话分钟数', '话务量', 'MOU', '通话时长', '计费时长', '分钟数', '通话分钟', '语音时长', '计费分钟数', 'minutes', 'voice_minutes', 'call_minutes'],
  arrears: ['欠费金额', '欠费', '欠费额', '欠款', '欠款金额', '欠费总额', '累计欠费', 'arrears', 'debt', 'overdue', 'overdue_amount'],
  complaints: ['投诉次数', '投诉量', '投诉数', '投诉', '投诉件数', '投诉工单数', 'complaints', 'complaint_count', 'complaint count'],
  faults: ['故障次数', '故障工单', '故障数', '故障工单数', '故障', '故障量', '故障单数', 'faults', 'fault_count', 'fault count', 'incidents'],
  products: ['产品数', '订购产品数', '业务种类数', '产品数量', '订购产品', '业务数', '订购业务数', '产品种类数', 'products', 'product_count', 'product count'],
  memberId: [
    '成员号码', '号码', '手机号码', '手机号', '用户号码', '服务号码', '成员编号', '计费号码', '成员手机号', '成员ID', '用户ID', '电话号码',
    'member_id', 'member id', 'memberid', 'msisdn', 'phone', 'phone_number', 'mobile', 'subscriber',
  ],
  status: ['状态', '成员状态', '用户状态', '在网状态', '在网标识', '是否在网', '号码状态', '离网标识', 'status', 'member_status', 'state'],
  snapshotArpu: [
    '拍照ARPU', '拍照时ARPU', '拍照期ARPU', '基期ARPU', '拍照月ARPU', '拍照ARPU值', '拍照收入',
    'snapshot_arpu', 'snapshot arpu', 'base_arpu',
  ],
  currentArpu: ['当前ARPU', '本期ARPU', '当月ARPU', '现ARPU', 'ARPU', '目前ARPU', '当期ARPU', '本月ARPU', 'current_arpu', 'current arpu', 'arpu_now'],
  role: ['角色', '关键人角色', '关键人类型', '关键人身份', '人员角色', '身份', '职务类型', '关键角色', 'role', 'key_person_role', 'person_role'],
  personName: ['关键人姓名', '关键人', '姓名', '关键人名称', '联系人姓名', '人员姓名', '关键人物', 'person_name', 'person name', 'key_person', 'key person', 'contact_name'],
  relationshipStrength: ['关系强度', '关系等级', '关系程度', '关系紧密度', '关系评分', '亲密度', 'relationship_strength', 'relationship strength', 'relationship', 'rel_strength'],
  lastContactDate: [
    '最近联系日期', '最后联系日期', '最近联系时间', '最后联系时间', '上次联系日期', '最近拜访日期', '最后拜访日期', '最近拜访时间', '上次拜访日期', '拜访日期',
    'last_contact_date', 'last contact date', 'last_contact', 'last contact', 'last_visit',
  ],
  competitorContact: [
    '竞争对手接触', '竞争对手接触情况', '异网接触', '被挖角', '是否被策反', '竞对接触', '友商接触', '是否被竞争对手接触', '异网策反', '策反',
    'competitor_contact', 'competitor contact', 'poached', 'competitor_contact_seen',
  ],
  roleSince: ['任职日期', '任职时间', '上任日期', '到任日期', '任职起始日期', '担任日期', 'role_since', 'role since', 'in_role_since', 'since'],
  // 重要性 / 重要程度 are also 集团重要性 (importance) in a group master: a survey sheet maps them here only when the import kind is survey
  surveyFactor: [
    '调研因素', '评价项目', '调查因素', '评价因素', '满意度因素', '调研项目', '调查项目', '评价指标', '测评项目', '测评指标', '评价维度', '服务项目', '影响因素', '因素', '指标项',
    'survey_factor', 'survey factor', 'factor', 'attribute', 'item',
  ],
  surveyImportance: [
    '重要性', '重要程度', '重要性评分', '重要性得分', '重要度', '重要性打分', '因素重要性', '重要性分值', '关注度', '重视程度',
    'survey_importance', 'factor_importance', 'importance_score', 'importance score', 'importance',
  ],
  surveySatisfaction: [
    '满意度', '满意程度', '满意度评分', '满意度得分', '满意度打分', '满意度分值', '满意分', '满意度分', '表现评分', '绩效评分',
    'survey_satisfaction', 'satisfaction', 'satisfaction_score', 'satisfaction score', 'performance',
  ],
  surveyRespondent: ['受访人', '受访者', '被调查人', '调查对象', '答卷人', '填写人', '受访人姓名', '问卷编号', '答卷编号', 'respondent', 'respondent_id', 'respondent id'],
};

interface SynonymEntry {
  field: FieldId;
  synonym: string;
  base: string;
  latin: boolean;
  rank: number;
}

const ENTRIES: SynonymEntry[] = [];
/** base → every field that lists it exactly (one field per kind: a base may mean 集团重要性 in a group master and 因素重要性 in a survey) */
const EXACT = new Map<string, SynonymEntry[]>();
for (const field of ALL_FIELDS) {
  for (const [rank, synonym] of FIELD_SYNONYMS[field].entries()) {
    const base = normaliseHeader(synonym).base;
    const entry: SynonymEntry = { field, synonym, base, latin: /^[a-z0-9]+$/.test(base), rank };
    ENTRIES.push(entry);
    const list = EXACT.get(base);
    if (list === undefined) EXACT.set(base, [entry]);
    else if (!list.some((e) => e.field === field)) list.push(entry);
  }
}
// longest first, so that containment prefers 统付收入 over 收入
ENTRIES.sort((a, b) => b.base.length - a.base.length);

/**
 * Words that change the meaning of a header that merely contains a synonym:
 * '新业务收入占比' is a share, '客户经理电话' a phone number, not the field.
 */
const NEGATIVE_WORDS = [
  '占比', '比例', '比重', '率', '增长', '增幅', '增量', '环比', '同比', '排名', '排序', '序号', '变化', '差额', '差值', '平均', '均值', '预测', '目标', '计划',
  '电话', '手机', '联系', '工号', '邮箱', '地址', '备注', '说明', '上月', '去年', '上年', '同期', 'rate', 'ratio', 'share', 'pct', 'growth', 'rank', 'phone',
];

export type MatchHow = 'exact' | 'contains' | 'containedIn';

export interface HeaderMatch {
  field: FieldId;
  how: MatchHow;
  /** the synonym as listed (for the reason text) */
  synonym: string;
  confidence: number;
  /** position of the synonym in its field's list (lower = the more usual header; breaks ties) */
  rank: number;
}

function blockedByNegative(base: string, synonymBase: string): boolean {
  for (const w of NEGATIVE_WORDS) if (base.includes(w) && !synonymBase.includes(w)) return true;
  return false;
}

/**
 * Candidate fields for a normalised header base, best first: exact synonym
 * (confidence 1), header contains a synonym (0.75–0.85), header is part of a
 * synonym (0.6). `allowed` restricts the fields considered.
 */
export function matchHeaderBase(base: string, allowed?: ReadonlySet<FieldId>): HeaderMatch[] {
  if (base === '') return [];
  const out: HeaderMatch[] = [];
  const seen = new Set<FieldId>();
  const exact = EXACT.get(base)?.find((e) => !allowed || allowed.has(e.field));
  if (exact) {
    return [{ field: exact.field, how: 'exact', synonym: exact.synonym, confidence: 1, rank: exact.rank }];
  }
  if (base.length > 40) return out;
  for (const e of ENTRIES) {
    if (seen.has(e.field) || (allowed && !allowed.has(e.field))) continue;
    if (e.base === base) continue;
    const minLen = e.latin ? 4 : 2;
    if (e.base.length >= minLen && base.includes(e.base)) {
      if (blockedByNegative(base, e.base)) continue;
      out.push({ field: e.field, how: 'contains', synonym: e.synonym, confidence: 0.75 + 0.1 * Math.min(1, e.base.length / base.length), rank: e.rank });
      seen.add(e.field);
    }
  }
  const latinBase = /^[a-z0-9]+$/.test(base);
  if (out.length === 0 && base.length >= (latinBase ? 4 : 2)) {
    let best: SynonymEntry | null = null;
    for (const e of ENTRIES) {
      if (seen.has(e.field) || (allowed && !allowed.has(e.field))) continue;
      if (e.base !== base && e.base.includes(base) && (!best || e.base.length < best.base.length)) best = e;
    }
    if (best) out.push({ field: best.field, how: 'containedIn', synonym: best.synonym, confidence: 0.6, rank: best.rank });
  }
  out.sort((a, b) => b.confidence - a.confidence || a.rank - b.rank);
  return out;
}

/** matchHeaderBase on raw header text. */
export function matchHeader(header: string, allowed?: ReadonlySet<FieldId>): HeaderMatch[] {
  return matchHeaderBase(normaliseHeader(header).base, allowed);
}

/** True when the normalised base is exactly one of the synonyms. */
export function isExactSynonym(base: string): boolean {
  return EXACT.has(base);
}

/** Synonym bases shared by two fields of one import kind (should be empty; checked by tests). Fields of different kinds may share one. */
export function synonymConflicts(): string[] {
  const out: string[] = [];
  for (const fields of Object.values(FIELDS_BY_KIND)) {
    const owner = new Map<string, FieldId>();
    for (const field of fields)
      for (const s of FIELD_SYNONYMS[field]) {
        const base = normaliseHeader(s).base;
        const prev = owner.get(base);
        if (prev !== undefined && prev !== field) out.push(`${s}: ${prev} / ${field}`);
        owner.set(base, field);
      }
  }
  return [...new Set(out)];
}
