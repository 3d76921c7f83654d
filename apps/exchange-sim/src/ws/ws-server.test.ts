import { type KlineEvent, combinedFrameSchema, klineEventSchema } from '@coinview/core/binance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLogger } from '../logger';
import { type ExchangeSim, startExchangeSim } from '../server';
import { frameText } from './frame-text';

let sim: ExchangeSim;

// Speed 600: a 1m bar lasts 100 ms of wall time; updates every 15 ms.
beforeAll(async () => {
  sim = await startExchangeSim({
    port: 0,
    speed: 600,
    tickMs: 15,
    pingIntervalMs: 50,
    logger: createLogger('silent'),
  });
});
afterAll(() => sim.stop());

/** Collects messages from `url` until `done(messages)` holds. */
function collect(url: string, done: (messages: unknown[]) => boolean, timeoutMs = 5000) {
  return new Promise<{ messages: unknown[]; pings: number }>((resolve, reject) => {
    const ws = new WebSocket(url);
    const messages: unknown[] = [];
    let pings = 0;
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`timed out with ${messages.length} messages`));
    }, timeoutMs);
    ws.on('ping', () => pings++);
    ws.on('message', (data) => {
      messages.push(JSON.parse(frameText(data)));
      if (done(messages)) {
        clearTimeout(timer);
        ws.close();
        resolve({ messages, pings });
      }
    });
    ws.on('error', reject);
  });
}

/** Checks the stream of one symbol/interval: valid payloads, one close per bar, closes match REST. */
async function checkKlineSequence(events: KlineEvent[]) {
  const closes = events.filter((e) => e.k.x);
  expect(closes.length).toBeGreaterThanOrEqual(2);
  const closedOpenTimes = closes.map((e) => e.k.t);
  expect(new Set(closedOpenTimes).size).toBe(closedOpenTimes.length); // x: true once per bar
  for (let i = 1; i < events.length; i++)
    expect(events[i]!.k.t).toBeGreaterThanOrEqual(events[i - 1]!.k.t);
  for (const close of closes) {
    // Every update of that bar stayed within the final high/low.
    for (const e of events.filter((u) => u.k.t === close.k.t && !u.k.x)) {
      expect(Number(e.k.h)).toBeLessThanOrEqual(Number(close.k.h));
      expect(Number(e.k.l)).toBeGreaterThanOrEqual(Number(close.k.l));
      expect(Number(e.k.v)).toBeLessThanOrEqual(Number(close.k.v));
    }
    const url = `${sim.restUrl}/api/v3/klines?symbol=${close.s}&interval=${close.k.i}&startTime=${close.k.t}&limit=1`;
    const [row] = (await (await fetch(url)).json()) as unknown[][];
    expect(row).toEqual([
      close.k.t,
      close.k.o,
      close.k.h,
      close.k.l,
      close.k.c,
      close.k.v,
      close.k.T,
      close.k.q,
      close.k.n,
      close.k.V,
      close.k.Q,
      '0',
    ]);
  }
}

describe('WebSocket streams', () => {
  it('serves raw kline payloads with closed bars, and pings', async () => {
    const { messages, pings } = await collect(
      `${sim.wsUrl}/ws/btcusdt@kline_1m`,
      (m) => m.filter((x) => (x as KlineEvent).k?.x).length >= 3,
    );
    const events = messages.map((m) => klineEventSchema.parse(m));
    expect(events.every((e) => e.s === 'BTCUSDT' && e.k.i === '1m')).toBe(true);
    expect(events.filter((e) => !e.k.x).length).toBeGreaterThan(events.filter((e) => e.k.x).length);
    await checkKlineSequence(events);
    expect(pings).toBeGreaterThan(0);
  });

  it('serves combined frames for several streams', async () => {
    const streams = ['btcusdt@kline_1m', 'ethusdt@kline_1m', 'ethusdt@kline_5m'];
    // Until the 5m bar closed and each 1m stream closed at least two bars.
    const closesOf = (m: unknown[], stream: string) =>
      (m as { stream: string; data: KlineEvent }[]).filter((f) => f.stream === stream && f.data.k.x)
        .length;
    const { messages } = await collect(
      `${sim.wsUrl}/stream?streams=${streams.join('/')}`,
      (m) =>
        closesOf(m, 'ethusdt@kline_5m') >= 1 &&
        closesOf(m, 'btcusdt@kline_1m') >= 2 &&
        closesOf(m, 'ethusdt@kline_1m') >= 2,
    );
    const frames = messages.map((m) => combinedFrameSchema.parse(m));
    expect(new Set(frames.map((f) => f.stream))).toEqual(new Set(streams));
    for (const stream of streams) {
      const events = frames
        .filter((f) => f.stream === stream)
        .map((f) => klineEventSchema.parse(f.data));
      const [symbol, interval] = stream.split('@kline_');
      expect(events.every((e) => e.s === symbol!.toUpperCase() && e.k.i === interval)).toBe(true);
      if (stream !== 'ethusdt@kline_5m') await checkKlineSequence(events);
    }
    const fiveMinuteClose = frames.find(
      (f) => f.stream === 'ethusdt@kline_5m' && klineEventSchema.parse(f.data).k.x,
    )!;
    const k = klineEventSchema.parse(fiveMinuteClose.data).k;
    expect(k.T - k.t + 1).toBe(300_000);
  });

  it('refuses unknown streams with an error and a close', async () => {
    for (const url of [
      `${sim.wsUrl}/ws/dogeusdt@kline_1m`,
      `${sim.wsUrl}/stream?streams=btcusdt@kline_1m/btcusdt@markPrice`,
    ]) {
      const result = await new Promise<{ code: number; message: unknown }>((resolve, reject) => {
        const ws = new WebSocket(url);
        let message: unknown;
        ws.on('message', (d) => {
          message = JSON.parse(frameText(d));
        });
        ws.on('close', (code) => resolve({ code, message }));
        ws.on('error', reject);
      });
      expect(result.code).toBe(1008);
      expect(result.message).toMatchObject({
        error: { code: 2, msg: expect.stringMatching(/unknown stream/) },
      });
    }
  });

  it('rejects upgrades on unknown paths', async () => {
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${sim.wsUrl}/nope`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(404);
  });
});
