// Request weights of the endpoints we call, as rest-api.md lists them. The budget uses them to
// predict a request's cost before the server reports it.

export const WEIGHTS = {
  time: 1,
  klines: 2,
  exchangeInfo: 20,
  /** ticker/24hr for one symbol; without a symbol it weighs 80. */
  ticker24hOne: 2,
  ticker24hAll: 80,
} as const;

/** ticker/24hr for a `symbols` list: 2 for 1–20 symbols, 40 for 21–100, 80 beyond. */
export function ticker24hWeight(count: number): number {
  if (count > 100) return WEIGHTS.ticker24hAll;
  return count > 20 ? 40 : WEIGHTS.ticker24hOne;
}

/** Binance's published REQUEST_WEIGHT limit per minute (exchangeInfo.rateLimits). */
export const DEFAULT_MAX_WEIGHT_PER_MINUTE = 6000;

/** Signed (trading and account) endpoints. */
export const SIGNED_WEIGHTS = {
  newOrder: 1,
  cancelOrder: 1,
  queryOrder: 4,
  /** openOrders for one symbol; without a symbol it weighs 80. */
  openOrdersOne: 6,
  openOrdersAll: 80,
  account: 20,
  myTrades: 20,
  /** myTrades with `orderId`. */
  myTradesOfOrder: 5,
} as const;
