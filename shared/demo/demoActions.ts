/**
 * The demo branch's actions ledger (行动台账), kept apart from the generator so that the generator can
 * change without touching it. Deterministic (own seeded RNG, no clock). A year of the branch's own
 * history, so 什么管用 and 客户经理覆盖 have something to show:
 * - closed actions on groups whose precursors showed earlier: kept groups (retained), groups that
 *   declined and settled lower (pastDecline), and lost groups, each logged at the month the trouble
 *   showed, with the outcome read from the group's own revenue three months later;
 * - open actions on groups with early warnings, some already overdue at the data's last month.
 * The measures are the scenario library's counter-measures by their Chinese names; one is used only a
 * few times, below the minimum, so the caveat shows.
 */
import type { GroupAction } from '../actions/action';
import type { DemoBranch } from './generateDemoBranch';
import { periodEndDate } from '../model/keyPersons';
import { addMonths } from '../util/period';
import { createRng } from '../util/random';
import type { ActionOutcome } from '../actions/ledger';

/** library measures (id → Chinese name, as in shared/scenarios/library.ts) */
const MEASURES: Record<string, string> = {
  'key-person-care': '关键人关系维系',
  'chief-account-manager': '首席客户经理覆盖',
  'service-upgrade': '服务升级（专线等级、绿色通道）',
  'contract-renewal': '续约并预存',
  'product-bundling': '产品捆绑（V网、集团短信、彩铃）',
  'price-cut': '直接降价',
  'interest-bundling': '利益捆绑（积分、亲情号码）',
  'tenure-rewards': '在网时长奖励',
};

const WHAT: Record<string, string> = {
  'key-person-care': '拜访决策者，重建联系',
  'chief-account-manager': '首席客户经理上门，逐项落实诉求',
  'service-upgrade': '专线升级，开通绿色通道',
  'contract-renewal': '续签协议并预存话费',
  'product-bundling': '扩大集团V网和集团短信覆盖',
  'price-cut': '下调套餐资费',
  'interest-bundling': '开通集团积分与亲情号码',
  'tenure-rewards': '为老成员办理在网时长奖励',
};

/** how many months after the base the demo reads the outcome */
const OUTCOME_MONTHS = 3;

function dayIn(period: string, day: number): string {
  const end = periodEndDate(period);
  const last = Number(end.slice(8, 10));
  return `${period}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

export function demoActions(branch: DemoBranch): GroupAction[] {
  const rng = createRng((branch.seed ^ 0xac7) >>> 0);
  const end = branch.periods[branch.periods.length - 1];
  const first = branch.periods[0];
  if (end === undefined || first === undefined) return [];
  const revenue = new Map<string, Map<string, number>>();
  for (const f of branch.portfolio.facts) {
    let m = revenue.get(f.groupCode);
    if (!m) {
      m = new Map();
      revenue.set(f.groupCode, m);
    }
    m.set(f.period, f.totalRevenue);
  }
  const groups = new Map(branch.portfolio.groups.map((g) => [g.groupCode, g] as const));
  const rev = (code: string, period: string): number => revenue.get(code)?.get(period) ?? 0;
  /** mean of three months ending at `period` */
  const level = (code: string, period: string): number => (rev(code, period) + rev(code, addMonths(period, -1)) + rev(code, addMonths(period, -2))) / 3;
  const outcomeOf = (code: string, base: string): ActionOutcome => {
    const check = addMonths(base, OUTCOME_MONTHS);
    if (check > end) return 'tooEarly';
    const before = level(code, base);
    const after = rev(code, check);
    if (before <= 0) return 'tooEarly';
    const r = after / before;
    return r < 0.1 ? 'lost' : r >= 0.9 ? 'retained' : 'partly';
  };
  const out: GroupAction[] = [];
  const used = new Set<string>();
  let n = 0;
  const add = (code: string, base: string, measure: string, cause: GroupAction['cause'], status: GroupAction['status'], due: string, outcome: ActionOutcome | null): void => {
    const g = groups.get(code);
    if (!g || used.has(code) || base < addMonths(first, 3)) return;
    used.add(code);
    n++;
    const created = `${dayIn(base, 5 + rng.int(0, 20))}T09:00:00.000Z`;
    const updated = status === 'done' ? `${dayIn(addMonths(base, OUTCOME_MONTHS) <= end ? addMonths(base, OUTCOME_MONTHS) : end, 10)}T09:00:00.000Z` : created;
    out.push({
      id: `demo-action-${String(n).padStart(4, '0')}`,
      groupCode: code,
      cause,
      action: WHAT[measure] ?? measure,
      owner: (g.accountManager ?? '').trim(),
      due,
      status,
      note: '',
      createdAt: created,
      updatedAt: updated,
      outcome,
      measure: MEASURES[measure] ?? measure,
      basePeriod: base,
    });
  };
  const closed = (code: string, base: string, pool: readonly string[], cause: GroupAction['cause']): void => {
    const clamped = base > addMonths(end, -OUTCOME_MONTHS) ? addMonths(end, -OUTCOME_MONTHS) : base;
    add(code, clamped, rng.pick(pool), cause, 'done', dayIn(addMonths(clamped, 1), 15), outcomeOf(code, clamped));
  };
  // kept groups: precursors showed, the branch acted, revenue held
  for (const e of branch.events.retained) closed(e.groupCode, e.precursorsFrom ?? e.period, ['key-person-care', 'chief-account-manager', 'service-upgrade', 'contract-renewal'], rng.next() < 0.7 ? 'competition' : 'service');
  // declined earlier and settled lower: acted, kept part
  for (const e of branch.events.pastDecline) if (rng.next() < 0.7) closed(e.groupCode, e.precursorsFrom ?? e.period, ['price-cut', 'product-bundling', 'interest-bundling', 'contract-renewal'], 'competition');
  // lost: acted on the first fall, lost anyway
  for (const code of branch.planted.lost) {
    if (rng.next() >= 0.6) continue;
    let zero: string | null = null; // the first month without revenue
    for (let p = addMonths(end, -6); p <= end; p = addMonths(p, 1)) if (zero === null && rev(code, p) <= 0) zero = p;
    closed(code, addMonths(zero ?? end, -OUTCOME_MONTHS), ['price-cut', 'key-person-care', 'contract-renewal'], 'competition');
  }
  // a one-off dip that someone chased as a service issue
  for (const e of branch.events.dip) if (rng.next() < 0.3) closed(e.groupCode, e.period, ['service-upgrade', 'service-upgrade', 'service-upgrade', 'tenure-rewards'], 'service');
  // open actions on early warnings: half overdue at the data's last month
  for (const e of branch.events.early) {
    if (rng.next() < 0.35) continue;
    const measure = rng.pick(['key-person-care', 'chief-account-manager', 'contract-renewal', 'product-bundling']);
    const due = rng.next() < 0.5 ? dayIn(end, 1 + rng.int(0, 20)) : dayIn(addMonths(end, 2), 1 + rng.int(0, 27));
    add(e.groupCode, e.precursorsFrom && e.precursorsFrom <= end ? e.precursorsFrom : end, measure, 'competition', 'open', due, null);
  }
  return out;
}
