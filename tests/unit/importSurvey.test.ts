/** The satisfaction-survey import kind: header synonyms, kind suggestion, normalising, plan and apply. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportEngine } from '../../electron/backend/import/engine';
import { applyImport, planImport } from '../../shared/import/plan';
import { suggestMapping } from '../../shared/import/mapColumns';
import { suggestKind } from '../../shared/import/suggestKind';
import { synonymConflicts } from '../../shared/import/synonyms';
import { DEFAULT_SETTINGS } from '../../shared/analytics';
import { surveyMatrix } from '../../shared/analytics/surveyMatrix';
import type { Portfolio } from '../../shared/model/portfolio';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'survey', '满意度调查-2026-11.csv');

describe('survey import', () => {
  it('recognises a survey sheet and keeps 重要性 as 集团重要性 in a group master', () => {
    const survey = suggestMapping(['调研因素', '重要性', '满意度'], []);
    expect(suggestKind(survey).kind).toBe('survey');
    const mapped = suggestMapping(['调研因素', '重要性', '满意度', '集团编码', '受访者'], [], 'survey').map((m) => m.field);
    expect(mapped).toEqual(['surveyFactor', 'surveyImportance', 'surveySatisfaction', 'groupCode', 'surveyRespondent']);
    const master = suggestMapping(['集团编码', '集团名称', '重要性', '行业'], []);
    expect(master.map((m) => m.field)).toEqual(['groupCode', 'groupName', 'importance', 'industry']);
    expect(suggestKind(master).kind).toBe('groupMaster');
    expect(suggestMapping(['评价项目', '重要程度', '满意程度'], [], 'survey').map((m) => m.field)).toEqual(['surveyFactor', 'surveyImportance', 'surveySatisfaction']);
    expect(synonymConflicts()).toEqual([]);
  });

  it('imports the fixture: answers per group and branch-wide, a bad score skips its row', () => {
    const [file] = new ImportEngine({ templates: [], knownGroupCodes: ['0571000001', '0571000002'] }).stage([{ fileName: '满意度调查-2026-11.csv', bytes: new Uint8Array(fs.readFileSync(FIXTURE)) }]);
    if (!file?.result) throw new Error('no result');
    expect(file.kind).toBe('survey');
    expect(file.mapping.map((m) => m.field)).toEqual(['groupCode', 'groupName', 'surveyRespondent', 'surveyFactor', 'surveyImportance', 'surveySatisfaction', 'period']);
    const r = file.result;
    expect(r.stats.imported).toBe(18);
    // '—' reads as empty: the answer has no satisfaction, the row is skipped
    expect(r.problems.map((p) => [p.code, p.row, p.column])).toEqual([['missingSurveyScore', 20, 'F']]);
    expect(r.surveyResponses[0]).toEqual({ factor: '网络质量', importance: 5, satisfaction: 3, groupCode: '0571000001', respondent: '张经理', period: '2026-11' });
    expect(r.surveyResponses.filter((a) => a.groupCode === null)).toHaveLength(6);

    const current: Portfolio = { groups: [], facts: [], surveyResponses: [{ factor: '旧', importance: 1, satisfaction: 1, groupCode: null, respondent: null, period: '2026-11' }, { factor: '旧', importance: 1, satisfaction: 1, groupCode: null, respondent: null, period: '2026-08' }] };
    const plan = planImport(current, { surveyResponses: r.surveyResponses });
    expect([plan.surveyRows, plan.replacedSurveyRows, plan.newGroups]).toEqual([18, 1, 0]);
    const next = applyImport(current, { surveyResponses: r.surveyResponses });
    expect(next.surveyResponses).toHaveLength(19);
    const m = surveyMatrix(next.surveyResponses ?? [], DEFAULT_SETTINGS);
    expect(m?.period).toBe('2026-11');
    const cells = Object.fromEntries((m?.cells ?? []).map((c) => [c.id, c.factors]));
    expect(cells).toEqual({ fixFirst: ['网络质量', '投诉处理'], keepUp: ['资费价格'], advantage: ['客户经理响应', '营业厅服务'], latent: ['信息化产品'] });
    expect(m?.importance.value).toBeCloseTo(3.5, 10);
    const g1 = surveyMatrix(next.surveyResponses ?? [], DEFAULT_SETTINGS, { groupCode: '0571000001' });
    expect(g1?.answers).toBe(6);
  });
});

describe('survey storage', () => {
  it('survey.hft round-trips the answers; no survey = no file', async () => {
    const os = await import('node:os');
    const { readGeneration, writeGeneration } = await import('../../electron/backend/storage/manifest');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h15s-survey-'));
    try {
      const surveyResponses = [
        { factor: '网络质量', importance: 4.5, satisfaction: 2, groupCode: 'G1', respondent: '张', period: '2026-11' },
        { factor: '资费价格', importance: 3, satisfaction: 4, groupCode: null, respondent: null, period: null },
      ];
      const p: Portfolio = { groups: [{ groupCode: 'G1', groupName: 'g', groupClass: null, importance: null, industry: null, region: null, accountManager: null, employees: null, contractEnd: null, competitorPresence: null, lineGrade: null }], facts: [], surveyResponses };
      const w = await writeGeneration(dir, 'g000001', p, new Date());
      expect(w.manifest.tables.survey?.rows).toBe(2);
      expect((await readGeneration(dir, 'g000001')).portfolio.surveyResponses).toEqual(surveyResponses);
      const none = await writeGeneration(dir, 'g000002', { ...p, surveyResponses: undefined }, new Date());
      expect(none.manifest.tables.survey).toBeUndefined();
      expect((await readGeneration(dir, 'g000002')).portfolio.surveyResponses).toBeUndefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
