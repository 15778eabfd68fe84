/**
 * Triangular distributions from low / likely / high, and the moments the
 * closed form needs. A move's effect is scaled by intensity and capped at 1,
 * so the closed form uses E[min(1, c·X)], not min(1, c·E[X]).
 */
import type { Range3 } from './types';

/** Inverse CDF: u in [0, 1) → a draw. Degenerate ranges return the single value. */
export function triangularQuantile(r: Range3, u: number): number {
  const { low: a, likely: m, high: b } = r;
  const w = b - a;
  if (w <= 0) return m;
  const f = (m - a) / w;
  if (u < f) return a + Math.sqrt(u * w * (m - a));
  return b - Math.sqrt((1 - u) * w * (b - m));
}

export function triangularMean(r: Range3): number {
  return (r.low + r.likely + r.high) / 3;
}

/** P(X ≤ t) */
export function triangularCdf(r: Range3, t: number): number {
  const { low: a, likely: m, high: b } = r;
  if (t <= a) return t < a ? 0 : a === b ? 1 : 0;
  if (t >= b) return 1;
  const w = b - a;
  if (t <= m) return m === a ? 0 : ((t - a) * (t - a)) / (w * (m - a));
  return 1 - ((b - t) * (b - t)) / (w * (b - m));
}

/** E[(X − t)+] for a triangular X (the part of the mean above t). */
export function triangularExcess(r: Range3, t: number): number {
  const { low: a, likely: m, high: b } = r;
  if (t <= a) return triangularMean(r) - t;
  if (t >= b) return 0;
  const w = b - a;
  // density: 2(x−a)/(w(m−a)) on [a, m], 2(b−x)/(w(b−m)) on [m, b]
  // ∫_t^b (x−t)·2(b−x)/(w(b−m)) dx = (b−t)^3 / (3w(b−m)) for t ≥ m
  if (t >= m) return (b - t) ** 3 / (3 * w * (b - m));
  // t in (a, m): excess over [m, b] plus ∫_t^m (x−t)·2(x−a)/(w(m−a)) dx
  const upper = b > m ? ((b - m) * (b - m) * (b - m)) / (3 * w * (b - m)) + (m - t) * ((b - m) / w) : 0;
  // ∫_t^m (x−t)(x−a) dx = [(x−a)^3/3 − (t−a)(x−a)^2/2]_t^m
  const F = (x: number): number => ((x - a) ** 3) / 3 - ((t - a) * (x - a) ** 2) / 2;
  const lower = (2 / (w * (m - a))) * (F(m) - F(t));
  return upper + lower;
}

/** E[min(1, c·X)] for c > 0. */
export function cappedScaledMean(r: Range3, c: number): number {
  if (c <= 0) return 0;
  return c * (triangularMean(r) - triangularExcess(r, 1 / c));
}
