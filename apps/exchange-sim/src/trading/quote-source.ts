// Where market orders get their price: `top(symbol)`, the best bid and ask as decimal strings. The
// sim passes its synthesised order book (book/synth-book.ts), so a market buy fills at the ask a
// client sees in depth and bookTicker; tests may pass their own.
import { barOpenTime } from '@coinview/core/interval';
import type { BookTop } from '../book/synth-book';
import type { MarketReplay } from '../replay/market-replay';
import { tradesUntil } from '../replay/trade-tape';

export type { BookTop } from '../book/synth-book';

export interface QuoteSource {
  /** Best bid and ask of `symbol` now, or null when there is no book. */
  top(symbol: string): BookTop | null;
}

const MIN = 60_000;

/** The last trade printed at or before sim time `now`, in 1e-8 units. */
export function lastTradePrice(replay: MarketReplay, symbol: string, now: number): bigint {
  const open = barOpenTime(now, '1m');
  const { tape, bar } = replay.tape(symbol, open);
  const k = tradesUntil(tape, now - open);
  if (k > 0) return BigInt(tape.prices[k - 1]!);
  // No trade yet in this minute: the previous bar's close is the last price.
  const prev = replay.tape(symbol, open - MIN);
  return prev.tape.count > 0 ? BigInt(prev.tape.prices[prev.tape.count - 1]!) : bar.open;
}
