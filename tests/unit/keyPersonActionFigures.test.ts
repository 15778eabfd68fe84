/**
 * Key-person and action figures (analyze --json's keyPersons / actions, the deck's risks and plan):
 * the counts are those of the key-person warning signal and of the 行动台账's own functions.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePortfolio, buildIndex, DEFAULT_SETTINGS, groupDetail, groupRows, keyPersonFigures, type PortfolioIndex } from '../../shared/analytics';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { demoPortfolio } from '../../shared/demo/demoPortfolio';
import { demoActions } from '../../shared/demo/demoActions';
import type { GroupAction } from '../../shared/api/analysisContract';
import { actionFigures } from '../../shared/actions/figures';
import { effectivenessOf, ledgerMonth, monthPoints } from '../../shared/actions/insights';
import { DEFAULT_LEDGER_SETTINGS, isOverdue, recheck } from '../../shared/actions/ledger';
import { shippedLibrary } from '../../shared/scenarios';
import { collectReviewInputs } from '../../shared/review/collectInputs';
import { readScenarioSources } from '../../shared/review/scenarioInputs';
import { buildSlides } from '../../shared/review/buildSlides';
import type { ReviewInputs } from '../../shared/review/inputs';
import { formatPercent } from '../../shared/review/format';
import { splitByFigures } from '../../renderer/src/pages/review/slideText';

let ix: PortfolioIndex;
let actions: GroupAction[];
const measures = shippedLibrary().counters.map((c) => ({ id: c.id, name: c.name }));

beforeAll(() => {
  const branch = generateDemoBranch();
  ix = buildIndex(demoPortfolio(branch));
  actions = demoActions(branch);
}, 60_000);

/** The key-person signal of one group, as the drawer explains it: which of its parts fired. */
function signalFlags(code: string, asOf: string): number {
  const d = groupDetail(ix, code, DEFAULT_SETTINGS, { asOf });
  const kp = d?.signals.find((s) => s.id === 'keyPerson');
  if (!kp || kp.unavailable) return -1;
  return (kp.observed as { flags: number | null }).flags ?? 0;
}

describe('keyPersonFigures', () => {
  it('counts exactly the groups the key-person signal flags, part by part', () => {
    const r = analyzePortfolio(ix, DEFAULT_SETTINGS, { explainTop: 0 });
    const f = keyPersonFigures(ix, r);
    expect(f.available).toBe(true);
    expect(f.personsOnRecord).toBeGreaterThan(100);
    const lists = { changed: new Set<string>(), poached: new Set<string>(), notContacted: new Set<string>(), noDecisionMaker: new Set<string>(), noKeyPersons: new Set<string>() };
    for (const row of groupRows(ix, r)) {
      if (row.history === 0) continue;
      const flags = signalFlags(row.groupCode, r.asOf as string);
      if (flags < 0) {
        lists.noKeyPersons.add(row.groupCode);
        continue;
      }
      if (flags & 1) lists.changed.add(row.groupCode);
      if (flags & 2) lists.poached.add(row.groupCode);
      if (flags & 4) lists.notContacted.add(row.groupCode);
      if (flags & 8) lists.noDecisionMaker.add(row.groupCode);
    }
    for (const k of ['changed', 'poached', 'notContacted', 'noDecisionMaker', 'noKeyPersons'] as const) {
      expect(new Set(f[k].groups.map((g) => g.groupCode)), k).toEqual(lists[k]);
      expect(f[k].count, k).toBe(lists[k].size);
    }
    // the demo has each kind of key-person trouble
    expect(f.poached.count).toBeGreaterThan(0);
    expect(f.noDecisionMaker.count).toBeGreaterThan(0);
    expect(f.notContacted.count).toBeGreaterThan(0);
    // highest value at risk first
    const risk = new Map(groupRows(ix, r).map((row) => [row.groupCode, row.valueAtRisk ?? -1]));
    const v = f.poached.groups.map((g) => risk.get(g.groupCode) ?? -1);
    for (let i = 1; i < v.length; i++) expect(v[i - 1]).toBeGreaterThanOrEqual(v[i] as number);
    expect(f.trace.inputs.find((x) => x.label.en === 'Seen with a competitor')?.value).toBe(f.poached.count);
  }, 120_000);

  it('counts groups without a decision maker whatever the signal setting says', () => {
    const off = { ...DEFAULT_SETTINGS, warnings: { ...DEFAULT_SETTINGS.warnings, keyPerson: { ...DEFAULT_SETTINGS.warnings.keyPerson, noDecisionMaker: false } } };
    const a = keyPersonFigures(ix, analyzePortfolio(ix, DEFAULT_SETTINGS, { explainTop: 0 }));
    const b = keyPersonFigures(ix, analyzePortfolio(ix, off, { explainTop: 0 }));
    // same groups (their order by value at risk may differ: the signal's points change the scores)
    expect(b.noDecisionMaker.count).toBe(a.noDecisionMaker.count);
    expect(new Set(b.noDecisionMaker.groups.map((g) => g.groupCode))).toEqual(new Set(a.noDecisionMaker.groups.map((g) => g.groupCode)));
  });
});

describe('actionFigures', () => {
  it('are the ledger’s own open, overdue, outcome and re-check figures', () => {
    const today = '2026-11-20';
    const pointsAt = monthPoints(ix, DEFAULT_SETTINGS);
    const eff = effectivenessOf(ix, actions, DEFAULT_LEDGER_SETTINGS, pointsAt, measures, ledgerMonth(ix, DEFAULT_SETTINGS));
    const a = actionFigures(ix, actions, eff, DEFAULT_LEDGER_SETTINGS.recheckMonths, pointsAt, today, ledgerMonth(ix, DEFAULT_SETTINGS));
    expect(a.total).toBe(actions.length);
    expect(a.open).toBe(actions.filter((x) => x.status === 'open').length);
    expect(a.done).toBe(actions.filter((x) => x.status === 'done').length);
    expect(a.overdue).toBe(actions.filter((x) => isOverdue(x, today)).length);
    expect(a.overdue).toBeGreaterThan(0);
    const done = actions.filter((x) => x.status === 'done');
    expect(a.outcomes.retained).toBe(done.filter((x) => x.outcome === 'retained').length);
    expect(a.outcomes.lost).toBe(done.filter((x) => x.outcome === 'lost').length);
    expect(a.outcomes.retained + a.outcomes.partly + a.outcomes.lost + a.outcomes.tooEarly + a.outcomes.none).toBe(a.done);
    const last = ix.periods[ix.periods.length - 1] ?? null;
    let rechecked = 0;
    let down = 0;
    for (const x of actions) {
      if (x.status === 'cancelled') continue;
      const rc = recheck(x.basePeriod ?? null, DEFAULT_LEDGER_SETTINGS.recheckMonths, last, (p) => pointsAt(p).get(x.groupCode) ?? null);
      if (rc.status === 'done') {
        rechecked++;
        if (rc.scoreChange !== null && rc.scoreChange < 0) down++;
      }
    }
    expect(a.recheck.done).toBe(rechecked);
    expect(a.recheck.scoreDown).toBe(down);
    expect(a.effectiveness.retentionRate).toBe(eff.total.retentionRate.value);
    const rate = (a.outcomes.retained + a.outcomes.partly) / (a.outcomes.retained + a.outcomes.partly + a.outcomes.lost);
    expect(a.effectiveness.retentionRate).toBeCloseTo(rate, 10);
    for (const m of a.effectiveness.byMeasure) {
      const row = eff.byMeasure.find((x) => x.key === m.key);
      expect(m.retentionRate).toBe(row?.retentionRate.value);
      expect(m.closed).toBe(row?.closed);
    }
  }, 120_000);
});

describe('the review deck cites them', () => {
  let inputs: ReviewInputs;
  beforeAll(() => {
    inputs = collectReviewInputs(ix, DEFAULT_SETTINGS, { quarter: '2026Q3', branchName: '滨江区分公司', actions, scenarios: readScenarioSources(undefined, undefined), now: new Date('2026-11-20T08:00:00Z') });
  }, 120_000);

  it('risks: groups without a decision maker, poached and not contacted, with the key-person trace', () => {
    const r = analyzePortfolio(ix, DEFAULT_SETTINGS, { asOf: '2026-09', explainTop: 0 });
    const f = keyPersonFigures(ix, r);
    expect(inputs.keyPersons?.noDecisionMaker).toBe(f.noDecisionMaker.count);
    for (const lang of ['zh-CN', 'en'] as const) {
      const s = buildSlides(inputs, lang).find((x) => x.id === 'risk-top');
      const kp = s?.findings.find((x) => x.id === 'f3');
      expect(kp, lang).toBeDefined();
      if (!kp) continue;
      expect(kp.text).toContain(lang === 'en' ? `${f.noDecisionMaker.count} groups have no decision maker` : `${f.noDecisionMaker.count} 家集团未登记决策者`);
      expect(kp.text).toContain(lang === 'en' ? `${f.poached.count} ${f.poached.count === 1 ? 'has' : 'have'} a key person seen with a competitor` : `${f.poached.count} 家关键人被竞争对手接触`);
      expect(kp.text).toContain(lang === 'en' ? `${f.notContacted.count} have not contacted a key person` : `${f.notContacted.count} 家久未联系关键人`);
      expect(kp.text).toContain(lang === 'en' ? 'threshold 90 days' : '阈值 90 天');
      // each figure is found in the text at its own place (the page marks figures by finding them in order)
      const marked = splitByFigures(kp.text, kp.figures).filter((x) => 'figure' in x);
      expect(marked.length).toBe(kp.figures.length);
      const at: number[] = [];
      let pos = 0;
      for (const fig of kp.figures) {
        const i = kp.text.indexOf(fig.display, pos);
        at.push(i);
        pos = i + fig.display.length;
      }
      const parts = [kp.text.slice(0, at[0])];
      for (let i = 0; i < at.length; i++) parts.push(kp.text.slice((at[i] as number) + (kp.figures[i]?.display.length ?? 0), at[i + 1] ?? kp.text.length));
      // no digit between the figures (a digit there would be marked instead of the figure)
      for (const p of parts.slice(0, -1)) expect(p).not.toMatch(/\d/);
      expect(kp.figures.map((x) => x.value)).toEqual([f.noDecisionMaker.count, f.poached.count, f.notContacted.count, f.changed.count]);
      for (const fig of kp.figures) expect(fig.trace).toEqual(f.trace);
      expect(s?.findings.length).toBeLessThanOrEqual(3);
    }
  });

  it('plan: outcomes of the closed actions and retention by measure, with the ledger trace', () => {
    const pointsAt = monthPoints(ix, DEFAULT_SETTINGS);
    const eff = effectivenessOf(ix, actions, DEFAULT_LEDGER_SETTINGS, pointsAt, measures, ledgerMonth(ix, DEFAULT_SETTINGS));
    const o = inputs.plan.outcomes;
    expect(o?.closed).toBe(eff.closed);
    expect(o?.retentionRate).toBe(eff.total.retentionRate.value);
    const good = eff.byMeasure.filter((m) => m.measureId !== null && m.enough && m.retentionRate.value !== null).sort((x, y) => (y.retentionRate.value ?? 0) - (x.retentionRate.value ?? 0) || y.closed - x.closed);
    expect(good.length).toBeGreaterThan(0);
    for (const lang of ['zh-CN', 'en'] as const) {
      const s = buildSlides(inputs, lang).find((x) => x.id === 'plan');
      const f = s?.findings.find((x) => x.id === 'f2');
      expect(f, lang).toBeDefined();
      if (!f) continue;
      const rate = formatPercent(eff.total.retentionRate.value);
      expect(f.text).toContain(rate);
      expect(f.text).toContain(lang === 'en' ? `Of the ${eff.closed} closed actions` : `已完成 ${eff.closed} 项`);
      const top = good[0];
      if (!top) continue;
      expect(f.text).toContain(`${lang === 'en' ? top.label.en : top.label.zh} ${formatPercent(top.retentionRate.value)}`);
      expect(f.text).toContain(lang === 'en' ? `(${top.closed} closed)` : `（${top.closed} 项）`);
      expect(f.figures.find((x) => x.label === (lang === 'en' ? `${top.label.en} closed actions` : `${top.label.zh} 已完成行动数`))?.value).toBe(top.closed);
      // every number is a figure with a trace, and the page finds each at its place
      expect(splitByFigures(f.text, f.figures).filter((x) => 'figure' in x).length).toBe(f.figures.length);
      const fig = f.figures.find((x) => x.value === eff.total.retentionRate.value);
      expect(fig?.trace.rule.en).toMatch(/retention rate/);
      expect(s?.findings.length).toBeLessThanOrEqual(3);
    }
  });
});
