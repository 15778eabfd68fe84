/** Small numeric helpers: ROC AUC, lift, selection (medians, quantiles), a radix argsort. */

/**
 * ROC AUC (Mann–Whitney with mid-ranks for ties): the probability that a
 * random positive scores above a random negative, ties counting one half.
 * null when there is no positive or no negative.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  const n = scores.length;
  let nPos = 0;
  for (let i = 0; i < n; i++) if ((labels[i] as number) > 0) nPos++;
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  const pos = new Float64Array(nPos);
  const neg = new Float64Array(nNeg);
  let p = 0;
  let q = 0;
  for (let i = 0; i < n; i++) {
    if ((labels[i] as number) > 0) pos[p++] = scores[i] as number;
    else neg[q++] = scores[i] as number;
  }
  pos.sort();
  neg.sort();
  // for each positive: negatives strictly below + half of the negatives tied with it
  let below = 0;
  let sum = 0;
  let i = 0;
  while (i < nPos) {
    const s = pos[i] as number;
    let j = i;
    while (j < nPos && (pos[j] as number) === s) j++;
    while (below < nNeg && (neg[below] as number) < s) below++;
    let tie = below;
    while (tie < nNeg && (neg[tie] as number) === s) tie++;
    sum += (j - i) * (below + (tie - below) / 2);
    i = j;
  }
  return sum / (nPos * nNeg);
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

/**
 * Rearranges `a` so that a[k] is the k-th smallest value (0-based), smaller
 * or equal values before it and larger or equal after it (Hoare selection
 * with a median-of-three pivot; falls back to a full sort if it degrades).
 * Returns a[k]. `a` must hold finite numbers.
 */
export function selectKth(a: Float64Array, k: number, from = 0, to = a.length - 1): number {
  let lo = from;
  let hi = to;
  let rounds = 0;
  while (hi > lo) {
    if (++rounds > 64) {
      const part = a.subarray(lo, hi + 1);
      part.sort();
      return a[k] as number;
    }
    const mid = (lo + hi) >> 1;
    // median of three as pivot
    const x = a[lo] as number;
    const y = a[mid] as number;
    const z = a[hi] as number;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const tmp = a[i] as number;
        a[i] = a[j] as number;
        a[j] = tmp;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k] as number;
  }
  return a[k] as number;
}

/** Smallest value in a[from..to]. */
function minOf(a: Float64Array, from: number, to: number): number {
  let m = Infinity;
  for (let i = from; i <= to; i++) if ((a[i] as number) < m) m = a[i] as number;
  return m;
}

/** Median of `a` (reordered in place); NaN when empty. */
export function medianInPlace(a: Float64Array): number {
  const n = a.length;
  if (n === 0) return NaN;
  const mid = n >> 1;
  const hi = selectKth(a, mid);
  if (n % 2 === 1) return hi;
  // the largest value left of mid is the (mid−1)-th smallest
  let lo = -Infinity;
  for (let i = 0; i < mid; i++) if ((a[i] as number) > lo) lo = a[i] as number;
  return (lo + hi) / 2;
}

/** Quantile with linear interpolation (type 7) of `a` (reordered in place); NaN when empty. */
export function quantileInPlace(a: Float64Array, q: number): number {
  const n = a.length;
  if (n === 0) return NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const x = selectKth(a, lo);
  if (lo + 1 >= n || h === lo) return x;
  const y = minOf(a, lo + 1, n - 1);
  return x + (h - lo) * (y - x);
}

/** The finite values of `values` where `mask` is 1 (all when no mask), as a new array. */
export function finiteSubset(values: ArrayLike<number>, mask?: Uint8Array): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if ((!mask || mask[i] === 1) && Number.isFinite(values[i] as number)) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if ((!mask || mask[i] === 1) && Number.isFinite(v)) out[j++] = v;
  }
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Indices of the non-negative finite `keys` where `mask` is 1, ordered by
 * ascending key, ties by ascending index: a stable LSD radix sort on the
 * IEEE-754 bit patterns (for non-negative doubles their order is the order
 * of the unsigned 64-bit integers).
 */
export function argsortNonNegative(keys: Float64Array, mask: Uint8Array): Uint32Array {
  let n = 0;
  for (let i = 0; i < keys.length; i++) if (mask[i] === 1) n++;
  let idx = new Uint32Array(n);
  let j = 0;
  for (let i = 0; i < keys.length; i++) if (mask[i] === 1) idx[j++] = i;
  if (!LITTLE_ENDIAN || keys.byteOffset % 8 !== 0) {
    return idx.sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
  }
  const words = new Uint32Array(keys.buffer, keys.byteOffset, keys.length * 2);
  let tmp = new Uint32Array(n);
  const count = new Uint32Array(65536);
  // 16-bit digits, least significant first: low word (2 digits), then high word (2 digits)
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? 0 : 1;
    const shift = pass % 2 === 0 ? 0 : 16;
    count.fill(0);
    let allSame = true;
    let first = -1;
    for (let r = 0; r < n; r++) {
      const d = ((words[(idx[r] as number) * 2 + word] as number) >>> shift) & 0xffff;
      if (first < 0) first = d;
      else if (d !== first) allSame = false;
      count[d] = (count[d] as number) + 1;
    }
    if (allSame) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = count[d] as number;
      count[d] = sum;
      sum += c;
    }
    for (let r = 0; r < n; r++) {
      const i = idx[r] as number;
      const d = ((words[i * 2 + word] as number) >>> shift) & 0xffff;
      const pos = count[d] as number;
      tmp[pos] = i;
      count[d] = pos + 1;
    }
    const swap = idx;
    idx = tmp;
    tmp = swap;
  }
  return idx;
}
