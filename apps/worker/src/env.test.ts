import { describe, expect, it } from 'vitest';
import { readEnv } from './env';

describe('worker env', () => {
  it('defaults to the local exchange-sim and the embedded database', () => {
    expect(readEnv({})).toEqual({
      NODE_ENV: 'development',
      BINANCE_WS_URL: 'ws://127.0.0.1:9443',
      BINANCE_REST_URL: 'http://127.0.0.1:9443',
      MARKET_SYMBOLS: ['BTCUSDT', 'ETHUSDT'],
      MARKET_INTERVALS: ['1m', '5m', '15m', '1h', '4h', '1d'],
      MAX_WATCHED_MARKETS: 200,
      ALERT_CATCH_UP_MINUTES: 120,
      ALERT_DELIVERY_CONCURRENCY: 4,
      TELEGRAM_API_URL: 'https://api.telegram.org',
      ORDER_EXECUTOR_CONCURRENCY: 16,
      PAPER_STARTING_BALANCE: '10000',
      PAPER_FEE_RATE: '0.001',
      EMAIL_FROM: 'Coinview <alerts@coinview.local>',
      LOG_LEVEL: 'info',
    });
  });

  it('parses lists and rejects bad values with the variable name', () => {
    const env = readEnv({
      MARKET_SYMBOLS: 'SOLUSDT, BTCUSDT',
      MARKET_INTERVALS: '1m,5m,1h',
      RESEND_API_KEY: '',
    });
    expect(env).toMatchObject({
      MARKET_SYMBOLS: ['SOLUSDT', 'BTCUSDT'],
      MARKET_INTERVALS: ['1m', '5m', '1h'],
    });
    expect(env.RESEND_API_KEY).toBeUndefined();
    expect(() => readEnv({ MARKET_INTERVALS: '1m,7m' })).toThrow(/MARKET_INTERVALS/);
    expect(() => readEnv({ MARKET_SYMBOLS: 'btc-usdt' })).toThrow(/MARKET_SYMBOLS/);
    expect(() => readEnv({ BINANCE_WS_URL: 'not a url' })).toThrow(/BINANCE_WS_URL/);
    expect(readEnv({ MAX_WATCHED_MARKETS: '0' }).MAX_WATCHED_MARKETS).toBe(0);
    expect(() => readEnv({ MAX_WATCHED_MARKETS: 'lots' })).toThrow(/MAX_WATCHED_MARKETS/);
    expect(() => readEnv({ MAX_WATCHED_MARKETS: '-1' })).toThrow(/MAX_WATCHED_MARKETS/);
    expect(readEnv({ TELEGRAM_BOT_TOKEN: '123456:AAE-x_y' }).TELEGRAM_BOT_TOKEN).toBe(
      '123456:AAE-x_y',
    );
    // The message names the variable but never repeats the (secret) value.
    expect(() => readEnv({ TELEGRAM_BOT_TOKEN: 'oops secret' })).toThrow(/TELEGRAM_BOT_TOKEN/);
    expect(() => readEnv({ TELEGRAM_BOT_TOKEN: 'oops secret' })).not.toThrow(/oops secret/);
  });
});
