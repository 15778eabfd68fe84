/**
 * A map from a pair of small non-negative integers (group id, period id) to a non-negative int,
 * in flat typed arrays (open addressing, linear probing). The normaliser's duplicate check runs
 * once per billing row: a Map of Maps costs about 80 bytes per fact, this about 24 at full sheet.
 */
export class PairIndex {
  private mask: number;
  private size = 0;
  /** per slot: key a, key b, value; a = -1 marks an empty slot */
  private slots: Int32Array;

  /** `expected`: the number of pairs expected (the table grows beyond it when needed) */
  constructor(expected = 16) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.mask = cap - 1;
    this.slots = new Int32Array(cap * 3).fill(-1);
  }

  get count(): number {
    return this.size;
  }

  /** the value stored for (a, b), or -1 */
  get(a: number, b: number): number {
    const s = this.slots;
    let i = hash(a, b) & this.mask;
    for (;;) {
      const k = i * 3;
      const ka = s[k] as number;
      if (ka === -1) return -1;
      if (ka === a && s[k + 1] === b) return s[k + 2] as number;
      i = (i + 1) & this.mask;
    }
  }

  /** stores v for (a, b), replacing any earlier value; a, b and v must be ≥ 0 */
  set(a: number, b: number, v: number): void {
    if (a < 0 || b < 0) throw new RangeError(`PairIndex keys must be non-negative (${a}, ${b})`);
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    this.insert(a, b, v);
  }

  private insert(a: number, b: number, v: number): void {
    const s = this.slots;
    let i = hash(a, b) & this.mask;
    for (;;) {
      const k = i * 3;
      const ka = s[k] as number;
      if (ka === -1) {
        s[k] = a;
        s[k + 1] = b;
        s[k + 2] = v;
        this.size++;
        return;
      }
      if (ka === a && s[k + 1] === b) {
        s[k + 2] = v;
        return;
      }
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    this.mask = cap - 1;
    this.slots = new Int32Array(cap * 3).fill(-1);
    this.size = 0;
    for (let k = 0; k < old.length; k += 3) if ((old[k] as number) !== -1) this.insert(old[k] as number, old[k + 1] as number, old[k + 2] as number);
  }
}

/** mixes two ints into a well-spread 32-bit hash (consecutive ids must not cluster) */
function hash(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}
