// Proof of fidelity with ccxt, the most used trading library: its `binance` class (REST) and
// `pro.binance` (websocket watch* methods), unmodified but for their URLs (every one of them points
// at the sim, so nothing can reach the internet) and options that skip the spot-irrelevant calls
// (futures markets, margin pairs and the signed currencies list), run against the sim.
import ccxt, { type Exchange } from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from './logger';
import { type ExchangeSim, startExchangeSim } from './server';

let sim: ExchangeSim;

beforeAll(async () => {
  sim = await startExchangeSim({
    port: 0,
    speed: 10,
    tickMs: 50,
    tradeTickMs: 50,
    tickerTickMs: 100,
    logger: createLogger('silent'),
  });
});
afterAll(() => sim.stop());

/** Every URL the class knows, pointed at the sim (REST ones under an unknown path but `public`). */
function simUrls(template: Exchange): Record<string, unknown> {
  const api = template.urls.api as Record<string, unknown>;
  const rest: Record<string, string> = {};
  for (const [key, value] of Object.entries(api)) {
    if (typeof value === 'string') rest[key] = `${sim.restUrl}/unused/${key}`;
  }
  const ws: Record<string, unknown> = {};
  for (const [key, value] of Object.entries((api.ws ?? {}) as Record<string, unknown>)) {
    ws[key] = typeof value === 'string' ? `${sim.wsUrl}/ws` : {};
  }
  return { api: { ...rest, public: `${sim.restUrl}/api/v3`, ws } };
}

const options = {
  fetchMarkets: { types: ['spot'] },
  fetchCurrencies: false,
  fetchMargins: false,
};

function restClient() {
  return new ccxt.binance({ urls: simUrls(new ccxt.binance()), options });
}

describe('ccxt binance against the sim', () => {
  it('loads markets with the sim’s trading rules', async () => {
    const exchange = restClient();
    const markets = await exchange.loadMarkets();
    expect(Object.keys(markets).sort()).toEqual(['BTC/USDT', 'ETH/USDT']);
    const btc = markets['BTC/USDT']!;
    expect(btc).toMatchObject({
      id: 'BTCUSDT',
      base: 'BTC',
      quote: 'USDT',
      spot: true,
      active: true,
    });
    expect(btc.precision).toMatchObject({ price: 0.01, amount: 0.00001 });
    expect(btc.limits.cost?.min).toBe(5);
  });

  it('fetches OHLCV, the order book, trades and tickers', async () => {
    const exchange = restClient();
    await exchange.loadMarkets();
    const candles = await exchange.fetchOHLCV('BTC/USDT', '1m', undefined, 10);
    expect(candles).toHaveLength(10);
    const [t, open, , , close] = candles.at(-2)!;
    const bar = sim.replay.bar('BTCUSDT', '1m', t!, sim.now()).candle;
    expect([open, close]).toEqual([Number(bar.open), Number(bar.close)]);
    expect(await exchange.fetchOHLCV('ETH/USDT', '1s', undefined, 5)).toHaveLength(5);

    const book = await exchange.fetchOrderBook('BTC/USDT', 50);
    expect(book.bids).toHaveLength(50);
    expect(book.asks).toHaveLength(50);
    expect(book.nonce).toEqual(expect.any(Number));
    expect(book.bids[0]![0]!).toBeLessThan(book.asks[0]![0]!);

    const trades = await exchange.fetchTrades('ETH/USDT', undefined, 20);
    expect(trades).toHaveLength(20);
    for (const trade of trades) {
      expect(trade.symbol).toBe('ETH/USDT');
      expect(['buy', 'sell']).toContain(trade.side);
      expect(trade.amount).toBeGreaterThan(0);
    }
    const since = sim.now() - 120_000;
    const sinceTrades = await exchange.fetchTrades('ETH/USDT', since, 5);
    expect(sinceTrades).toHaveLength(5);
    expect(sinceTrades[0]!.timestamp).toBeGreaterThanOrEqual(since);

    const ticker = await exchange.fetchTicker('BTC/USDT');
    expect(ticker.symbol).toBe('BTC/USDT');
    expect(ticker.bid!).toBeLessThan(ticker.ask!);
    expect(ticker.last!).toBeGreaterThanOrEqual(ticker.bid!);
    expect(ticker.last!).toBeLessThanOrEqual(ticker.ask!);
    const tickers = await exchange.fetchTickers(['BTC/USDT', 'ETH/USDT']);
    expect(Object.keys(tickers).sort()).toEqual(['BTC/USDT', 'ETH/USDT']);
    const bidsAsks = await exchange.fetchBidsAsks(['BTC/USDT']);
    expect(bidsAsks['BTC/USDT']!.bid!).toBeLessThan(bidsAsks['BTC/USDT']!.ask!);
  }, 30_000);

  it('watches the order book, trades, ticker and OHLCV over the websocket', async () => {
    const exchange = new ccxt.pro.binance({ urls: simUrls(new ccxt.pro.binance()), options });
    try {
      // ccxt's documented first step for plain ws:// URLs (it loads node's http agent).
      await exchange.loadHttpProxyAgent();
      await exchange.loadMarkets();
      // watchOrderBook: the diff stream plus a REST snapshot, synced by ccxt's own U/u checks.
      let book = await exchange.watchOrderBook('BTC/USDT');
      const firstNonce = book.nonce!;
      for (let i = 0; i < 5; i++) book = await exchange.watchOrderBook('BTC/USDT');
      expect(book.nonce!).toBeGreaterThan(firstNonce);
      expect(book.bids[0]![0]!).toBeLessThan(book.asks[0]![0]!);
      const served = sim.book.top('BTCUSDT')!;
      expect(Math.abs(book.bids[0]![0]! - Number(served.bidPrice))).toBeLessThan(1000);

      const trades = await exchange.watchTrades('ETH/USDT');
      expect(trades.length).toBeGreaterThan(0);
      expect(trades[0]!.symbol).toBe('ETH/USDT');

      // ccxt's default ticker channel is miniTicker; `name: 'ticker'` takes the full 24hrTicker.
      const mini = await exchange.watchTicker('ETH/USDT');
      expect(mini.symbol).toBe('ETH/USDT');
      expect(mini.last).toEqual(expect.any(Number));
      const ticker = await exchange.watchTicker('BTC/USDT', { name: 'ticker' });
      expect(ticker.symbol).toBe('BTC/USDT');
      expect(ticker.bid!).toBeLessThan(ticker.ask!);
      const bidsAsks = await exchange.watchBidsAsks(['ETH/USDT']);
      expect(bidsAsks['ETH/USDT']!.bid!).toBeLessThan(bidsAsks['ETH/USDT']!.ask!);

      const candles = await exchange.watchOHLCV('BTC/USDT', '1m');
      expect(candles.length).toBeGreaterThan(0);
      expect(candles.at(-1)!).toHaveLength(6);
    } finally {
      await exchange.close();
    }
  }, 30_000);
});
