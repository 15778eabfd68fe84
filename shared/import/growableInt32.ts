/** An append-only Int32Array that doubles when full: one int per fact without a JS array's 8 bytes per slot. */
export class GrowableInt32 {
  private a: Int32Array;
  private n = 0;

  /** `hint`: asked at each growth (as FactColumnsBuilder's): the new size is at least the hint, with 2% to spare */
  constructor(
    capacity = 16,
    private readonly hint?: () => number,
  ) {
    this.a = new Int32Array(Math.max(16, capacity));
  }

  get length(): number {
    return this.n;
  }

  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(Math.max(this.a.length * 2, this.hint ? Math.ceil(this.hint() * 1.02) : 0));
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }

  /** the value at i, or `fallback` when i is out of range */
  at(i: number, fallback = 0): number {
    return i >= 0 && i < this.n ? (this.a[i] as number) : fallback;
  }
}
