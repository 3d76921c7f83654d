// Magnet mode: a point placed near a bar snaps to that bar's time and to whichever of its open,
// high, low or close is nearest the pointer's price, so a line drawn from a wick starts exactly on
// the wick.
import type { ChartBar } from '../candle';
import type { Anchor } from './drawing';

export type MagnetBar = Pick<ChartBar, 'time' | 'open' | 'high' | 'low' | 'close'>;

/**
 * `anchor` is where the pointer is (its time and price); `bar` the bar under the pointer, if any.
 * Without a bar the anchor is returned as it is. On a tie the first of open, high, low, close wins.
 */
export function snapToBar(anchor: Anchor, bar: MagnetBar | undefined): Anchor {
  if (!bar) return anchor;
  let price = bar.open;
  for (const candidate of [bar.high, bar.low, bar.close])
    if (Math.abs(candidate - anchor.price) < Math.abs(price - anchor.price)) price = candidate;
  return { time: bar.time, price };
}
