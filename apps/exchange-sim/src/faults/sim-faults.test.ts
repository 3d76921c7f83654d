// Fault injection switched on programmatically (sim.faults), observed through real sockets and HTTP.
import { klineEventSchema } from '@coinview/core/binance';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../test/ws-client';
import { createLogger } from '../logger';
import { type ExchangeSim, startExchangeSim } from '../server';

let sim: ExchangeSim;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  sim = await startExchangeSim({
    port: 0,
    speed: 600,
    tickMs: 4,
    pingIntervalMs: 30,
    logger: createLogger('silent'),
  });
});
afterEach(() => sim.faults.reset());
afterAll(() => sim.stop());

const KLINES = () => `${sim.wsUrl}/stream?streams=btcusdt@kline_1m/ethusdt@kline_1m`;
/** Is this frame a well-formed combined kline frame? */
const valid = (frame: string) => {
  try {
    const f = JSON.parse(frame) as { stream: unknown; data: unknown };
    return typeof f.stream === 'string' && klineEventSchema.safeParse(f.data).success;
  } catch {
    return false;
  }
};

describe('faults', () => {
  it('dropConnections ends every connection at once and reports how many', async () => {
    const sockets = await Promise.all([
      connect(KLINES()),
      connect(`${sim.wsUrl}/ws/btcusdt@trade`),
    ]);
    await sleep(20);
    expect(sim.faults.dropConnections()).toBe(2);
    for (const s of sockets) expect((await s.closed).code).toBe(1006); // no close frame: a dead network
    const fresh = await connect(KLINES());
    await fresh.until((f) => f.length > 0);
    fresh.close();
  });

  it('stall(ms) silences every socket, pings included, without closing it', async () => {
    const s = await connect(KLINES());
    await s.until((f) => f.length > 3);
    sim.faults.stall(800);
    const [frames, pings] = [s.frames.length, s.pings];
    await sleep(300);
    expect(s.frames.length - frames).toBeLessThanOrEqual(1); // at most one already on the wire
    expect(s.pings - pings).toBeLessThanOrEqual(1);
    expect(s.ws.readyState).toBe(s.ws.OPEN);
    expect(sim.faults.snapshot().stalledUntil).toEqual(expect.any(Number));
    await sleep(600);
    const resumed = s.frames.length;
    await s.until((f) => f.length > resumed + 3);
    expect(s.pings).toBeGreaterThan(pings);
    s.close();
  });

  it('malformedRate replaces that share of frames with garbage of every kind', async () => {
    sim.faults.malformedRate = 1;
    const s = await connect(KLINES());
    await s.until((f) => f.length >= 60);
    expect(s.frames.filter(valid)).toEqual([]);
    const kinds = new Set(
      s.frames.map((f) =>
        f.includes("'stream'") ? 'invalid-json' : f.endsWith('}}') ? 'wrong-types' : 'truncated',
      ),
    );
    expect(kinds).toEqual(new Set(['invalid-json', 'wrong-types', 'truncated']));

    sim.faults.malformedRate = 0.3;
    const mark = s.frames.length;
    await s.until((f) => f.length >= mark + 300);
    const share = s.frames.slice(mark).filter((f) => !valid(f)).length / (s.frames.length - mark);
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.45);
    s.close();
  });

  it('outOfOrder duplicates, delays and swaps frames', async () => {
    sim.faults.outOfOrder = true;
    const s = await connect(`${sim.wsUrl}/ws/btcusdt@kline_1m`);
    await s.until((f) => f.length >= 120);
    s.close();
    const events = s.frames.map((f) => klineEventSchema.parse(JSON.parse(f)));
    const duplicates = s.frames.length - new Set(s.frames).size;
    const backwards = events.filter((e, i) => i > 0 && e.E < events[i - 1]!.E).length;
    expect(duplicates).toBeGreaterThan(0);
    expect(backwards).toBeGreaterThan(0);
  });

  it('rest faults fail that share of REST answers with the chosen status', async () => {
    sim.faults.rest = { status: 503, rate: 1 };
    let res = await fetch(`${sim.restUrl}/api/v3/time`);
    expect([res.status, await res.json()]).toEqual([
      503,
      { code: -1008, msg: expect.stringMatching(/overloaded/) },
    ]);
    sim.faults.rest = { status: 500, rate: 1 };
    expect((await fetch(`${sim.restUrl}/api/v3/klines?symbol=BTCUSDT&interval=1m`)).status).toBe(
      500,
    );
    sim.faults.rest = { status: 429, rate: 1, retryAfterSec: 7 };
    res = await fetch(`${sim.restUrl}/api/v3/ping`);
    expect([
      res.status,
      res.headers.get('retry-after'),
      ((await res.json()) as { code: number }).code,
    ]).toEqual([429, '7', -1003]);
    sim.faults.rest = { status: 500, rate: 0.5 };
    const statuses = await Promise.all(
      Array.from({ length: 40 }, async () => (await fetch(`${sim.restUrl}/api/v3/ping`)).status),
    );
    expect(statuses.filter((s) => s === 500).length).toBeGreaterThan(8);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(8);
    sim.faults.reset();
    expect((await fetch(`${sim.restUrl}/api/v3/ping`)).status).toBe(200);
  });

  it('refuses out-of-range settings', () => {
    expect(() => (sim.faults.malformedRate = 2)).toThrow();
    expect(() => (sim.faults.rest = { status: 404 as 500, rate: 1 })).toThrow();
    expect(() => sim.faults.stall(-1)).toThrow();
  });
});
