// The last trade printed on the replayed tape at a sim time: what the synthesised book, the last
// price of ticker/price and the book's update ids are built from.
import { barOpenTime } from '@coinview/core/interval';
import type { BarTape, MarketReplay } from '../replay/market-replay';
import { tradesUntil } from '../replay/trade-tape';

const MIN = 60_000;
/** A recording with this many empty minutes in a row is not one the sim can serve a book from. */
const MAX_EMPTY_MINUTES = 1440;

export interface TapeTrade {
  /** The trade's id as served by the trade streams (also the book's update id after it). */
  id: number;
  /** 1e-8 units. */
  price: bigint;
  quantity: bigint;
  time: number;
  /** The taker sold (the trade hit the bid). */
  buyerMaker: boolean;
  bar: BarTape;
  /** Index within the bar's tape. */
  index: number;
}

export function tapeTrade(bt: BarTape, index: number): TapeTrade {
  const { tape } = bt;
  return {
    id: bt.firstTradeId + index,
    price: BigInt(tape.prices[index]!),
    quantity: BigInt(tape.quantities[index]!),
    time: bt.openTime + tape.offsets[index]!,
    buyerMaker: tape.buyerMaker[index] === 1,
    bar: bt,
    index,
  };
}

/** The last trade of `symbol` printed at or before sim time `now`. */
export function lastTradeAt(replay: MarketReplay, symbol: string, now: number): TapeTrade {
  let open = barOpenTime(now, '1m');
  let printed = tradesUntil(replay.tape(symbol, open).tape, now - open);
  for (let empty = 0; printed === 0; empty++) {
    if (empty > MAX_EMPTY_MINUTES) throw new Error(`${symbol}: no trade in the last day`);
    open -= MIN;
    printed = replay.tape(symbol, open).tape.count;
  }
  return tapeTrade(replay.tape(symbol, open), printed - 1);
}
