// Request weights, the X-MBX-USED-WEIGHT-1M header, 429 + Retry-After past the limit, and the 418
// ban for clients that keep going.
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { type ExchangeSim, startExchangeSim } from '../server';

const silent = createLogger('silent');

async function withSim<T>(
  options: Parameters<typeof startExchangeSim>[0],
  run: (sim: ExchangeSim) => Promise<T>,
): Promise<T> {
  const sim = await startExchangeSim({ port: 0, logger: silent, ...options });
  try {
    return await run(sim);
  } finally {
    await sim.stop();
  }
}

async function get(sim: ExchangeSim, path: string) {
  const res = await fetch(`${sim.restUrl}${path}`);
  const body = (await res.json()) as { code?: number; msg?: string };
  return {
    status: res.status,
    used: Number(res.headers.get('x-mbx-used-weight-1m')),
    retryAfter: res.headers.get('retry-after'),
    body,
  };
}

describe('request weight', () => {
  it("charges Binance's weight per endpoint and reports the window's total", async () => {
    // A window of an hour, so the test never straddles a reset.
    await withSim({ weightWindowMs: 3_600_000 }, async (sim) => {
      const steps: [string, number][] = [
        ['/api/v3/ping', 1],
        ['/api/v3/time', 1],
        ['/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=1000', 2],
        ['/api/v3/klines?symbol=NOPE&interval=1m', 2], // refused requests cost their weight too
        ['/api/v3/exchangeInfo', 20],
        ['/api/v3/ticker/24hr?symbol=BTCUSDT', 2],
        [`/api/v3/ticker/24hr?symbols=${encodeURIComponent('["BTCUSDT","ETHUSDT"]')}`, 2],
        ['/api/v3/ticker/24hr', 80],
      ];
      let expected = 0;
      for (const [path, weight] of steps) {
        expected += weight;
        const res = await get(sim, path);
        expect({ path, used: res.used }).toEqual({ path, used: expected });
      }
    });
  });

  it('answers 429 with Retry-After past the limit, and serves again in the next window', async () => {
    await withSim({ requestWeightLimit: 45, weightWindowMs: 2000 }, async (sim) => {
      // Start right after a window boundary so the three requests share one window.
      await new Promise((r) => setTimeout(r, 2000 - (Date.now() % 2000) + 20));
      expect((await get(sim, '/api/v3/exchangeInfo')).status).toBe(200);
      expect((await get(sim, '/api/v3/exchangeInfo')).used).toBe(40);
      const refused = await get(sim, '/api/v3/exchangeInfo');
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({
        code: -1003,
        msg: 'Too much request weight used; current limit is 45 request weight per 2 SECOND. Please use WebSocket Streams for live updates to avoid polling the API.',
      });
      expect([1, 2]).toContain(Number(refused.retryAfter));
      await new Promise((r) => setTimeout(r, Number(refused.retryAfter) * 1000));
      const again = await get(sim, '/api/v3/exchangeInfo');
      expect([again.status, again.used]).toEqual([200, 20]);
    });
  });

  it('bans an IP that ignores 429s, answering 418 until the ban ends', async () => {
    await withSim({ requestWeightLimit: 3, banAfter429s: 2, banMs: 5000 }, async (sim) => {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await get(sim, '/api/v3/time')).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429, 418]);
      const banned = await get(sim, '/api/v3/ping');
      expect(banned.status).toBe(418);
      expect(banned.body.msg).toMatch(/^Way too much request weight used; IP banned until \d+/);
      expect(Number(banned.retryAfter)).toBeGreaterThanOrEqual(4);
      expect(Number(banned.retryAfter)).toBeLessThanOrEqual(5);
    });
  });
});
