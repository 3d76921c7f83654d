// The trade and aggTrade streams against the kline stream of the same symbol, through a real socket:
// a client summing the trades of a bar gets exactly the kline the sim sends for it.
import { klineEventSchema } from '@coinview/core/binance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../test/ws-client';
import { toUnits } from '../data/decimal';
import { createLogger } from '../logger';
import { type ExchangeSim, startExchangeSim } from '../server';
import type { AggTradeEvent, TradeEvent } from './payloads';

let sim: ExchangeSim;

// Speed 120: a 1m bar lasts half a second (about 8,000 BTCUSDT trades a second).
beforeAll(async () => {
  sim = await startExchangeSim({
    port: 0,
    speed: 120,
    tickMs: 20,
    tradeTickMs: 25,
    logger: createLogger('silent'),
  });
});
afterAll(() => sim.stop());

describe('trade streams', () => {
  it('print every trade of each bar, consistent with its kline, and aggregate them exactly', async () => {
    const streams = ['btcusdt@trade', 'btcusdt@aggTrade', 'btcusdt@kline_1m'];
    const s = await connect(`${sim.wsUrl}/stream?streams=${streams.join('/')}`);
    const frames = () => s.messages as { stream: string; data: unknown }[];
    // Bars that closed after the first trade seen opened while the stream was on: their trades are all here.
    let firstTradeTime = Infinity;
    const closedOpens: number[] = [];
    let seen = 0;
    const fullBarsClosed = () => {
      const all = frames();
      for (; seen < all.length; seen++) {
        const f = all[seen]!;
        if (f.stream === 'btcusdt@trade')
          firstTradeTime = Math.min(firstTradeTime, (f.data as TradeEvent).T);
        const k = (f.data as { k?: { x: boolean; t: number } }).k;
        if (f.stream === 'btcusdt@kline_1m' && k?.x) closedOpens.push(k.t);
      }
      return closedOpens.filter((t) => t > firstTradeTime).length;
    };
    await s.until(() => fullBarsClosed() >= 2, 10_000);
    s.close();

    const trades = frames()
      .filter((f) => f.stream === 'btcusdt@trade')
      .map((f) => f.data as TradeEvent);
    const aggs = frames()
      .filter((f) => f.stream === 'btcusdt@aggTrade')
      .map((f) => f.data as AggTradeEvent);
    const klines = frames()
      .filter((f) => f.stream === 'btcusdt@kline_1m')
      .map((f) => klineEventSchema.parse(f.data));
    // Trade ids are contiguous across the whole stream, and times never go back.
    for (let i = 1; i < trades.length; i++) {
      expect(trades[i]!.t).toBe(trades[i - 1]!.t + 1);
      expect(trades[i]!.T).toBeGreaterThanOrEqual(trades[i - 1]!.T);
    }
    const closes = klines.filter((e) => e.k.x && e.k.t > trades[0]!.T);
    expect(closes.length).toBeGreaterThanOrEqual(2);
    for (const { k } of closes) {
      const inBar = trades.filter((t) => t.T >= k.t && t.T <= k.T);
      expect(inBar.map((t) => t.t)).toEqual(Array.from({ length: k.n }, (_, i) => k.f + i));
      expect(inBar.reduce((sum, t) => sum + toUnits(t.q), 0n)).toBe(toUnits(k.v));
      expect(inBar.filter((t) => !t.m).reduce((sum, t) => sum + toUnits(t.q), 0n)).toBe(
        toUnits(k.V),
      );
      const prices = inBar.map((t) => toUnits(t.p));
      expect([prices[0], prices.at(-1)]).toEqual([toUnits(k.o), toUnits(k.c)]);
      expect(prices.reduce((a, b) => (b > a ? b : a))).toBe(toUnits(k.h));
      expect(prices.reduce((a, b) => (b < a ? b : a))).toBe(toUnits(k.l));

      // Every forming update of the bar is the running total of the trades printed by its event time.
      for (const { k: u, E } of klines.filter((e) => e.k.t === k.t && !e.k.x)) {
        const printed = inBar.filter((t) => t.T <= E);
        expect(u.n).toBe(printed.length);
        expect(toUnits(u.v)).toBe(printed.reduce((sum, t) => sum + toUnits(t.q), 0n));
        if (printed.length > 0) expect([u.c, u.L]).toEqual([printed.at(-1)!.p, printed.at(-1)!.t]);
      }

      // Aggregates: contiguous ids, covering the bar's trades exactly, one price/time/side each.
      const barAggs = aggs.filter((a) => a.T >= k.t && a.T <= k.T);
      expect(barAggs[0]!.f).toBe(k.f);
      expect(barAggs.at(-1)!.l).toBe(k.L);
      for (let i = 0; i < barAggs.length; i++) {
        const a = barAggs[i]!;
        if (i > 0) expect([a.a, a.f]).toEqual([barAggs[i - 1]!.a + 1, barAggs[i - 1]!.l + 1]);
        const members = inBar.slice(a.f - k.f, a.l - k.f + 1);
        expect(members.every((t) => t.p === a.p && t.T === a.T && t.m === a.m)).toBe(true);
        expect(members.reduce((sum, t) => sum + toUnits(t.q), 0n)).toBe(toUnits(a.q));
      }
    }
    // Payload shape, as documented.
    expect(Object.keys(trades[0]!)).toEqual(['e', 'E', 's', 't', 'p', 'q', 'T', 'm', 'M']);
    expect(Object.keys(aggs[0]!)).toEqual(['e', 'E', 's', 'a', 'p', 'q', 'f', 'l', 'T', 'm', 'M']);
  });
});
