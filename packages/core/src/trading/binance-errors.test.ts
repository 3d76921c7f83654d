import { describe, expect, it } from 'vitest';
import { explainBinanceError, placedNothing, retryable } from './binance-errors';

const btc = { symbol: 'BTCUSDT', baseAsset: 'BTC', quoteAsset: 'USDT' };

describe('Binance error codes', () => {
  it('turn -2010 messages into sentences a trader understands, each its own', () => {
    expect(
      explainBinanceError(-2010, 'Account has insufficient balance for requested action.', btc)
        .message,
    ).toBe('Not enough balance for this order (USDT to buy, BTC to sell).');
    expect(explainBinanceError(-2010, 'Market is closed.', btc).message).toBe(
      'Trading is closed on BTCUSDT.',
    );
    expect(
      explainBinanceError(-2010, 'Quote order qty market orders are not support.', btc).message,
    ).toBe('Market orders by total are not available on BTCUSDT; give a quantity.');
    expect(explainBinanceError(-2010, 'This action is disabled on this account.').message).toBe(
      'Trading is disabled for this account or API key.',
    );
    expect(explainBinanceError(-2010, 'Something new.').message).toBe(
      'Binance rejected the order.',
    );
  });

  it('name the filter of a -1013', () => {
    expect(explainBinanceError(-1013, 'Filter failure: NOTIONAL', btc).message).toBe(
      'The order value is below the minimum or above the maximum on BTCUSDT (in USDT).',
    );
    expect(explainBinanceError(-1013, 'Filter failure: LOT_SIZE', btc).message).toBe(
      'The quantity is below the minimum, above the maximum or off the step size on BTCUSDT.',
    );
    expect(explainBinanceError(-1013, 'Filter failure: PRICE_FILTER').message).toBe(
      'The price is outside the range or off the tick size allowed.',
    );
  });

  it('explain signature, timestamp, key, cancel and lookup errors', () => {
    expect(explainBinanceError(-1022, 'Signature for this request is not valid.').message).toMatch(
      /secret does not match/,
    );
    expect(
      explainBinanceError(-1021, 'Timestamp for this request is outside of the recvWindow.')
        .message,
    ).toMatch(/time window/);
    expect(
      explainBinanceError(-2015, 'Invalid API-key, IP, or permissions for action.').message,
    ).toMatch(/API key/);
    expect(explainBinanceError(-2011, 'Unknown order sent.').message).toBe(
      'Binance has no such open order (it may be filled or canceled already).',
    );
    expect(explainBinanceError(-2013, 'Order does not exist.').message).toBe(
      'Binance has no such order.',
    );
    expect(explainBinanceError(-1121, 'Invalid symbol.', btc).message).toBe(
      'Binance does not list BTCUSDT.',
    );
    expect(
      explainBinanceError(-1102, "Mandatory parameter 'quantity' was not sent").message,
    ).toMatch(/missing/);
    expect(explainBinanceError(-1100, 'Illegal characters found in a parameter.').message).toMatch(
      /characters/,
    );
    expect(
      explainBinanceError(-1111, 'Precision is over the maximum defined for this asset.', btc)
        .message,
    ).toBe('The amount has more decimals than Binance allows on BTCUSDT.');
    expect(
      explainBinanceError(-1003, 'Way too much request weight used; IP banned until 1700000000000.')
        .message,
    ).toMatch(/banned/);
  });

  it('say which answers prove nothing was placed', () => {
    for (const code of [
      -1013, -1021, -1022, -1100, -1102, -1111, -1121, -2010, -2015, -1003, -1015, -1199,
    ])
      expect(placedNothing(code, 'x'), String(code)).toBe(true);
  });

  it('never take "status unknown", an internal error, a duplicate or an unlisted code for "nothing placed"', () => {
    expect(placedNothing(-1006)).toBe(false);
    expect(placedNothing(-1007, 'Timeout waiting for response from backend server.')).toBe(false);
    expect(placedNothing(-1000)).toBe(false);
    expect(placedNothing(-1001)).toBe(false);
    expect(placedNothing(-9999)).toBe(false);
    const dup = explainBinanceError(-2010, 'Duplicate order sent.');
    expect(dup).toMatchObject({ placedNothing: false, duplicate: true, retry: null });
  });

  it('say which refusals may be sent again, and after what', () => {
    expect(explainBinanceError(-1021, '').retry).toBe('after-time-sync');
    expect(explainBinanceError(-1003, '').retry).toBe('after-wait');
    expect(explainBinanceError(-1015, '').retry).toBe('after-wait');
    expect(retryable(-1008)).toBe(true);
    for (const code of [-1013, -1022, -2010, -2011, -1102, -1111, -2015, -1007])
      expect(retryable(code), String(code)).toBe(false);
  });
});
