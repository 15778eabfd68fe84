/**
 * Value metrics (docs/domain.md §3) for every group at one column of the index,
 * computed as typed-array columns.
 *
 * - current value: mean monthly revenue (basis: total or unified pay) over the
 *   last `value.windowMonths` months that lie within the group's history.
 * - trend over N months: % change = mean of the last N months ÷ mean of the N
 *   before − 1 (needs 2N months of history); slope = least-squares slope of
 *   the last N monthly revenues (元 per month, needs N months).
 * - purity = unified ÷ total revenue over the value window.
 * - penetration = members (this month) ÷ employees.
 * - binding depth (0–100): weighted mean of three sub-scores, each the
 *   weighted mean of its available inputs (missing inputs are left out, never
 *   read as 0):
 *     relationship = has account manager, key person contacted within 90 days;
 *     cost = contract in force, share of 12 months remaining, purity;
 *     product = products ÷ 8 (capped at 1), new-business share ÷ 20% (capped).
 * - potential (0–100): weighted mean of growth (long trend, else short,
 *   ÷ 20%, clipped to 0–1), penetration gap (1 − penetration) and
 *   new-business share ÷ 30% (capped).
 * - 三高 ("three-high", seed 000): high importance (class A1/A2 or a filled
 *   重要集团 field) AND high member income (personal-pay ARPU at or above the
 *   75th percentile of active groups) AND high ARPU (total ARPU at or above the
 *   75th percentile). Unknown (−1) when an input is missing.
 */
import { monthEndDay, parseDay, type PortfolioIndex, revenueMatrix } from './columnar';
import type { AnalyticsSettings } from './settings';
import { argsortNonNegative, finiteSubset, quantileInPlace } from './stats';

export interface MetricColumns {
  t: number;
  /** months of history up to t (0 = the group has no fact up to t) */
  history: Int32Array;
  /** consecutive months ending at t with zero total revenue */
  zeroRun: Int32Array;
  value: Float64Array;
  /** total revenue in month t */
  latestTotal: Float64Array;
  /** basis revenue in month t */
  latestBasis: Float64Array;
  unifiedLatest: Float64Array;
  trendShortPct: Float64Array;
  trendShortSlope: Float64Array;
  trendLongPct: Float64Array;
  trendLongSlope: Float64Array;
  purity: Float64Array;
  penetration: Float64Array;
  /** mean new-business revenue over the value window */
  newBiz: Float64Array;
  newBizShare: Float64Array;
  members: Float64Array;
  arpu: Float64Array;
  personalArpu: Float64Array;
  hasManagerInput: Float64Array;
  recentContact: Float64Array;
  contractInForce: Float64Array;
  contractRemaining: Float64Array;
  products: Float64Array;
  relationship: Float64Array;
  cost: Float64Array;
  product: Float64Array;
  binding: Float64Array;
  potential: Float64Array;
  /** 1 yes, 0 no, −1 unknown */
  sanGao: Int8Array;
  important: Int8Array;
  thresholds: { incomeArpu: number; arpu: number };
}

const DAYS_PER_MONTH = 365.25 / 12;

function slopeOf(arr: Float64Array, from: number, n: number): number {
  if (n < 2) return NaN;
  const xMean = (n - 1) / 2;
  let yMean = 0;
  for (let i = 0; i < n; i++) yMean += arr[from + i] as number;
  yMean /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const dx = i - xMean;
    sxy += dx * ((arr[from + i] as number) - yMean);
    sxx += dx * dx;
  }
  return sxy / sxx;
}

/** Output of trendAt (module scratch, so that no object is allocated per call). */
export const trendOut = { pct: NaN, slope: NaN };

/** % change of the last n months over the n before, and the slope of the last n, into `trendOut`. */
export function trendAt(rev: Float64Array, base: number, f0: number, t: number, n: number): void {
  let pct = NaN;
  let slope = NaN;
  if (f0 >= 0 && t - n + 1 >= f0) {
    slope = slopeOf(rev, base + t - n + 1, n);
    if (t - 2 * n + 1 >= f0) {
      let recent = 0;
      let prev = 0;
      for (let k = t - n + 1; k <= t; k++) recent += rev[base + k] as number;
      for (let k = t - 2 * n + 1; k <= t - n; k++) prev += rev[base + k] as number;
      if (prev > 0) pct = recent / prev - 1;
    }
  }
  trendOut.pct = pct;
  trendOut.slope = slope;
}

const IMPORTANCE = new WeakMap<PortfolioIndex, Map<string, Int8Array>>();

/**
 * High importance per group (1 yes, 0 no, −1 unknown): class among the
 * important classes, or (when enabled) a filled importance field. Cached per
 * index and rule.
 */
export function importanceOf(ix: PortfolioIndex, s: AnalyticsSettings): Int8Array {
  const key = `${s.sanGao.useImportanceField ? 1 : 0}|${s.sanGao.importantClasses.join('\u0001')}`;
  let perIndex = IMPORTANCE.get(ix);
  if (!perIndex) {
    perIndex = new Map();
    IMPORTANCE.set(ix, perIndex);
  }
  const cached = perIndex.get(key);
  if (cached) return cached;
  const classes = new Set(s.sanGao.importantClasses);
  const out = new Int8Array(ix.nG);
  for (let g = 0; g < ix.nG; g++) {
    const gr = ix.groups[g];
    const cls = gr?.groupClass ?? null;
    const imp = gr?.importance ?? null;
    const byClass = cls !== null && classes.has(cls);
    const byField = s.sanGao.useImportanceField && imp !== null && imp.trim() !== '';
    out[g] = byClass || byField ? 1 : cls === null && (imp === null || !s.sanGao.useImportanceField) ? -1 : 0;
  }
  perIndex.set(key, out);
  return out;
}

export function computeMetrics(ix: PortfolioIndex, s: AnalyticsSettings, t: number): MetricColumns {
  const nG = ix.nG;
  const nP = ix.nP;
  const rev = revenueMatrix(ix, s.value.basis);
  const total = ix.m.totalRevenue;
  const unified = ix.m.unifiedPayRevenue;
  const personal = ix.m.personalPayRevenue;
  const newBizM = ix.m.newBusinessRevenue;
  const membersM = ix.m.members;
  const productsM = ix.m.products;
  const f = (): Float64Array => new Float64Array(nG).fill(NaN);
  const c: MetricColumns = {
    t,
    history: new Int32Array(nG),
    zeroRun: new Int32Array(nG),
    value: f(),
    latestTotal: f(),
    latestBasis: f(),
    unifiedLatest: f(),
    trendShortPct: f(),
    trendShortSlope: f(),
    trendLongPct: f(),
    trendLongSlope: f(),
    purity: f(),
    penetration: f(),
    newBiz: f(),
    newBizShare: f(),
    members: f(),
    arpu: f(),
    personalArpu: f(),
    hasManagerInput: f(),
    recentContact: f(),
    contractInForce: f(),
    contractRemaining: f(),
    products: f(),
    relationship: f(),
    cost: f(),
    product: f(),
    binding: f(),
    potential: f(),
    sanGao: new Int8Array(nG).fill(-1),
    important: new Int8Array(nG).fill(-1),
    thresholds: { incomeArpu: NaN, arpu: NaN },
  };
  const win = s.value.windowMonths;
  const shortN = s.trend.shortMonths;
  const longN = s.trend.longMonths;
  const b = s.binding;
  const pot = s.potential;
  const asOfDay = monthEndDay(ix.p0 + t);
  const important = importanceOf(ix, s);

  for (let g = 0; g < nG; g++) {
    const f0 = ix.first[g] as number;
    const base = g * nP;
    if (f0 < 0 || f0 > t) continue;
    c.history[g] = t - f0 + 1;
    let zr = 0;
    for (let k = t; k >= f0 && (total[base + k] as number) <= 0; k--) zr++;
    c.zeroRun[g] = zr;
    const from = Math.max(f0, t - win + 1);
    const n = t - from + 1;
    let sumB = 0;
    let sumT = 0;
    let sumU = 0;
    let sumP = 0;
    let sumN = 0;
    for (let k = from; k <= t; k++) {
      sumB += rev[base + k] as number;
      sumT += total[base + k] as number;
      sumU += unified[base + k] as number;
      sumP += personal[base + k] as number;
      sumN += newBizM[base + k] as number;
    }
    const value = sumB / n;
    c.value[g] = value;
    c.latestTotal[g] = total[base + t] as number;
    c.latestBasis[g] = rev[base + t] as number;
    c.unifiedLatest[g] = unified[base + t] as number;
    trendAt(rev, base, f0, t, shortN);
    const shortPct = trendOut.pct;
    c.trendShortPct[g] = shortPct;
    c.trendShortSlope[g] = trendOut.slope;
    trendAt(rev, base, f0, t, longN);
    const longPct = trendOut.pct;
    c.trendLongPct[g] = longPct;
    c.trendLongSlope[g] = trendOut.slope;
    const purity = sumT > 0 ? sumU / sumT : NaN;
    c.purity[g] = purity;
    const mem = membersM[base + t] as number;
    c.members[g] = mem;
    const emp = ix.employees[g] as number;
    const penetration = emp > 0 ? mem / emp : NaN;
    c.penetration[g] = penetration;
    c.newBiz[g] = sumN / n;
    const nbShare = sumT > 0 ? sumN / sumT : NaN;
    c.newBizShare[g] = nbShare;
    if (mem > 0) {
      c.arpu[g] = sumT / n / mem;
      c.personalArpu[g] = sumP / n / mem;
    }

    // binding: relationship
    let wSum = 0;
    let acc = 0;
    if (ix.provided.accountManager) {
      const has = ix.hasManager[g] as number;
      c.hasManagerInput[g] = has;
      acc += b.managerWeight * has;
      wSum += b.managerWeight;
    }
    const kps = ix.keyPersons?.[g];
    if (kps && kps.length > 0) {
      let recent = 0;
      let known = false;
      for (const p of kps) {
        const since = parseDay(p.roleSince);
        if (!Number.isNaN(since) && since > asOfDay) continue;
        const lc = parseDay(p.lastContactDate);
        if (Number.isNaN(lc) || lc > asOfDay) continue;
        known = true;
        if (asOfDay - lc <= b.contactDays) recent = 1;
      }
      if (known) {
        c.recentContact[g] = recent;
        acc += b.contactWeight * recent;
        wSum += b.contactWeight;
      }
    }
    const relationship = wSum > 0 ? (100 * acc) / wSum : NaN;
    c.relationship[g] = relationship;

    // binding: cost
    wSum = 0;
    acc = 0;
    if (ix.provided.contractEnd) {
      const end = ix.contractEndDay[g] as number;
      const none = Number.isNaN(end) && ix.contractNone[g] === 1;
      if (!Number.isNaN(end) || none) {
        const inForce = !none && end >= asOfDay ? 1 : 0;
        const remaining = none ? 0 : Math.max(0, Math.min(1, (end - asOfDay) / (b.remainingFullMonths * DAYS_PER_MONTH)));
        c.contractInForce[g] = inForce;
        c.contractRemaining[g] = remaining;
        acc += b.contractWeight * inForce + b.remainingWeight * remaining;
        wSum += b.contractWeight + b.remainingWeight;
      }
    }
    if (!Number.isNaN(purity)) {
      acc += b.purityWeight * Math.max(0, Math.min(1, purity));
      wSum += b.purityWeight;
    }
    const cost = wSum > 0 ? (100 * acc) / wSum : NaN;
    c.cost[g] = cost;

    // binding: product
    wSum = 0;
    acc = 0;
    const prods = productsM[base + t] as number;
    c.products[g] = prods;
    if (!Number.isNaN(prods)) {
      acc += b.productsWeight * Math.min(1, Math.max(0, prods / b.productsFull));
      wSum += b.productsWeight;
    }
    if (!Number.isNaN(nbShare)) {
      acc += b.newBizWeight * Math.min(1, Math.max(0, nbShare / b.newBizShareFull));
      wSum += b.newBizWeight;
    }
    const product = wSum > 0 ? (100 * acc) / wSum : NaN;
    c.product[g] = product;

    wSum = 0;
    acc = 0;
    if (!Number.isNaN(relationship)) {
      acc += b.relationshipWeight * relationship;
      wSum += b.relationshipWeight;
    }
    if (!Number.isNaN(cost)) {
      acc += b.costWeight * cost;
      wSum += b.costWeight;
    }
    if (!Number.isNaN(product)) {
      acc += b.productWeight * product;
      wSum += b.productWeight;
    }
    c.binding[g] = wSum > 0 ? acc / wSum : NaN;

    // potential
    wSum = 0;
    acc = 0;
    const growth = Number.isNaN(longPct) ? shortPct : longPct;
    if (!Number.isNaN(growth)) {
      acc += pot.growthWeight * Math.max(0, Math.min(1, growth / pot.growthFull));
      wSum += pot.growthWeight;
    }
    if (!Number.isNaN(penetration)) {
      acc += pot.penetrationWeight * Math.max(0, Math.min(1, 1 - penetration));
      wSum += pot.penetrationWeight;
    }
    if (!Number.isNaN(nbShare)) {
      acc += pot.newBizWeight * Math.max(0, Math.min(1, nbShare / pot.newBizShareFull));
      wSum += pot.newBizWeight;
    }
    c.potential[g] = wSum > 0 ? (100 * acc) / wSum : NaN;
    c.important[g] = important[g] as number;
  }

  // 三高 thresholds among active groups (value > 0)
  const active = new Uint8Array(nG);
  for (let g = 0; g < nG; g++) if ((c.value[g] as number) > 0) active[g] = 1;
  const incT = quantileInPlace(finiteSubset(c.personalArpu, active), s.sanGao.incomeQuantile);
  const arpT = quantileInPlace(finiteSubset(c.arpu, active), s.sanGao.arpuQuantile);
  c.thresholds = { incomeArpu: incT, arpu: arpT };
  for (let g = 0; g < nG; g++) {
    if (c.history[g] === 0) continue;
    const imp = c.important[g] as number;
    const pa = c.personalArpu[g] as number;
    const a = c.arpu[g] as number;
    const highInc = Number.isNaN(pa) || Number.isNaN(incT) ? -1 : pa >= incT ? 1 : 0;
    const highArpu = Number.isNaN(a) || Number.isNaN(arpT) ? -1 : a >= arpT ? 1 : 0;
    // any certain "no" decides; otherwise unknown unless all three are yes
    if (imp === 0 || highInc === 0 || highArpu === 0) c.sanGao[g] = 0;
    else if (imp === 1 && highInc === 1 && highArpu === 1) c.sanGao[g] = 1;
    else c.sanGao[g] = -1;
  }
  return c;
}

/** Concentration (二八) and the Pareto curve over the given per-group values (> 0 only). */
export interface Concentration {
  /** groups with value > 0 */
  groups: number;
  topCount: number;
  topValue: number;
  totalValue: number;
  /** share of value held by the top `topShare` of groups, null without value */
  topShare: number | null;
  /** cumulative share of value (y) held by the top x of groups, x = 0, 1/steps, …, 1 */
  curve: { x: number; y: number }[];
  /** per group: 1-based rank by descending value, ties by code; 0 = no value */
  rank: Int32Array;
}

export function concentration(value: Float64Array, topShare: number, steps: number): Concentration {
  const positive = new Uint8Array(value.length);
  for (let g = 0; g < value.length; g++) if ((value[g] as number) > 0) positive[g] = 1;
  // ascending by value, ties by index (= by code)
  const asc = argsortNonNegative(value, positive);
  const n = asc.length;
  // descending order with ties by code: walk runs of equal values from the top
  const order = new Uint32Array(n);
  let w = 0;
  let i = n - 1;
  while (i >= 0) {
    const v = value[asc[i] as number] as number;
    let j = i;
    while (j > 0 && (value[asc[j - 1] as number] as number) === v) j--;
    for (let q = j; q <= i; q++) order[w++] = asc[q] as number;
    i = j - 1;
  }
  const cum = new Float64Array(n + 1);
  for (let r = 0; r < n; r++) cum[r + 1] = (cum[r] as number) + (value[order[r] as number] as number);
  const totalValue = cum[n] as number;
  const topCount = Math.ceil(n * topShare - 1e-9);
  const topValue = cum[Math.min(n, topCount)] as number;
  const curve: { x: number; y: number }[] = [];
  for (let k = 0; k <= steps; k++) {
    const x = k / steps;
    const count = Math.ceil(n * x - 1e-9);
    curve.push({ x, y: totalValue > 0 ? (cum[Math.min(n, count)] as number) / totalValue : 0 });
  }
  const rank = new Int32Array(value.length);
  for (let r = 0; r < n; r++) rank[order[r] as number] = r + 1;
  return { groups: n, topCount, topValue, totalValue, topShare: totalValue > 0 ? topValue / totalValue : null, curve, rank };
}
