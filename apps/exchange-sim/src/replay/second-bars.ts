// Totals of the trades a tape prints in a slice of its minute: the 1s klines. A second without
// trades is flat at the last price with zero volume, as Binance serves it. Quote volumes are not on
// the tape, so each slice gets the share of the bar's recorded quote volume that the running share
// used by partialBar (trade-tape.ts) grows by: the 1s bars of a minute add up exactly to its kline.
import type { RecordedBar } from '../data/recording';
import type { BarTotals } from './recording-index';
import { type TradeTape, tradesUntil } from './trade-tape';

export interface SliceTotals {
  totals: BarTotals;
  /** Index in the tape of the slice's first trade (its trades are [first, first + totals.trades)). */
  first: number;
}

/**
 * Trades printed from `fromMs` to `toMs` (inclusive) after the bar's open; `lastPrice` is the price
 * before the slice, used when it has no trade.
 */
export function sliceTotals(
  bar: RecordedBar,
  tape: TradeTape,
  fromMs: number,
  toMs: number,
  lastPrice: bigint,
): SliceTotals {
  const first = tradesUntil(tape, fromMs - 1);
  const end = Math.max(first, tradesUntil(tape, toMs));
  const before = first > 0 ? BigInt(tape.prices[first - 1]!) : lastPrice;
  const share = (total: bigint, cum: Float64Array, k: number) => {
    const whole = cum[tape.count]!;
    return whole > 0 ? (total * BigInt(cum[k]!)) / BigInt(whole) : 0n;
  };
  if (end === first) {
    return {
      first,
      totals: {
        open: before,
        high: before,
        low: before,
        close: before,
        volume: 0n,
        quoteVolume: 0n,
        takerBuyBase: 0n,
        takerBuyQuote: 0n,
        trades: 0,
      },
    };
  }
  let high = tape.prices[first]!;
  let low = high;
  for (let i = first + 1; i < end; i++) {
    high = Math.max(high, tape.prices[i]!);
    low = Math.min(low, tape.prices[i]!);
  }
  return {
    first,
    totals: {
      open: BigInt(tape.prices[first]!),
      high: BigInt(high),
      low: BigInt(low),
      close: BigInt(tape.prices[end - 1]!),
      volume: BigInt(tape.cumVolume[end]! - tape.cumVolume[first]!),
      quoteVolume:
        share(bar.quoteVolume, tape.cumVolume, end) - share(bar.quoteVolume, tape.cumVolume, first),
      takerBuyBase: BigInt(tape.cumTakerBuy[end]! - tape.cumTakerBuy[first]!),
      takerBuyQuote:
        share(bar.takerBuyQuote, tape.cumTakerBuy, end) -
        share(bar.takerBuyQuote, tape.cumTakerBuy, first),
      trades: end - first,
    },
  };
}
