/**
 * Budget allocation over (group, measure) pairs.
 *
 * Auto: greedy by marginal expected net benefit per yuan. Every pair whose
 * measure fits the group is a candidate; its value is the extra expected
 * revenue the measure adds on top of what the group already has, divided by
 * its cost. The best candidate is funded if its extra revenue exceeds its
 * cost and it fits in what is left of the budget (with the measure's one-off
 * cost the first time the measure is used); the group's other candidates
 * are then re-valued (lazy greedy: a candidate is re-valued when it reaches
 * the top). Stops when nothing left pays for itself or fits. Never exceeds
 * the budget, never funds a measure on a group it does not fit.
 *
 * Manual: the user's choices are kept as they are (only pairs that do not fit
 * are dropped, and said so); the result reports cost, gain and guardrails.
 */
import { formatCount, formatWanNumber } from '../review/format';
import { meanEffects, profileFactors, type Effects } from './closedForm';
import { withFunding, type PreparedScenario } from './model';
import type { Allocation, FundedRow, LocalText } from './types';
import { zoneOf } from './groups';

const T = (zh: string, en: string): LocalText => ({ zh, en });

export const AUTO_METHOD: LocalText = T(
  '自动分配：在预算内按“每元边际期望净收益”贪心选择。每个（集团，措施）组合只要措施适用于该集团即为候选；其价值 = 在该集团已选措施之上再加这项措施带来的期望多保收入 ÷ 措施成本。每次选价值最高、且多保收入大于成本、且剩余预算够用（措施首次使用时含一次性费用）的组合，再重新评估该集团的其余候选；直到没有组合能收回成本或放得进预算为止。不会超出预算，也不会把措施用在不适用的集团上；绿区（稳定、未见风险）集团默认不分配（可在第4步打开）。贪心法不保证全局最优，但每一步都可解释。',
  'Automatic: greedy by marginal expected net benefit per yuan within the budget. Every (group, measure) pair where the measure fits the group is a candidate; its value is the extra expected revenue the measure keeps on top of the measures the group already has, divided by its cost. The best candidate is funded when its extra revenue exceeds its cost and it fits in the remaining budget (including the measure’s one-off cost the first time it is used); then the group’s other candidates are re-valued. It stops when nothing left pays for itself or fits. It never exceeds the budget and never funds a measure on a group it does not fit; green-zone groups (stable, not at risk) are left out unless step 4 allows them. Greedy is not guaranteed optimal, but every step can be explained.',
);

export const MANUAL_METHOD: LocalText = T(
  '手动分配：保留您为每个集团选择的措施，只报告成本、期望收益和护栏提示；不适用的组合不计入并列出原因。预算只做检查，超出时给出提示。',
  'Manual: your choice of measures per group is kept; the app only reports cost, expected gain and guardrails. Pairs where the measure does not fit are left out and listed with the reason. The budget is checked, and a warning shows when it is exceeded.',
);

/** Expected revenue kept over the horizon for exposed group i with the funded mask. */
export function keptWith(p: PreparedScenario, eff: Effects, i: number, mask: number, buf: Float64Array): number {
  const m = p.model;
  profileFactors(m, eff, m.moveMask[i] ?? 0, mask, buf);
  let kept = 0;
  for (let k = 0; k < m.H; k++) kept += (m.baseline[i * m.H + k] ?? 0) * (buf[k] ?? 0);
  return kept;
}

/** A max-heap of (key, group, counter). */
class Heap {
  private keys: number[] = [];
  private items: number[] = [];
  get size(): number {
    return this.keys.length;
  }
  peekKey(): number {
    return this.keys[0] ?? -Infinity;
  }
  push(key: number, item: number): void {
    this.keys.push(key);
    this.items.push(item);
    let i = this.keys.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.keys[parent] ?? 0) >= key) break;
      this.swap(i, parent);
      i = parent;
    }
  }
  pop(): { key: number; item: number } | null {
    if (this.keys.length === 0) return null;
    const key = this.keys[0] ?? 0;
    const item = this.items[0] ?? 0;
    const lastK = this.keys.pop() ?? 0;
    const lastI = this.items.pop() ?? 0;
    if (this.keys.length > 0) {
      this.keys[0] = lastK;
      this.items[0] = lastI;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < this.keys.length && (this.keys[l] ?? 0) > (this.keys[best] ?? 0)) best = l;
        if (r < this.keys.length && (this.keys[r] ?? 0) > (this.keys[best] ?? 0)) best = r;
        if (best === i) break;
        this.swap(i, best);
        i = best;
      }
    }
    return { key, item };
  }
  private swap(a: number, b: number): void {
    const k = this.keys[a] ?? 0;
    this.keys[a] = this.keys[b] ?? 0;
    this.keys[b] = k;
    const it = this.items[a] ?? 0;
    this.items[a] = this.items[b] ?? 0;
    this.items[b] = it;
  }
}

/** The funded measures per exposed group (bit masks), automatically within the budget. */
export function autoAllocate(p: PreparedScenario, budget: number): Int32Array {
  const m = p.model;
  const C = m.counters.length;
  const n = m.n;
  const funded = new Int32Array(n);
  if (C === 0 || n === 0) return funded;
  const eff = meanEffects(m);
  const buf = new Float64Array(m.H);
  const kept = new Float64Array(n);
  for (let i = 0; i < n; i++) kept[i] = keptWith(p, eff, i, 0, buf);
  const heap = new Heap();
  const ratio = (gain: number, cost: number): number => (cost > 0 ? gain / cost : gain > 0 ? Number.MAX_VALUE : 0);
  const skipGreen = !p.definition.spendOnGreen;
  for (let i = 0; i < n; i++) {
    if (skipGreen && zoneOf(p.groups, p.exposed[i] ?? 0) === 'green') continue;
    const fits = p.fitMask[i] ?? 0;
    for (let c = 0; c < C; c++) {
      if ((fits & (1 << c)) === 0) continue;
      const gain = keptWith(p, eff, i, 1 << c, buf) - (kept[i] ?? 0);
      const cost = p.measureCost[i * C + c] ?? 0;
      if (gain > cost) heap.push(ratio(gain, cost), i * C + c);
    }
  }
  const used = new Uint8Array(C);
  let left = budget;
  while (heap.size > 0) {
    const top = heap.pop();
    if (!top) break;
    const i = Math.floor(top.item / C);
    const c = top.item % C;
    const cost = p.measureCost[top.item] ?? 0;
    const oneOff = used[c] === 1 ? 0 : (m.counters[c]?.oneOff ?? 0);
    if (cost + oneOff > left + 1e-9) continue; // the budget only shrinks: it will never fit
    const mask = funded[i] ?? 0;
    const withIt = keptWith(p, eff, i, mask | (1 << c), buf);
    const gain = withIt - (kept[i] ?? 0);
    if (!(gain > cost)) continue;
    const key = ratio(gain, cost);
    if (key < heap.peekKey() - 1e-12) {
      heap.push(key, top.item); // stale: re-valued lower than the next best
      continue;
    }
    funded[i] = mask | (1 << c);
    kept[i] = withIt;
    left -= cost + oneOff;
    used[c] = 1;
  }
  return funded;
}

const wanText = (x: number): string => formatWanNumber(x);

/**
 * Why a chosen measure funds no group, in words (issue 13): no exposed group
 * fits it; only green groups fit and green spending is off; on no fitting group
 * does its expected gain exceed its cost (the best pair's gain vs its cost); or
 * its cheapest worthwhile pair with the one-off cost is over the budget.
 */
export function unusedMeasureReason(p: PreparedScenario, c: number, budgetLeft?: number): LocalText {
  const m = p.model;
  const C = m.counters.length;
  const eff = meanEffects(m);
  const buf = new Float64Array(m.H);
  const skipGreen = !p.definition.spendOnGreen;
  let fits = 0;
  let fitsNonGreen = 0;
  let worthwhile = 0;
  let bestGain = -Infinity;
  let bestCost = 0;
  let cheapest = Infinity;
  for (let i = 0; i < m.n; i++) {
    if (((p.fitMask[i] ?? 0) & (1 << c)) === 0) continue;
    fits++;
    if (skipGreen && zoneOf(p.groups, p.exposed[i] ?? 0) === 'green') continue;
    fitsNonGreen++;
    const gain = keptWith(p, eff, i, 1 << c, buf) - keptWith(p, eff, i, 0, buf);
    const cost = p.measureCost[i * C + c] ?? 0;
    if (gain - cost > bestGain - bestCost) {
      bestGain = gain;
      bestCost = cost;
    }
    if (gain > cost) {
      worthwhile++;
      if (cost < cheapest) cheapest = cost;
    }
  }
  if (fits === 0) return T('没有受影响集团符合它的适用条件（细分、条件或应对的攻击不符）', 'no exposed group fits it (its conditions, the segment or the moves it answers)');
  if (fitsNonGreen === 0)
    return T(`只适用于 ${formatCount(fits)} 个绿区集团，而第4步未允许在绿区投入`, `it fits only ${formatCount(fits)} green-zone groups, and step 4 does not allow spending on green`);
  if (worthwhile === 0)
    return T(
      `适用于 ${formatCount(fitsNonGreen)} 个集团，但在任何一个上期望多保收入都低于成本（最好的一个：多保 ${wanText(bestGain)} 万元，成本 ${wanText(bestCost)} 万元）`,
      `it fits ${formatCount(fitsNonGreen)} groups, but on none does the expected revenue kept exceed its cost (the best: ${wanText(bestGain)} vs a cost of ${wanText(bestCost)}, 10k yuan)`,
    );
  const oneOff = m.counters[c]?.oneOff ?? 0;
  if (budgetLeft !== undefined && cheapest + oneOff <= budgetLeft)
    return T(
      `单独看在 ${formatCount(worthwhile)} 个集团上值得做，但这些集团已选了别的措施，再加它多保的收入抵不过成本`,
      `on its own it pays on ${formatCount(worthwhile)} groups, but those groups already have other measures, and adding it keeps too little more to cover its cost`,
    );
  return T(
    `在 ${formatCount(worthwhile)} 个集团上值得做，但最便宜的一个加上一次性费用（${wanText(cheapest + oneOff)} 万元）超出剩余预算`,
    `it pays on ${formatCount(worthwhile)} groups, but the cheapest with the one-off cost (${wanText(cheapest + oneOff)} in 10k yuan) exceeds the budget left`,
  );
}

/** The user's choices as masks; pairs that do not fit are reported, not funded. */
export function manualAllocate(p: PreparedScenario): { funded: Int32Array; skipped: Allocation['skipped'] } {
  const m = p.model;
  const funded = new Int32Array(m.n);
  const skipped: Allocation['skipped'] = [];
  const row = new Map<string, number>();
  for (let i = 0; i < m.n; i++) row.set(p.groups.codes[p.exposed[i] ?? 0] ?? '', i);
  for (const choice of p.definition.manual) {
    const i = row.get(choice.groupCode);
    for (const id of choice.measureIds) {
      const c = m.counters.findIndex((x) => x.id === id);
      if (i === undefined) {
        skipped.push({ groupCode: choice.groupCode, measureId: id, reason: T('该集团不在本情景的受影响集团中', 'The group is not among the exposed groups of this scenario') });
      } else if (c < 0) {
        skipped.push({ groupCode: choice.groupCode, measureId: id, reason: T('该措施未在第4步选中或已停用', 'The measure is not chosen in step 4 or is disabled') });
      } else if (((p.fitMask[i] ?? 0) & (1 << c)) === 0) {
        skipped.push({ groupCode: choice.groupCode, measureId: id, reason: T('该措施不适用于此集团（适用条件、细分或应对的攻击不符）', 'The measure does not fit this group (its conditions, the segment, or the moves it answers)') });
      } else {
        funded[i] = (funded[i] ?? 0) | (1 << c);
      }
    }
  }
  return { funded, skipped };
}

/** Per-group expected gain curve payback (months); beyond the horizon the last month's gain is assumed to continue. */
export function groupPayback(gainByMonth: ArrayLike<number>, cost: number, limit = 120): number | null {
  if (!(cost > 0)) return null;
  let cum = 0;
  for (let k = 0; k < gainByMonth.length; k++) {
    cum += gainByMonth[k] ?? 0;
    if (cum >= cost) return k + 1;
  }
  const last = gainByMonth[gainByMonth.length - 1] ?? 0;
  if (!(last > 0)) return null;
  const more = Math.ceil((cost - cum) / last);
  const month = gainByMonth.length + more;
  return month <= limit ? month : null;
}

/** Builds the Allocation report for funded masks. */
export function allocationReport(p: PreparedScenario, funded: Int32Array, skipped: Allocation['skipped']): Allocation {
  const model = withFunding(p, funded);
  const m = model;
  const C = m.counters.length;
  const eff = meanEffects(m);
  const fPlan = new Float64Array(m.H);
  const fNone = new Float64Array(m.H);
  const rows: FundedRow[] = [];
  const byMeasure: Allocation['byMeasure'] = m.counters.map((c) => ({ measureId: c.id, name: c.name, groups: 0, cost: 0, expectedGain: 0, unused: null }));
  const gainMonth = new Float64Array(m.H);
  for (let i = 0; i < m.n; i++) {
    const mask = funded[i] ?? 0;
    if (mask === 0) continue;
    const g = p.exposed[i] ?? 0;
    profileFactors(m, eff, m.moveMask[i] ?? 0, mask, fPlan);
    profileFactors(m, eff, m.moveMask[i] ?? 0, 0, fNone);
    let gain = 0;
    for (let k = 0; k < m.H; k++) {
      const b = m.baseline[i * m.H + k] ?? 0;
      gainMonth[k] = b * ((fPlan[k] ?? 0) - (fNone[k] ?? 0));
      gain += gainMonth[k] ?? 0;
    }
    const ids: string[] = [];
    // a group's gain is shared among its measures by their stand-alone gains (for the per-measure table only)
    const alone: number[] = [];
    for (let c = 0; c < C; c++) {
      if ((mask & (1 << c)) === 0) continue;
      ids.push(m.counters[c]?.id ?? '');
      profileFactors(m, eff, m.moveMask[i] ?? 0, 1 << c, fPlan);
      let a = 0;
      for (let k = 0; k < m.H; k++) a += (m.baseline[i * m.H + k] ?? 0) * ((fPlan[k] ?? 0) - (fNone[k] ?? 0));
      alone.push(Math.max(0, a));
    }
    const aloneSum = alone.reduce((s, x) => s + x, 0);
    let j = 0;
    for (let c = 0; c < C; c++) {
      if ((mask & (1 << c)) === 0) continue;
      const bm = byMeasure[c];
      if (bm) {
        bm.groups += 1;
        bm.cost += p.measureCost[i * C + c] ?? 0;
        bm.expectedGain += aloneSum > 0 ? (gain * (alone[j] ?? 0)) / aloneSum : gain / ids.length;
      }
      j++;
    }
    const cost = m.groupCost[i] ?? 0;
    rows.push({
      groupCode: p.groups.codes[g] ?? '',
      groupName: p.groups.names[g] ?? '',
      zone: zoneOf(p.groups, g),
      accountManager: p.groups.accountManager[g] ?? null,
      measureIds: ids,
      cost,
      expectedGain: gain,
      paybackMonth: groupPayback(gainMonth, cost),
    });
  }
  for (let c = 0; c < C; c++) {
    const bm = byMeasure[c];
    if (bm && bm.groups > 0) bm.cost += m.counters[c]?.oneOff ?? 0;
  }
  // a chosen measure that funds no group says why (issue 13), also when the others fund some
  let perGroupCost = 0;
  for (let i = 0; i < m.n; i++) perGroupCost += m.groupCost[i] ?? 0;
  const budgetLeft = Math.max(0, p.definition.budget - perGroupCost - m.oneOff);
  for (let c = 0; c < C; c++) {
    const bm = byMeasure[c];
    if (bm && bm.groups === 0) bm.unused = p.definition.allocation === 'manual' ? T('手动调整中没有集团选了它', 'no group has it in the manual choice') : unusedMeasureReason(p, c, budgetLeft);
  }
  rows.sort((a, b) => b.expectedGain - a.expectedGain || a.groupCode.localeCompare(b.groupCode));
  return {
    mode: p.definition.allocation,
    budget: p.definition.budget,
    totalCost: perGroupCost + m.oneOff,
    oneOffCost: m.oneOff,
    funded: rows,
    byMeasure,
    skipped,
    method: p.definition.allocation === 'auto' ? AUTO_METHOD : MANUAL_METHOD,
  };
}

/** Funded masks for the scenario's mode. */
export function allocate(p: PreparedScenario): { funded: Int32Array; skipped: Allocation['skipped'] } {
  if (p.definition.allocation === 'manual') return manualAllocate(p);
  return { funded: autoAllocate(p, p.definition.budget), skipped: [] };
}
