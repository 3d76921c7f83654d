// The bookkeeping that lets indicators follow live ticks without recomputing their history. The
// chart's bars are the closed history (plus live bars that closed since) and at most one forming
// bar after them. A tick either revises the forming bar (same time: each indicator peeks), or
// opens a new one (later time: the previous forming bar is committed with update, then the new
// one peeked), or is stale and ignored. Pure: the component only draws what these steps return.
import type { Indicator } from '@coinview/core/indicators/types';
import { mergeHistory, type ChartBar } from './bars';

/** What a live bar does: revise the forming bar, commit it and open a new one, or nothing. */
export type LiveStep =
  | { kind: 'ignore' }
  | { kind: 'revise'; bar: ChartBar }
  | { kind: 'advance'; closed: ChartBar | undefined; bar: ChartBar };

export class LiveBars {
  /** Closed bars, oldest first: the history and the live bars that closed after it. */
  closed: ChartBar[] = [];
  forming: ChartBar | undefined = undefined;
  /** Times of the closed bars then the forming one: the x of every drawn point. */
  times: number[] = [];

  /** New history in place of the old, keeping live bars that closed after it; drops a stale forming bar. */
  load(history: readonly ChartBar[]): void {
    this.closed = mergeHistory(this.closed, history).bars;
    const last = this.closed[this.closed.length - 1];
    if (this.forming && last && this.forming.time <= last.time) this.forming = undefined;
    this.times = this.closed.map((b) => b.time);
    if (this.forming) this.times.push(this.forming.time);
  }

  /** Classifies a live bar and moves the bookkeeping along with it. */
  step(bar: ChartBar): LiveStep {
    const forming = this.forming;
    if (forming) {
      if (bar.time === forming.time) {
        this.forming = bar;
        return { kind: 'revise', bar };
      }
      if (bar.time < forming.time) return { kind: 'ignore' };
      this.closed.push(forming);
      this.forming = bar;
      this.times.push(bar.time);
      return { kind: 'advance', closed: forming, bar };
    }
    const last = this.closed[this.closed.length - 1];
    // History bars are closed: a tick for one of them (or older) cannot change it any more.
    if (last && bar.time <= last.time) return { kind: 'ignore' };
    this.forming = bar;
    this.times.push(bar.time);
    return { kind: 'advance', closed: undefined, bar };
  }

  /** Index of the bar at `time` in `times`, or -1. */
  indexOf(time: number): number {
    const times = this.times;
    let lo = 0;
    let hi = times.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const t = times[mid]!;
      if (t === time) return mid;
      if (t < time) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

/**
 * One indicator instance's values over the bars of a LiveBars, aligned with its `times`: one per
 * closed bar, then the forming bar's peeked value.
 */
export class IndicatorRun {
  values: unknown[] = [];

  constructor(readonly indicator: Indicator<unknown>) {}

  /** Recomputes the history from scratch, then peeks at the forming bar. */
  load(bars: LiveBars): void {
    this.values = this.indicator.compute(bars.closed);
    if (bars.forming) this.values.push(this.indicator.peek(bars.forming));
  }

  /**
   * Applies a live step (already taken by `bars`); returns the index of the first value that
   * changed (the committed bar on advance), or -1 when nothing did.
   */
  apply(step: LiveStep): number {
    if (step.kind === 'ignore') return -1;
    const values = this.values;
    if (step.kind === 'revise') {
      values[values.length - 1] = this.indicator.peek(step.bar);
      return values.length - 1;
    }
    let first = values.length;
    if (step.closed) {
      // The forming bar's last peek becomes its committed value (identical for the same bar).
      first = values.length - 1;
      values[first] = this.indicator.update(step.closed);
    }
    values.push(this.indicator.peek(step.bar));
    return first;
  }
}
