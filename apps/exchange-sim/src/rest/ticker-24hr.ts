// `GET /api/v3/ticker/24hr` (rest-api.md "24hr ticker price change statistics"): one object for
// `symbol`, an array for `symbols` or for none; `type=FULL` (default) or `MINI`.
import type { BookTop, SynthBook } from '../book/synth-book';
import { formatRounded, formatUnits } from '../data/decimal';
import type { MarketReplay } from '../replay/market-replay';
import { type TickerStats, tickerStats } from '../replay/ticker-stats';
import { errors } from './binance-error';
import { parseSymbolsParam, symbolCount } from './symbols-param';

const ONE = 100_000_000n;

/** Binance's weights: 2 for up to 20 symbols, 40 up to 100, 80 beyond or for all. */
export function ticker24hrWeight(params: URLSearchParams): number {
  const count = symbolCount(params);
  if (count === undefined || count > 100) return 80;
  return count > 20 ? 40 : 2;
}

function mini(s: TickerStats) {
  const t = s.totals;
  return {
    symbol: s.symbol,
    openPrice: formatUnits(t.open),
    highPrice: formatUnits(t.high),
    lowPrice: formatUnits(t.low),
    lastPrice: formatUnits(t.close),
    volume: formatUnits(t.volume),
    quoteVolume: formatUnits(t.quoteVolume),
    openTime: s.openTime,
    closeTime: s.closeTime,
    firstId: s.firstTradeId,
    lastId: s.lastTradeId,
    count: t.trades,
  };
}

/** The FULL row: statistics plus the synthesised book's best bid and ask at the same moment. */
export function fullTicker(s: TickerStats, top: BookTop) {
  const t = s.totals;
  const change = t.close - t.open;
  const { symbol, lastPrice, ...rest } = mini(s);
  return {
    symbol,
    priceChange: formatUnits(change),
    priceChangePercent: formatRounded(t.open > 0n ? (change * 100n * ONE) / t.open : 0n, 3),
    weightedAvgPrice: formatUnits(t.volume > 0n ? (t.quoteVolume * ONE) / t.volume : t.close),
    prevClosePrice: formatUnits(s.prevClose),
    lastPrice,
    lastQty: formatUnits(s.lastQty),
    ...top,
    ...rest,
  };
}

export function ticker24hr(
  params: URLSearchParams,
  replay: MarketReplay,
  book: SynthBook,
  now: number,
): unknown {
  const type = params.get('type') ?? 'FULL';
  if (type !== 'FULL' && type !== 'MINI') throw errors.invalidTickerType();
  const { symbols = replay.symbols, single } = parseSymbolsParam(params, (s) => replay.has(s));
  const rows = symbols.map((symbol) => {
    const stats = tickerStats(replay, symbol, now);
    if (type === 'MINI') return mini(stats);
    return fullTicker(stats, book.topOf(book.state(symbol, now)));
  });
  return single ? rows[0] : rows;
}
