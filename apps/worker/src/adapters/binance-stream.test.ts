import { type AddressInfo } from 'node:net';
import { type KlineEvent, candleToKlineEvent } from '@coinview/core/binance';
import type { Candle } from '@coinview/core/candle';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { BinanceStream } from './binance-stream';

const silent = pino({ level: 'silent' });

function candle(openTime: number, close: string, closed = false): Candle {
  return {
    symbol: 'BTCUSDT', interval: '1m', openTime, closeTime: openTime + 59_999,
    open: '100.00000000', high: '110.00000000', low: '90.00000000', close, volume: '1.00000000',
    quoteVolume: '100.00000000', trades: 3, takerBuyBaseVolume: '0.50000000', takerBuyQuoteVolume: '50.00000000', closed,
  };
}
const frame = (c: Candle) => JSON.stringify({ stream: 'btcusdt@kline_1m', data: candleToKlineEvent(c, c.openTime + 1) });

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fakeExchange(onConnection: (socket: WebSocket, url: string) => void) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  wss.on('connection', (socket, req) => onConnection(socket, req.url ?? ''));
  cleanups.push(() => new Promise<void>((r) => {
    for (const c of wss.clients) c.terminate();
    wss.close(() => r());
  }));
  return `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
}

function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (check()) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error('timed out'));
      }
    }, 5);
  });
}

describe('BinanceStream', () => {
  it('skips malformed frames and keeps delivering valid ones; answers pings', async () => {
    let pongs = 0;
    let requestedUrl = '';
    const wsUrl = await fakeExchange((socket, url) => {
      requestedUrl = url;
      socket.on('pong', () => pongs++);
      socket.ping();
      const badKline = JSON.parse(frame(candle(60_000, '101.00000000'))) as { data: KlineEvent };
      badKline.data.k.o = 'NaN';
      for (const message of [
        'this is not json',
        frame(candle(60_000, '101.00000000')),
        '{"stream":"btcusdt@kline_1m"}',
        JSON.stringify({ stream: 'btcusdt@kline_1m', data: { e: 'trade', p: '1' } }),
        JSON.stringify(badKline),
        '[1,2,3]',
        frame(candle(60_000, '102.00000000', true)),
        frame(candle(120_000, '103.00000000')),
      ]) socket.send(message);
      socket.send(Buffer.from([0xde, 0xad, 0xbe, 0xef]), { binary: true });
      socket.send(frame(candle(120_000, '104.00000000')));
    });
    const received: KlineEvent[] = [];
    const stream = new BinanceStream({ wsUrl, streams: ['btcusdt@kline_1m', 'ethusdt@kline_5m'], logger: silent, onKline: (e) => received.push(e) });
    cleanups.push(() => stream.stop());
    stream.start();
    await until(() => received.length === 4 && pongs > 0);
    expect(requestedUrl).toBe('/stream?streams=btcusdt@kline_1m/ethusdt@kline_5m');
    expect(received.map((e) => [e.k.t, e.k.c, e.k.x])).toEqual([
      [60_000, '101.00000000', false],
      [60_000, '102.00000000', true],
      [120_000, '103.00000000', false],
      [120_000, '104.00000000', false],
    ]);
    expect(stream.stats).toEqual({ connects: 1, events: 4, malformed: 6 });
    expect(stream.connected).toBe(true);
  });

  it('reconnects after the exchange drops it, and reports each open', async () => {
    let connections = 0;
    const wsUrl = await fakeExchange((socket) => {
      connections++;
      socket.send(frame(candle(connections * 60_000, '100.00000000')));
      if (connections === 1) setTimeout(() => socket.terminate(), 20);
    });
    let opens = 0;
    const received: number[] = [];
    const stream = new BinanceStream({
      wsUrl, streams: ['btcusdt@kline_1m'], logger: silent, reconnect: { minMs: 10, maxMs: 50 },
      onKline: (e) => received.push(e.k.t), onOpen: () => opens++,
    });
    cleanups.push(() => stream.stop());
    stream.start();
    await until(() => received.length === 2);
    expect(opens).toBe(2);
    expect(received).toEqual([60_000, 120_000]);
  });

  it('treats a silent connection as dead', async () => {
    let connections = 0;
    const wsUrl = await fakeExchange(() => connections++);
    const stream = new BinanceStream({
      wsUrl, streams: ['btcusdt@kline_1m'], logger: silent, reconnect: { minMs: 10, maxMs: 20 }, idleTimeoutMs: 50,
      onKline: () => undefined,
    });
    cleanups.push(() => stream.stop());
    stream.start();
    await until(() => connections >= 3);
  });

  it('keeps retrying while the exchange is unreachable', async () => {
    const stream = new BinanceStream({
      wsUrl: 'ws://127.0.0.1:9', streams: ['btcusdt@kline_1m'], logger: silent, reconnect: { minMs: 5, maxMs: 10 },
      onKline: () => undefined,
    });
    stream.start();
    await new Promise((r) => setTimeout(r, 100));
    expect(stream.connected).toBe(false);
    await stream.stop();
  });
});
