// The prices of a Fibonacci retracement's levels.
//
// Convention (TradingView's): the trader drags from the swing's start (first point) to its end
// (second point); level 0 is the end and level 1 the start, so 0.618 is how far price would fall
// back from the end of the move. A rise from 100 to 200 puts 0 at 200, 0.5 at 150, 1 at 100, and
// 1.618 below the start at 38.2; a level below 0 lies beyond the swing's end.
import type { DrawingOf } from './drawing';

export interface FibLevel {
  /** The level as the trader set it (0.618). */
  level: number;
  price: number;
}

/** Each level with its price, in the drawing's order of levels. */
export function fibLevels(d: DrawingOf<'fib-retracement'>): FibLevel[] {
  const [start, end] = d.anchors;
  return d.levels.map((level) => ({
    level,
    price: end.price + (start.price - end.price) * level,
  }));
}
