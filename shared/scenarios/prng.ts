/**
 * A small seeded PRNG for the Monte Carlo (sfc32: 128-bit state, passes
 * PractRand to 2^40+, four 32-bit adds/xors per draw). The same seed gives
 * the same stream on every platform, so every run is reproducible. Kept as a
 * class with plain numeric fields so V8 inlines `next()` in the hot loop.
 */
export class Sfc32 {
  /** the state, public so a hot loop can copy it into locals (see monteCarlo.ts) and write it back */
  a: number;
  b: number;
  c: number;
  d: number;

  constructor(seed: number) {
    // splitmix32 spreads a small seed over the 128-bit state
    let s = seed >>> 0;
    const mix = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = 1;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** uniform in [0, 1) with 32 bits */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }
}

/** A seed per stream, derived from the scenario seed, so streams do not overlap in practice. */
export function streamSeed(seed: number, stream: number): number {
  let z = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d);
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b);
  return (z ^ (z >>> 16)) >>> 0;
}
