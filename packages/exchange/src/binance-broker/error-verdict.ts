// What a Binance error answer means for an order: whether it proves nothing was placed (the order
// is REJECTED; some such refusals are worth retrying later) or leaves the outcome unknown, and a
// sentence a trader understands. Codes and messages from Binance's errors.md.
//
// core-money's `@coinview/core/trading/binance-errors` is meant to own the sentences; it was not on
// main when this was written, so this small map stands in and the lead may swap it at merge.

export interface ErrorVerdict {
  /** 'rejected': Binance refused and placed nothing. 'unknown': it may have acted. */
  outcome: 'rejected' | 'unknown';
  message: string;
  /** Rejected, but the same request may succeed later (clock, rate limits, overload). */
  retryable: boolean;
}

/** -1006/-1007: Binance itself says the execution status is unknown. */
const UNKNOWN_CODES = new Set([-1006, -1007]);

const SENTENCES: Record<number, string> = {
  [-1003]: 'Too many requests to Binance right now; the order was not placed. It will be retried.',
  [-1008]: 'Binance is overloaded right now; the order was not placed. It will be retried.',
  [-1013]: "The order breaks the symbol's trading rules (price, quantity or minimum order size).",
  [-1015]: 'Too many new orders on this account right now; the order was not placed.',
  [-1021]:
    "This computer's clock and Binance's disagree by more than the allowed window; the order was not placed.",
  [-1022]: 'Binance did not accept the request signature: check the API secret of this key.',
  [-1100]: 'Binance refused a parameter of the order.',
  [-1102]: 'Binance refused the order: a required field is missing.',
  [-1111]: 'The quantity or price has more decimals than the symbol allows.',
  [-1121]: 'Binance does not list this symbol.',
  [-2010]: 'Binance rejected the order.',
  [-2011]: 'The order is no longer open: it was already filled or cancelled.',
  [-2013]: 'Binance has no such order.',
  [-2014]: 'The API key is malformed.',
  [-2015]:
    "Binance refused this API key: it is wrong, this computer's IP is not allowed, or it lacks the permission.",
};

/** Sentences for the reasons Binance gives inside -2010 (NEW_ORDER_REJECTED). */
const REJECT_REASONS: [RegExp, string][] = [
  [/insufficient balance/i, 'Not enough free balance on Binance for this order.'],
  [/duplicate order/i, 'An order with this id was already sent.'],
  [/market is closed/i, 'This market is closed for trading.'],
  [/disabled on this account|not permitted|permission/i, 'This API key or account may not trade.'],
  [
    /would immediately match|immediately trigger/i,
    'The limit price would fill at once as a taker.',
  ],
];

const RETRYABLE = new Set([-1003, -1008, -1015, -1021]);

export function binanceErrorVerdict(
  code: number | undefined,
  msg: string | undefined,
): ErrorVerdict {
  if (code !== undefined && UNKNOWN_CODES.has(code))
    return {
      outcome: 'unknown',
      message: 'Binance did not say whether the order was placed.',
      retryable: false,
    };
  let message =
    (code !== undefined ? SENTENCES[code] : undefined) ?? 'Binance rejected the request.';
  if (code === -2010 && msg) message = REJECT_REASONS.find(([re]) => re.test(msg))?.[1] ?? message;
  if (msg && code !== undefined) message = `${message} (Binance ${code}: ${msg})`;
  return { outcome: 'rejected', message, retryable: code !== undefined && RETRYABLE.has(code) };
}
