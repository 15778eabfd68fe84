/**
 * 拍照成员 for the demo branch: every member of every group billed in the
 * snapshot month (12 months before the data's last month, the default
 * 拍照期 of `retention.monthsBack`), with their status and ARPU now, as a
 * branch's 拍照成员清单 export has them. Kept apart from the generator (its
 * own seeded RNG, no clock) and consistent with the monthly facts:
 *
 * - a group's snapshot members are its `members` in the snapshot month;
 * - of them, at most the group's members now are still 在网 (fewer, as some
 *   turnover replaces leavers with new members who are not in the snapshot);
 *   a group no longer billed has none left;
 * - those who left are 携出 (ported out) more often in the declining and
 *   lost groups (the competitor takes them) than elsewhere (离网);
 * - snapshot ARPU sums to about the group's revenue in the snapshot month,
 *   current ARPU of those still active to about its revenue now × their share
 *   of its members now; a few members have no ARPU on record.
 *
 * So the member value retention sits below the group value retention (the
 * members who stayed spend less, seed 003), and the card shows real figures.
 */
import type { MemberSnapshot, MonthlyFact } from '../model/portfolio';
import { addMonths } from '../util/period';
import { createRng } from '../util/random';
import type { DemoBranch } from './generateDemoBranch';

const PREFIXES = ['134', '135', '136', '137', '138', '139', '147', '150', '151', '152', '157', '158', '159', '178', '182', '183', '187', '188', '198'];

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** The month the demo's member snapshot is of: `monthsBack` (12) before the last month. */
export function demoSnapshotPeriod(branch: DemoBranch, monthsBack = 12): string | null {
  const end = branch.periods[branch.periods.length - 1];
  return end === undefined ? null : addMonths(end, -monthsBack);
}

export function demoMemberSnapshots(branch: DemoBranch): MemberSnapshot[] {
  const rng = createRng((branch.seed ^ 0x5a17) >>> 0);
  const end = branch.periods[branch.periods.length - 1];
  const snap = demoSnapshotPeriod(branch);
  if (end === undefined || snap === null || !branch.periods.includes(snap)) return [];
  const at = new Map<string, { then?: MonthlyFact; now?: MonthlyFact }>();
  for (const f of branch.portfolio.facts) {
    if (f.period !== snap && f.period !== end) continue;
    const e = at.get(f.groupCode) ?? {};
    if (f.period === snap) e.then = f;
    else e.now = f;
    at.set(f.groupCode, e);
  }
  const competitor = new Set([...branch.planted.declining, ...branch.planted.lost, ...branch.planted.sudden]);
  const out: MemberSnapshot[] = [];
  for (const g of branch.portfolio.groups) {
    const e = at.get(g.groupCode);
    const then = e?.then;
    const m0 = then?.members ?? 0;
    const rev0 = then?.totalRevenue ?? 0;
    if (!then || m0 <= 0 || !(rev0 > 0)) continue;
    const now = e?.now;
    const rev1 = now?.totalRevenue ?? 0;
    const m1 = rev1 > 0 ? (now?.members ?? 0) : 0;
    // turnover: 3–8% of those who could have stayed were replaced by new members
    const couldStay = Math.min(m0, m1);
    const kept = Math.max(0, couldStay - Math.round(couldStay * (0.03 + 0.05 * rng.next())));
    const portShare = competitor.has(g.groupCode) ? 0.7 : 0.25;
    // who stays is random within the group; the first `kept` of a shuffled order
    const order = Array.from({ length: m0 }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      const t = order[i] as number;
      order[i] = order[j] as number;
      order[j] = t;
    }
    const stays = new Uint8Array(m0);
    for (let i = 0; i < kept; i++) stays[order[i] as number] = 1;
    const arpu0 = rev0 / m0;
    const arpu1 = m1 > 0 ? rev1 / m1 : 0;
    const prefix = rng.pick(PREFIXES);
    const start = rng.int(0, 9999);
    for (let i = 0; i < m0; i++) {
      const active = stays[i] === 1;
      // members' bills spread around the group's average (lognormal, mean ≈ 1)
      const spread = (): number => Math.exp(0.35 * rng.normal() - 0.06);
      const missing = rng.next() < 0.004;
      out.push({
        memberId: `${prefix}****${String((start + i * 7919) % 10000).padStart(4, '0')}`,
        groupCode: g.groupCode,
        status: active ? 'active' : rng.next() < portShare ? 'portedOut' : 'left',
        period: snap,
        snapshotArpu: missing ? null : round2(arpu0 * spread()),
        currentArpu: active ? round2(arpu1 * spread()) : null,
      });
    }
  }
  return out;
}
