// Proof of fidelity: `binance` (tiagosiebler/binance, a widely used third-party client), pointed at
// the sim instead of Binance, streams klines (it connects to /stream and SUBSCRIBEs live, like it
// does against Binance) and fetches klines and exchangeInfo, parsing everything with its own types.
import { MainClient, WebsocketClient } from 'binance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from './logger';
import { type ExchangeSim, startExchangeSim } from './server';

const quiet = { trace: () => undefined, info: () => undefined, error: () => undefined };
let sim: ExchangeSim;

beforeAll(async () => {
  sim = await startExchangeSim({ port: 0, speed: 600, tickMs: 15, logger: createLogger('silent') });
});
afterAll(() => sim.stop());

describe('the `binance` npm client against the sim', () => {
  it('fetches exchangeInfo and klines over REST', async () => {
    const client = new MainClient({ baseUrl: sim.restUrl, disableTimeSync: true });
    const info = await client.getExchangeInfo();
    expect(info.symbols.map((s) => s.symbol).sort()).toEqual(['BTCUSDT', 'ETHUSDT']);
    const btc = info.symbols.find((s) => s.symbol === 'BTCUSDT')!;
    expect(btc.baseAsset).toBe('BTC');
    expect(btc.filters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ filterType: 'PRICE_FILTER', tickSize: '0.01000000' }),
        expect.objectContaining({ filterType: 'LOT_SIZE', stepSize: '0.00001000' }),
        expect.objectContaining({ filterType: 'NOTIONAL', minNotional: '5.00000000' }),
      ]),
    );
    expect(info.rateLimits).toContainEqual({
      rateLimitType: 'REQUEST_WEIGHT',
      interval: 'MINUTE',
      intervalNum: 1,
      limit: 6000,
    });

    const klines = await client.getKlines({ symbol: 'ETHUSDT', interval: '5m', limit: 10 });
    expect(klines).toHaveLength(10);
    for (let i = 1; i < klines.length; i++) expect(klines[i]![0] - klines[i - 1]![0]).toBe(300_000);
    const [openTime, open, high, low, close] = klines.at(-2)!;
    const bar = sim.replay.bar('ETHUSDT', '5m', openTime, sim.now()).candle;
    expect([open, high, low, close]).toEqual([bar.open, bar.high, bar.low, bar.close]);
  });

  it('streams klines through a live SUBSCRIBE on a combined connection', async () => {
    const ws = new WebsocketClient({ wsUrl: sim.wsUrl, beautify: true }, quiet);
    const closed: { symbol: string; interval: string; startTime: number; close: number }[] = [];
    const updates: unknown[] = [];
    try {
      const done = new Promise<void>((resolve, reject) => {
        ws.on('formattedMessage', (event: unknown) => {
          const e = event as {
            eventType?: string;
            kline?: {
              final: boolean;
              symbol: string;
              interval: string;
              startTime: number;
              close: number;
            };
          };
          if (e.eventType !== 'kline' || !e.kline) return;
          updates.push(e);
          if (e.kline.final) closed.push(e.kline);
          if (closed.length >= 2) resolve();
        });
        ws.on('exception', (err: unknown) =>
          reject(new Error(`client reported ${JSON.stringify(err)}`)),
        );
      });
      void ws.subscribeSpotKline('BTCUSDT', '1m');
      await done;
    } finally {
      ws.closeAll(true);
    }
    expect(updates.length).toBeGreaterThan(closed.length);
    for (const k of closed) {
      expect([k.symbol, k.interval]).toEqual(['BTCUSDT', '1m']);
      // The client parses prices into numbers; they match the bar the sim serves over REST.
      expect(k.close).toBe(
        Number(sim.replay.bar('BTCUSDT', '1m', k.startTime, sim.now()).candle.close),
      );
    }
  });
});
