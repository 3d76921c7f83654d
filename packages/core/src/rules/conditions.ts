// The comparisons of the rule language as small objects with a `test()`, evaluated on the series
// readers of ./series (TradingView's semantics; null = warming up = false).
import type { ChartBar } from '../candle';
import { Ring } from '../indicators/ring';
import type { EvalContext, Series } from './series';

export interface Test {
  test(): boolean;
}

export class AllTest implements Test {
  constructor(private readonly parts: Test[]) {}
  test(): boolean {
    for (const p of this.parts) if (!p.test()) return false;
    return true;
  }
}

export class AnyTest implements Test {
  constructor(private readonly parts: Test[]) {}
  test(): boolean {
    for (const p of this.parts) if (p.test()) return true;
    return false;
  }
}

/** greater-than / less-than on the current values. */
export class CompareTest implements Test {
  constructor(
    private readonly left: Series,
    private readonly right: Series,
    private readonly greater: boolean,
  ) {}
  test(): boolean {
    const a = this.left.now();
    const b = this.right.now();
    if (a === null || b === null) return false;
    return this.greater ? a > b : a < b;
  }
}

/** greater-than / less-than against a constant (the common case, one object fewer to read). */
export class CompareLevelTest implements Test {
  constructor(
    private readonly left: Series,
    private readonly level: number,
    private readonly greater: boolean,
  ) {}
  test(): boolean {
    const a = this.left.now();
    if (a === null) return false;
    return this.greater ? a > this.level : a < this.level;
  }
}

/** Crossing a constant level (RSI crosses below 30, Close crosses above 65,000). */
export class CrossLevelTest implements Test {
  constructor(
    private readonly left: Series,
    private readonly level: number,
    private readonly above: boolean,
    private readonly below: boolean,
  ) {}
  test(): boolean {
    const a = this.left.now();
    if (a === null) return false;
    const a0 = this.left.then();
    if (a0 === null) return false;
    const l = this.level;
    return (this.above && a0 <= l && a > l) || (this.below && a0 >= l && a < l);
  }
}

/** ta.crossover (from ≤ to >) / ta.crossunder (from ≥ to <) of left against right. */
export class CrossTest implements Test {
  constructor(
    private readonly left: Series,
    private readonly right: Series,
    private readonly above: boolean,
    private readonly below: boolean,
  ) {}
  test(): boolean {
    const a = this.left.now();
    const b = this.right.now();
    if (a === null || b === null) return false;
    const a0 = this.left.then();
    const b0 = this.right.then();
    if (a0 === null || b0 === null) return false;
    return (this.above && a0 <= b0 && a > b) || (this.below && a0 >= b0 && a < b);
  }
}

/** -1 below the channel, 0 inside (bounds included), 1 above; null while warming up. */
function zone(x: number | null, u: number | null, l: number | null): number | null {
  if (x === null || u === null || l === null) return null;
  const hi = u >= l ? u : l;
  const lo = u >= l ? l : u;
  return x > hi ? 1 : x < lo ? -1 : 0;
}

export type ChannelOp =
  'entering-channel' | 'exiting-channel' | 'inside-channel' | 'outside-channel';

export class ChannelTest implements Test {
  constructor(
    private readonly op: ChannelOp,
    private readonly x: Series,
    private readonly upper: Series,
    private readonly lower: Series,
  ) {}
  test(): boolean {
    const z = zone(this.x.now(), this.upper.now(), this.lower.now());
    if (z === null) return false;
    switch (this.op) {
      case 'inside-channel':
        return z === 0;
      case 'outside-channel':
        return z !== 0;
      case 'entering-channel': {
        if (z !== 0) return false;
        const z0 = zone(this.x.then(), this.upper.then(), this.lower.then());
        return z0 !== null && z0 !== 0;
      }
      case 'exiting-channel':
        return z !== 0 && zone(this.x.then(), this.upper.then(), this.lower.then()) === 0;
    }
  }
}

/** Keeps the last bars + 1 committed values of a series for moving-up/down (NaN = warming up). */
export class MovingWindow {
  readonly ring: Ring;
  constructor(
    readonly series: Series,
    readonly bars: number,
  ) {
    this.ring = new Ring(bars + 1);
  }
  /** After a bar is committed (context at close). */
  push(): void {
    this.ring.push(this.series.now() ?? Number.NaN);
  }
  fill(history: readonly ChartBar[]): void {
    this.ring.clear();
    for (const v of this.series.replay(history.slice(-(this.bars + 1))))
      this.ring.push(v ?? Number.NaN);
  }
}

/** Current value − the lowest (moving up) / highest (moving down) of the `bars` values before it,
 *  at least `by`, or `by` percent of that reference. */
export class MovingTest implements Test {
  constructor(
    private readonly window: MovingWindow,
    private readonly up: boolean,
    private readonly percent: boolean,
    private readonly by: number,
    private readonly ctx: EvalContext,
  ) {}
  test(): boolean {
    const ring = this.window.ring;
    const bars = this.window.bars;
    // At a close the newest value is this bar's: the reference is the `bars` values before it.
    // Intrabar the forming bar is not in the ring: the reference is the newest `bars` values.
    let now: number | null;
    let end: number;
    if (this.ctx.intrabar) {
      now = this.window.series.now();
      end = ring.size;
    } else {
      now = ring.size > 0 ? ring.newest() : null;
      end = ring.size - 1;
    }
    const start = end - bars;
    if (now === null || Number.isNaN(now) || start < 0) return false;
    const up = this.up;
    let ref = up ? Infinity : -Infinity;
    for (let i = start; i < end; i++) {
      const v = ring.at(i);
      if (Number.isNaN(v)) return false;
      if (up ? v < ref : v > ref) ref = v;
    }
    const move = up ? now - ref : ref - now;
    if (!this.percent) return move >= this.by;
    if (ref === 0) return false;
    return (move / Math.abs(ref)) * 100 >= this.by;
  }
}
