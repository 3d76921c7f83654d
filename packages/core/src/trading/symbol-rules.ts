// A symbol's trading rules: Binance's exchangeInfo filter schemas (filters.md) and `SymbolRules`,
// the plain, serialisable digest of them every order check uses (the paper broker, the Binance
// broker, the order ticket, alert actions). The schemas live here, in core, because the rules are
// domain logic; packages/exchange parses exchangeInfo with them and re-exports them.
import { z } from 'zod';
import { decimalString } from '../candle';

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

/** MARKET orders must pass it besides LOT_SIZE; a 0 step or max disables that part. */
export const marketLotSizeFilterSchema = z.looseObject({
  filterType: z.literal('MARKET_LOT_SIZE'),
  minQty: decimalString,
  maxQty: decimalString,
  stepSize: decimalString,
});

/** Limit prices within multiples of the average price, per side. */
export const percentPriceBySideFilterSchema = z.looseObject({
  filterType: z.literal('PERCENT_PRICE_BY_SIDE'),
  bidMultiplierUp: decimalString,
  bidMultiplierDown: decimalString,
  askMultiplierUp: decimalString,
  askMultiplierDown: decimalString,
  avgPriceMins: z.number().int(),
});

/** PERCENT_PRICE_BY_SIDE's predecessor: one range for both sides. */
export const percentPriceFilterSchema = z.looseObject({
  filterType: z.literal('PERCENT_PRICE'),
  multiplierUp: decimalString,
  multiplierDown: decimalString,
  avgPriceMins: z.number().int(),
});

/** The NOTIONAL filter's predecessor; still served by some venues (binance.us, older testnets). */
export const minNotionalFilterSchema = z.looseObject({
  filterType: z.literal('MIN_NOTIONAL'),
  minNotional: decimalString,
  applyToMarket: z.boolean(),
  avgPriceMins: z.number().int(),
});

/** Filters we do not interpret (PERCENT_PRICE_BY_SIDE, ICEBERG_PARTS, …) are kept as they came. */
const otherFilterSchema = z.looseObject({ filterType: z.string() });

const KNOWN_FILTERS = new Set(['PRICE_FILTER', 'LOT_SIZE', 'NOTIONAL']);

// A known filterType must match its schema exactly; the catch-all only takes the others, so a
// malformed PRICE_FILTER is an error rather than silently "some other filter". MARKET_LOT_SIZE,
// MIN_NOTIONAL and the PERCENT_PRICE filters stay in the catch-all (a malformed one must not make a whole exchangeInfo unreadable)
// and are parsed when rules are built.
export const symbolFilterSchema = z.union([
  priceFilterSchema,
  lotSizeFilterSchema,
  notionalFilterSchema,
  otherFilterSchema.refine((f) => !KNOWN_FILTERS.has(f.filterType), {
    message: 'malformed known filter',
  }),
]);

export const exchangeSymbolSchema = z.looseObject({
  symbol: z.string(),
  status: z.string(),
  baseAsset: z.string(),
  baseAssetPrecision: z.number().int().optional(),
  quoteAsset: z.string(),
  quoteAssetPrecision: z.number().int().optional(),
  baseCommissionPrecision: z.number().int().optional(),
  quoteCommissionPrecision: z.number().int().optional(),
  quoteOrderQtyMarketAllowed: z.boolean().optional(),
  filters: z.array(symbolFilterSchema),
});

export type PriceFilter = z.infer<typeof priceFilterSchema>;
export type LotSizeFilter = z.infer<typeof lotSizeFilterSchema>;
export type NotionalFilter = z.infer<typeof notionalFilterSchema>;
export type MarketLotSizeFilter = z.infer<typeof marketLotSizeFilterSchema>;
export type MinNotionalFilter = z.infer<typeof minNotionalFilterSchema>;
export type SymbolFilter = z.infer<typeof symbolFilterSchema>;
export type ExchangeSymbol = z.infer<typeof exchangeSymbolSchema>;

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

/**
 * What an order must satisfy on one symbol. Amounts are decimal strings exactly as Binance sent
 * them; "0" disables a bound (Binance's own convention: "disabled on minPrice == 0").
 */
export const symbolRulesSchema = z.object({
  symbol: z.string(),
  baseAsset: z.string(),
  quoteAsset: z.string(),
  /** PRICE_FILTER. Prices must be multiples of tickSize. */
  tickSize: decimalString,
  minPrice: decimalString,
  maxPrice: decimalString,
  /** LOT_SIZE, for every order. */
  stepSize: decimalString,
  minQty: decimalString,
  maxQty: decimalString,
  /** MARKET_LOT_SIZE, for MARKET orders on top of LOT_SIZE ("0" = not limited). */
  marketStepSize: decimalString,
  marketMinQty: decimalString,
  marketMaxQty: decimalString,
  /**
   * PERCENT_PRICE_BY_SIDE (or the older PERCENT_PRICE): a BUY limit within [bidDown, bidUp] × the
   * average price, a SELL limit within [askDown, askUp] ×; null: not limited.
   */
  percentPrice: z
    .object({
      bidUp: decimalString,
      bidDown: decimalString,
      askUp: decimalString,
      askDown: decimalString,
    })
    .nullable(),
  /** NOTIONAL (or the older MIN_NOTIONAL): price × quantity bounds, in the quote asset. */
  minNotional: decimalString,
  applyMinToMarket: z.boolean(),
  /** null: no maximum. */
  maxNotional: decimalString.nullable(),
  applyMaxToMarket: z.boolean(),
  /** MARKET orders are checked at the average price of the last avgPriceMins minutes (0: last price). */
  avgPriceMins: z.number().int().nonnegative(),
  /** Decimals allowed in a quoteOrderQty (Binance: quoteAssetPrecision). */
  quotePrecision: z.number().int().nonnegative(),
  /** Decimals of commissions (Binance: base/quoteCommissionPrecision). */
  commissionPrecision: z.number().int().nonnegative(),
  quoteOrderQtyMarketAllowed: z.boolean(),
});
export type SymbolRules = z.infer<typeof symbolRulesSchema>;

/** A symbol's rules from its exchangeInfo entry. Missing filters mean "not limited", as on Binance. */
export function symbolRules(symbol: ExchangeSymbol): SymbolRules {
  const { price, lotSize, notional } = symbolFilters(symbol);
  let marketLot: MarketLotSizeFilter | undefined;
  let minNotional: MinNotionalFilter | undefined;
  let percentPrice: SymbolRules['percentPrice'] = null;
  for (const f of symbol.filters) {
    if (f.filterType === 'PERCENT_PRICE_BY_SIDE') {
      const parsed = percentPriceBySideFilterSchema.safeParse(f);
      if (parsed.success) {
        const p = parsed.data;
        percentPrice = {
          bidUp: p.bidMultiplierUp,
          bidDown: p.bidMultiplierDown,
          askUp: p.askMultiplierUp,
          askDown: p.askMultiplierDown,
        };
      }
    } else if (f.filterType === 'PERCENT_PRICE' && !percentPrice) {
      const parsed = percentPriceFilterSchema.safeParse(f);
      if (parsed.success) {
        const { multiplierUp: up, multiplierDown: down } = parsed.data;
        percentPrice = { bidUp: up, bidDown: down, askUp: up, askDown: down };
      }
    }
    if (f.filterType === 'MARKET_LOT_SIZE') {
      const parsed = marketLotSizeFilterSchema.safeParse(f);
      if (parsed.success) marketLot = parsed.data;
    } else if (f.filterType === 'MIN_NOTIONAL') {
      const parsed = minNotionalFilterSchema.safeParse(f);
      if (parsed.success) minNotional = parsed.data;
    }
  }
  const notionalRules = notional
    ? {
        minNotional: notional.minNotional,
        applyMinToMarket: notional.applyMinToMarket,
        maxNotional: isZero(notional.maxNotional) ? null : notional.maxNotional,
        applyMaxToMarket: notional.applyMaxToMarket,
        avgPriceMins: notional.avgPriceMins,
      }
    : {
        minNotional: minNotional?.minNotional ?? '0',
        applyMinToMarket: minNotional?.applyToMarket ?? false,
        maxNotional: null,
        applyMaxToMarket: false,
        avgPriceMins: minNotional?.avgPriceMins ?? 0,
      };
  return {
    symbol: symbol.symbol,
    baseAsset: symbol.baseAsset,
    quoteAsset: symbol.quoteAsset,
    tickSize: price?.tickSize ?? '0',
    minPrice: price?.minPrice ?? '0',
    maxPrice: price?.maxPrice ?? '0',
    stepSize: lotSize?.stepSize ?? '0',
    minQty: lotSize?.minQty ?? '0',
    maxQty: lotSize?.maxQty ?? '0',
    marketStepSize: marketLot?.stepSize ?? '0',
    marketMinQty: marketLot?.minQty ?? '0',
    marketMaxQty: marketLot?.maxQty ?? '0',
    percentPrice,
    ...notionalRules,
    quotePrecision: symbol.quoteAssetPrecision ?? 8,
    commissionPrecision: symbol.quoteCommissionPrecision ?? symbol.baseCommissionPrecision ?? 8,
    quoteOrderQtyMarketAllowed: symbol.quoteOrderQtyMarketAllowed ?? true,
  };
}

function isZero(value: string): boolean {
  return /^-?0*(\.0*)?$/.test(value);
}
