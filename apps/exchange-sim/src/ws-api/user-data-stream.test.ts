// The WebSocket API user data stream: a signed subscription receives the account's
// executionReport and outboundAccountPosition events, wrapped as Binance wraps them; bad
// signatures and stale timestamps are refused with Binance's codes; orders can be placed and
// looked up over the same connection; other accounts' events never arrive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedFetch, sign } from '../../test/signed-fetch';
import { connect } from '../../test/ws-client';
import { createLogger } from '../logger';
import { type ExchangeSim, startExchangeSim } from '../server';

const A = { apiKey: 'WsKeyA', secret: 'ws-secret-a' };
const B = { apiKey: 'WsKeyB', secret: 'ws-secret-b' };
let sim: ExchangeSim;

beforeAll(async () => {
  sim = await startExchangeSim({
    port: 0,
    logger: createLogger('silent'),
    accounts: [
      { ...A, balances: { USDT: '10000' } },
      { ...B, balances: { USDT: '10000' } },
    ],
  });
});
afterAll(() => sim.stop());

/** WS API params signed as Binance specifies: sorted key=value pairs joined with '&'. */
function signedParams(who: typeof A, params: Record<string, string | number> = {}) {
  const all: Record<string, string | number> = {
    ...params,
    apiKey: who.apiKey,
    timestamp: Date.now(),
  };
  const payload = Object.keys(all)
    .sort()
    .map((k) => `${k}=${all[k]}`)
    .join('&');
  return { ...all, signature: sign(who.secret, payload) };
}

type Event = { subscriptionId: number; event: Record<string, unknown> };
const events = (messages: unknown[]) =>
  messages.filter((m): m is Event => typeof m === 'object' && m !== null && 'event' in m);

describe('WebSocket API user data stream', () => {
  it('refuses bad signatures and stale timestamps with their codes', async () => {
    const s = await connect(sim.wsApiUrl);
    try {
      const bad = await s.request({
        id: 1,
        method: 'userDataStream.subscribe.signature',
        params: { ...signedParams(A), signature: '0'.repeat(64) },
      });
      expect(bad).toMatchObject({ id: 1, status: 400, error: { code: -1022 } });
      const stale = { apiKey: A.apiKey, timestamp: Date.now() - 60_000 };
      const staleSig = sign(A.secret, `apiKey=${stale.apiKey}&timestamp=${stale.timestamp}`);
      expect(
        await s.request({
          id: 'two',
          method: 'userDataStream.subscribe.signature',
          params: { ...stale, signature: staleSig },
        }),
      ).toMatchObject({ id: 'two', status: 400, error: { code: -1021 } });
      expect(await s.request({ id: 3, method: 'no.such' })).toMatchObject({
        status: 400,
        error: { code: -1020 },
      });
    } finally {
      s.close();
    }
  });

  it("pushes the account's executionReport and outboundAccountPosition, and only its own", async () => {
    const a = await connect(sim.wsApiUrl);
    const b = await connect(sim.wsApiUrl);
    try {
      const sub = await a.request({
        id: 7,
        method: 'userDataStream.subscribe.signature',
        params: signedParams(A),
      });
      expect(sub).toMatchObject({ id: 7, status: 200, result: { subscriptionId: 0 } });
      expect(sub.rateLimits).toEqual([
        expect.objectContaining({ rateLimitType: 'REQUEST_WEIGHT', limit: 6000 }),
      ]);
      await b.request({
        id: 1,
        method: 'userDataStream.subscribe.signature',
        params: signedParams(B),
      });

      const placed = await signedFetch(
        sim.restUrl,
        'POST',
        '/api/v3/order',
        {
          symbol: 'BTCUSDT',
          side: 'BUY',
          type: 'MARKET',
          quantity: '0.001',
          newClientOrderId: 'ws-1',
        },
        A,
      );
      expect(placed.status).toBe(200);
      const fills = (placed.body as { fills: { price: string; qty: string; commission: string }[] })
        .fills;
      const n = fills.length;
      await a.until(
        (_, m) => events(m).filter((e) => e.event.e === 'executionReport').length >= n + 1,
      );
      await a.until((_, m) =>
        events(m).some(
          (e) => e.event.e === 'outboundAccountPosition' && (e.event.B as unknown[]).length === 2,
        ),
      );
      const reports = events(a.messages).filter((e) => e.event.e === 'executionReport');
      expect(reports.map((r) => [r.subscriptionId, r.event.x, r.event.X, r.event.c])).toEqual([
        [0, 'NEW', 'NEW', 'ws-1'],
        ...fills.map((_, i) => [0, 'TRADE', i === n - 1 ? 'FILLED' : 'PARTIALLY_FILLED', 'ws-1']),
      ]);
      const fill = fills[n - 1]!;
      expect(reports[n]!.event).toMatchObject({
        s: 'BTCUSDT',
        S: 'BUY',
        o: 'MARKET',
        l: fill.qty,
        z: '0.00100000',
        L: fill.price,
        n: fill.commission,
        N: 'BTC',
        m: false,
        i: (placed.body as { orderId: number }).orderId,
      });
      const position = events(a.messages).findLast((e) => e.event.e === 'outboundAccountPosition')!;
      const account = await signedFetch(sim.restUrl, 'GET', '/api/v3/account', {}, A);
      const rows = (account.body as { balances: { asset: string; free: string; locked: string }[] })
        .balances;
      expect(position.event.B).toEqual(
        expect.arrayContaining(
          rows
            .filter((r) => r.asset === 'BTC' || r.asset === 'USDT')
            .map((r) => ({ a: r.asset, f: r.free, l: r.locked })),
        ),
      );
      // B subscribed too, and heard nothing of A's order.
      await new Promise((r) => setTimeout(r, 100));
      expect(events(b.messages)).toEqual([]);
    } finally {
      a.close();
      b.close();
    }
  });

  it('places, queries and cancels orders over the WebSocket API', async () => {
    const s = await connect(sim.wsApiUrl);
    try {
      const placed = await s.request({
        id: 1,
        method: 'order.place',
        params: signedParams(A, {
          symbol: 'ETHUSDT',
          side: 'BUY',
          type: 'LIMIT',
          timeInForce: 'GTC',
          quantity: '0.1',
          price: '1000.00',
          newClientOrderId: 'ws-limit',
        }),
      });
      expect(placed).toMatchObject({
        status: 200,
        result: { clientOrderId: 'ws-limit', status: 'NEW' },
      });
      const status = await s.request({
        id: 2,
        method: 'order.status',
        params: signedParams(A, { symbol: 'ETHUSDT', origClientOrderId: 'ws-limit' }),
      });
      expect(status).toMatchObject({ status: 200, result: { status: 'NEW', isWorking: true } });
      // B cannot see or cancel A's order.
      const other = await s.request({
        id: 3,
        method: 'order.cancel',
        params: signedParams(B, { symbol: 'ETHUSDT', origClientOrderId: 'ws-limit' }),
      });
      expect(other).toMatchObject({ status: 400, error: { code: -2011 } });
      const cancel = await s.request({
        id: 4,
        method: 'order.cancel',
        params: signedParams(A, { symbol: 'ETHUSDT', origClientOrderId: 'ws-limit' }),
      });
      expect(cancel).toMatchObject({
        status: 200,
        result: { status: 'CANCELED', origClientOrderId: 'ws-limit' },
      });
    } finally {
      s.close();
    }
  });
});
