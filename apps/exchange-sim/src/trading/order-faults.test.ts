// The order-answer faults: the order is accepted, then its answer is dropped (connection closed),
// delayed, or replaced by a 5xx "execution status unknown"; in every case the order exists and is
// found by its client id. Also over HTTP control, on the WebSocket API, and dropUserStreams.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signedFetch, sign } from '../../test/signed-fetch';
import { connect } from '../../test/ws-client';
import { createLogger } from '../logger';
import { type ExchangeSim, startExchangeSim } from '../server';

const A = { apiKey: 'FaultKey', secret: 'fault-secret' };
let sim: ExchangeSim;

beforeAll(async () => {
  sim = await startExchangeSim({
    port: 0,
    logger: createLogger('silent'),
    faultSeed: 7,
    accounts: [{ ...A, balances: { USDT: '1000000' } }],
  });
});
afterAll(() => sim.stop());
afterEach(() => sim.faults.reset());

const buy = (clientId: string) =>
  signedFetch(
    sim.restUrl,
    'POST',
    '/api/v3/order',
    {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.001',
      newClientOrderId: clientId,
    },
    A,
  );
const lookUp = (clientId: string) =>
  signedFetch(
    sim.restUrl,
    'GET',
    '/api/v3/order',
    { symbol: 'BTCUSDT', origClientOrderId: clientId },
    A,
  );

describe('order-answer faults', () => {
  it('drops the answer of an accepted order: the client sees a closed connection, the order exists', async () => {
    sim.faults.orders = { dropRate: 1 };
    const before = sim.exchange.placedCount;
    await expect(buy('dropped-1')).rejects.toThrow();
    expect(sim.exchange.placedCount).toBe(before + 1);
    sim.faults.reset();
    expect(await lookUp('dropped-1')).toMatchObject({ status: 200, body: { status: 'FILLED' } });
  });

  it('answers 5xx "execution status unknown" after accepting', async () => {
    sim.faults.orders = { errorRate: 1, errorStatus: 503 };
    expect(await buy('err-1')).toEqual({
      status: 503,
      body: {
        code: -1007,
        msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
      },
    });
    expect((await lookUp('err-1')).body).toMatchObject({ status: 'FILLED' });
  });

  it('delays the answer, and only the answer: the order is already there', async () => {
    sim.faults.orders = { delayMs: 400 };
    const started = Date.now();
    const answer = buy('late-1');
    await new Promise((r) => setTimeout(r, 150));
    expect((await lookUp('late-1')).body).toMatchObject({ status: 'FILLED' });
    expect((await answer).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });

  it('drops about the configured share of answers, and every order exists', async () => {
    const res = await fetch(`${sim.restUrl}/__sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ orders: { dropRate: 0.5 } }),
    });
    expect(await res.json()).toMatchObject({ orders: { dropRate: 0.5, errorRate: 0, delayMs: 0 } });
    let dropped = 0;
    for (let i = 0; i < 40; i++)
      if (
        !(await buy(`half-${i}`).then(
          () => true,
          () => false,
        ))
      )
        dropped++;
    sim.faults.reset();
    expect(dropped).toBeGreaterThan(10);
    expect(dropped).toBeLessThan(30);
    for (let i = 0; i < 40; i++) expect((await lookUp(`half-${i}`)).status).toBe(200);
  });

  it('applies to order.place on the WebSocket API: the connection closes without an answer', async () => {
    sim.faults.orders = { dropRate: 1 };
    const s = await connect(sim.wsApiUrl);
    const params: Record<string, string | number> = {
      apiKey: A.apiKey,
      newClientOrderId: 'ws-dropped',
      quantity: '0.001',
      side: 'BUY',
      symbol: 'BTCUSDT',
      timestamp: Date.now(),
      type: 'MARKET',
    };
    const payload = Object.entries(params)
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    s.ws.send(
      JSON.stringify({
        id: 1,
        method: 'order.place',
        params: { ...params, signature: sign(A.secret, payload) },
      }),
    );
    expect((await s.closed).code).toBe(1006);
    sim.faults.reset();
    expect((await lookUp('ws-dropped')).body).toMatchObject({ status: 'FILLED' });
  });

  it('disconnects every user data stream on request', async () => {
    const a = await connect(sim.wsApiUrl);
    const b = await connect(sim.wsApiUrl);
    await a.request({ id: 1, method: 'ping' });
    await b.request({ id: 1, method: 'ping' });
    const res = await fetch(`${sim.restUrl}/__sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ dropUserStreams: true }),
    });
    expect(await res.json()).toMatchObject({ droppedUserStreams: 2 });
    expect((await a.closed).code).toBe(1006);
    expect((await b.closed).code).toBe(1006);
  });
});
