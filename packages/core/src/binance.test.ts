import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { candleToKlineEvent, klineEventSchema, klineEventToCandle } from './binance';

// Real frames captured from Binance's btcusdt@kline_5m stream (copied from shared/data).
const frames = readFileSync(
  path.join(import.meta.dirname, '../test/fixtures/ws_btcusdt_kline_5m_2020-05-24.jsonl'),
  'utf8',
)
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as unknown);

describe('Binance kline payloads', () => {
  it('parses every real captured frame', () => {
    const candles = frames.map((f) => klineEventToCandle(klineEventSchema.parse(f)));
    expect(candles).toHaveLength(33);
    expect(candles.filter((c) => c.closed)).toHaveLength(1);
    const closed = candles[9]!;
    expect(closed).toMatchObject({
      symbol: 'BTCUSDT',
      interval: '5m',
      closed: true,
      open: '8968.60000000',
      high: '8969.40000000',
      low: '8945.59000000',
      close: '8953.44000000',
      volume: '149.95439000',
      trades: 1881,
    });
    expect(candles[10]!.openTime).toBe(closed.openTime + 300_000);
  });

  it('rejects malformed frames with a reason', () => {
    const bad = structuredClone(frames[0]) as { k: { o: string } };
    bad.k.o = 'NaN';
    const res = klineEventSchema.safeParse(bad);
    expect(res.success).toBe(false);
    expect(klineEventSchema.safeParse({ e: 'trade' }).success).toBe(false);
  });

  it('round-trips a candle through the wire format', () => {
    const c = klineEventToCandle(klineEventSchema.parse(frames[3]));
    expect(klineEventToCandle(candleToKlineEvent(c, 1))).toEqual(c);
  });
});
