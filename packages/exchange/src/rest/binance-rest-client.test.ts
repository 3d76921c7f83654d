import { barOpenTime } from '@coinview/core/interval';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeExchange, fakeTime, startFakeExchange } from '../../test/fake-exchange';
import { BinanceRestClient } from './binance-rest-client';
import {
  BinanceApiError,
  BinanceRateLimitError,
  BinanceResponseError,
  BinanceUnavailableError,
} from './errors';
import { symbolFilters } from './schemas';

const MIN = 60_000;
const ANCHOR = Date.UTC(2031, 5, 1);
const NOW = ANCHOR + 5000 * MIN + 30_000; // sim time frozen half-way through a 1m bar
const silent = pino({ level: 'silent' });

describe('against exchange-sim', () => {
  let sim: ExchangeSim;
  let client: BinanceRestClient;
  beforeAll(async () => {
    sim = await startExchangeSim({
      port: 0,
      clock: { now: () => 1 },
      startTime: NOW,
      anchor: ANCHOR,
      logger: silent,
    });
    client = new BinanceRestClient({ baseUrl: sim.restUrl, logger: silent });
  });
  afterAll(() => sim.stop());

  it('reads the server time', async () => {
    expect(await client.serverTime()).toBe(NOW);
  });

  it('returns candles with the forming bar last and not closed', async () => {
    const candles = await client.klines('BTCUSDT', '1m', { limit: 10 });
    expect(candles).toHaveLength(10);
    expect(candles.at(-1)).toMatchObject({
      symbol: 'BTCUSDT',
      interval: '1m',
      openTime: barOpenTime(NOW, '1m'),
      closed: false,
    });
    expect(candles.slice(0, -1).every((c) => c.closed)).toBe(true);
    expect(candles[0]).toEqual({
      ...sim.replay.bar('BTCUSDT', '1m', candles[0]!.openTime, NOW).candle,
    });
  });

  it('judges closed bars by the server clock, not the local one', async () => {
    // The sim runs in 2031: every bar is in the local clock's future, yet all but the last are closed.
    const candles = await client.klines('ETHUSDT', '1h', {
      startTime: barOpenTime(NOW, '1h') - 5 * 3_600_000,
      limit: 1000,
    });
    expect(candles.map((c) => c.closed)).toEqual([true, true, true, true, true, false]);
  });

  it('lists the trading symbols with their price tick in exchangeInfo', async () => {
    const info = await client.exchangeInfo();
    expect(info.symbols.map((s) => [s.symbol, s.status, s.baseAsset, s.quoteAsset])).toEqual([
      ['BTCUSDT', 'TRADING', 'BTC', 'USDT'],
      ['ETHUSDT', 'TRADING', 'ETH', 'USDT'],
    ]);
    expect(symbolFilters(info.symbols[0]!).price?.tickSize).toBe('0.01000000');
  });

  it('reads 24h tickers for a list of symbols, in the order asked, weighing 2', async () => {
    const before = client.stats.usedWeight;
    const tickers = await client.ticker24h(['ETHUSDT', 'BTCUSDT']);
    expect(tickers.map((t) => t.symbol)).toEqual(['ETHUSDT', 'BTCUSDT']);
    expect(tickers[1]).toEqual(await client.ticker24h('BTCUSDT'));
    expect(Number(tickers[0]!.lastPrice)).toBeGreaterThan(0);
    expect(client.stats.usedWeight - before).toBe(4);
    expect(await client.ticker24h([])).toEqual([]);
    await expect(client.ticker24h(['BTCUSDT', 'NOPEUSDT'])).rejects.toMatchObject({
      code: -1121,
    });
  });

  it('throws Binance errors with their code and message', async () => {
    const err = await client.klines('NOPEUSDT', '1m').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BinanceApiError);
    expect(err).toMatchObject({ status: 400, code: -1121, msg: 'Invalid symbol.' });
  });
});

describe('against a scripted server', () => {
  let fake: FakeExchange | undefined;
  afterEach(async () => {
    await fake?.stop();
    fake = undefined;
  });

  function clientFor(url: string, time = fakeTime(Date.UTC(2030, 0, 1, 0, 0, 10)), extra = {}) {
    return {
      time,
      client: new BinanceRestClient({
        baseUrl: url,
        now: time.now,
        sleep: time.sleep,
        logger: silent,
        random: () => 0.5,
        ...extra,
      }),
    };
  }

  it('retries 5xx with growing delays and then succeeds', async () => {
    fake = await startFakeExchange([
      {
        status: 503,
        body: { code: -1008, msg: 'Server is currently overloaded with other requests.' },
      },
      { status: 500, body: 'oops' },
      { status: 200, body: { serverTime: 42 } },
    ]);
    const { client, time } = clientFor(fake.url);
    expect(await client.serverTime()).toBe(42);
    expect(fake.requests).toHaveLength(3);
    expect(time.state.slept).toEqual([188, 375]); // 250 then 500 ceilings, equal jitter at 0.5
    expect(client.stats).toMatchObject({ requests: 3, retries: 2 });
  });

  it('gives up after the attempts with a typed error carrying the last code', async () => {
    fake = await startFakeExchange([{ status: 503, body: { code: -1008, msg: 'busy' } }]);
    const { client } = clientFor(fake.url, undefined, { maxAttempts: 3 });
    const err = await client.serverTime().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BinanceUnavailableError);
    expect(err).toMatchObject({ status: 503, code: -1008, msg: 'busy' });
    expect(fake.requests).toHaveLength(3);
  });

  it('retries dropped connections', async () => {
    fake = await startFakeExchange([
      { status: 0, destroy: true },
      { status: 200, body: { serverTime: 7 } },
    ]);
    const { client } = clientFor(fake.url);
    expect(await client.serverTime()).toBe(7);
    expect(fake.requests).toHaveLength(2);
  });

  it('waits out a 429 for its Retry-After before the next request', async () => {
    fake = await startFakeExchange([
      {
        status: 429,
        body: { code: -1003, msg: 'Too much request weight used.' },
        headers: { 'retry-after': '3' },
      },
      { status: 200, body: { serverTime: 9 } },
    ]);
    const { client, time } = clientFor(fake.url);
    expect(await client.serverTime()).toBe(9);
    expect(time.state.slept).toEqual([3000]);
    expect(client.stats.throttledMs).toBe(3000);
  });

  it('does not sit out a long 418 ban but reports it', async () => {
    fake = await startFakeExchange([
      {
        status: 418,
        body: { code: -1003, msg: 'IP banned until …' },
        headers: { 'retry-after': '7200' },
      },
    ]);
    const { client, time } = clientFor(fake.url);
    const err = await client.serverTime().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BinanceRateLimitError);
    expect(err).toMatchObject({ status: 418, code: -1003, retryAfterMs: 7_200_000, banned: true });
    expect(time.state.slept).toEqual([]);
  });

  it('slows down for the next minute when the reported weight is near the limit', async () => {
    let used = 0;
    fake = await startFakeExchange((req) => {
      used += req.url?.startsWith('/api/v3/time') ? 1 : 2;
      const body = req.url?.startsWith('/api/v3/time') ? { serverTime: Date.UTC(2030, 0, 1) } : [];
      return { status: 200, body, headers: { 'x-mbx-used-weight-1m': String(used) } };
    });
    const { client, time } = clientFor(fake.url, undefined, { maxWeightPerMinute: 11 });
    for (let i = 0; i < 5; i++) await client.klines('BTCUSDT', '1m', { startTime: 0, endTime: 1 });
    expect(time.state.slept).toEqual([]);
    // used is 11 (one /time + five klines) at 00:00:10: the sixth request would exceed it, so it waits for 00:01:00 (+50 ms).
    await client.klines('BTCUSDT', '1m', { startTime: 0, endTime: 1 });
    expect(time.state.slept).toEqual([50_050]);
    expect(fake.requests).toHaveLength(6 + 1); // one /time before the first klines
  });

  it('rejects a malformed answer', async () => {
    fake = await startFakeExchange([{ status: 200, body: [[1, 'x']] }]);
    const { client } = clientFor(fake.url);
    await expect(
      client.klines('BTCUSDT', '1m', { startTime: 0, endTime: 1 }),
    ).rejects.toBeInstanceOf(BinanceResponseError);
  });

  it('stops waiting when the caller aborts', async () => {
    fake = await startFakeExchange([{ status: 503 }]);
    const client = new BinanceRestClient({
      baseUrl: fake.url,
      backoff: { minMs: 60_000, maxMs: 60_000 },
      logger: silent,
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user stop')), 50);
    await expect(client.serverTime({ signal: controller.signal })).rejects.toThrow('user stop');
  });

  it('parses exchangeInfo filters and rate limits and 24h tickers', async () => {
    fake = await startFakeExchange((req) =>
      req.url?.startsWith('/api/v3/exchangeInfo')
        ? { status: 200, body: EXCHANGE_INFO }
        : {
            status: 200,
            body: req.url?.includes('symbol=')
              ? TICKER
              : [TICKER, { ...TICKER, symbol: 'ETHUSDT' }],
          },
    );
    const { client } = clientFor(fake.url);
    const info = await client.exchangeInfo();
    expect(info.rateLimits[0]).toMatchObject({ rateLimitType: 'REQUEST_WEIGHT', limit: 6000 });
    const btc = info.symbols[0]!;
    expect(symbolFilters(btc)).toEqual({
      price: EXCHANGE_INFO.symbols[0]!.filters[0],
      lotSize: EXCHANGE_INFO.symbols[0]!.filters[1],
      notional: EXCHANGE_INFO.symbols[0]!.filters[3],
    });
    expect((await client.ticker24h('BTCUSDT')).lastPrice).toBe('112731.29000000');
    expect((await client.ticker24h()).map((t) => t.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
  });

  it('refuses a malformed known filter', async () => {
    const bad = structuredClone(EXCHANGE_INFO);
    (bad.symbols[0]!.filters[0] as Record<string, unknown>).tickSize = 0.01;
    fake = await startFakeExchange([{ status: 200, body: bad }]);
    await expect(clientFor(fake.url).client.exchangeInfo()).rejects.toBeInstanceOf(
      BinanceResponseError,
    );
  });
});

const TICKER = {
  symbol: 'BTCUSDT',
  priceChange: '-100.00000000',
  priceChangePercent: '-0.089',
  weightedAvgPrice: '112000.00000000',
  prevClosePrice: '112831.29000000',
  lastPrice: '112731.29000000',
  lastQty: '0.00100000',
  bidPrice: '112731.28000000',
  bidQty: '1.00000000',
  askPrice: '112731.29000000',
  askQty: '1.00000000',
  openPrice: '112831.29000000',
  highPrice: '113000.00000000',
  lowPrice: '110000.00000000',
  volume: '1234.50000000',
  quoteVolume: '138000000.00000000',
  openTime: 1_700_000_000_000,
  closeTime: 1_700_086_399_999,
  firstId: 1,
  lastId: 100,
  count: 100,
};

const EXCHANGE_INFO = {
  timezone: 'UTC',
  serverTime: 1_700_000_000_000,
  rateLimits: [
    { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
    { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
    { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
  ],
  exchangeFilters: [],
  symbols: [
    {
      symbol: 'BTCUSDT',
      status: 'TRADING',
      baseAsset: 'BTC',
      baseAssetPrecision: 8,
      quoteAsset: 'USDT',
      quoteAssetPrecision: 8,
      orderTypes: ['LIMIT', 'MARKET'],
      filters: [
        {
          filterType: 'PRICE_FILTER',
          minPrice: '0.01000000',
          maxPrice: '1000000.00000000',
          tickSize: '0.01000000',
        },
        {
          filterType: 'LOT_SIZE',
          minQty: '0.00001000',
          maxQty: '9000.00000000',
          stepSize: '0.00001000',
        },
        { filterType: 'ICEBERG_PARTS', limit: 10 },
        {
          filterType: 'NOTIONAL',
          minNotional: '5.00000000',
          applyMinToMarket: true,
          maxNotional: '9000000.00000000',
          applyMaxToMarket: false,
          avgPriceMins: 5,
        },
      ],
    },
  ],
};
