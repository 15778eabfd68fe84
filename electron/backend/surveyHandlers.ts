/** Handler of the 满意度调查 channel: the survey matrix of the open workspace (in the header's scope). */
import { surveyGroups, surveyMatrix, surveyWaves } from '../../shared/analytics/surveyMatrix';
import type { SurveyView } from '../../shared/api/surveyContract';
import type { AnalysisContext } from './analysisContext';

export function surveyHandlers(ctx: AnalysisContext) {
  return {
    'survey.view': async ({ groupCode, period }: { groupCode?: string | null | undefined; period?: string | undefined }): Promise<SurveyView> => {
      const ix = ctx.index();
      const answers = ix.portfolio.surveyResponses;
      if (!answers || answers.length === 0) {
        // none in the header's scope is not "not imported": the page must not send the user to import again
        const outside = ix.portfolio.outsideScope?.surveyResponses ?? 0;
        return { available: false, ...(outside > 0 ? { outOfScope: outside } : {}), matrix: null, groups: [], branchWideAnswers: 0, waves: [] };
      }
      const names = new Map<string, string>();
      for (const g of ix.groups) if (!names.has(g.groupCode)) names.set(g.groupCode, g.groupName);
      const waves = surveyWaves(answers);
      let undated = 0;
      for (const a of answers) if (a.period === null) undated++;
      let branchWide = 0;
      for (const a of answers) if (a.groupCode === null) branchWide++;
      return {
        available: true,
        matrix: surveyMatrix(answers, ctx.settings(), { groupCode: groupCode ?? null, ...(period ? { period } : {}) }),
        groups: surveyGroups(answers).map((g) => ({ ...g, groupName: names.get(g.groupCode) ?? g.groupCode })),
        branchWideAnswers: branchWide,
        waves,
        ...(waves.length > 0 && undated > 0 ? { undatedAnswers: undated } : {}),
      };
    },
  };
}
