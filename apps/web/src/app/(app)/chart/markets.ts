// Which markets the chart page offers, and how it reads the choice from the address bar. The
// worker always streams MARKET_SYMBOLS × MARKET_INTERVALS; any other market a chart opens is
// leased to the worker over the bus while the chart is open (see server/market/market-interest.ts).
import { type Interval, isInterval } from '@coinview/core/interval';

export const CHART_SYMBOLS = ['BTCUSDT', 'ETHUSDT'] as const;
export const CHART_INTERVALS = [
  '1m',
  '5m',
  '15m',
  '1h',
  '4h',
  '1d',
] as const satisfies readonly Interval[];

export type ChartSymbol = (typeof CHART_SYMBOLS)[number];

export interface MarketChoice {
  symbol: ChartSymbol;
  interval: Interval;
}

export const defaultMarket: MarketChoice = { symbol: 'BTCUSDT', interval: '1m' };

/** How many closed bars the chart loads on open. */
export const HISTORY_LIMIT = 1000;

/** Price decimals per market (both quote in USDT to the cent). */
export const PRICE_PRECISION: Record<ChartSymbol, number> = { BTCUSDT: 2, ETHUSDT: 2 };

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The market in `?symbol=…&interval=…`, falling back to the default for anything unknown. */
export function parseMarket(params: Record<string, string | string[] | undefined>): MarketChoice {
  const symbol = first(params.symbol)?.toUpperCase();
  const interval = first(params.interval);
  return {
    symbol: CHART_SYMBOLS.find((s) => s === symbol) ?? defaultMarket.symbol,
    interval: interval && isInterval(interval) ? interval : defaultMarket.interval,
  };
}

export function marketHref(market: MarketChoice): string {
  return `/chart?symbol=${market.symbol}&interval=${market.interval}`;
}
