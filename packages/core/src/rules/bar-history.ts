// The last closed bars of a market, in a bounded ring: what a rule added to a warm book replays to
// warm an indicator (or a moving-by window) that no other rule was computing yet.
import type { ChartBar } from '../candle';

export class BarHistory {
  private buf: ChartBar[] = [];
  private head = 0; // index of the oldest bar once the ring is full

  constructor(private cap: number) {}

  get capacity(): number {
    return this.cap;
  }

  get size(): number {
    return this.buf.length;
  }

  push(bar: ChartBar): void {
    if (this.buf.length < this.cap) {
      this.buf.push(bar);
      return;
    }
    this.buf[this.head] = bar;
    this.head = (this.head + 1) % this.cap;
  }

  /** Grows the ring (never shrinks it: bars already dropped cannot come back). */
  ensureCapacity(cap: number): void {
    if (cap <= this.cap) return;
    this.buf = this.toArray();
    this.head = 0;
    this.cap = cap;
  }

  /** Oldest first; the last `count` bars when given. */
  toArray(count = this.buf.length): ChartBar[] {
    const n = this.buf.length;
    const out: ChartBar[] = [];
    for (let i = Math.max(0, n - count); i < n; i++) out.push(this.buf[(this.head + i) % n]!);
    return out;
  }
}
