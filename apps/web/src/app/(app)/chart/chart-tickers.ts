// The tickers the chart page shows (toolbar and watchlist), with one price per symbol for one
// moment. The chart's symbol arrives over two streams: its candles (market.live, every ~2 s) and its
// 24 h ticker (market.tickers, every ~1 s), and the two rarely hold the same price at the same time,
// so the toolbar (candle close) and the watchlist (ticker last) disagreed (issue 9, item 19). The
// chart's candle wins for its symbol: it is what the chart's last bar and price line show, and the
// 24 h change is recomputed from it against the ticker's 24 h open, so every place agrees.
import { changePercent, type Ticker } from '@coinview/core/ticker';

/**
 * `live` (the tickers subscription), with `prefetched` (the chart symbol's ticker the page was
 * rendered with) until a live one as new arrives, and the chart's symbol priced at `chartPrice`
 * (the close of the chart's newest candle, a decimal string) when known.
 */
export function chartTickers(
  live: ReadonlyMap<string, Ticker>,
  symbol: string,
  prefetched: Ticker | null | undefined,
  chartPrice: string | undefined,
): ReadonlyMap<string, Ticker> {
  const known = live.get(symbol);
  let ticker =
    prefetched?.symbol === symbol && (!known || known.eventTime < prefetched.eventTime)
      ? prefetched
      : known;
  if (ticker && chartPrice !== undefined && ticker.last !== chartPrice)
    ticker = { ...ticker, last: chartPrice, changePercent: changePercent(chartPrice, ticker.open) };
  if (ticker === known) return live;
  const out = new Map(live);
  if (ticker) out.set(symbol, ticker);
  return out;
}
