// Live subscriptions and Binance's per-connection limits, through real sockets.
import { klineEventSchema } from '@coinview/core/binance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../test/ws-client';
import { createLogger } from '../logger';
import { type ExchangeSim, startExchangeSim } from '../server';

const silent = createLogger('silent');
let sim: ExchangeSim;

beforeAll(async () => {
  // Speed 60: a 1m bar lasts a second, so the trade stream stays light (a few thousand a second).
  sim = await startExchangeSim({
    port: 0,
    speed: 60,
    tickMs: 15,
    tradeTickMs: 20,
    maxStreamsPerConnection: 4,
    maxIncomingPerSecond: 50,
    logger: silent,
  });
});
afterAll(() => sim.stop());

const streamOf = (m: unknown) => (m as { stream?: string } | undefined)?.stream;
const eventOf = (m: unknown) => (m as { e?: string } | undefined)?.e;

describe('live subscriptions', () => {
  it('subscribes, lists, switches to combined frames and unsubscribes', async () => {
    const s = await connect(`${sim.wsUrl}/ws`);
    expect(
      await s.request({
        method: 'SUBSCRIBE',
        params: ['btcusdt@kline_1m', 'ethusdt@trade'],
        id: 1,
      }),
    ).toEqual({ result: null, id: 1 });
    await s.until(
      (_, m) => m.some((x) => eventOf(x) === 'kline') && m.some((x) => eventOf(x) === 'trade'),
    );
    expect(await s.request({ method: 'LIST_SUBSCRIPTIONS', id: 'list1' })).toEqual({
      result: ['btcusdt@kline_1m', 'ethusdt@trade'],
      id: 'list1',
    });
    // Raw frames carry the bare payload.
    expect(klineEventSchema.safeParse(s.messages.find((x) => eventOf(x) === 'kline')).success).toBe(
      true,
    );

    expect(await s.request({ method: 'GET_PROPERTY', params: ['combined'], id: 2 })).toEqual({
      result: false,
      id: 2,
    });
    expect(await s.request({ method: 'SET_PROPERTY', params: ['combined', true], id: 3 })).toEqual({
      result: null,
      id: 3,
    });
    let mark = s.frames.length;
    await s.until((_, m) => m.slice(mark).some((x) => streamOf(x) === 'btcusdt@kline_1m'));

    expect(await s.request({ method: 'UNSUBSCRIBE', params: ['btcusdt@kline_1m'], id: 4 })).toEqual(
      { result: null, id: 4 },
    );
    expect(await s.request({ method: 'LIST_SUBSCRIPTIONS', id: 5 })).toEqual({
      result: ['ethusdt@trade'],
      id: 5,
    });
    mark = s.frames.length;
    await new Promise((r) => setTimeout(r, 150)); // ten kline ticks
    const after = s.messages.slice(mark).map(streamOf);
    expect(after).toContain('ethusdt@trade');
    expect(after).not.toContain('btcusdt@kline_1m');
    s.close();
  });

  it('refuses unknown streams and more than the stream limit, keeping the connection', async () => {
    const s = await connect(`${sim.wsUrl}/stream?streams=btcusdt@kline_1m`);
    expect(await s.request({ method: 'SUBSCRIBE', params: ['btcusdt@markPrice'], id: 1 })).toEqual({
      error: { code: 2, msg: "Invalid request: unknown stream 'btcusdt@markPrice'" },
      id: 1,
    });
    expect(
      await s.request({ method: 'SUBSCRIBE', params: ['BTCUSDT@trade'], id: 2 }),
    ).toMatchObject({ error: { code: 2 } });
    const more = ['btcusdt@kline_5m', 'btcusdt@kline_1h', 'btcusdt@trade', 'btcusdt@aggTrade'];
    expect(await s.request({ method: 'SUBSCRIBE', params: more, id: 3 })).toMatchObject({
      error: { code: 2, msg: expect.stringMatching(/at most 4/) },
    });
    expect(await s.request({ method: 'LIST_SUBSCRIPTIONS', id: 4 })).toEqual({
      result: ['btcusdt@kline_1m'],
      id: 4,
    });
    expect(await s.request({ method: 'SUBSCRIBE', params: more.slice(0, 3), id: 5 })).toEqual({
      result: null,
      id: 5,
    });
    s.close();

    const tooMany = await connect(
      `${sim.wsUrl}/stream?streams=${['btcusdt@kline_1m', ...more].join('/')}`,
    );
    expect((await tooMany.closed).code).toBe(1008);
  });
});

describe('connection upkeep', () => {
  let fast: ExchangeSim;
  beforeAll(async () => {
    fast = await startExchangeSim({
      port: 0,
      pingIntervalMs: 40,
      pongTimeoutMs: 200,
      connectionLifetimeMs: 700,
      logger: silent,
    });
  });
  afterAll(() => fast.stop());

  it('pings, and drops a client that does not answer', async () => {
    const answering = await connect(`${fast.wsUrl}/ws/btcusdt@kline_1m`);
    const silentClient = await connect(`${fast.wsUrl}/ws/btcusdt@kline_1m`, { autoPong: false });
    const started = Date.now();
    // Terminated (1006) for silence, well before its lifetime would close it (1001).
    expect((await silentClient.closed).code).toBe(1006);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(answering.ws.readyState).toBe(answering.ws.OPEN);
    expect(answering.pings).toBeGreaterThan(2);
    answering.close();
  });

  it('disconnects a client that sends more than 5 messages a second', async () => {
    const polite = await connect(`${fast.wsUrl}/ws`);
    for (let i = 0; i < 5; i++)
      polite.ws.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id: i }));
    await polite.until((f) => f.length >= 5);
    const rude = await connect(`${fast.wsUrl}/ws`);
    for (let i = 0; i < 6; i++)
      rude.ws.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id: i }));
    expect((await rude.closed).code).toBe(1008);
    expect(polite.ws.readyState).toBe(polite.ws.OPEN);
    polite.close();
  });

  it('ends every connection at the end of its lifetime', async () => {
    const s = await connect(`${fast.wsUrl}/ws/btcusdt@kline_1m`);
    const started = Date.now();
    const { code } = await s.closed;
    expect(code).toBe(1001);
    expect(Date.now() - started).toBeGreaterThanOrEqual(650);
  });
});
