import { restKlinesSchema } from '@coinview/core/binance';
import { barOpenTime } from '@coinview/core/interval';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binanceDecimal, recordedRows } from '../../test/recorded-rows';
import { createLogger } from '../logger';
import { TIMELINE_ANCHOR } from '../replay/timeline-index';
import { type ExchangeSim, startExchangeSim } from '../server';

const MIN = 60_000;
const ANCHOR = Date.UTC(2031, 5, 1);
// Frozen clock: sim time stands still 20.5 minutes after the anchor.
const NOW = ANCHOR + 20 * MIN + 30_000;
let sim: ExchangeSim;

beforeAll(async () => {
  sim = await startExchangeSim({
    port: 0,
    clock: { now: () => 1 },
    startTime: NOW,
    anchor: ANCHOR,
    logger: createLogger('silent'),
  });
});
afterAll(() => sim.stop());

async function get(path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${sim.restUrl}${path}`);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  return { status: res.status, body: await res.json() };
}

describe('REST', () => {
  it('answers ping and time', async () => {
    expect(await get('/api/v3/ping')).toEqual({ status: 200, body: {} });
    expect(await get('/api/v3/time')).toEqual({ status: 200, body: { serverTime: NOW } });
  });

  it('serves 500 klines by default, oldest first, with the forming bar last', async () => {
    const { status, body } = await get('/api/v3/klines?symbol=BTCUSDT&interval=1m');
    expect(status).toBe(200);
    const rows = restKlinesSchema.parse(body);
    expect(rows).toHaveLength(500);
    expect(rows.at(-1)![0]).toBe(barOpenTime(NOW, '1m'));
    expect(rows.at(-1)![6]).toBeGreaterThan(NOW); // still forming
    expect(rows.at(-2)![6]).toBeLessThan(NOW);
    for (let i = 1; i < rows.length; i++) expect(rows[i]![0] - rows[i - 1]![0]).toBe(MIN);
  });

  it('serves a recorded bar where the anchor puts its date, in Binance number format', async () => {
    // The Jan-2025 file (OHLCV only: the other columns are estimated) ends just after the anchor.
    const jan = recordedRows('ethusdt', 'ethusdt_1m_2025-01-01_2025-02-04.csv.gz');
    const recorded = jan.at(-27)!;
    const t = ANCHOR + (Number(recorded[0]) - TIMELINE_ANCHOR);
    expect(t).toBe(ANCHOR - 7 * MIN);
    const { body } = await get(`/api/v3/klines?symbol=ETHUSDT&interval=1m&startTime=${t}&limit=1`);
    const [row] = body as unknown[][];
    expect(row!.slice(0, 7)).toEqual([t, ...recorded.slice(1, 6).map(binanceDecimal), t + MIN - 1]);
    expect(row![8]).toBeGreaterThan(0);
    expect(row![11]).toBe('0');
  });

  it('honours startTime, endTime and limit, capping limit at 1000', async () => {
    const start = ANCHOR - 60 * MIN;
    const windowed = restKlinesSchema.parse(
      (
        await get(
          `/api/v3/klines?symbol=BTCUSDT&interval=5m&startTime=${start}&endTime=${start + 20 * MIN}`,
        )
      ).body,
    );
    expect(windowed.map((r) => (r[0] - start) / MIN)).toEqual([0, 5, 10, 15, 20]);
    const limited = restKlinesSchema.parse(
      (await get(`/api/v3/klines?symbol=BTCUSDT&interval=5m&startTime=${start}&limit=2`)).body,
    );
    expect(limited.map((r) => r[0])).toEqual([start, start + 5 * MIN]);
    expect(
      restKlinesSchema.parse(
        (await get('/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=1000')).body,
      ),
    ).toHaveLength(1000);
    expect(
      restKlinesSchema.parse(
        (await get('/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=5000')).body,
      ),
    ).toHaveLength(1000);
    const hourly = restKlinesSchema.parse(
      (await get('/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=3')).body,
    );
    expect(hourly.map((r) => r[0])).toEqual(
      [-2, -1, 0].map((k) => barOpenTime(NOW, '1h') + k * 3_600_000),
    );
  });

  it('answers bad parameters with Binance errors', async () => {
    const cases: [string, number, number][] = [
      ['symbol=DOGEUSDT&interval=1m', 400, -1121],
      ['symbol=btcusdt&interval=1m', 400, -1121],
      ['symbol=BTCUSDT&interval=7m', 400, -1120],
      ['interval=1m', 400, -1102],
      ['symbol=BTCUSDT', 400, -1102],
      ['symbol=BTCUSDT&interval=1m&limit=abc', 400, -1100],
      ['symbol=BTCUSDT&interval=1m&limit=0', 400, -1130],
      ['symbol=BTCUSDT&interval=1m&startTime=-5', 400, -1100],
      ['symbol=BTCUSDT&interval=1m&startTime=20&endTime=10', 400, -1128],
    ];
    for (const [query, status, code] of cases) {
      const res = await get(`/api/v3/klines?${query}`);
      expect({ query, status: res.status, code: (res.body as { code: number }).code }).toEqual({
        query,
        status,
        code,
      });
      expect((res.body as { msg: string }).msg).toEqual(expect.any(String));
    }
    expect((await get('/api/v3/nope')).status).toBe(404);
  });

  it('says at /__sim/info that it replays recordings, which ones and in what loop', async () => {
    const { status, body } = await get('/__sim/info');
    expect(status).toBe(200);
    const rows = recordedRows('btcusdt');
    expect(body).toMatchObject({ replay: true, speed: 1 });
    const DAY = 86_400_000;
    const btc = (body as { markets: { symbol: string }[] }).markets.find(
      (m) => m.symbol === 'BTCUSDT',
    );
    const simTime = (t: number) => ANCHOR + (t - TIMELINE_ANCHOR);
    expect(btc).toMatchObject({
      // The fields the web app's "Replay" badge reads: the whole recorded span and the loop.
      recordedFrom: Date.UTC(2017, 7, 17),
      recordedTo: Date.UTC(2026, 6, 20),
      loopMinutes: 2 * 3260 * 1440,
      anchor: ANCHOR,
      timelineAnchor: TIMELINE_ANCHOR,
      real: {
        '1d': [{ recordedFrom: Date.UTC(2017, 7, 17), recordedTo: Date.UTC(2026, 6, 20) + DAY }],
        '1h': [
          { recordedFrom: Date.UTC(2024, 6, 19, 20), simTo: simTime(Date.UTC(2026, 6, 19, 16)) },
        ],
      },
    });
    const minutes = (
      btc as unknown as { real: { '1m': { recordedFrom: number; simFrom: number }[] } }
    ).real['1m'];
    expect(minutes).toHaveLength(4);
    expect(minutes.at(-1)).toMatchObject({
      recordedFrom: Number(rows[0]![0]),
      simFrom: simTime(Number(rows[0]![0])),
    });
    // Only GET; Binance has no such path (a client tells the two apart by the 404).
    expect((await fetch(`${sim.restUrl}/__sim/info`, { method: 'POST' })).status).toBe(404);
  });
});
