import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { type ExchangeSim, startExchangeSim } from '../server';

let sim: ExchangeSim;
beforeAll(async () => {
  sim = await startExchangeSim({
    port: 0,
    requestWeightLimit: 1200,
    logger: createLogger('silent'),
  });
});
afterAll(() => sim.stop());

async function get(query = '') {
  const res = await fetch(`${sim.restUrl}/api/v3/exchangeInfo${query}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

type SymbolInfo = {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  status: string;
  filters: { filterType: string }[];
};

describe('GET /api/v3/exchangeInfo', () => {
  it("lists the replayed symbols with Binance's trading rules", async () => {
    const { status, body } = await get();
    expect(status).toBe(200);
    expect(body).toMatchObject({
      timezone: 'UTC',
      serverTime: expect.any(Number),
      exchangeFilters: [],
    });
    expect(body.rateLimits).toEqual([
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 1200 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200000 },
      { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
    ]);
    const symbols = body.symbols as SymbolInfo[];
    expect(symbols.map((s) => [s.symbol, s.baseAsset, s.quoteAsset, s.status])).toEqual([
      ['BTCUSDT', 'BTC', 'USDT', 'TRADING'],
      ['ETHUSDT', 'ETH', 'USDT', 'TRADING'],
    ]);
    const filter = (s: SymbolInfo, type: string) => s.filters.find((f) => f.filterType === type);
    const [btc, eth] = symbols as [SymbolInfo, SymbolInfo];
    expect(filter(btc, 'PRICE_FILTER')).toEqual({
      filterType: 'PRICE_FILTER',
      minPrice: '0.01000000',
      maxPrice: '1000000.00000000',
      tickSize: '0.01000000',
    });
    expect(filter(btc, 'LOT_SIZE')).toEqual({
      filterType: 'LOT_SIZE',
      minQty: '0.00001000',
      maxQty: '9000.00000000',
      stepSize: '0.00001000',
    });
    expect(filter(eth, 'LOT_SIZE')).toMatchObject({ stepSize: '0.00010000', minQty: '0.00010000' });
    expect(filter(btc, 'NOTIONAL')).toEqual({
      filterType: 'NOTIONAL',
      minNotional: '5.00000000',
      applyMinToMarket: true,
      maxNotional: '9000000.00000000',
      applyMaxToMarket: false,
      avgPriceMins: 5,
    });
  });

  it('serves the latest served prices on its grids', async () => {
    const klines = (await (
      await fetch(`${sim.restUrl}/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=1000`)
    ).json()) as string[][];
    // Every price the sim serves sits on the PRICE_FILTER tick, every volume on the LOT_SIZE step.
    for (const k of klines) {
      for (const p of k.slice(1, 5)) expect(p).toMatch(/\.\d{2}000000$/);
      expect(k[5]).toMatch(/\.\d{5}000$/);
    }
  });

  it('answers symbol and symbols, and refuses unknown or malformed ones', async () => {
    const one = await get('?symbol=ETHUSDT');
    expect((one.body.symbols as SymbolInfo[]).map((s) => s.symbol)).toEqual(['ETHUSDT']);
    const two = await get(`?symbols=${encodeURIComponent('["ETHUSDT","BTCUSDT"]')}`);
    expect((two.body.symbols as SymbolInfo[]).map((s) => s.symbol)).toEqual(['ETHUSDT', 'BTCUSDT']);
    expect((await get('?symbol=XRPUSDT')).body).toEqual({ code: -1121, msg: 'Invalid symbol.' });
    expect((await get('?symbols=[BTCUSDT]')).body).toMatchObject({ code: -1100 });
    expect(
      (await get(`?symbols=${encodeURIComponent('["BTCUSDT","BTCUSDT"]')}`)).body,
    ).toMatchObject({ code: -1151 });
    expect((await get('?symbolStatus=HALT')).body.symbols).toEqual([]);
    expect((await get('?symbolStatus=SLEEPING')).body).toMatchObject({ code: -1122 });
  });
});
