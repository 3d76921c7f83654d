// The one place that knows how bar times work: every Binance kline interval, where a bar opens,
// where the next one opens, and which bar a timestamp falls in. Times are UTC epoch milliseconds.
import { z } from 'zod';

export const INTERVALS = [
  '1m',
  '3m',
  '5m',
  '15m',
  '30m',
  '1h',
  '2h',
  '4h',
  '6h',
  '8h',
  '12h',
  '1d',
  '3d',
  '1w',
  '1M',
] as const;

export type Interval = (typeof INTERVALS)[number];

export const intervalSchema = z.enum(INTERVALS);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const FIXED_MS: Record<Exclude<Interval, '1M'>, number> = {
  '1m': MINUTE,
  '3m': 3 * MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': HOUR,
  '2h': 2 * HOUR,
  '4h': 4 * HOUR,
  '6h': 6 * HOUR,
  '8h': 8 * HOUR,
  '12h': 12 * HOUR,
  '1d': DAY,
  '3d': 3 * DAY,
  '1w': 7 * DAY,
};

// Binance's weeks start on Monday 00:00 UTC; the epoch (1970-01-01) was a Thursday.
const WEEK_OFFSET = 4 * DAY;

export function isInterval(value: string): value is Interval {
  return (INTERVALS as readonly string[]).includes(value);
}

/** Nominal length of a bar; a month is measured from the bar containing `at`. */
export function intervalMs(interval: Interval, at = 0): number {
  if (interval === '1M') return nextBarOpen(barOpenTime(at, '1M'), '1M') - barOpenTime(at, '1M');
  return FIXED_MS[interval];
}

/** Open time of the bar that contains `time`. */
export function barOpenTime(time: number, interval: Interval): number {
  if (interval === '1M') {
    const d = new Date(time);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  }
  const size = FIXED_MS[interval];
  const offset = interval === '1w' ? WEEK_OFFSET : 0;
  return Math.floor((time - offset) / size) * size + offset;
}

/** Open time of the bar after the one opening at `openTime`. */
export function nextBarOpen(openTime: number, interval: Interval): number {
  if (interval === '1M') {
    const d = new Date(openTime);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  return openTime + FIXED_MS[interval];
}

/** Binance's close time: one millisecond before the next bar opens. */
export function barCloseTime(openTime: number, interval: Interval): number {
  return nextBarOpen(openTime, interval) - 1;
}

/** Open times of every bar in [from, to), aligned to the interval. */
export function barOpenTimes(from: number, to: number, interval: Interval): number[] {
  const out: number[] = [];
  for (let t = barOpenTime(from, interval); t < to; t = nextBarOpen(t, interval)) {
    if (t >= from) out.push(t);
  }
  return out;
}
