// Highest (or lowest) of a sliding window in amortised O(1): a monotonic deque of the committed
// values that can still become the extreme (each newer value evicts the older ones it dominates),
// so Stochastic and Williams %R no longer scan their window on every update or peek.
// The window is the newest `size` committed values; `withValue(x)` answers for those plus x (the
// bar being updated or peeked) without changing the state, `push(x)` commits x.

export class RollingExtreme {
  private readonly vals: Float64Array;
  private readonly seqs: Float64Array;
  private head = 0; // slot of the front (the current extreme)
  private len = 0;
  private pushed = 0; // values committed since the last clear

  /** `size` ≥ 0 committed values are kept in the window; `max` false gives the lowest. */
  constructor(
    readonly size: number,
    readonly max: boolean,
  ) {
    const cap = Math.max(size, 1);
    this.vals = new Float64Array(cap);
    this.seqs = new Float64Array(cap);
  }

  /** Extreme of x and the window's values (x itself when the window is empty). */
  withValue(x: number): number {
    if (this.len === 0) return x;
    const v = this.vals[this.head]!;
    return (this.max ? v > x : v < x) ? v : x;
  }

  push(x: number): void {
    const size = this.size;
    if (size === 0) return;
    const cap = this.vals.length;
    const seq = this.pushed++;
    // Drop the front if it falls out of the window once x is in (window = seq − size + 1 … seq).
    if (this.len > 0 && this.seqs[this.head]! <= seq - size) {
      this.head = this.head + 1 === cap ? 0 : this.head + 1;
      this.len--;
    }
    // Drop from the back every value x dominates: it can never be the extreme again.
    while (this.len > 0) {
      let back = this.head + this.len - 1;
      if (back >= cap) back -= cap;
      const v = this.vals[back]!;
      if (this.max ? v > x : v < x) break;
      this.len--;
    }
    let slot = this.head + this.len;
    if (slot >= cap) slot -= cap;
    this.vals[slot] = x;
    this.seqs[slot] = seq;
    this.len++;
  }

  clear(): void {
    this.head = 0;
    this.len = 0;
    this.pushed = 0;
  }
}
