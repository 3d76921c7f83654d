// How the chart page names markets: the intervals it offers first, their labels, and the market a
// link may ask for (`/chart?symbol=ETHUSDT&interval=1h`, e.g. from an alert). Any symbol the
// exchange lists can be charted: the worker streams its configured markets and any other one a
// chart opens is leased to it while the chart is open (see server/market/market-interest.ts).
import { symbolSchema } from '@coinview/core/candle';
import { type Interval, isInterval } from '@coinview/core/interval';

/** Shown as buttons in the toolbar; every interval is in its menu. */
export const FAVOURITE_INTERVALS: readonly Interval[] = ['1m', '5m', '15m', '1h', '4h', '1d'];

const UNIT_NAMES: Record<string, [string, string]> = {
  m: ['minute', 'minutes'],
  h: ['hour', 'hours'],
  d: ['day', 'days'],
  w: ['week', 'weeks'],
  M: ['month', 'months'],
};

/** "1 minute", "4 hours", "1 month". */
export function intervalLabel(interval: Interval): string {
  const match = /^(\d+)([mhdwM])$/.exec(interval);
  if (!match) return interval;
  const n = Number(match[1]);
  const [one, many] = UNIT_NAMES[match[2]!]!;
  return `${n} ${n === 1 ? one : many}`;
}

/** How many closed bars the chart loads on open. */
export const HISTORY_LIMIT = 1000;

/** Until the exchange's symbol list arrives: USDT quotes are priced to the cent. */
export const FALLBACK_PRECISION = 2;

export interface MarketChoice {
  symbol?: string;
  interval?: Interval;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The market asked for in `?symbol=…&interval=…`; parts that are missing or malformed are left out. */
export function parseMarket(params: Record<string, string | string[] | undefined>): MarketChoice {
  const symbol = symbolSchema.safeParse(first(params.symbol)?.toUpperCase());
  const interval = first(params.interval);
  return {
    ...(symbol.success ? { symbol: symbol.data } : {}),
    ...(interval && isInterval(interval) ? { interval } : {}),
  };
}

export function marketHref(market: { symbol: string; interval: Interval }): string {
  return `/chart?symbol=${market.symbol}&interval=${market.interval}`;
}
