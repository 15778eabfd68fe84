/** Which kind of import a mapped sheet is: group master, monthly billing, member snapshot, key persons or satisfaction survey. */
import type { LocalText } from '../model/trace';
import type { ColumnMapping, FieldId, ImportKind } from './types';
import { GROUP_FIELDS } from './types';

export interface KindSuggestion {
  kind: ImportKind;
  confidence: number;
  reason: LocalText;
}

const REVENUE: readonly FieldId[] = ['totalRevenue', 'unifiedPayRevenue', 'personalPayRevenue'];
const GROUP_ONLY: readonly FieldId[] = GROUP_FIELDS.filter((f) => f !== 'groupCode' && f !== 'groupName');

export function suggestKind(mapping: readonly ColumnMapping[]): KindSuggestion {
  const fields = new Set<FieldId>();
  const exactStatus = mapping.some((m) => m.field === 'status' && m.confidence >= 1);
  for (const m of mapping) if (m.field !== null) fields.add(m.field);
  const hasRevenue = REVENUE.some((f) => fields.has(f));
  const groupOnly = GROUP_ONLY.filter((f) => fields.has(f)).length;

  // a survey sheet: factor + satisfaction (+ importance; 重要性 maps to 集团重要性 until the kind is known)
  const surveyImportance = fields.has('surveyImportance') || fields.has('importance');
  if (fields.has('surveySatisfaction') && (fields.has('surveyFactor') || surveyImportance) && !hasRevenue && !fields.has('memberId')) {
    const all = fields.has('surveyFactor') && surveyImportance;
    return {
      kind: 'survey',
      confidence: all ? 0.95 : 0.7,
      reason: all
        ? { zh: '含调研因素、重要性和满意度列：满意度调查结果', en: 'has factor, importance and satisfaction columns: satisfaction survey' }
        : { zh: '含满意度列：可能是满意度调查结果', en: 'has a satisfaction column: probably a satisfaction survey' },
    };
  }
  const kp = (['role', 'personName', 'relationshipStrength', 'lastContactDate', 'competitorContact'] as const).filter((f) => fields.has(f)).length;
  if (kp >= 2 && !hasRevenue && !fields.has('memberId')) {
    return {
      kind: 'keyPersons',
      confidence: fields.has('role') && fields.has('personName') ? 0.95 : 0.7,
      reason: { zh: `含${kp}个关键人列（角色、姓名、关系强度、联系日期…）：关键人清单`, en: `has ${kp} key-person columns (role, name, relationship, contact date…): key persons` },
    };
  }
  if (fields.has('memberId') || (exactStatus && groupOnly === 0 && !hasRevenue)) {
    const both = fields.has('memberId') && fields.has('status');
    return {
      kind: 'memberSnapshot',
      confidence: both ? 0.95 : 0.7,
      reason: both
        ? { zh: '含成员号码和成员状态列：拍照成员清单', en: 'has member id and status columns: member snapshot' }
        : { zh: '含成员号码或成员状态列：拍照成员清单', en: 'has a member id or status column: member snapshot' },
    };
  }
  if (fields.has('period') && hasRevenue) {
    return { kind: 'monthlyBilling', confidence: 0.95, reason: { zh: '含账期和收入列：月度出账数据', en: 'has period and revenue columns: monthly billing' } };
  }
  if ((fields.has('period') || hasRevenue) && groupOnly <= 1) {
    return {
      kind: 'monthlyBilling',
      confidence: 0.6,
      reason: fields.has('period')
        ? { zh: '含账期列但无收入列：可能是月度出账数据', en: 'has a period but no revenue column: probably monthly billing' }
        : { zh: '含收入列但无账期列：可能是月度出账数据（需指定账期列）', en: 'has revenue but no period column: probably monthly billing (needs a period column)' },
    };
  }
  const confidence = fields.has('groupCode') && groupOnly >= 2 ? 0.9 : fields.has('groupCode') ? 0.6 : 0.3;
  return {
    kind: 'groupMaster',
    confidence,
    reason:
      confidence >= 0.9
        ? { zh: `含集团编码和${groupOnly}个集团属性列：集团客户资料`, en: `has group code and ${groupOnly} group attribute columns: group master` }
        : { zh: '未识别出账期、收入或成员列：按集团客户资料处理', en: 'no period, revenue or member columns recognised: treated as group master' },
  };
}
