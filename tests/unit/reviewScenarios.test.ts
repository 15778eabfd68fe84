/** The competition and plan slides from saved scenarios, with the scenario engine's own results. */
import { describe, expect, it } from 'vitest';
import { buildIndex, DEFAULT_SETTINGS } from '../../shared/analytics';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { buildSlides } from '../../shared/review/buildSlides';
import { mergeLibrary } from '../../shared/scenarios/library';
import { ScenarioDefinitionSchema, type ScenarioDefinition } from '../../shared/scenarios/types';
import { computeResult } from '../../electron/backend/scenarios/compute';
import { collectReviewInputs } from '../../shared/review/collectInputs';
import { readScenarioSources } from '../../shared/review/scenarioInputs';
import type { ReviewSlide } from '../../shared/review/types';

const def = (id: string, name: string, isPlan: boolean, moveIds: string[]): ScenarioDefinition =>
  ScenarioDefinitionSchema.parse({
    id,
    name,
    createdAt: '2026-11-01T00:00:00Z',
    updatedAt: '2026-11-02T00:00:00Z',
    step: 7,
    scope: { kind: 'branch' },
    moves: moveIds.map((moveId) => ({ moveId, intensity: 1 })),
    counters: [{ measureId: 'product-bundling', segment: null }],
    budget: 300_000,
    allocation: 'auto',
    quarters: 4,
    runs: 10_000,
    seed: 7,
    isPlan,
  });

describe('competition and plan slides', () => {
  const ix = buildIndex(generateDemoBranch().portfolio);
  const library = mergeLibrary({ version: 1, moves: [], counters: [] });
  const a = def('scen-a', '领导赠机应对', true, ['leader-handsets']);
  const b = def('scen-b', '整体转网', false, ['leader-handsets', 'wiring-for-switch']);
  const ra = computeResult(ix, DEFAULT_SETTINGS, library, a);
  const rb = computeResult(ix, DEFAULT_SETTINGS, library, b);
  const stored = { version: 1, scenarios: [a, b, { id: 'broken' }], lastRuns: {} };
  const sources = readScenarioSources(undefined, stored, new Map([[a.id, ra], [b.id, rb]]));
  const inputs = collectReviewInputs(ix, DEFAULT_SETTINGS, { quarter: '2026Q3', branchName: 'x', actions: [], scenarios: sources });
  const slides = buildSlides(inputs, 'zh-CN');
  const slide = (id: string) => slides.find((s) => s.id === id) as ReviewSlide;
  const fig = (s: ReviewSlide, label: string) => s.findings.flatMap((f) => f.figures).find((f) => f.label === label)?.value;

  it('reads the scenario store’s section, skipping what does not validate', () => {
    expect(sources.definitions.map((d) => d.id)).toEqual(['scen-a', 'scen-b']);
    expect(sources.unreadable).toBe(1);
  });

  it('shows per move the scenarios using it and their exposure, and the most exposed scenario', () => {
    const c = slide('competition');
    const v = c.visual;
    if (v?.kind !== 'table') throw new Error('table');
    const leader = v.rows.find((r) => r[0] === '领导赠机');
    expect(leader?.[1]).toBe(2);
    const byMove = (r: typeof ra) => r.exposure.byMove.find((m) => m.moveId === 'leader-handsets');
    expect(leader?.[2]).toBe(Math.max(byMove(ra)?.groups ?? 0, byMove(rb)?.groups ?? 0));
    expect(fig(c, '推演方案数')).toBe(2);
    const worst = [ra, rb].sort((x, y) => (y.exposure.revenueAtRisk.expected ?? 0) - (x.exposure.revenueAtRisk.expected ?? 0))[0];
    expect(fig(c, '风险收入（期望）')).toBe(worst?.exposure.revenueAtRisk.expected);
    expect(fig(c, '暴露集团数')).toBe(worst?.exposure.exposedGroups);
  });

  it('shows the plan scenario’s budget, cost and outcomes from its result', () => {
    const p = slide('plan');
    expect(p.visual?.kind).toBe('kpis');
    expect(p.findings[0]?.text).toContain('领导赠机应对');
    expect(fig(p, '预算')).toBe(300_000);
    expect(fig(p, '保住收入（期望）')).toBe(ra.plan.revenueKept.expected);
    expect(fig(p, '净收益（期望）')).toBe(ra.plan.netBenefit.expected);
    expect(fig(p, '投入集团数')).toBe(ra.allocation.funded.length);
    if (p.visual?.kind !== 'kpis') throw new Error('kpis');
    expect(p.visual.items.find((i) => i.id === 'cost')?.value).toBe(ra.allocation.totalCost);
  });
});
