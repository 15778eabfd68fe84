/**
 * 关键人 (key persons) across the branch at the analysis month, read from the very
 * kernel the warning signal uses (signals.ts keyPerson pass): no second copy of
 * the rules. Per group in the analysis (billing history up to the month):
 * - changed: a key person took the role within `warnings.keyPerson.days` days;
 * - poached: a key person was seen with a competitor;
 * - notContacted: a key person was last contacted `days` or more days ago;
 * - noDecisionMaker: key persons on record, none of them a 决策者 (counted whatever
 *   the setting warnings.keyPerson.noDecisionMaker says: the setting decides only
 *   whether it fires the signal);
 * - noKeyPersons: none on record.
 * A group can be in several lists. Lists are ordered by value at risk, highest first.
 */
import type { LocalText, Trace } from '../model/trace';
import type { AnalysisResult } from './analyze';
import { resolvePeriod, type PortfolioIndex } from './columnar';
import { settingsTrace, SIGNAL_IDS } from './settings';
import { createSignalBuffer, evaluateSignals, R_NO_KEY_PERSONS, signalContext, SLOTS, UNAVAILABLE } from './signals';
import { T } from './text';

export interface KeyPersonGroupList {
  count: number;
  groups: { groupCode: string; groupName: string }[];
}

export interface KeyPersonFigures {
  asOf: string | null;
  /** key persons were imported (or entered) at all */
  available: boolean;
  /** the signal's day threshold */
  days: number;
  /** groups in the analysis at asOf */
  groups: number;
  /** key persons on record for those groups */
  personsOnRecord: number;
  groupsWithPersons: number;
  noKeyPersons: KeyPersonGroupList;
  noDecisionMaker: KeyPersonGroupList;
  changed: KeyPersonGroupList;
  poached: KeyPersonGroupList;
  notContacted: KeyPersonGroupList;
  /** groups with at least one of changed / poached / notContacted / noDecisionMaker */
  anyRisk: number;
  trace: Trace;
}

const KP = SIGNAL_IDS.indexOf('keyPerson');

export function keyPersonFigures(ix: PortfolioIndex, r: AnalysisResult): KeyPersonFigures {
  const s = r.settings;
  const days = s.warnings.keyPerson.days;
  const lists = { noKeyPersons: [] as number[], noDecisionMaker: [] as number[], changed: [] as number[], poached: [] as number[], notContacted: [] as number[] };
  let groups = 0;
  let persons = 0;
  let withPersons = 0;
  let anyRisk = 0;
  const available = ix.keyPersons !== undefined && ix.keyPersons !== null;
  if (r.asOf !== null) {
    const t = resolvePeriod(ix, r.asOf).column;
    // the decision-maker flag is always computed; the setting only decides whether it fires
    const ctx = signalContext(ix, { ...s, warnings: { ...s.warnings, keyPerson: { ...s.warnings.keyPerson, noDecisionMaker: true } } });
    const buf = createSignalBuffer(1, 2);
    for (let g = 0; g < ix.nG; g++) {
      if (!((r.table.history[g] as number) > 0)) continue;
      groups++;
      const list = ix.keyPersons?.[g];
      const n = list?.length ?? 0;
      persons += n;
      if (n > 0) withPersons++;
      if (!available) continue;
      evaluateSignals(ctx, g, t, buf);
      if (buf.status[KP] === UNAVAILABLE) {
        if (buf.reason[KP] === R_NO_KEY_PERSONS) lists.noKeyPersons.push(g);
        continue;
      }
      const flags = buf.obs[KP * SLOTS] as number;
      if (flags & 1) lists.changed.push(g);
      if (flags & 2) lists.poached.push(g);
      if (flags & 4) lists.notContacted.push(g);
      if (flags & 8) lists.noDecisionMaker.push(g);
      if (flags !== 0) anyRisk++;
    }
  }
  const byRisk = (a: number, b: number): number => {
    const va = r.table.valueAtRisk[a] as number;
    const vb = r.table.valueAtRisk[b] as number;
    return (Number.isFinite(vb) ? vb : -1) - (Number.isFinite(va) ? va : -1) || a - b;
  };
  const out = (gs: number[]): KeyPersonGroupList => ({
    count: gs.length,
    groups: gs.sort(byRisk).map((g) => ({ groupCode: ix.codes[g] as string, groupName: ix.names[g] as string })),
  });
  const f = {
    noKeyPersons: out(lists.noKeyPersons),
    noDecisionMaker: out(lists.noDecisionMaker),
    changed: out(lists.changed),
    poached: out(lists.poached),
    notContacted: out(lists.notContacted),
  };
  const label = (zh: string, en: string): LocalText => T(zh, en);
  const trace: Trace = {
    rule: T(
      `截至 ${r.asOf ?? '—'}，按预警信号“关键人”的规则逐家判断：${days} 天内更换、竞争对手已接触、${days} 天及以上未联系、已登记关键人但无决策者；一家集团可同时计入多项`,
      `At ${r.asOf ?? '—'}, each group judged by the rule of the key-person warning signal: changed within ${days} days, seen with a competitor, not contacted for ${days}+ days, key persons on record but no decision maker; a group can count in several`,
    ),
    inputs: [
      { label: label('分析中的集团', 'Groups in the analysis'), value: groups },
      { label: label('登记的关键人', 'Key persons on record'), value: persons },
      { label: label('有关键人记录的集团', 'Groups with key persons'), value: withPersons },
      { label: label('无关键人记录的集团', 'Groups without key persons'), value: f.noKeyPersons.count },
      { label: label('未登记决策者', 'No decision maker'), value: f.noDecisionMaker.count },
      { label: label('竞争对手已接触', 'Seen with a competitor'), value: f.poached.count },
      { label: label(`${days} 天内更换`, `Changed within ${days} days`), value: f.changed.count },
      { label: label(`${days} 天及以上未联系`, `Not contacted for ${days}+ days`), value: f.notContacted.count },
    ],
    settings: settingsTrace(s, ['warnings.keyPerson.days', 'warnings.keyPerson.noDecisionMaker']),
  };
  return { asOf: r.asOf, available, days, groups, personsOnRecord: persons, groupsWithPersons: withPersons, ...f, anyRisk, trace };
}
