// The price range and date range measuring tools: what changed between the two points. Both are
// signed from the first point to the second, as the trader dragged them (a drag to the left in time
// gives negative seconds and bars). They accept any two-point drawing, a rectangle included.
import { barOpenTime, intervalMs, nextBarOpen, type Interval } from '../interval';
import type { Anchor } from './drawing';

interface TwoPoints {
  anchors: readonly [Anchor, Anchor, ...Anchor[]];
}

export interface PriceRange {
  from: number;
  to: number;
  change: number;
  /** change as a percentage of the first price; null when the first price is 0. */
  percent: number | null;
}

export function priceRange(d: TwoPoints): PriceRange {
  const from = d.anchors[0].price;
  const to = d.anchors[1].price;
  const change = to - from;
  return { from, to, change, percent: from === 0 ? null : (change / Math.abs(from)) * 100 };
}

export interface DateRange {
  seconds: number;
  /**
   * How many bars of `interval` the second point is after the first: the difference between the
   * bars that contain them (two times in one bar are 0 bars apart). Null without an interval.
   */
  bars: number | null;
}

export function dateRange(d: TwoPoints, interval?: Interval): DateRange {
  const from = d.anchors[0].time;
  const to = d.anchors[1].time;
  const seconds = to - from;
  if (interval === undefined) return { seconds, bars: null };
  const bars = barsBetween(Math.min(from, to) * 1000, Math.max(from, to) * 1000, interval);
  return { seconds, bars: seconds < 0 ? -bars : bars };
}

/** Bars from the one containing `from` to the one containing `to` (epoch ms, from ≤ to). */
function barsBetween(from: number, to: number, interval: Interval): number {
  const first = barOpenTime(from, interval);
  const last = barOpenTime(to, interval);
  // Months differ in length: count them. Every other interval has one length.
  if (interval === '1M') {
    let bars = 0;
    for (let open = first; open < last; open = nextBarOpen(open, interval)) bars++;
    return bars;
  }
  return Math.round((last - first) / intervalMs(interval));
}
