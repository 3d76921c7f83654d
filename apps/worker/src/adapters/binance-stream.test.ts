import { type KlineEvent, candleToKlineEvent } from '@coinview/core/binance';
import type { Candle } from '@coinview/core/candle';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeExchange, startFakeExchange, until } from '../../test/fake-exchange';
import { BinanceStream, type BinanceStreamOptions } from './binance-stream';

const silent = pino({ level: 'silent' });

function candle(openTime: number, close: string, closed = false): Candle {
  return {
    symbol: 'BTCUSDT',
    interval: '1m',
    openTime,
    closeTime: openTime + 59_999,
    open: '100.00000000',
    high: '110.00000000',
    low: '90.00000000',
    close,
    volume: '1.00000000',
    quoteVolume: '100.00000000',
    trades: 3,
    takerBuyBaseVolume: '0.50000000',
    takerBuyQuoteVolume: '50.00000000',
    closed,
  };
}
const frame = (c: Candle) =>
  JSON.stringify({ stream: 'btcusdt@kline_1m', data: candleToKlineEvent(c, c.openTime + 1) });

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function exchange(options?: Parameters<typeof startFakeExchange>[0]): Promise<FakeExchange> {
  const fake = await startFakeExchange(options);
  cleanups.push(() => fake.close());
  return fake;
}

interface Recorder {
  klines: KlineEvent[];
  active: string[][];
  inactive: string[][];
  rejected: string[][];
}

function stream(
  wsUrl: string,
  options: Partial<BinanceStreamOptions> = {},
): { stream: BinanceStream; seen: Recorder } {
  const seen: Recorder = { klines: [], active: [], inactive: [], rejected: [] };
  const s = new BinanceStream({
    wsUrl,
    logger: silent,
    reconnect: { minMs: 10, maxMs: 50 },
    onKline: (e) => seen.klines.push(e),
    onActive: (streams) => seen.active.push(streams),
    onInactive: (streams) => seen.inactive.push(streams),
    onRejected: (streams) => seen.rejected.push(streams),
    ...options,
  });
  cleanups.push(() => s.stop());
  return { stream: s, seen };
}

describe('BinanceStream', () => {
  it('subscribes in one request, skips malformed frames and answers pings', async () => {
    const fake = await exchange();
    const { stream: s, seen } = stream(fake.url);
    s.add(['btcusdt@kline_1m', 'ethusdt@kline_5m']);
    s.start();
    await until(() => seen.active.length === 1);
    const conn = fake.open()[0]!;
    expect(conn.path).toBe('/stream');
    expect(conn.requests.map((r) => [r.method, r.params])).toEqual([
      ['SUBSCRIBE', ['btcusdt@kline_1m', 'ethusdt@kline_5m']],
    ]);
    expect(seen.active).toEqual([['btcusdt@kline_1m', 'ethusdt@kline_5m']]);

    let pongs = 0;
    conn.socket.on('pong', () => pongs++);
    conn.socket.ping();
    const badKline = JSON.parse(frame(candle(60_000, '101.00000000'))) as { data: KlineEvent };
    badKline.data.k.o = 'NaN';
    const wrongTimes = JSON.parse(frame(candle(60_000, '101.00000000'))) as { data: KlineEvent };
    wrongTimes.data.k.T += 1;
    for (const message of [
      'this is not json',
      frame(candle(60_000, '101.00000000')),
      '{"stream":"btcusdt@kline_1m"}',
      JSON.stringify({ stream: 'btcusdt@kline_1m', data: { e: 'trade', p: '1' } }),
      JSON.stringify(badKline),
      JSON.stringify(wrongTimes),
      JSON.stringify({
        stream: 'ethusdt@kline_1m',
        data: (JSON.parse(frame(candle(60_000, '1.00000000'))) as { data: unknown }).data,
      }),
      '[1,2,3]',
      frame(candle(60_000, '102.00000000', true)),
      frame(candle(120_000, '103.00000000')),
    ])
      conn.socket.send(message);
    conn.socket.send(Buffer.from([0xde, 0xad, 0xbe, 0xef]), { binary: true });
    conn.socket.send(frame(candle(120_000, '104.00000000')));
    await until(() => seen.klines.length === 4 && pongs > 0);
    expect(seen.klines.map((e) => [e.k.t, e.k.c, e.k.x])).toEqual([
      [60_000, '101.00000000', false],
      [60_000, '102.00000000', true],
      [120_000, '103.00000000', false],
      [120_000, '104.00000000', false],
    ]);
    expect(s.stats).toMatchObject({ connects: 1, events: 4, malformed: 8, requests: 1 });
  });

  it('subscribes and unsubscribes live, batching changes and spacing requests under the rate limit', async () => {
    const fake = await exchange();
    const { stream: s, seen } = stream(fake.url, { controlRate: 4 });
    s.add(['a@kline_1m']);
    s.start();
    await until(() => seen.active.length === 1);
    // Changes made one after another go out as few requests, never faster than 4 per second.
    for (let i = 0; i < 20; i++) s.add([`s${i}@kline_1m`]);
    s.remove(['a@kline_1m']);
    await until(() => fake.open()[0]!.streams.size === 20 && seen.inactive.length === 1);
    s.remove(['s0@kline_1m', 's1@kline_1m']);
    s.add(['b@kline_1m']);
    await until(
      () => s.live.has('b@kline_1m') && !s.live.has('s0@kline_1m') && !s.live.has('s1@kline_1m'),
    );
    const requests = fake.open()[0]!.requests;
    expect(requests.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < requests.length; i++)
      expect(requests[i]!.at - requests[i - 1]!.at).toBeGreaterThanOrEqual(245);
    expect(seen.inactive.flat().sort()).toEqual(['a@kline_1m', 's0@kline_1m', 's1@kline_1m']);
    expect([...s.live].sort()).toEqual([...fake.open()[0]!.streams].sort());
  });

  it('resubscribes everything after the exchange drops the connection, reporting the gap', async () => {
    const fake = await exchange();
    const { stream: s, seen } = stream(fake.url);
    s.add(['btcusdt@kline_1m', 'ethusdt@kline_1m']);
    s.start();
    await until(() => seen.active.length === 1);
    fake.dropAll();
    await until(() => seen.active.length === 2);
    expect(seen.inactive).toEqual([['btcusdt@kline_1m', 'ethusdt@kline_1m']]);
    expect(seen.active[1]).toEqual(['btcusdt@kline_1m', 'ethusdt@kline_1m']);
    expect(fake.connections).toHaveLength(2);
    expect(s.stats.connects).toBe(2);
  });

  it('treats a silent connection, or an unanswered request, as dead', async () => {
    const fake = await exchange({ mute: true });
    const { stream: s } = stream(fake.url, { idleTimeoutMs: 60_000, replyTimeoutMs: 50 });
    s.add(['btcusdt@kline_1m']);
    s.start();
    await until(() => fake.connections.length >= 3);

    const quiet = await exchange();
    const { stream: q, seen } = stream(quiet.url, { idleTimeoutMs: 80 });
    q.add(['btcusdt@kline_1m']);
    q.start();
    await until(() => quiet.connections.length >= 3);
    expect(seen.inactive.length).toBeGreaterThanOrEqual(2);
  });

  it('moves to a fresh connection before the lifetime ends, without a gap', async () => {
    const fake = await exchange();
    const { stream: s, seen } = stream(fake.url, { maxLifetimeMs: 300, renewBeforeMs: 100 });
    s.add(['btcusdt@kline_1m', 'ethusdt@kline_1m']);
    s.start();
    await until(() => s.stats.renewals >= 2, 3_000);
    await until(() => fake.open().length === 1);
    expect(seen.inactive).toEqual([]);
    expect(seen.active).toHaveLength(1);
    fake.send('btcusdt@kline_1m', frame(candle(60_000, '101.00000000')));
    await until(() => seen.klines.length === 1);
  });

  it('moves to a fresh connection when the exchange announces a shutdown', async () => {
    const fake = await exchange();
    const { stream: s, seen } = stream(fake.url);
    s.add(['btcusdt@kline_1m']);
    s.start();
    await until(() => seen.active.length === 1);
    fake.open()[0]!.socket.send(JSON.stringify({ e: 'serverShutdown', E: Date.now() }));
    await until(() => fake.connections.length === 2 && fake.open().length === 1);
    expect(fake.open()[0]).toBe(fake.connections[1]);
    expect(seen.inactive).toEqual([]);
    expect(s.stats.malformed).toBe(0);
  });

  it('finds the stream the exchange refuses and keeps the rest', async () => {
    const fake = await exchange({ refuse: (s) => s.startsWith('nope') });
    const { stream: s, seen } = stream(fake.url);
    s.add(['a@kline_1m', 'b@kline_1m', 'nope@kline_1m', 'c@kline_1m', 'd@kline_1m']);
    s.start();
    await until(() => seen.rejected.length === 1 && fake.open()[0]!.streams.size === 4, 5_000);
    expect(seen.rejected).toEqual([['nope@kline_1m']]);
    expect([...s.desired].sort()).toEqual(['a@kline_1m', 'b@kline_1m', 'c@kline_1m', 'd@kline_1m']);
  });

  it('keeps retrying while the exchange is unreachable', async () => {
    const { stream: s } = stream('ws://127.0.0.1:9', { reconnect: { minMs: 5, maxMs: 10 } });
    s.add(['btcusdt@kline_1m']);
    s.start();
    await new Promise((r) => setTimeout(r, 100));
    expect(s.connected).toBe(false);
  });
});
