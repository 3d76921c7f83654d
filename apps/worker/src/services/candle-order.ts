// Which of two updates of the same market is newer. Bars are ordered by open time; within a bar a
// close beats any forming update and nothing beats the close; forming updates are ordered by the
// exchange's event time, then by trade count (it only grows while a bar forms). Used to drop
// duplicates and stale, out-of-order frames.
import type { Interval } from '@coinview/core/interval';
import { barOpenTime } from '@coinview/core/interval';

export interface UpdateKey {
  openTime: number;
  closed: boolean;
  /** Exchange event time (ms); 0 for candles that came over REST. */
  eventTime: number;
  trades: number;
}

export function isNewer(a: UpdateKey, b: UpdateKey | undefined): boolean {
  if (!b) return true;
  if (a.openTime !== b.openTime) return a.openTime > b.openTime;
  if (b.closed) return false;
  if (a.closed) return true;
  if (a.eventTime !== b.eventTime) return a.eventTime > b.eventTime;
  return a.trades > b.trades;
}

/** Open time of the bar before the one opening at `openTime`. */
export function previousBarOpen(openTime: number, interval: Interval): number {
  return barOpenTime(openTime - 1, interval);
}

/** Open time of the bar `count` bars before the one opening at `openTime`. */
export function barsBefore(openTime: number, interval: Interval, count: number): number {
  if (interval !== '1M') {
    const step = openTime - previousBarOpen(openTime, interval);
    return openTime - step * count;
  }
  let t = openTime;
  for (let i = 0; i < count; i++) t = previousBarOpen(t, interval);
  return t;
}
