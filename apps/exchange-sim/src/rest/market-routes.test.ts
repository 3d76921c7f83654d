// The public market endpoints: depth, trades, aggTrades, avgPrice, ticker/price, bookTicker and the
// book fields of ticker/24hr, checked against each other and against the klines for one instant.
import { restKlinesSchema } from '@coinview/core/binance';
import { barOpenTime } from '@coinview/core/interval';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPTH_LEVELS } from '../book/synth-book';
import { toUnits } from '../data/decimal';
import { createLogger } from '../logger';
import { type ExchangeSim, startExchangeSim } from '../server';

const MIN = 60_000;
// Sim time stands still 12.5 s into a minute, so every answer describes the same instant.
const NOW = Date.UTC(2032, 2, 3, 4, 5, 12, 500);
const OPEN = barOpenTime(NOW, '1m');
let sim: ExchangeSim;

beforeAll(async () => {
  sim = await startExchangeSim({
    port: 0,
    clock: { now: () => 1 },
    startTime: NOW,
    // A long window: weight deltas measured across a window's end would be wrong.
    weightWindowMs: 3_600_000,
    requestWeightLimit: 1_000_000,
    logger: createLogger('silent'),
  });
});
afterAll(() => sim.stop());

type Body = Record<string, unknown> & Record<string, unknown>[];
async function get(path: string) {
  const res = await fetch(`${sim.restUrl}${path}`);
  return {
    status: res.status,
    weight: Number(res.headers.get('x-mbx-used-weight-1m')),
    body: (await res.json()) as Body,
  };
}

interface Trade {
  id: number;
  price: string;
  qty: string;
  quoteQty: string;
  time: number;
  isBuyerMaker: boolean;
  isBestMatch: boolean;
}
interface Agg {
  a: number;
  p: string;
  q: string;
  f: number;
  l: number;
  T: number;
  m: boolean;
  M: boolean;
}
interface Depth {
  lastUpdateId: number;
  bids: [string, string][];
  asks: [string, string][];
}

const sum = (values: string[]) => values.reduce((s, v) => s + toUnits(v), 0n);

async function formingKline(symbol: string) {
  const rows = restKlinesSchema.parse(
    (await get(`/api/v3/klines?symbol=${symbol}&interval=1m&limit=5`)).body,
  );
  expect(rows.at(-1)![0]).toBe(OPEN);
  return rows;
}

describe('depth', () => {
  it('serves the synthesised book with the last trade id as lastUpdateId', async () => {
    const { body, status } = await get('/api/v3/depth?symbol=BTCUSDT');
    expect(status).toBe(200);
    const depth = body as unknown as Depth;
    expect(Object.keys(depth)).toEqual(['lastUpdateId', 'bids', 'asks']);
    expect(depth.bids).toHaveLength(100);
    expect(depth.asks).toHaveLength(100);
    const [last] = (await get('/api/v3/trades?symbol=BTCUSDT&limit=1')).body as unknown as Trade[];
    expect(depth.lastUpdateId).toBe(last!.id);
    // The last trade hit one side of the book: that side's best price is the trade price.
    expect(last!.isBuyerMaker ? depth.bids[0]![0] : depth.asks[0]![0]).toBe(last!.price);
    expect(toUnits(depth.bids[0]![0])).toBeLessThan(toUnits(depth.asks[0]![0]));
    expect(toUnits(depth.bids[0]![0])).toBeLessThanOrEqual(toUnits(last!.price));
    expect(toUnits(depth.asks[0]![0])).toBeGreaterThanOrEqual(toUnits(last!.price));
    for (let i = 1; i < 100; i++) {
      expect(toUnits(depth.bids[i]![0])).toBeLessThan(toUnits(depth.bids[i - 1]![0]));
      expect(toUnits(depth.asks[i]![0])).toBeGreaterThan(toUnits(depth.asks[i - 1]![0]));
    }
    const five = (await get('/api/v3/depth?symbol=BTCUSDT&limit=5')).body as unknown as Depth;
    expect(five).toEqual({ ...depth, bids: depth.bids.slice(0, 5), asks: depth.asks.slice(0, 5) });
  });

  it('charges Binance weights by limit and caps the book at its depth', async () => {
    const weightOf = async (query: string) => {
      const before = (await get('/api/v3/ping')).weight;
      const res = await get(`/api/v3/depth?symbol=ETHUSDT&${query}`);
      return { weight: res.weight - before, levels: (res.body as unknown as Depth).bids.length };
    };
    expect(await weightOf('limit=100')).toEqual({ weight: 5, levels: 100 });
    expect(await weightOf('limit=101')).toEqual({ weight: 25, levels: 101 });
    expect(await weightOf('limit=1000')).toEqual({ weight: 50, levels: 1000 });
    expect(await weightOf('limit=5000')).toEqual({ weight: 250, levels: DEPTH_LEVELS });
  });

  it('refuses bad parameters with Binance codes', async () => {
    const cases: [string, number][] = [
      ['', -1102],
      ['symbol=DOGEUSDT', -1121],
      ['symbol=BTCUSDT&limit=0', -1130],
      ['symbol=BTCUSDT&limit=ten', -1100],
    ];
    for (const [query, code] of cases) {
      const res = await get(`/api/v3/depth?${query}`);
      expect({ query, status: res.status, code: res.body.code }).toEqual({
        query,
        status: 400,
        code,
      });
    }
  });
});

describe('trades and aggTrades', () => {
  it('lists the last trades, oldest first, adding up to the forming kline', async () => {
    const trades = (await get('/api/v3/trades?symbol=BTCUSDT&limit=1000'))
      .body as unknown as Trade[];
    expect(trades).toHaveLength(1000);
    expect(((await get('/api/v3/trades?symbol=BTCUSDT')).body as unknown[]).length).toBe(500);
    for (let i = 1; i < trades.length; i++) {
      expect(trades[i]!.id).toBe(trades[i - 1]!.id + 1);
      expect(trades[i]!.time).toBeGreaterThanOrEqual(trades[i - 1]!.time);
    }
    expect(trades.at(-1)!.time).toBeLessThanOrEqual(NOW);
    for (const t of trades) {
      expect(toUnits(t.quoteQty)).toBe((toUnits(t.price) * toUnits(t.qty)) / 100_000_000n);
      expect(t.isBestMatch).toBe(true);
    }
    const forming = (await formingKline('BTCUSDT')).at(-1)!;
    const inBar = trades.filter((t) => t.time >= OPEN);
    expect(inBar.length).toBeLessThan(trades.length); // the list reaches into the previous minute
    expect(inBar.length).toBe(forming[8]);
    expect(sum(inBar.map((t) => t.qty))).toBe(toUnits(forming[5]));
    expect(inBar.at(-1)!.price).toBe(forming[4]);
    const buys = inBar.filter((t) => !t.isBuyerMaker).map((t) => t.qty);
    expect(sum(buys)).toBe(toUnits(forming[9]));
  });

  it('aggregates trades the way the trades list has them', async () => {
    const trades = (await get('/api/v3/trades?symbol=ETHUSDT&limit=1000'))
      .body as unknown as Trade[];
    const aggs = (await get('/api/v3/aggTrades?symbol=ETHUSDT&limit=1000'))
      .body as unknown as Agg[];
    expect(aggs.length).toBe(1000);
    for (let i = 1; i < aggs.length; i++) {
      expect(aggs[i]!.a).toBe(aggs[i - 1]!.a + 1);
      expect(aggs[i]!.f).toBe(aggs[i - 1]!.l + 1);
    }
    expect(aggs.at(-1)!.l).toBe(trades.at(-1)!.id);
    const byId = new Map(trades.map((t) => [t.id, t]));
    for (const agg of aggs.filter((a) => byId.has(a.f))) {
      const members = trades.filter((t) => t.id >= agg.f && t.id <= agg.l);
      expect(members.every((t) => t.price === agg.p && t.time === agg.T)).toBe(true);
      expect(members.every((t) => t.isBuyerMaker === agg.m)).toBe(true);
      if (members.length === agg.l - agg.f + 1)
        expect(sum(members.map((t) => t.qty))).toBe(toUnits(agg.q));
    }
  });

  it('selects by fromId and by time window, and refuses what Binance refuses', async () => {
    const recent = (await get('/api/v3/aggTrades?symbol=BTCUSDT&limit=50'))
      .body as unknown as Agg[];
    const from = recent[10]!.a;
    const byId = (await get(`/api/v3/aggTrades?symbol=BTCUSDT&fromId=${from}&limit=5`))
      .body as unknown as Agg[];
    expect(byId).toEqual(recent.slice(10, 15));
    // Far in the past: the recording runs backwards forever, ids stay contiguous.
    const old = (await get(`/api/v3/aggTrades?symbol=BTCUSDT&fromId=${from - 5_000_000}&limit=3`))
      .body as unknown as Agg[];
    expect(old.map((a) => a.a)).toEqual([0, 1, 2].map((k) => from - 5_000_000 + k));
    expect(
      (await get(`/api/v3/aggTrades?symbol=BTCUSDT&fromId=${recent.at(-1)!.a + 1}`)).body,
    ).toEqual([]);

    const start = OPEN - 3 * MIN + 20_000;
    const end = start + 5_000;
    const windowed = (
      await get(`/api/v3/aggTrades?symbol=BTCUSDT&startTime=${start}&endTime=${end}&limit=1000`)
    ).body as unknown as Agg[];
    expect(windowed.length).toBeGreaterThan(0);
    expect(windowed.length).toBeLessThan(1000); // the whole window, not a page of it
    expect(windowed.every((a) => a.T >= start && a.T <= end)).toBe(true);
    const before = (
      await get(`/api/v3/aggTrades?symbol=BTCUSDT&fromId=${windowed[0]!.a - 1}&limit=1`)
    ).body as unknown as Agg[];
    expect(before[0]!.T).toBeLessThan(start);
    const after = (
      await get(`/api/v3/aggTrades?symbol=BTCUSDT&fromId=${windowed.at(-1)!.a + 1}&limit=1`)
    ).body as unknown as Agg[];
    expect(after[0]!.T).toBeGreaterThan(end);

    const cases: [string, number][] = [
      [`startTime=${start}&endTime=${start + 3_600_001}`, -1127],
      [`fromId=5&startTime=${start}`, -1128],
      [`startTime=${end}&endTime=${start}`, -1128],
      ['fromId=-1', -1100],
    ];
    for (const [query, code] of cases) {
      const res = await get(`/api/v3/aggTrades?symbol=BTCUSDT&${query}`);
      expect({ query, code: res.body.code }).toEqual({ query, code });
    }
  });
});

describe('prices and book tickers', () => {
  it('avgPrice is the volume-weighted price of the last 5 minutes', async () => {
    const rows = await formingKline('ETHUSDT');
    const { body } = await get('/api/v3/avgPrice?symbol=ETHUSDT');
    const quote = sum(rows.map((r) => r[7]));
    const base = sum(rows.map((r) => r[5]));
    const [last] = (await get('/api/v3/trades?symbol=ETHUSDT&limit=1')).body as unknown as Trade[];
    expect(body).toEqual({
      mins: 5,
      price: expect.any(String) as string,
      closeTime: last!.time,
    });
    expect(toUnits(body.price as string)).toBe((quote * 100_000_000n) / base);
  });

  it('ticker/price, bookTicker and ticker/24hr agree with trades and depth', async () => {
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      const [last] = (await get(`/api/v3/trades?symbol=${symbol}&limit=1`))
        .body as unknown as Trade[];
      const depth = (await get(`/api/v3/depth?symbol=${symbol}&limit=1`)).body as unknown as Depth;
      const top = {
        bidPrice: depth.bids[0]![0],
        bidQty: depth.bids[0]![1],
        askPrice: depth.asks[0]![0],
        askQty: depth.asks[0]![1],
      };
      expect((await get(`/api/v3/ticker/price?symbol=${symbol}`)).body).toEqual({
        symbol,
        price: last!.price,
      });
      expect((await get(`/api/v3/ticker/bookTicker?symbol=${symbol}`)).body).toEqual({
        symbol,
        ...top,
      });
      const day = (await get(`/api/v3/ticker/24hr?symbol=${symbol}`)).body;
      expect(day).toMatchObject({ ...top, lastPrice: last!.price });
    }
    const list = encodeURIComponent('["ETHUSDT","BTCUSDT"]');
    const both = (await get(`/api/v3/ticker/bookTicker?symbols=${list}`)).body;
    expect(both.map((t) => t.symbol)).toEqual(['ETHUSDT', 'BTCUSDT']);
    const all = (await get('/api/v3/ticker/price')).body;
    expect(all.map((t) => t.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect((await get('/api/v3/ticker/price?symbol=NOPE')).body.code).toBe(-1121);
    expect((await get(`/api/v3/ticker/bookTicker?symbol=BTCUSDT&symbols=${list}`)).body.code).toBe(
      -1128,
    );
  });

  it('charges 2 for one symbol and 4 for several or all', async () => {
    const weightOf = async (path: string) => {
      const before = (await get('/api/v3/ping')).weight;
      return (await get(path)).weight - before;
    };
    expect(await weightOf('/api/v3/ticker/price?symbol=BTCUSDT')).toBe(2);
    expect(await weightOf('/api/v3/ticker/price')).toBe(4);
    expect(await weightOf('/api/v3/ticker/bookTicker?symbol=BTCUSDT')).toBe(2);
    expect(await weightOf('/api/v3/ticker/bookTicker')).toBe(4);
    expect(await weightOf('/api/v3/trades?symbol=BTCUSDT&limit=1')).toBe(25);
    expect(await weightOf('/api/v3/aggTrades?symbol=BTCUSDT&limit=1')).toBe(4);
    expect(await weightOf('/api/v3/avgPrice?symbol=BTCUSDT')).toBe(2);
  });
});
