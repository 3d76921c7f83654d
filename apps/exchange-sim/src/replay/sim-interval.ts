// The kline intervals the sim serves: every interval the product charts (core's `Interval`) plus
// Binance's `1s`, which the product never charts and so stays out of core's list. Bar arithmetic
// for `1s` is plain seconds; everything else is core's interval module.
import {
  type Interval,
  barOpenTime,
  isInterval,
  nextBarOpen as coreNextBarOpen,
} from '@coinview/core/interval';

export type SimInterval = Interval | '1s';

const SECOND = 1000;

export function isSimInterval(value: string): value is SimInterval {
  return value === '1s' || isInterval(value);
}

/** Open time of the bar of `interval` that contains `time`. */
export function simBarOpenTime(time: number, interval: SimInterval): number {
  return interval === '1s' ? Math.floor(time / SECOND) * SECOND : barOpenTime(time, interval);
}

export function simNextBarOpen(openTime: number, interval: SimInterval): number {
  return interval === '1s' ? openTime + SECOND : coreNextBarOpen(openTime, interval);
}

/** Binance's close time: one millisecond before the next bar opens. */
export function simBarCloseTime(openTime: number, interval: SimInterval): number {
  return simNextBarOpen(openTime, interval) - 1;
}
