/**
 * Loops instead of spreading an array into a call: `push(...xs)`, `Math.max(...xs)` and
 * `String.fromCharCode(...xs)` put every element on the stack and throw a RangeError
 * (Maximum call stack size exceeded) past roughly 100,000 elements. ESLint forbids the spread
 * (eslint.config.js, `no-restricted-syntax`); use these instead.
 */

/** Appends every element of `source` to `target` (in order) and returns `target`. */
export function pushAll<T>(target: T[], source: Iterable<T>): T[] {
  for (const x of source) target.push(x);
  return target;
}

/** The largest of `init` and the values (`init` for none); NaN values are skipped. */
export function maxOf(values: Iterable<number>, init = -Infinity): number {
  let m = init;
  for (const v of values) if (v > m) m = v;
  return m;
}

/** The smallest of `init` and the values (`init` for none); NaN values are skipped. */
export function minOf(values: Iterable<number>, init = Infinity): number {
  let m = init;
  for (const v of values) if (v < m) m = v;
  return m;
}
