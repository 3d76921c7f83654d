// Shapes of the Binance spot REST answers the product uses (rest-api.md, filters.md). Only the fields
// we rely on are required; anything else Binance adds passes through untouched.
import { decimalString } from '@coinview/core/candle';
import { z } from 'zod';

export const errorBodySchema = z.object({ code: z.number(), msg: z.string() });

export const serverTimeSchema = z.object({ serverTime: z.number().int() });

export const priceFilterSchema = z.looseObject({
  filterType: z.literal('PRICE_FILTER'),
  minPrice: decimalString,
  maxPrice: decimalString,
  tickSize: decimalString,
});

export const lotSizeFilterSchema = z.looseObject({
  filterType: z.literal('LOT_SIZE'),
  minQty: decimalString,
  maxQty: decimalString,
  stepSize: decimalString,
});

export const notionalFilterSchema = z.looseObject({
  filterType: z.literal('NOTIONAL'),
  minNotional: decimalString,
  applyMinToMarket: z.boolean(),
  maxNotional: decimalString,
  applyMaxToMarket: z.boolean(),
  avgPriceMins: z.number().int(),
});

/** Filters we do not interpret (PERCENT_PRICE_BY_SIDE, ICEBERG_PARTS, …) are kept as they came. */
const otherFilterSchema = z.looseObject({ filterType: z.string() });

const KNOWN_FILTERS = new Set(['PRICE_FILTER', 'LOT_SIZE', 'NOTIONAL']);

// A known filterType must match its schema exactly; the catch-all only takes the others, so a
// malformed PRICE_FILTER is an error rather than silently "some other filter".
export const symbolFilterSchema = z.union([
  priceFilterSchema,
  lotSizeFilterSchema,
  notionalFilterSchema,
  otherFilterSchema.refine((f) => !KNOWN_FILTERS.has(f.filterType), {
    message: 'malformed known filter',
  }),
]);

export const rateLimitSchema = z.looseObject({
  rateLimitType: z.enum(['REQUEST_WEIGHT', 'ORDERS', 'RAW_REQUESTS', 'CONNECTIONS']).or(z.string()),
  interval: z.enum(['SECOND', 'MINUTE', 'HOUR', 'DAY']).or(z.string()),
  intervalNum: z.number().int().positive(),
  limit: z.number().int().nonnegative(),
});

export const exchangeSymbolSchema = z.looseObject({
  symbol: z.string(),
  status: z.string(),
  baseAsset: z.string(),
  baseAssetPrecision: z.number().int().optional(),
  quoteAsset: z.string(),
  quoteAssetPrecision: z.number().int().optional(),
  filters: z.array(symbolFilterSchema),
});

export const exchangeInfoSchema = z.looseObject({
  timezone: z.string(),
  serverTime: z.number().int(),
  rateLimits: z.array(rateLimitSchema),
  symbols: z.array(exchangeSymbolSchema),
});

export const ticker24hSchema = z.looseObject({
  symbol: z.string(),
  priceChange: decimalString,
  priceChangePercent: decimalString,
  weightedAvgPrice: decimalString.optional(),
  prevClosePrice: decimalString.optional(),
  lastPrice: decimalString,
  lastQty: decimalString.optional(),
  bidPrice: decimalString.optional(),
  askPrice: decimalString.optional(),
  openPrice: decimalString,
  highPrice: decimalString,
  lowPrice: decimalString,
  volume: decimalString,
  quoteVolume: decimalString,
  openTime: z.number().int(),
  closeTime: z.number().int(),
  firstId: z.number().int().optional(),
  lastId: z.number().int().optional(),
  count: z.number().int().nonnegative(),
});

export type PriceFilter = z.infer<typeof priceFilterSchema>;
export type LotSizeFilter = z.infer<typeof lotSizeFilterSchema>;
export type NotionalFilter = z.infer<typeof notionalFilterSchema>;
export type SymbolFilter = z.infer<typeof symbolFilterSchema>;
export type RateLimit = z.infer<typeof rateLimitSchema>;
export type ExchangeSymbol = z.infer<typeof exchangeSymbolSchema>;
export type ExchangeInfo = z.infer<typeof exchangeInfoSchema>;
export type Ticker24h = z.infer<typeof ticker24hSchema>;

/** The three filters order validation needs, picked out of a symbol's filter list. */
export function symbolFilters(symbol: ExchangeSymbol): {
  price?: PriceFilter;
  lotSize?: LotSizeFilter;
  notional?: NotionalFilter;
} {
  const out: { price?: PriceFilter; lotSize?: LotSizeFilter; notional?: NotionalFilter } = {};
  for (const f of symbol.filters) {
    if (f.filterType === 'PRICE_FILTER') out.price = f as PriceFilter;
    else if (f.filterType === 'LOT_SIZE') out.lotSize = f as LotSizeFilter;
    else if (f.filterType === 'NOTIONAL') out.notional = f as NotionalFilter;
  }
  return out;
}
