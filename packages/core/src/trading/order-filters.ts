// Applies a symbol's exchangeInfo filters (PRICE_FILTER, PERCENT_PRICE_BY_SIDE, LOT_SIZE,
// MARKET_LOT_SIZE, NOTIONAL / MIN_NOTIONAL) to what a trader or an alert asked for, before anything
// is sent: both brokers and the order ticket call it, so the paper account refuses exactly what
// Binance would (-1013 "Filter failure: …") and the trader reads why in words, before the exchange
// is bothered.
//
// Rounding, deliberately:
// - quantities round DOWN to the step (never buy or sell more than asked; Binance truncates too);
// - limit prices round to the tick towards the trader's safer side: a BUY down (never pay more than
//   the price asked), a SELL up (never sell for less). Binance does not round, it refuses off-tick
//   prices (-1013 PRICE_FILTER), so the rounded price is what we send;
// - a quoteOrderQty rounds down to the quote asset's precision (Binance refuses more decimals, -1111).
import type { OrderRequest, OrderSide, OrderType } from './order';
import { Money, ceilToStep, floorToStep, formatAmount, money, toDecimalString } from './money';
import type { SymbolRules } from './symbol-rules';

/** What was asked for, before the filters. Exactly one of quantity and quoteOrderQty. */
export interface OrderIntent {
  side: OrderSide;
  type: OrderType;
  /** Base asset amount. */
  quantity?: string;
  /**
   * Quote asset amount ("buy 100 USDT of BTC"). Sent as quoteOrderQty for MARKET orders; a LIMIT
   * order gets quantity = quoteOrderQty / price (rounded down to the step), as Binance has no
   * quote-sized limit order.
   */
  quoteOrderQty?: string;
  /** LIMIT only. */
  price?: string;
}

/** The request to send (without its client order id) and what it is expected to cost. */
export interface PreparedOrder {
  symbol: string;
  side: OrderSide;
  type: OrderType;
  quantity?: string;
  quoteOrderQty?: string;
  price?: string;
  timeInForce?: 'GTC';
  /** Base quantity expected (exact for quantity orders, at the reference price for quote ones). */
  estimatedQuantity: string;
  /** price × quantity in the quote asset (at the reference price for MARKET orders). */
  estimatedNotional: string;
}

export type FilterName =
  'PRICE_FILTER' | 'PERCENT_PRICE' | 'LOT_SIZE' | 'MARKET_LOT_SIZE' | 'NOTIONAL' | 'INPUT';

export type PrepareResult =
  { ok: true; order: PreparedOrder } | { ok: false; filter: FilterName; reason: string };

const refuse = (filter: FilterName, reason: string): PrepareResult => ({
  ok: false,
  filter,
  reason,
});

function positive(text: string | undefined): Money | null {
  if (text === undefined) return null;
  try {
    const d = money(text);
    return d.gt(0) ? d : null;
  } catch {
    return null;
  }
}

const enabled = (bound: string) => !money(bound).isZero();

/**
 * The order to send, rounded to the symbol's tick and step, or the sentence saying which filter it
 * cannot satisfy. `referencePrice` is Binance's average price (of the last `avgPriceMins` minutes;
 * the caller passes that, or the last price when it has no average): MARKET orders' notional is
 * checked at it, LIMIT prices must stay within PERCENT_PRICE_BY_SIDE's multiples of it, and
 * quote-sized estimates use it.
 */
export function prepareOrder(
  rules: SymbolRules,
  intent: OrderIntent,
  referencePrice: string,
): PrepareResult {
  const base = rules.baseAsset;
  const quote = rules.quoteAsset;
  const market = intent.type === 'MARKET';
  const reference = positive(referencePrice);
  if (!reference) return refuse('INPUT', `There is no price for ${rules.symbol} yet.`);
  if ((intent.quantity === undefined) === (intent.quoteOrderQty === undefined))
    return refuse('INPUT', 'Give either a quantity or a total, not both.');

  // Price (LIMIT): rounded to the tick towards the trader, then PRICE_FILTER's bounds.
  let price: Money | null = null;
  if (!market) {
    const asked = positive(intent.price);
    if (!asked) return refuse('INPUT', 'A limit order needs a price above 0.');
    price =
      intent.side === 'BUY'
        ? floorToStep(asked, rules.tickSize)
        : ceilToStep(asked, rules.tickSize);
    if (price.isZero() || (enabled(rules.minPrice) && price.lt(rules.minPrice)))
      return refuse(
        'PRICE_FILTER',
        `${formatAmount(asked)} ${quote} is below the lowest price allowed for ${rules.symbol} (${formatAmount(rules.minPrice)} ${quote}).`,
      );
    if (enabled(rules.maxPrice) && price.gt(rules.maxPrice))
      return refuse(
        'PRICE_FILTER',
        `${formatAmount(asked)} ${quote} is above the highest price allowed for ${rules.symbol} (${formatAmount(rules.maxPrice)} ${quote}).`,
      );
    const band = percentBand(rules, intent.side, reference);
    if (band && (price.lt(band.low) || price.gt(band.high)))
      return refuse(
        'PERCENT_PRICE',
        `A ${intent.side === 'BUY' ? 'buy' : 'sell'} limit of ${formatAmount(price)} ${quote} is too far from the average price of ${formatAmount(reference)}: ${rules.symbol} takes ${formatAmount(band.low, 2)} to ${formatAmount(band.high, 2)}.`,
      );
  }
  const atPrice = price ?? reference;

  // Quote-sized MARKET order: sent as quoteOrderQty; the exchange works out the quantity.
  if (market && intent.quoteOrderQty !== undefined) {
    const askedTotal = positive(intent.quoteOrderQty);
    if (!askedTotal) return refuse('INPUT', 'The total must be above 0.');
    if (!rules.quoteOrderQtyMarketAllowed)
      return refuse(
        'INPUT',
        `${rules.symbol} does not take market orders by total; give a quantity.`,
      );
    const total = askedTotal.toDecimalPlaces(rules.quotePrecision, Money.ROUND_DOWN);
    const estimated = floorToStep(total.div(reference), rules.stepSize);
    const notionalRefusal = checkNotional(
      rules,
      total,
      true,
      () => `An order of ${formatAmount(total)} ${quote}`,
    );
    if (notionalRefusal) return notionalRefusal;
    const qtyRefusal = checkQuantity(
      rules,
      estimated,
      true,
      (bound) =>
        `${formatAmount(total)} ${quote} buys about ${formatAmount(estimated)} ${base} at ${formatAmount(reference)}, which ${bound}`,
    );
    if (qtyRefusal) return qtyRefusal;
    return {
      ok: true,
      order: {
        symbol: rules.symbol,
        side: intent.side,
        type: 'MARKET',
        quoteOrderQty: toDecimalString(total),
        estimatedQuantity: toDecimalString(estimated),
        estimatedNotional: toDecimalString(total),
      },
    };
  }

  // Quantity: asked directly, or a LIMIT order's total divided by its price.
  let asked: Money | null;
  if (intent.quantity !== undefined) {
    asked = positive(intent.quantity);
    if (!asked) return refuse('INPUT', 'The quantity must be above 0.');
  } else {
    const total = positive(intent.quoteOrderQty);
    if (!total) return refuse('INPUT', 'The total must be above 0.');
    asked = total.div(atPrice);
  }
  let quantity = floorToStep(asked, rules.stepSize);
  if (market) quantity = floorToStep(quantity, rules.marketStepSize);
  const qtyRefusal = checkQuantity(rules, quantity, market, (bound) =>
    intent.quantity === undefined
      ? `${formatAmount(intent.quoteOrderQty ?? '0')} ${quote} buys ${formatAmount(quantity)} ${base} at ${formatAmount(atPrice)}, which ${bound}`
      : `${formatAmount(quantity.isZero() ? asked : quantity)} ${base} ${bound}`,
  );
  if (qtyRefusal) return qtyRefusal;

  const notional = quantity.times(atPrice);
  const notionalRefusal = checkNotional(
    rules,
    notional,
    market,
    () => `${formatAmount(quantity)} ${base}`,
    atPrice,
  );
  if (notionalRefusal) return notionalRefusal;

  return {
    ok: true,
    order: {
      symbol: rules.symbol,
      side: intent.side,
      type: intent.type,
      quantity: toDecimalString(quantity),
      ...(price ? { price: toDecimalString(price), timeInForce: 'GTC' as const } : {}),
      estimatedQuantity: toDecimalString(quantity),
      estimatedNotional: toDecimalString(notional),
    },
  };
}

/** LOT_SIZE (and MARKET_LOT_SIZE for market orders). `what(bound)` starts the sentence. */
function checkQuantity(
  rules: SymbolRules,
  quantity: Money,
  market: boolean,
  what: (bound: string) => string,
): PrepareResult | null {
  const base = rules.baseAsset;
  const below = (min: string, filter: FilterName) =>
    refuse(filter, `${what(`is below the minimum quantity of ${formatAmount(min)} ${base}`)}.`);
  const above = (max: string, filter: FilterName) =>
    refuse(filter, `${what(`is above the maximum quantity of ${formatAmount(max)} ${base}`)}.`);
  if (quantity.isZero())
    return below(enabled(rules.minQty) ? rules.minQty : rules.stepSize, 'LOT_SIZE');
  if (enabled(rules.minQty) && quantity.lt(rules.minQty)) return below(rules.minQty, 'LOT_SIZE');
  if (enabled(rules.maxQty) && quantity.gt(rules.maxQty)) return above(rules.maxQty, 'LOT_SIZE');
  if (market) {
    if (enabled(rules.marketMinQty) && quantity.lt(rules.marketMinQty))
      return below(rules.marketMinQty, 'MARKET_LOT_SIZE');
    if (enabled(rules.marketMaxQty) && quantity.gt(rules.marketMaxQty))
      return above(rules.marketMaxQty, 'MARKET_LOT_SIZE');
  }
  return null;
}

/**
 * NOTIONAL (filters.md): price × quantity within [minNotional, maxNotional]; for MARKET orders the
 * minimum only when applyMinToMarket and the maximum only when applyMaxToMarket.
 */
function checkNotional(
  rules: SymbolRules,
  notional: Money,
  market: boolean,
  what: () => string,
  atPrice?: Money,
): PrepareResult | null {
  const quote = rules.quoteAsset;
  const at = atPrice ? ` at ${formatAmount(atPrice)}` : '';
  if (
    (!market || rules.applyMinToMarket) &&
    enabled(rules.minNotional) &&
    notional.lt(rules.minNotional)
  )
    return refuse(
      'NOTIONAL',
      `${what()} is below the minimum order of ${formatAmount(rules.minNotional)} ${quote}${at}.`,
    );
  if (
    (!market || rules.applyMaxToMarket) &&
    rules.maxNotional !== null &&
    enabled(rules.maxNotional) &&
    notional.gt(rules.maxNotional)
  )
    return refuse(
      'NOTIONAL',
      `${what()} is above the maximum order of ${formatAmount(rules.maxNotional)} ${quote}${at}.`,
    );
  return null;
}

/** The broker request for a prepared order, under the client order id of what caused it. */
export function toOrderRequest(order: PreparedOrder, clientOrderId: string): OrderRequest {
  return {
    clientOrderId,
    symbol: order.symbol,
    side: order.side,
    type: order.type,
    ...(order.quantity !== undefined ? { quantity: order.quantity } : {}),
    ...(order.quoteOrderQty !== undefined ? { quoteOrderQty: order.quoteOrderQty } : {}),
    ...(order.price !== undefined ? { price: order.price, timeInForce: 'GTC' as const } : {}),
  };
}

/** PERCENT_PRICE_BY_SIDE's allowed range for a limit price around the average price, or null. */
function percentBand(
  rules: SymbolRules,
  side: OrderSide,
  average: Money,
): { low: Money; high: Money } | null {
  const p = rules.percentPrice;
  if (!p) return null;
  const [down, up] = side === 'BUY' ? [p.bidDown, p.bidUp] : [p.askDown, p.askUp];
  return {
    low: enabled(down) ? average.times(down) : new Money(0),
    high: enabled(up) ? average.times(up) : new Money(Infinity),
  };
}
