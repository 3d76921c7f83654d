// Fixed-capacity ring buffer over a Float64Array: the only history an indicator keeps, so its
// memory is set at construction and never grows however long the worker runs.
export class Ring {
  readonly buf: Float64Array;
  private head = 0; // slot of the oldest value
  size = 0;

  constructor(readonly capacity: number) {
    this.buf = new Float64Array(capacity);
  }

  get full(): boolean {
    return this.size === this.capacity;
  }

  /** i = 0 is the oldest value kept. */
  at(i: number): number {
    let j = this.head + i;
    if (j >= this.capacity) j -= this.capacity;
    return this.buf[j]!;
  }

  newest(): number {
    return this.at(this.size - 1);
  }

  /** The value `push` would drop (the oldest, when full), else null. */
  evicted(): number | null {
    return this.full ? this.buf[this.head]! : null;
  }

  push(x: number): void {
    if (this.size < this.capacity) {
      let j = this.head + this.size;
      if (j >= this.capacity) j -= this.capacity;
      this.buf[j] = x;
      this.size++;
    } else {
      this.buf[this.head] = x;
      this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    }
  }

  /** First index of the window that pushing one more value would leave. */
  nextStart(): number {
    return this.full ? 1 : 0;
  }

  /** Index where the last `count` values (x included) would start after pushing x. */
  private startFor(count: number): number {
    return Math.max(this.nextStart(), this.size - count + 1);
  }

  /** Highest of x and the newest count − 1 values kept (the whole window by default). */
  maxWith(x: number, count = this.capacity): number {
    let m = x;
    for (let i = this.startFor(count); i < this.size; i++) {
      const v = this.at(i);
      if (v > m) m = v;
    }
    return m;
  }

  /** Lowest of x and the newest count − 1 values kept (the whole window by default). */
  minWith(x: number, count = this.capacity): number {
    let m = x;
    for (let i = this.startFor(count); i < this.size; i++) {
      const v = this.at(i);
      if (v < m) m = v;
    }
    return m;
  }

  /** Sum of the window as it would be after pushing x. */
  sumWith(x: number): number {
    let s = x;
    for (let i = this.nextStart(); i < this.size; i++) s += this.at(i);
    return s;
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
  }
}
