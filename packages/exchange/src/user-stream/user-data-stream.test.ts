import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeWsApi, startFakeWsApi } from '../../test/fake-ws-api';
import { ServerClock } from '../signed/server-clock';
import type { UserStreamEvent } from './events';
import {
  type GapInfo,
  UserDataStream,
  type UserDataStreamOptions,
  WsApiError,
} from './user-data-stream';

const KEYS = { apiKey: 'stream-key-1234', apiSecret: 'stream-secret-kept-here' };
const silent = pino({ level: 'silent' });

let fake: FakeWsApi | undefined;
let stream: UserDataStream | undefined;
afterEach(async () => {
  await stream?.stop();
  await fake?.stop();
  stream = undefined;
  fake = undefined;
});

function open(url: string, extra: Partial<UserDataStreamOptions> = {}) {
  const events: UserStreamEvent[] = [];
  const gaps: GapInfo[] = [];
  const errors: Error[] = [];
  stream = new UserDataStream({
    wsApiUrl: url,
    credentials: KEYS,
    onEvent: (e) => events.push(e),
    onGap: (g) => gaps.push(g),
    onError: (e) => errors.push(e),
    logger: silent,
    backoff: { minMs: 20, maxMs: 50 },
    ...extra,
  });
  return { stream, events, gaps, errors };
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const report = (over: Record<string, unknown>) => ({
  e: 'executionReport',
  E: 1_700_000_000_100,
  s: 'BTCUSDT',
  c: 'cv-fire-abc',
  S: 'BUY',
  o: 'LIMIT',
  f: 'GTC',
  q: '0.01000000',
  p: '97000.00000000',
  P: '0.00000000',
  F: '0.00000000',
  g: -1,
  C: '',
  x: 'NEW',
  X: 'NEW',
  r: 'NONE',
  i: 42,
  l: '0.00000000',
  z: '0.00000000',
  L: '0.00000000',
  n: '0',
  N: null,
  T: 1_700_000_000_000,
  t: -1,
  I: 1,
  w: true,
  m: false,
  M: false,
  O: 1_700_000_000_000,
  Z: '0.00000000',
  Y: '0.00000000',
  Q: '0.00000000',
  W: 1_700_000_000_000,
  V: 'EXPIRE_MAKER',
  ...over,
});

describe('UserDataStream', () => {
  it('subscribes with a signed request and turns events into core order and balance records', async () => {
    fake = await startFakeWsApi(KEYS);
    const s = open(fake.url);
    await s.stream.start();
    expect(s.gaps).toEqual([{ first: true, reason: '' }]);
    expect(fake.methods).toEqual(['userDataStream.subscribe.signature']);

    fake.push(report({}));
    fake.push(
      report({
        x: 'TRADE',
        X: 'FILLED',
        l: '0.01000000',
        z: '0.01000000',
        L: '96999.99000000',
        n: '0.00001000',
        N: 'BTC',
        t: 777,
        m: true,
        T: 1_700_000_000_050,
        Z: '969.99990000',
      }),
    );
    fake.push({
      e: 'outboundAccountPosition',
      E: 1_700_000_000_060,
      u: 1_700_000_000_050,
      B: [{ a: 'BTC', f: '0.00999000', l: '0.00000000' }],
    });
    fake.push({ e: 'balanceUpdate', E: 1, a: 'USDT', d: '1', T: 1 });
    await until(() => s.events.length === 4);

    expect(s.events[0]).toMatchObject({
      kind: 'order',
      executionType: 'NEW',
      order: { clientOrderId: 'cv-fire-abc', status: 'NEW', price: '97000.00000000', fills: [] },
    });
    expect(s.events[1]).toEqual({
      kind: 'order',
      executionType: 'TRADE',
      rejectReason: 'NONE',
      eventTime: 1_700_000_000_100,
      order: {
        clientOrderId: 'cv-fire-abc',
        exchangeOrderId: '42',
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        status: 'FILLED',
        price: '97000.00000000',
        origQty: '0.01000000',
        executedQty: '0.01000000',
        cummulativeQuoteQty: '969.99990000',
        fills: [
          {
            tradeId: '777',
            price: '96999.99000000',
            quantity: '0.01000000',
            commission: '0.00001000',
            commissionAsset: 'BTC',
            time: 1_700_000_000_050,
            isMaker: true,
          },
        ],
        time: 1_700_000_000_000,
        updateTime: 1_700_000_000_050,
      },
    });
    expect(s.events[2]).toEqual({
      kind: 'balances',
      eventTime: 1_700_000_000_060,
      balances: [{ asset: 'BTC', free: '0.00999000', locked: '0.00000000' }],
    });
    expect(s.events[3]).toMatchObject({ kind: 'other', type: 'balanceUpdate' });
  });

  it("reports a cancel under the order's own client id, not the cancel's", async () => {
    fake = await startFakeWsApi(KEYS);
    const s = open(fake.url);
    await s.stream.start();
    fake.push(report({ c: 'web_cancel_9', C: 'cv-ticket-1', x: 'CANCELED', X: 'CANCELED' }));
    await until(() => s.events.length === 1);
    expect(s.events[0]).toMatchObject({
      order: { clientOrderId: 'cv-ticket-1', status: 'CANCELED' },
    });
  });

  it('refuses to start with a wrong secret, with the exchange code', async () => {
    fake = await startFakeWsApi({ ...KEYS, apiSecret: 'other' });
    const s = open(fake.url);
    const err = await s.stream.start().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WsApiError);
    expect(err).toMatchObject({ code: -1022 });
    expect(s.gaps).toEqual([]);
  });

  it('reconnects after a drop, subscribes again and reports the gap', async () => {
    fake = await startFakeWsApi(KEYS);
    const s = open(fake.url);
    await s.stream.start();
    fake.dropAll();
    await until(() => s.gaps.length === 2);
    expect(s.gaps[1]).toMatchObject({ first: false });
    expect(s.gaps[1]!.reason).toMatch(/1006/);
    expect(fake.subscriptions).toBe(2);
    fake.push(report({}));
    await until(() => s.events.length === 1);
    // And again while the server is briefly gone: retried with backoff until it is back.
    const port = new URL(fake.url).port;
    await fake.stop();
    await new Promise((r) => setTimeout(r, 150));
    expect(s.stream.subscribed).toBe(false);
    fake = await startFakeWsApi(KEYS, { port: Number(port) });
    await until(() => s.gaps.length === 3, 5000);
    expect(s.stream.subscribed).toBe(true);
    expect(s.errors.length).toBeGreaterThan(0);
  });

  it('closes a connection that stops answering pings, and reconnects', async () => {
    fake = await startFakeWsApi(KEYS, { autoPong: false });
    const s = open(fake.url, { pingIntervalMs: 50, pongTimeoutMs: 50 });
    await s.stream.start();
    await until(() => s.gaps.length >= 2);
    expect(s.stream.connections).toBeGreaterThanOrEqual(2);
  });

  it("signs with the exchange's clock and resyncs it on -1021", async () => {
    fake = await startFakeWsApi(KEYS);
    fake.clockSkewMs = 60_000;
    let serverCalls = 0;
    const clock = new ServerClock({
      fetchServerTime: () => {
        serverCalls++;
        return Promise.resolve(Date.now() + (serverCalls === 1 ? 0 : 60_000)); // stale at first
      },
    });
    const s = open(fake.url, { clock });
    await s.stream.start();
    expect(serverCalls).toBe(2);
    expect(fake.methods).toEqual([
      'userDataStream.subscribe.signature',
      'userDataStream.subscribe.signature',
    ]);
  });

  it('stays down after stop()', async () => {
    fake = await startFakeWsApi(KEYS);
    const s = open(fake.url);
    await s.stream.start();
    await s.stream.stop();
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.subscriptions).toBe(1);
    expect(s.stream.connections).toBe(1);
  });
});
