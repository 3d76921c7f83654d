// A symbol's trading rules in exact units, read from the very exchangeInfo the sim serves
// (rest/exchange-info.ts), so an order is checked against what clients were told: PRICE_FILTER,
// LOT_SIZE, MARKET_LOT_SIZE, NOTIONAL, PERCENT_PRICE_BY_SIDE and MAX_NUM_ORDERS, refused with
// Binance's -1013 "Filter failure: <FILTER>" (filters.md).
import { toUnits } from '../data/decimal';
import type { MarketReplay } from '../replay/market-replay';
import { BinanceError } from '../rest/binance-error';
import { symbolInfo } from '../rest/exchange-info';

export interface SymbolRules {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  minPrice: bigint;
  maxPrice: bigint;
  tickSize: bigint;
  minQty: bigint;
  maxQty: bigint;
  stepSize: bigint;
  marketMaxQty: bigint;
  minNotional: bigint;
  maxNotional: bigint;
  /** PERCENT_PRICE_BY_SIDE multipliers as (numerator, 1e8) units. */
  bidUp: bigint;
  bidDown: bigint;
  askUp: bigint;
  askDown: bigint;
  maxNumOrders: number;
}

export const filterFailure = (filter: string) =>
  new BinanceError(400, -1013, `Filter failure: ${filter}`);

type Filter = Record<string, unknown> & { filterType: string };

export function rulesOf(replay: MarketReplay, symbol: string): SymbolRules {
  const info = symbolInfo(replay, symbol);
  const filters = info.filters as Filter[];
  const find = (type: string): Filter => {
    const f = filters.find((x) => x.filterType === type);
    if (!f) throw new Error(`exchangeInfo of ${symbol} has no ${type}`);
    return f;
  };
  const units = (f: Filter, key: string) => toUnits(String(f[key]));
  const price = find('PRICE_FILTER');
  const lot = find('LOT_SIZE');
  const marketLot = find('MARKET_LOT_SIZE');
  const notional = find('NOTIONAL');
  const percent = find('PERCENT_PRICE_BY_SIDE');
  return {
    symbol,
    baseAsset: info.baseAsset,
    quoteAsset: info.quoteAsset,
    minPrice: units(price, 'minPrice'),
    maxPrice: units(price, 'maxPrice'),
    tickSize: units(price, 'tickSize'),
    minQty: units(lot, 'minQty'),
    maxQty: units(lot, 'maxQty'),
    stepSize: units(lot, 'stepSize'),
    marketMaxQty: units(marketLot, 'maxQty'),
    minNotional: units(notional, 'minNotional'),
    maxNotional: units(notional, 'maxNotional'),
    bidUp: units(percent, 'bidMultiplierUp'),
    bidDown: units(percent, 'bidMultiplierDown'),
    askUp: units(percent, 'askMultiplierUp'),
    askDown: units(percent, 'askMultiplierDown'),
    maxNumOrders: Number(find('MAX_NUM_ORDERS').maxNumOrders),
  };
}

const ONE = 100_000_000n;

/** a × b of two 1e-8 amounts, rounded half up to 1e-8. */
export function mulUnits(a: bigint, b: bigint): bigint {
  return (a * b + ONE / 2n) / ONE;
}

/** a ÷ b of two 1e-8 amounts, rounded down to 1e-8. */
export function divUnits(a: bigint, b: bigint): bigint {
  return (a * ONE) / b;
}

export interface FilterCheck {
  side: 'BUY' | 'SELL';
  type: 'MARKET' | 'LIMIT';
  quantity: bigint;
  /** LIMIT only. */
  price?: bigint;
  /** The price the order is valued at: the limit price, or the book price a market order takes. */
  referencePrice: bigint;
  /** Last traded price, for PERCENT_PRICE_BY_SIDE (Binance: the average price of 5 minutes). */
  lastPrice: bigint;
  openOrders: number;
}

/** Throws Binance's -1013 for the first filter the order fails, in Binance's order of checks. */
export function checkFilters(rules: SymbolRules, o: FilterCheck): void {
  if (o.type === 'LIMIT') {
    const p = o.price!;
    if (p < rules.minPrice || p > rules.maxPrice || (p - rules.minPrice) % rules.tickSize !== 0n)
      throw filterFailure('PRICE_FILTER');
    const [up, down] =
      o.side === 'BUY' ? [rules.bidUp, rules.bidDown] : [rules.askUp, rules.askDown];
    if (p > mulUnits(o.lastPrice, up) || p < mulUnits(o.lastPrice, down))
      throw filterFailure('PERCENT_PRICE_BY_SIDE');
  }
  const q = o.quantity;
  if (q < rules.minQty || q > rules.maxQty || (q - rules.minQty) % rules.stepSize !== 0n)
    throw filterFailure('LOT_SIZE');
  if (o.type === 'MARKET' && q > rules.marketMaxQty) throw filterFailure('MARKET_LOT_SIZE');
  const notional = mulUnits(o.referencePrice, q);
  // applyMinToMarket: true, applyMaxToMarket: false (exchange-info.ts).
  if (notional < rules.minNotional || (o.type === 'LIMIT' && notional > rules.maxNotional))
    throw filterFailure('NOTIONAL');
  if (o.type === 'LIMIT' && o.openOrders >= rules.maxNumOrders)
    throw filterFailure('MAX_NUM_ORDERS');
}
