// The book streams through a real socket, on a sim whose time a test steps by hand (so REST and the
// streams can be compared at the same instant): a local order book kept the way Binance documents
// ("How to manage a local order book correctly"), the partial depth, bookTicker and ticker streams,
// and 1s klines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestSocket, connect } from '../../test/ws-client';
import { toUnits } from '../data/decimal';
import { createLogger } from '../logger';
import { TIMELINE_ANCHOR } from '../replay/timeline-index';
import { type ExchangeSim, startExchangeSim } from '../server';

const NOW = Date.UTC(2032, 6, 7, 8, 9, 10, 0);
// NOW plays 2025-10-30 08:09:10, inside the complete Oct-2025 recording: a busy tape (thousands of
// trades a minute), so every short step of the book test sees trades.
const ANCHOR = Date.UTC(2032, 6, 7, 8, 9) - (Date.UTC(2025, 9, 30, 8, 9) - TIMELINE_ANCHOR);
let wall = 0;
let sim: ExchangeSim;

beforeAll(async () => {
  sim = await startExchangeSim({
    port: 0,
    clock: { now: () => wall },
    startTime: NOW,
    anchor: ANCHOR,
    tickMs: 20,
    tradeTickMs: 20,
    tickerTickMs: 20,
    logger: createLogger('silent'),
  });
});
afterAll(() => sim.stop());

async function get<T>(path: string): Promise<T> {
  return (await (await fetch(`${sim.restUrl}${path}`)).json()) as T;
}

interface DepthUpdate {
  e: 'depthUpdate';
  E: number;
  s: string;
  U: number;
  u: number;
  b: [string, string][];
  a: [string, string][];
}
interface Snapshot {
  lastUpdateId: number;
  bids: [string, string][];
  asks: [string, string][];
}

const isDepthUpdate = (m: unknown): m is DepthUpdate =>
  (m as { e?: string } | undefined)?.e === 'depthUpdate';

/** Waits for a frame matching `match` after the first `from` frames; returns its index. */
async function waitFor(s: TestSocket, from: number, match: (m: unknown) => boolean) {
  let found = -1;
  await s.until((_, all) => {
    found = all.findIndex((m, i) => i >= from && match(m));
    return found >= 0;
  });
  return found;
}

describe('a local order book from a snapshot and the diff stream', () => {
  it('syncs with no gap in update ids and matches the served book after every step', async () => {
    // ccxt's way in: a raw connection to /ws/<anything>, then SUBSCRIBE.
    const s = await connect(`${sim.wsUrl}/ws/0`);
    expect(
      await s.request({ method: 'SUBSCRIBE', params: ['btcusdt@depth@100ms'], id: 1 }),
    ).toEqual({ result: null, id: 1 });
    wall += 700; // the book moves while the client buffers events
    await waitFor(s, 0, isDepthUpdate);
    const snapshot = await get<Snapshot>('/api/v3/depth?symbol=BTCUSDT&limit=5000');
    const bids = new Map(snapshot.bids);
    const asks = new Map(snapshot.asks);
    let lastU = snapshot.lastUpdateId;
    let seen = 0;
    let applied = 0;
    const apply = () => {
      for (; seen < s.messages.length; seen++) {
        const m = s.messages[seen];
        if (!isDepthUpdate(m) || m.u <= lastU) continue; // older than the snapshot
        if (applied === 0) expect(m.U).toBeLessThanOrEqual(lastU + 1);
        else expect(m.U).toBe(lastU + 1); // no gap, no overlap
        expect(m.u).toBeGreaterThanOrEqual(m.U);
        for (const [book, levels] of [
          [bids, m.b],
          [asks, m.a],
        ] as const) {
          for (const [price, qty] of levels) {
            if (toUnits(qty) === 0n) book.delete(price);
            else book.set(price, qty);
          }
        }
        lastU = m.u;
        applied++;
      }
    };
    const ordered = (book: Map<string, string>, desc: boolean) =>
      [...book.entries()].sort((a, b) => (desc ? -1 : 1) * (Number(a[0]) - Number(b[0])));
    // Small steps, a few seconds, and a jump of several minutes.
    for (const step of [150, 150, 400, 2_000, 9_000, 240_000, 100]) {
      wall += step;
      const served = await get<Snapshot>('/api/v3/depth?symbol=BTCUSDT&limit=5000');
      if (served.lastUpdateId > lastU)
        await waitFor(s, seen, (m) => isDepthUpdate(m) && m.u === served.lastUpdateId);
      apply();
      expect(lastU).toBe(served.lastUpdateId);
      // The local book, trimmed to the depth the exchange keeps, is the exchange's book.
      const keep = served.bids.length;
      expect(ordered(bids, true).slice(0, keep)).toEqual(served.bids);
      expect(ordered(asks, false).slice(0, keep)).toEqual(served.asks);
    }
    expect(applied).toBeGreaterThanOrEqual(6);
    s.close();
  });
});

describe('book tickers, partial depth and the 24hr ticker', () => {
  it('send what REST serves at the same instant', async () => {
    const streams = [
      'ethusdt@bookTicker',
      'ethusdt@depth5@100ms',
      'ethusdt@depth10',
      'ethusdt@ticker',
    ];
    const s = await connect(`${sim.wsUrl}/stream?streams=${streams.join('/')}`);
    wall += 3_000;
    const [book, depth5, day] = await Promise.all([
      get<Record<string, string>>('/api/v3/ticker/bookTicker?symbol=ETHUSDT'),
      get<Snapshot>('/api/v3/depth?symbol=ETHUSDT&limit=10'),
      get<Record<string, string | number>>('/api/v3/ticker/24hr?symbol=ETHUSDT'),
    ]);
    const frames = () => s.messages as { stream: string; data: Record<string, unknown> }[];
    const latest = (stream: string) => frames().findLast((f) => f.stream === stream)?.data;
    await s.until(
      () =>
        latest('ethusdt@bookTicker')?.u === depth5.lastUpdateId &&
        latest('ethusdt@depth5@100ms')?.lastUpdateId === depth5.lastUpdateId &&
        latest('ethusdt@depth10')?.lastUpdateId === depth5.lastUpdateId &&
        latest('ethusdt@ticker')?.c === day.lastPrice,
      5000,
    );
    expect(latest('ethusdt@bookTicker')).toEqual({
      u: depth5.lastUpdateId,
      s: 'ETHUSDT',
      b: book.bidPrice,
      B: book.bidQty,
      a: book.askPrice,
      A: book.askQty,
    });
    expect(latest('ethusdt@depth5@100ms')).toEqual({
      lastUpdateId: depth5.lastUpdateId,
      bids: depth5.bids.slice(0, 5),
      asks: depth5.asks.slice(0, 5),
    });
    expect(latest('ethusdt@depth10')).toEqual(depth5);
    const ticker = latest('ethusdt@ticker')!;
    expect(ticker).toMatchObject({
      e: '24hrTicker',
      E: NOW + wall,
      s: 'ETHUSDT',
      p: day.priceChange,
      P: day.priceChangePercent,
      w: day.weightedAvgPrice,
      x: day.prevClosePrice,
      c: day.lastPrice,
      Q: day.lastQty,
      b: day.bidPrice,
      B: day.bidQty,
      a: day.askPrice,
      A: day.askQty,
      o: day.openPrice,
      h: day.highPrice,
      l: day.lowPrice,
      v: day.volume,
      q: day.quoteVolume,
      O: day.openTime,
      C: day.closeTime,
      F: day.firstId,
      L: day.lastId,
      n: day.count,
    });
    s.close();
  });
});

describe('1s klines', () => {
  type Row = [
    number,
    string,
    string,
    string,
    string,
    string,
    number,
    string,
    number,
    string,
    string,
    string,
  ];

  it('REST: the 60 seconds of a minute add up exactly to its 1m kline', async () => {
    const [minute] = await get<Row[]>('/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=2');
    const seconds = await get<Row[]>(
      `/api/v3/klines?symbol=BTCUSDT&interval=1s&startTime=${minute![0]}&limit=60`,
    );
    expect(seconds).toHaveLength(60);
    seconds.forEach((r, i) => {
      expect(r[0]).toBe(minute![0] + i * 1000);
      expect(r[6]).toBe(r[0] + 999);
    });
    const sum = (i: number) => seconds.reduce((s, r) => s + toUnits(r[i] as string), 0n);
    expect(sum(5)).toBe(toUnits(minute![5]));
    expect(sum(7)).toBe(toUnits(minute![7]));
    expect(sum(9)).toBe(toUnits(minute![9]));
    expect(sum(10)).toBe(toUnits(minute![10]));
    expect(seconds.reduce((n, r) => n + r[8], 0)).toBe(minute![8]);
    expect(seconds[0]![1]).toBe(minute![1]);
    expect(seconds.at(-1)![4]).toBe(minute![4]);
    const units = (i: number) => seconds.map((r) => toUnits(r[i] as string));
    expect(units(2).reduce((a, b) => (a > b ? a : b))).toBe(toUnits(minute![2]));
    expect(units(3).reduce((a, b) => (a < b ? a : b))).toBe(toUnits(minute![3]));
    // A second without trades is flat at the last price.
    for (let i = 1; i < seconds.length; i++) {
      const r = seconds[i]!;
      if (r[8] === 0)
        expect([r[1], r[2], r[3], r[4], r[5]]).toEqual([
          ...Array(4).fill(seconds[i - 1]![4]),
          '0.00000000',
        ]);
    }
    const bad = await get<{ code: number }>('/api/v3/klines?symbol=BTCUSDT&interval=2s');
    expect(bad.code).toBe(-1120);
  });

  it('stream: every second closes once with the bar REST serves', async () => {
    const s = await connect(`${sim.wsUrl}/ws/btcusdt@kline_1s`);
    wall += 4_000;
    type K = {
      k: { t: number; x: boolean; i: string; o: string; c: string; v: string; n: number };
    };
    await s.until((_, all) => all.filter((m) => (m as K).k?.x).length >= 3);
    const closes = (s.messages as K[]).filter((m) => m.k.x).map((m) => m.k);
    expect(new Set(closes.map((k) => k.t)).size).toBe(closes.length);
    for (const k of closes) {
      expect(k.i).toBe('1s');
      const [row] = await get<Row[]>(
        `/api/v3/klines?symbol=BTCUSDT&interval=1s&startTime=${k.t}&limit=1`,
      );
      expect([row![0], row![1], row![4], row![5], row![8]]).toEqual([k.t, k.o, k.c, k.v, k.n]);
    }
    s.close();
  });
});
