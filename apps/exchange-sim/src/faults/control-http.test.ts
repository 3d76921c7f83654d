// The same faults over HTTP, for tests that run the sim in another process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../test/ws-client';
import { createLogger } from '../logger';
import { type ExchangeSim, startExchangeSim } from '../server';

const silent = createLogger('silent');
let sim: ExchangeSim;
beforeAll(async () => {
  sim = await startExchangeSim({ port: 0, speed: 600, tickMs: 10, logger: silent });
});
afterAll(() => sim.stop());

async function call(method: 'GET' | 'POST', path: string, body?: unknown, target = sim) {
  const res = await fetch(`${target.restUrl}${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('/__sim/faults', () => {
  it('sets, shows and resets faults', async () => {
    expect(await call('GET', '/__sim/faults')).toEqual({
      status: 200,
      body: {
        malformedRate: 0,
        outOfOrder: false,
        rest: null,
        orders: null,
        stalledUntil: null,
        connections: 0,
      },
    });
    const set = await call('POST', '/__sim/faults', {
      malformedRate: 0.25,
      outOfOrder: 0.1,
      rest: { status: 503, rate: 0.5 },
      stall: 5000,
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      malformedRate: 0.25,
      outOfOrder: 0.1,
      rest: { status: 503, rate: 0.5 },
      stalledUntil: expect.any(Number),
    });
    expect(sim.faults.malformedRate).toBe(0.25);
    expect(sim.faults.stalled).toBe(true);
    expect((await call('POST', '/__sim/faults', { rest: null })).body.rest).toBeNull();
    expect((await call('POST', '/__sim/faults/reset')).body).toMatchObject({
      malformedRate: 0,
      outOfOrder: false,
      stalledUntil: null,
    });
    expect(sim.faults.stalled).toBe(false);
  });

  it('drops every connection on request and says how many', async () => {
    const a = await connect(`${sim.wsUrl}/ws/btcusdt@kline_1m`);
    const b = await connect(`${sim.wsUrl}/ws/ethusdt@kline_1m`);
    await a.until((f) => f.length > 0);
    expect((await call('GET', '/__sim/faults')).body.connections).toBe(2);
    expect((await call('POST', '/__sim/faults', { dropConnections: true })).body).toMatchObject({
      dropped: 2,
    });
    await Promise.all([a.closed, b.closed]);
  });

  it('refuses bad settings with 400 and leaves the faults alone', async () => {
    for (const body of [
      { malformedRate: 3 },
      { rest: { status: 404, rate: 1 } },
      { outOfOrder: 'often' },
      { colour: 'red' },
    ]) {
      const res = await call('POST', '/__sim/faults', body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: -1130, msg: expect.any(String) });
    }
    const res = await fetch(`${sim.restUrl}/__sim/faults`, { method: 'POST', body: '{not json' });
    expect(res.status).toBe(400);
    expect(sim.faults.snapshot()).toMatchObject({
      malformedRate: 0,
      outOfOrder: false,
      rest: null,
    });
  });

  it('is not served when control is off', async () => {
    const closed = await startExchangeSim({ port: 0, enableControl: false, logger: silent });
    try {
      expect((await call('GET', '/__sim/faults', undefined, closed)).status).toBe(404);
      expect((await call('POST', '/__sim/faults', { stall: 1000 }, closed)).status).toBe(404);
      expect(closed.faults.stalled).toBe(false);
      // The replay still says what it is.
      expect((await call('GET', '/__sim/info', undefined, closed)).status).toBe(200);
    } finally {
      await closed.stop();
    }
  });
});
