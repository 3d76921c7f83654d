import { type Interval, barOpenTime, intervalMs, nextBarOpen } from '@coinview/core/interval';

/** How many bars of `interval` open in [from, to); both aligned or not. */
export function barsInRange(from: number, to: number, interval: Interval): number {
  if (to <= from) return 0;
  let first = barOpenTime(from, interval);
  if (first < from) first = nextBarOpen(first, interval);
  if (first >= to) return 0;
  if (interval !== '1M') return Math.floor((to - 1 - first) / intervalMs(interval)) + 1;
  let n = 0;
  for (let t = first; t < to; t = nextBarOpen(t, interval)) n++;
  return n;
}
