/** Rows of satisfaction-survey results (满意度调查): factor, importance, satisfaction; per group or branch-wide. */
import type { SurveyResponse } from '../../model/portfolio';
import { parseText } from '../normalise';
import { duplicateMessage, type GroupNames, type KindRows, type RowOutcome } from './kindRows';
import type { RowCursor } from './rowCursor';

export class SurveyRows implements KindRows {
  readonly surveyResponses: SurveyResponse[] = [];
  private readonly seen = new Map<string, { row: number; answer: SurveyResponse }>();

  constructor(
    private readonly c: RowCursor,
    private readonly groupNames: GroupNames,
  ) {}

  process(): RowOutcome {
    const c = this.c;
    const S = c.S;
    const factor = c.readText(S.surveyFactor);
    if (factor === null) c.report('missingSurveyFactor', S.surveyFactor, { zh: '调研因素为空，已跳过此行', en: 'survey factor is empty; row skipped' });
    const importance = c.readNumber(S.surveyImportance);
    const satisfaction = c.readNumber(S.surveySatisfaction);
    for (const [slot, v] of [[S.surveyImportance, importance], [S.surveySatisfaction, satisfaction]] as const)
      if (v === null) c.report('missingSurveyScore', slot, { zh: `“${c.headerOf(slot.field)}”为空或无法识别，已跳过此行`, en: `${c.headerOfEn(slot.field)} is empty or not a number; row skipped` });
    // a survey may be branch-wide: an empty group code is a branch-wide answer, not an error
    let code: string | null = null;
    const gc = S.groupCode.c;
    if (gc >= 0 && parseText(c.row[gc]).value !== null) code = c.readGroupCode(true);
    const groupName = c.readText(S.groupName);
    if (code !== null && groupName !== null && !this.groupNames.has(code)) this.groupNames.set(code, groupName);
    const respondent = c.readText(S.surveyRespondent);
    const period = c.readOptionalPeriod({ zh: '调查账期', en: 'survey period' });
    if (factor === null || importance === null || satisfaction === null || c.hasErrors()) return 'error';
    const a: SurveyResponse = { factor, importance, satisfaction, groupCode: code, respondent, period };
    if (respondent !== null) {
      const key = `${period ?? ''}\u0000${code ?? ''}\u0000${respondent}\u0000${factor}`;
      const prev = this.seen.get(key);
      if (prev) {
        if (prev.answer.importance === importance && prev.answer.satisfaction === satisfaction) return 'duplicate';
        c.report('duplicateSurveyAnswer', S.surveyFactor, duplicateMessage({ zh: `受访人${respondent}对“${factor}”的回答`, en: `the answer of ${respondent} on ${factor}` }, prev.row));
        return 'error';
      }
      this.seen.set(key, { row: c.r + 1, answer: a });
    }
    this.surveyResponses.push(a);
    return 'imported';
  }
}
