/** Lifecycle stage: each stage's recommended approach (seed 004), shown in the drawer and the warning list, and the stage as a scenario scope filter. */
import { describe, expect, it } from 'vitest';
import { analyzePortfolio, buildIndex, DEFAULT_SETTINGS, groupRows, STAGE_APPROACHES, stageApproach, STAGES, STAGE_LABELS } from '../../shared/analytics';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { GroupFilterSchema, STAGE_IDS } from '../../shared/scenarios/types';
import { filterMask, scenarioGroups, scopeMask, stageOf } from '../../shared/scenarios/groups';
import { buildGroupDetailView } from '../../shared/views/groupDetailView';
import { GroupDetailViewSchema } from '../../shared/api/analysisContract';

const LATIN = /[A-Za-z]/;
const CJK_OR_FULLWIDTH = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;

describe('stage approach mapping', () => {
  it('gives every stage its own approach, in both languages, from seed 004', () => {
    expect(Object.keys(STAGE_APPROACHES)).toEqual([...STAGES]);
    const summaries = new Set<string>();
    for (const st of STAGES) {
      const a = stageApproach(st);
      expect(a.stage).toBe(st);
      expect(a.label).toEqual(STAGE_LABELS[st]);
      expect(a.steps.length).toBeGreaterThanOrEqual(3);
      for (const text of [a.summary, ...a.steps]) {
        expect(text.zh.length).toBeGreaterThan(8);
        expect(text.en.length).toBeGreaterThan(8);
        // zh has no English, en no Chinese punctuation
        expect(text.zh).not.toMatch(LATIN);
        expect(text.en).not.toMatch(CJK_OR_FULLWIDTH);
      }
      expect(a.source.en).toContain('seed 004');
      summaries.add(a.summary.zh);
    }
    expect(summaries.size).toBe(STAGES.length);
  });

  it('says what the seed says for each stage', () => {
    expect(stageApproach('mature').summary.zh).toContain('学习成本');
    expect(stageApproach('mature').steps.map((s) => s.zh).join('')).toContain('预存话费送话费');
    expect(stageApproach('decline').summary.zh).toMatch(/服务失败.*竞争.*特殊原因/);
    expect(stageApproach('decline').summary.en).toMatch(/service failure.*competition.*special/);
    expect(stageApproach('exited').summary.zh).toContain('可预期收益');
    expect(stageApproach('growth').summary.zh).toContain('瓶颈');
    expect(stageApproach('acquisition').summary.zh).toContain('关键购买因素');
  });

  it('the group drawer carries the group’s stage, its rule as the trace, and that stage’s approach', () => {
    const demo = generateDemoBranch();
    const ix = buildIndex(demo.portfolio);
    const r = analyzePortfolio(ix, DEFAULT_SETTINGS, { explainTop: 0 });
    const rows = groupRows(ix, r);
    const seen = new Set<string>();
    for (const st of ['decline', 'mature', 'growth'] as const) {
      const row = rows.find((x) => x.stage === st && x.zone !== 'white');
      expect(row, st).toBeDefined();
      if (!row) continue;
      const v = GroupDetailViewSchema.parse(buildGroupDetailView(demo.portfolio, row.groupCode, DEFAULT_SETTINGS, () => new Map(), ix));
      expect(v.stage?.id).toBe(st);
      expect(v.stage?.approach).toEqual(stageApproach(st));
      expect(v.stage?.trace.rule).toEqual(r.rules.stage[row.stageRule ?? 'noTrend']);
      seen.add(v.stage?.approach.summary.zh ?? '');
    }
    expect(seen.size).toBe(3);
  });
});

describe('lifecycle stage as a scenario scope filter', () => {
  const demo = generateDemoBranch();
  const ix = buildIndex(demo.portfolio);
  const r = analyzePortfolio(ix, DEFAULT_SETTINGS, { explainTop: 0 });
  const groups = scenarioGroups(ix, r);
  const stageByCode = new Map(groupRows(ix, r).map((row) => [row.groupCode, row.stage]));

  it('uses the engine’s stages, in the engine’s order', () => {
    expect([...STAGE_IDS]).toEqual([...STAGES]);
    for (let g = 0; g < groups.size; g++) expect(stageOf(groups, g)).toBe(stageByCode.get(groups.codes[g] as string) ?? null);
  });

  it('takes exactly the active groups of the chosen stages', () => {
    const count = (f: Parameters<typeof filterMask>[1]) => filterMask(groups, f).reduce((s, x) => s + x, 0);
    const all = count({});
    let sum = 0;
    for (const st of STAGE_IDS) {
      const mask = filterMask(groups, { stages: [st] });
      let n = 0;
      for (let g = 0; g < groups.size; g++) {
        if (mask[g] !== 1) continue;
        n++;
        expect(stageOf(groups, g)).toBe(st);
        expect(groups.active[g]).toBe(1);
      }
      // the mask misses no active group of the stage
      let expected = 0;
      for (let g = 0; g < groups.size; g++) if (groups.active[g] === 1 && stageOf(groups, g) === st) expected++;
      expect(n).toBe(expected);
      sum += n;
    }
    expect(count({ stages: ['decline'] })).toBeGreaterThan(10);
    expect(count({ stages: ['mature'] })).toBeGreaterThan(10);
    // active groups of unknown stage match no stage filter
    let unknown = 0;
    for (let g = 0; g < groups.size; g++) if (groups.active[g] === 1 && stageOf(groups, g) === null) unknown++;
    expect(sum + unknown).toBe(all);
    expect(count({ stages: ['decline', 'mature'] })).toBe(count({ stages: ['decline'] }) + count({ stages: ['mature'] }));
    // AND with the other fields
    const redDecline = count({ stages: ['decline'], zones: ['red'] });
    expect(redDecline).toBeLessThanOrEqual(count({ stages: ['decline'] }));
    expect(redDecline).toBeGreaterThan(0);
  });

  it('is in the schema scenarios are validated with, and a filter scope uses it', () => {
    expect(GroupFilterSchema.safeParse({ stages: ['decline'] }).success).toBe(true);
    expect(GroupFilterSchema.safeParse({ stages: ['dying'] }).success).toBe(false);
    const viaScope = scopeMask(groups, { kind: 'filter', filter: { stages: ['growth'] } });
    expect(Array.from(viaScope)).toEqual(Array.from(filterMask(groups, { stages: ['growth'] })));
  });
});
