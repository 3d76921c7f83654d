// Shapes of the Binance spot REST answers the product uses (rest-api.md, filters.md). Only the fields
// we rely on are required; anything else Binance adds passes through untouched. A symbol's filters
// are trading rules, so their schemas live in core (@coinview/core/trading/symbol-rules) and are
// re-exported here for the client's callers.
import { decimalString } from '@coinview/core/candle';
import { exchangeSymbolSchema } from '@coinview/core/trading/symbol-rules';
import { z } from 'zod';

export {
  exchangeSymbolSchema,
  lotSizeFilterSchema,
  notionalFilterSchema,
  priceFilterSchema,
  symbolFilterSchema,
  symbolFilters,
  type ExchangeSymbol,
  type LotSizeFilter,
  type NotionalFilter,
  type PriceFilter,
  type SymbolFilter,
} from '@coinview/core/trading/symbol-rules';

export const errorBodySchema = z.object({ code: z.number(), msg: z.string() });

export const serverTimeSchema = z.object({ serverTime: z.number().int() });

export const rateLimitSchema = z.looseObject({
  rateLimitType: z.enum(['REQUEST_WEIGHT', 'ORDERS', 'RAW_REQUESTS', 'CONNECTIONS']).or(z.string()),
  interval: z.enum(['SECOND', 'MINUTE', 'HOUR', 'DAY']).or(z.string()),
  intervalNum: z.number().int().positive(),
  limit: z.number().int().nonnegative(),
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

export type RateLimit = z.infer<typeof rateLimitSchema>;
export type ExchangeInfo = z.infer<typeof exchangeInfoSchema>;
export type Ticker24h = z.infer<typeof ticker24hSchema>;
