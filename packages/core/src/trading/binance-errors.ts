// What a Binance error answer means for an order (errors.md, "Error codes for Binance"): the sentence
// a trader reads instead of "-2010 Account has insufficient balance for requested action.", and the
// two facts exactly-once placement needs:
// - placedNothing: the answer proves no order came of the request, so the order may be recorded as
//   REJECTED (and sent again only when `retry` says so, under the same client order id);
// - otherwise the order may exist: -1006/-1007 say "execution status unknown", -1000/-1001 are
//   internal errors, "Duplicate order sent." means an earlier attempt DID place it, and a code we do
//   not know is not trusted. The caller then looks the order up by its client id, never resends.
// Both brokers (paper and Binance) and the sim speak these codes, so one table serves all of them.

export type RetryAdvice = 'after-time-sync' | 'after-wait' | null;

export interface BinanceErrorMeaning {
  code: number;
  /** For the trader: what happened and, when there is one, what to do. */
  message: string;
  placedNothing: boolean;
  /** Sending the same request again may succeed, after resyncing the clock or after waiting. */
  retry: RetryAdvice;
  /** The client order id is taken: an earlier attempt placed this order; look it up. */
  duplicate: boolean;
}

/** Names used in the sentences; without them the sentences stay generic. */
export interface ErrorContext {
  symbol?: string;
  baseAsset?: string;
  quoteAsset?: string;
}

type Entry = { placedNothing: boolean; retry?: RetryAdvice; text: (c: ErrorContext) => string };

const refused = (
  text: string | ((c: ErrorContext) => string),
  retry: RetryAdvice = null,
): Entry => ({
  placedNothing: true,
  retry,
  text: typeof text === 'string' ? () => text : text,
});
const uncertain = (text: string): Entry => ({ placedNothing: false, text: () => text });

const onSymbol = (c: ErrorContext) => (c.symbol ? ` on ${c.symbol}` : '');

const CODES: Record<number, Entry> = {
  [-1000]: uncertain(
    'Binance reported an unknown error, so whether the order was placed is not known yet.',
  ),
  [-1001]: uncertain(
    'Binance had an internal error, so whether the order was placed is not known yet.',
  ),
  [-1002]: refused('This API key is not authorised for this request.'),
  [-1003]: refused('Binance is refusing requests for a moment: too many were sent.', 'after-wait'),
  [-1006]: uncertain(
    'Binance did not confirm the order, so whether it was placed is not known yet.',
  ),
  [-1007]: uncertain(
    'Binance timed out before confirming the order, so whether it was placed is not known yet.',
  ),
  [-1008]: refused('Binance is overloaded and refused the order for now.', 'after-wait'),
  [-1010]: refused('Binance’s matching engine rejected the order.'),
  [-1013]: refused('The order does not meet the symbol’s trading rules.'),
  [-1014]: refused('Binance does not support this combination of order settings.'),
  [-1015]: refused(
    'Too many new orders on this account for the moment: Binance’s order rate limit is reached.',
    'after-wait',
  ),
  [-1016]: refused('Binance is down for maintenance and refused the order for now.', 'after-wait'),
  [-1020]: refused('Binance does not support this operation.'),
  [-1021]: refused(
    'The request reached Binance outside its time window (the clocks disagree).',
    'after-time-sync',
  ),
  [-1022]: refused(
    'Binance refused the request’s signature: the API secret does not match this key.',
  ),
  [-1100]: refused('The order contained characters Binance does not accept.'),
  [-1101]: refused('The order had more parameters than Binance accepts.'),
  [-1102]: refused('The order was missing a required value or had a malformed one.'),
  [-1103]: refused('The order contained a parameter Binance does not know.'),
  [-1104]: refused('Binance did not read all the order’s parameters.'),
  [-1105]: refused('The order had an empty parameter.'),
  [-1106]: refused('The order had a parameter that this order type does not take.'),
  [-1111]: refused((c) => `The amount has more decimals than Binance allows${onSymbol(c)}.`),
  [-1112]: refused((c) => `There are no orders on the book${onSymbol(c)} to trade against.`),
  [-1114]: refused('A time-in-force was sent with an order type that does not take one.'),
  [-1115]: refused('Binance does not accept this time-in-force.'),
  [-1116]: refused('Binance does not accept this order type.'),
  [-1117]: refused('The order side must be buy or sell.'),
  [-1118]: refused('The order had an empty client order id.'),
  [-1121]: refused((c) => `Binance does not list ${c.symbol ?? 'this symbol'}.`),
  [-1125]: refused('The user data stream key is no longer valid.'),
  [-2010]: refused('Binance rejected the order.'),
  [-2011]: refused('Binance could not cancel the order: it is unknown or already finished.'),
  [-2013]: refused('Binance has no such order.'),
  [-2014]: refused('The API key is malformed.'),
  [-2015]: refused(
    'Binance refused the API key: it is invalid, restricted to other IP addresses, or lacks the permission.',
  ),
  [-2026]: refused('The order is too old: Binance has archived it.'),
};

/** -1013 "Filter failure: X": which rule, in words. */
const FILTER_SENTENCES: Record<string, (c: ErrorContext) => string> = {
  PRICE_FILTER: (c) => `The price is outside the range or off the tick size allowed${onSymbol(c)}.`,
  PERCENT_PRICE: (c) => `The price is too far from the recent average price${onSymbol(c)}.`,
  PERCENT_PRICE_BY_SIDE: (c) => `The price is too far from the recent average price${onSymbol(c)}.`,
  LOT_SIZE: (c) =>
    `The quantity is below the minimum, above the maximum or off the step size${onSymbol(c)}.`,
  MARKET_LOT_SIZE: (c) => `The quantity is outside what a market order may trade${onSymbol(c)}.`,
  MIN_NOTIONAL: (c) =>
    `The order is below the minimum order value${onSymbol(c)}${c.quoteAsset ? ` (in ${c.quoteAsset})` : ''}.`,
  NOTIONAL: (c) =>
    `The order value is below the minimum or above the maximum${onSymbol(c)}${c.quoteAsset ? ` (in ${c.quoteAsset})` : ''}.`,
  MAX_NUM_ORDERS: (c) => `There are too many open orders${onSymbol(c)}; cancel some first.`,
  MAX_NUM_ALGO_ORDERS: (c) => `There are too many open stop orders${onSymbol(c)}.`,
  EXCHANGE_MAX_NUM_ORDERS: () => 'The account has too many open orders; cancel some first.',
  MAX_POSITION: (c) => `The order would exceed the maximum position allowed${onSymbol(c)}.`,
  ICEBERG_PARTS: () => 'The iceberg order has too many parts.',
  TRAILING_DELTA: () => 'The trailing delta is outside the range allowed.',
};

/** -2010 / -2011 messages (errors.md "Messages for -1010, -2010, -2011"): each its own sentence. */
const ORDER_MESSAGES: Array<[RegExp, (c: ErrorContext) => string]> = [
  [
    /insufficient balance/i,
    (c) =>
      `Not enough balance for this order${c.quoteAsset && c.baseAsset ? ` (${c.quoteAsset} to buy, ${c.baseAsset} to sell)` : ''}.`,
  ],
  [/market is closed/i, (c) => `Trading is closed${onSymbol(c)}.`],
  [
    /market orders are not supported/i,
    (c) => `Market orders are not available${onSymbol(c)}; use a limit order.`,
  ],
  [
    /quote order qty market orders are not support/i,
    (c) => `Market orders by total are not available${onSymbol(c)}; give a quantity.`,
  ],
  [/would immediately match and take/i, () => 'The post-only order would have traded immediately.'],
  [/would trigger immediately/i, () => 'The stop order would trigger immediately.'],
  [/price \* qty is zero or less/i, () => 'Price × quantity must be above 0.'],
  [
    /disabled on this account|may not place or cancel orders|trading is not enabled/i,
    () => 'Trading is disabled for this account or API key.',
  ],
  [
    /liquidity is less than/i,
    (c) => `There is not enough on the book${onSymbol(c)} for this quantity.`,
  ],
  [
    /unknown order sent|order does not exist/i,
    () => 'Binance has no such open order (it may be filled or canceled already).',
  ],
  [
    /unsupported order combination/i,
    () => 'Binance does not support this combination of order settings.',
  ],
];

const DUPLICATE = /duplicate order sent/i;

/** The meaning of Binance's `{ code, msg }`. */
export function explainBinanceError(
  code: number,
  msg: string,
  context: ErrorContext = {},
): BinanceErrorMeaning {
  if (DUPLICATE.test(msg))
    return {
      code,
      message: 'An order with this client id already exists: it was placed by an earlier attempt.',
      placedNothing: false,
      retry: null,
      duplicate: true,
    };
  const entry = CODES[code];
  let message = entry?.text(context);
  if (code === -1013) {
    const filter = /Filter failure: ([A-Z_]+)/.exec(msg)?.[1];
    const sentence = filter ? FILTER_SENTENCES[filter] : undefined;
    if (sentence) message = sentence(context);
  } else if (code === -2010 || code === -2011 || code === -1010) {
    const match = ORDER_MESSAGES.find(([pattern]) => pattern.test(msg));
    if (match) message = match[1](context);
  }
  if (code === -1003 && /banned until/i.test(msg))
    message = 'Binance has banned this IP address for a while for sending too many requests.';
  // An unlisted parameter error (-11xx) is a refusal like its neighbours; any other unknown code is
  // not trusted to mean "nothing placed".
  const placedNothing = entry?.placedNothing ?? (code <= -1100 && code > -1200);
  return {
    code,
    message: message ?? `Binance answered ${code}: ${msg}`,
    placedNothing,
    retry: entry?.retry ?? null,
    duplicate: false,
  };
}

/** The answer proves that no order came of the request. */
export function placedNothing(code: number, msg = ''): boolean {
  return explainBinanceError(code, msg).placedNothing;
}

/** The same request (same client order id) may be sent again: after a clock resync or a pause. */
export function retryable(code: number, msg = ''): boolean {
  return explainBinanceError(code, msg).retry !== null;
}
