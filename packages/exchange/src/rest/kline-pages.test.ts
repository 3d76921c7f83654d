import type { Candle } from '@coinview/core/candle';
import { type Interval, barOpenTime, barOpenTimes, nextBarOpen } from '@coinview/core/interval';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BinanceRestClient } from './binance-rest-client';
import { klinePages } from './kline-pages';

const MIN = 60_000;
const HOUR = 60 * MIN;
const ANCHOR = Date.UTC(2031, 5, 1);
const NOW = ANCHOR + 9000 * MIN + 42_000; // frozen sim time inside a forming 1m bar
let sim: ExchangeSim;
let client: BinanceRestClient;

beforeAll(async () => {
  const logger = pino({ level: 'silent' });
  sim = await startExchangeSim({
    port: 0,
    clock: { now: () => 1 },
    startTime: NOW,
    anchor: ANCHOR,
    logger,
  });
  client = new BinanceRestClient({ baseUrl: sim.restUrl, logger });
});
afterAll(() => sim.stop());

async function collect(interval: Interval, opts: { from: number; to?: number; pageSize?: number }) {
  const pages: Candle[][] = [];
  for await (const page of klinePages(client, 'BTCUSDT', interval, opts)) pages.push(page);
  return { pages, candles: pages.flat() };
}

function expectContiguous(candles: Candle[], interval: Interval) {
  for (let i = 1; i < candles.length; i++)
    expect(candles[i]!.openTime).toBe(nextBarOpen(candles[i - 1]!.openTime, interval));
}

describe('klinePages', () => {
  it('walks up to the last closed bar in pages of 1000, without gaps, duplicates or the forming bar', async () => {
    const from = NOW - 2500 * MIN; // not aligned: starts at the next bar
    const { pages, candles } = await collect('1m', { from });
    const expected = barOpenTimes(from, barOpenTime(NOW, '1m'), '1m');
    expect(pages.map((p) => p.length)).toEqual([1000, 1000, 499]);
    expect(candles.map((c) => c.openTime)).toEqual(expected);
    expect(candles.every((c) => c.closed)).toBe(true);
    expectContiguous(candles, '1m');
    // Values are what the exchange serves for each closed bar.
    for (const c of [candles[0]!, candles[1234]!, candles.at(-1)!]) {
      expect(c).toEqual(sim.replay.bar('BTCUSDT', '1m', c.openTime, NOW).candle);
    }
  });

  it('stops before `to` (exclusive) and handles pages that end exactly at it', async () => {
    const from = barOpenTime(NOW, '1h') - 30 * HOUR;
    const to = from + 20 * HOUR;
    const { pages, candles } = await collect('1h', { from, to, pageSize: 5 });
    expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5]);
    expect(candles.map((c) => c.openTime)).toEqual(barOpenTimes(from, to, '1h'));
  });

  it('pages calendar months', async () => {
    const from = Date.UTC(2029, 0, 1);
    const { candles } = await collect('1M', { from, pageSize: 7 });
    expect(candles[0]!.openTime).toBe(from);
    expect(candles.at(-1)!.openTime).toBe(Date.UTC(2031, 4, 1)); // NOW is in June 2031
    expectContiguous(candles, '1M');
  });

  it('yields nothing when only the forming bar is in range', async () => {
    const { pages } = await collect('1d', { from: barOpenTime(NOW, '1d') });
    expect(pages).toEqual([]);
  });

  it('refuses page sizes Binance would not serve', async () => {
    await expect(collect('1m', { from: 0, pageSize: 1001 })).rejects.toThrow(RangeError);
  });
});
