// 24 h statistics: the miniTicker streams and GET /api/v3/ticker/24hr, checked against the klines
// the sim serves for the same window.
import { restKlinesSchema } from '@coinview/core/binance';
import { barOpenTime } from '@coinview/core/interval';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../test/ws-client';
import { toUnits } from '../data/decimal';
import { createLogger } from '../logger';
import { type ExchangeSim, startExchangeSim } from '../server';

const MIN = 60_000;
// Sim time stands still 12.5 s into a minute, so every answer describes the same instant.
const NOW = Date.UTC(2032, 2, 3, 4, 5, 12, 500);
let sim: ExchangeSim;

beforeAll(async () => {
  sim = await startExchangeSim({
    port: 0,
    clock: { now: () => 1 },
    startTime: NOW,
    tickerTickMs: 30,
    logger: createLogger('silent'),
  });
});
afterAll(() => sim.stop());

async function get(path: string) {
  const res = await fetch(`${sim.restUrl}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & unknown[] };
}

describe('24 h statistics', () => {
  it('REST ticker/24hr agrees with the last 1440 1m klines', async () => {
    const { status, body } = await get('/api/v3/ticker/24hr?symbol=BTCUSDT');
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual([
      'symbol',
      'priceChange',
      'priceChangePercent',
      'weightedAvgPrice',
      'prevClosePrice',
      'lastPrice',
      'lastQty',
      'bidPrice',
      'bidQty',
      'askPrice',
      'askQty',
      'openPrice',
      'highPrice',
      'lowPrice',
      'volume',
      'quoteVolume',
      'openTime',
      'closeTime',
      'firstId',
      'lastId',
      'count',
    ]);
    const from = barOpenTime(NOW, '1m') - 1439 * MIN;
    const page = async (start: number, limit: number) =>
      restKlinesSchema.parse(
        (await get(`/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=${start}&limit=${limit}`))
          .body,
      );
    const bars = [...(await page(from, 1000)), ...(await page(from + 1000 * MIN, 1000))];
    expect(bars).toHaveLength(1440);
    const sum = (i: number) => bars.reduce((s, b) => s + toUnits(b[i] as string), 0n);
    const [prev] = await page(from - MIN, 1);
    expect(body).toMatchObject({
      openPrice: bars[0]![1],
      lastPrice: bars.at(-1)![4],
      prevClosePrice: prev![4],
      highPrice: bars.map((b) => b[2]).reduce((a, b) => (toUnits(b) > toUnits(a) ? b : a)),
      lowPrice: bars.map((b) => b[3]).reduce((a, b) => (toUnits(b) < toUnits(a) ? b : a)),
      count: bars.reduce((n, b) => n + b[8], 0),
      openTime: NOW - 86_400_000,
      closeTime: NOW,
    });
    expect(toUnits(body.volume as string)).toBe(sum(5));
    expect(toUnits(body.quoteVolume as string)).toBe(sum(7));
    expect((body.lastId as number) - (body.firstId as number) + 1).toBe(body.count);
    const change = toUnits(body.lastPrice as string) - toUnits(body.openPrice as string);
    expect(toUnits(body.priceChange as string)).toBe(change);
    expect(Number(body.priceChangePercent)).toBeCloseTo(
      (Number(change) / Number(toUnits(body.openPrice as string))) * 100,
      2,
    );
    expect(body.priceChangePercent).toMatch(/^-?\d+\.\d{3}$/);
  });

  it('serves MINI, several and all symbols, and Binance errors', async () => {
    const mini = await get('/api/v3/ticker/24hr?symbol=ETHUSDT&type=MINI');
    expect(Object.keys(mini.body)).toEqual([
      'symbol',
      'openPrice',
      'highPrice',
      'lowPrice',
      'lastPrice',
      'volume',
      'quoteVolume',
      'openTime',
      'closeTime',
      'firstId',
      'lastId',
      'count',
    ]);
    const all = await get('/api/v3/ticker/24hr');
    expect(all.body.map((t) => (t as { symbol: string }).symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    const some = await get(`/api/v3/ticker/24hr?symbols=${encodeURIComponent('["ETHUSDT"]')}`);
    expect(some.body).toEqual([all.body[1]]);
    expect((await get('/api/v3/ticker/24hr?symbol=DOGEUSDT')).body).toMatchObject({ code: -1121 });
    expect((await get('/api/v3/ticker/24hr?symbol=BTCUSDT&type=HUGE')).body).toMatchObject({
      code: -1139,
    });
    expect((await get('/api/v3/ticker/24hr?symbols=BTCUSDT')).body).toMatchObject({ code: -1100 });
    expect(
      (await get(`/api/v3/ticker/24hr?symbol=BTCUSDT&symbols=${encodeURIComponent('["ETHUSDT"]')}`))
        .body,
    ).toMatchObject({ code: -1128 });
  });

  it('streams the same numbers as <symbol>@miniTicker and !miniTicker@arr', async () => {
    const s = await connect(`${sim.wsUrl}/stream?streams=btcusdt@miniTicker/!miniTicker@arr`);
    await s.until(
      (_, m) => m.filter((x) => (x as { stream: string }).stream === '!miniTicker@arr').length >= 2,
    );
    s.close();
    const rest = (await get('/api/v3/ticker/24hr?type=MINI')).body as unknown as Record<
      string,
      string
    >[];
    const expected = rest.map((t) => ({
      e: '24hrMiniTicker',
      E: NOW,
      s: t.symbol,
      c: t.lastPrice,
      o: t.openPrice,
      h: t.highPrice,
      l: t.lowPrice,
      v: t.volume,
      q: t.quoteVolume,
    }));
    const single = s.messages.find(
      (x) => (x as { stream: string }).stream === 'btcusdt@miniTicker',
    ) as { data: unknown };
    expect(single.data).toEqual(expected[0]);
    const arr = s.messages.find((x) => (x as { stream: string }).stream === '!miniTicker@arr') as {
      data: unknown;
    };
    expect(arr.data).toEqual(expected);
  });
});
