// Where market orders get their price. The contract with the synthesised order book (book/, built
// separately) is `top(symbol)`: the best bid and ask as decimal strings. Until that book is wired
// in, `replayQuotes` answers from the replay's last printed trade: bid = that price, ask = one tick
// above (what ticker/24hr serves as bid/ask too), with ample size.
import { barOpenTime } from '@coinview/core/interval';
import { formatUnits } from '../data/decimal';
import type { MarketReplay } from '../replay/market-replay';
import { tradesUntil } from '../replay/trade-tape';

export interface BookTop {
  bidPrice: string;
  bidQty: string;
  askPrice: string;
  askQty: string;
}

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

export function replayQuotes(replay: MarketReplay, now: () => number): QuoteSource {
  return {
    top(symbol) {
      if (!replay.has(symbol)) return null;
      const last = lastTradePrice(replay, symbol, now());
      const tick = replay.steps(symbol).price;
      return {
        bidPrice: formatUnits(last),
        bidQty: '1000.00000000',
        askPrice: formatUnits(last + tick),
        askQty: '1000.00000000',
      };
    },
  };
}
