/** Small numeric helpers: medians, quantiles, least squares, ROC AUC. */

/** Median of the finite values (NaN when there are none). */
export function medianOf(values: ArrayLike<number>): number {
  const xs = finiteSorted(values);
  if (xs.length === 0) return NaN;
  const mid = xs.length >> 1;
  return xs.length % 2 === 1 ? (xs[mid] as number) : ((xs[mid - 1] as number) + (xs[mid] as number)) / 2;
}

export function finiteSorted(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i] as number)) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isFinite(v)) out[j++] = v;
  }
  out.sort();
  return out;
}

/** Quantile with linear interpolation between order statistics (type 7), of an ascending array. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  if (n === 1) return sorted[0] as number;
  const h = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (h - lo) * (b - a);
}

/** Least-squares slope of y against x = 0, 1, …, n−1 (NaN for fewer than 2 points). */
export function lsSlope(y: ArrayLike<number>, from = 0, to = y.length): number {
  const n = to - from;
  if (n < 2) return NaN;
  const xMean = (n - 1) / 2;
  let yMean = 0;
  for (let i = from; i < to; i++) yMean += y[i] as number;
  yMean /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const dx = i - xMean;
    sxy += dx * ((y[from + i] as number) - yMean);
    sxx += dx * dx;
  }
  return sxy / sxx;
}

/**
 * ROC AUC (Mann–Whitney with mid-ranks for ties): the probability that a
 * random positive scores above a random negative, ties counting one half.
 * null when there is no positive or no negative.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  const n = scores.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let nPos = 0;
  let rankSumPos = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    const s = scores[order[i] as number] as number;
    while (j + 1 < n && (scores[order[j + 1] as number] as number) === s) j++;
    const midRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if ((labels[order[k] as number] as number) > 0) {
        nPos++;
        rankSumPos += midRank;
      }
    }
    i = j + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** AUC from a score histogram: distinct scores with their positive and negative counts. */
export function aucFromCounts(bins: readonly { score: number; pos: number; neg: number }[]): number | null {
  const sorted = [...bins].sort((a, b) => a.score - b.score);
  let nPos = 0;
  let nNeg = 0;
  for (const b of sorted) {
    nPos += b.pos;
    nNeg += b.neg;
  }
  if (nPos === 0 || nNeg === 0) return null;
  // for each positive: negatives strictly below + half of the tied negatives
  let negBelow = 0;
  let sum = 0;
  for (const b of sorted) {
    sum += b.pos * (negBelow + b.neg / 2);
    negBelow += b.neg;
  }
  return sum / (nPos * nNeg);
}

/**
 * Lift of the top share: positive rate among the highest-scoring `share` of
 * rows over the overall positive rate. Rows tied at the cut are taken
 * pro rata (the expected result of any tie order).
 */
export function liftFromCounts(bins: readonly { score: number; pos: number; neg: number }[], share: number): { lift: number | null; rows: number; positives: number } {
  const sorted = [...bins].sort((a, b) => b.score - a.score);
  let n = 0;
  let nPos = 0;
  for (const b of sorted) {
    n += b.pos + b.neg;
    nPos += b.pos;
  }
  if (n === 0 || nPos === 0) return { lift: null, rows: 0, positives: 0 };
  const take = share * n;
  let taken = 0;
  let pos = 0;
  for (const b of sorted) {
    const size = b.pos + b.neg;
    if (taken + size <= take) {
      taken += size;
      pos += b.pos;
    } else {
      const part = take - taken;
      pos += (b.pos * part) / size;
      taken = take;
      break;
    }
  }
  return { lift: taken > 0 ? pos / taken / (nPos / n) : null, rows: taken, positives: pos };
}

/** Histogram bins of (score, label). */
export function countsOf(scores: ArrayLike<number>, labels: ArrayLike<number>): { score: number; pos: number; neg: number }[] {
  const map = new Map<number, { score: number; pos: number; neg: number }>();
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] as number;
    let b = map.get(s);
    if (!b) {
      b = { score: s, pos: 0, neg: 0 };
      map.set(s, b);
    }
    if ((labels[i] as number) > 0) b.pos++;
    else b.neg++;
  }
  return [...map.values()].sort((a, b) => a.score - b.score);
}
