import { barOpenTime } from '@coinview/core/interval';
import { describe, expect, it } from 'vitest';
import { DATA_DIR, binanceDecimal, recordedRows, sumDecimals } from '../../test/recorded-rows';
import { loadTimelines } from '../data/timeline-files';
import { MarketReplay } from './market-replay';
import { TIMELINE_ANCHOR } from './timeline-index';

const MIN = 60_000;
const rows = recordedRows('btcusdt');
const N = rows.length;
const ANCHOR = Date.UTC(2030, 0, 1, 0, 7); // not aligned to anything but the minute, on purpose
const timelines = loadTimelines(DATA_DIR);
const replay = new MarketReplay(timelines, { anchor: ANCHOR });
const natural = new MarketReplay(timelines);
/** Where the anchored replay plays a recorded instant. */
const sim = (recorded: number) => ANCHOR + (recorded - TIMELINE_ANCHOR);
const FAR_FUTURE = ANCHOR + 40 * 365 * 86_400_000;

function expectRecorded(r: MarketReplay, openTime: number, i: number) {
  const row = rows[i]!;
  const bar = r.bar('BTCUSDT', '1m', openTime, FAR_FUTURE).candle;
  expect(bar).toMatchObject({
    openTime,
    closeTime: openTime + MIN - 1,
    open: binanceDecimal(row[1]),
    high: binanceDecimal(row[2]),
    low: binanceDecimal(row[3]),
    close: binanceDecimal(row[4]),
    volume: binanceDecimal(row[5]),
    quoteVolume: binanceDecimal(row[7]),
    trades: Number(row[8]),
    takerBuyBaseVolume: binanceDecimal(row[9]),
    takerBuyQuoteVolume: binanceDecimal(row[10]),
    closed: true,
  });
}

describe('replay alignment', () => {
  it('plays the complete Oct-2025 recording, every column, where the anchor puts its dates', () => {
    for (const i of [0, 1, 17, 2500, N - 1]) {
      expectRecorded(replay, sim(Number(rows[i]![0])), i);
      expect(replay.timelineAt('BTCUSDT', sim(Number(rows[i]![0])))).toEqual({
        minute: expect.any(Number),
        time: Number(rows[i]![0]),
        reversed: false,
      });
    }
  });

  it('plays 2025-02-04 20:00 UTC at the anchor, recorded minutes just before it', () => {
    expect(replay.timelineAt('BTCUSDT', ANCHOR).time).toBe(TIMELINE_ANCHOR);
    expect(replay.timelineAt('BTCUSDT', ANCHOR - MIN)).toMatchObject({
      time: TIMELINE_ANCHOR - MIN,
      reversed: false,
    });
  });

  it('defaults the anchor to the timeline instant, so recordings replay at their own dates', () => {
    for (const i of [0, 100, N - 1]) expectRecorded(natural, Number(rows[i]![0]), i);
  });

  it('serves the same bars from a fresh instance with the same anchor (a restarted sim)', () => {
    const again = new MarketReplay(loadTimelines(DATA_DIR, undefined, { fresh: true }), {
      anchor: ANCHOR,
    });
    for (const interval of ['1m', '1h', '1d'] as const) {
      const query = { endTime: ANCHOR - 7 * 86_400_000, limit: 300 };
      expect(again.klines('ETHUSDT', interval, query, ANCHOR)).toEqual(
        replay.klines('ETHUSDT', interval, query, ANCHOR),
      );
    }
  }, 30_000);
});

describe('aggregated intervals', () => {
  function expectAggregate(
    interval: '5m' | '15m' | '1h' | '1d',
    openTime: number,
    minutes: number,
  ) {
    const ones = replay
      .klines('BTCUSDT', '1m', { startTime: openTime, limit: minutes }, FAR_FUTURE)
      .map((b) => b.candle);
    expect(ones).toHaveLength(minutes);
    const agg = replay.bar('BTCUSDT', interval, openTime, FAR_FUTURE).candle;
    const highs = ones.map((c) => Number(c.high));
    const lows = ones.map((c) => Number(c.low));
    expect(agg).toMatchObject({
      openTime,
      closeTime: openTime + minutes * MIN - 1,
      open: ones[0]!.open,
      close: ones.at(-1)!.close,
      volume: sumDecimals(ones.map((c) => c.volume)),
      quoteVolume: sumDecimals(ones.map((c) => c.quoteVolume)),
      takerBuyBaseVolume: sumDecimals(ones.map((c) => c.takerBuyBaseVolume)),
      takerBuyQuoteVolume: sumDecimals(ones.map((c) => c.takerBuyQuoteVolume)),
      trades: ones.reduce((n, c) => n + c.trades, 0),
      closed: true,
    });
    expect(Number(agg.high)).toBe(Math.max(...highs));
    expect(Number(agg.low)).toBe(Math.min(...lows));
  }

  it('builds 5m, 15m, 1h and 1d bars from the 1m bars they contain', () => {
    const t = barOpenTime(ANCHOR + 1000 * MIN, '1d');
    expectAggregate('5m', barOpenTime(ANCHOR + 733 * MIN, '5m'), 5);
    expectAggregate('15m', barOpenTime(ANCHOR + 2000 * MIN, '15m'), 15);
    expectAggregate('1h', barOpenTime(ANCHOR + 3000 * MIN, '1h'), 60);
    expectAggregate('1d', t, 1440);
  });

  it('aggregates across the ping-pong turn at the end of the timeline', () => {
    const { timeline, index } = replay.timelineOf('BTCUSDT');
    const seam = ANCHOR + (timeline.length - index.offset) * MIN;
    const open = barOpenTime(seam - 3 * MIN, '15m');
    expect(open).toBeLessThan(seam);
    expect(open + 15 * MIN).toBeGreaterThan(seam);
    expectAggregate('15m', open, 15);
  });

  it('serves every Binance interval, including weeks and months longer than the recording', () => {
    for (const interval of [
      '3m',
      '30m',
      '2h',
      '4h',
      '6h',
      '8h',
      '12h',
      '3d',
      '1w',
      '1M',
    ] as const) {
      const [bar] = replay.klines(
        'BTCUSDT',
        interval,
        { limit: 1, endTime: FAR_FUTURE - 40 * 86_400_000 },
        FAR_FUTURE,
      );
      expect(bar!.candle.interval).toBe(interval);
      expect(bar!.candle.closed).toBe(true);
      expect(Number(bar!.candle.low)).toBeLessThanOrEqual(Number(bar!.candle.high));
    }
  });
});

describe('the forming bar', () => {
  const now = barOpenTime(ANCHOR + 300 * MIN, '5m') + 2 * MIN + 30_000; // 2.5 minutes into a 5m bar

  it('is the last kline, not closed, and consistent with its 1m bars', () => {
    const fives = replay.klines('BTCUSDT', '5m', { limit: 3 }, now).map((b) => b.candle);
    expect(fives).toHaveLength(3);
    const forming = fives.at(-1)!;
    expect(forming.openTime).toBe(barOpenTime(now, '5m'));
    expect(forming.closed).toBe(false);
    expect(fives.slice(0, 2).every((c) => c.closed)).toBe(true);
    const ones = replay
      .klines('BTCUSDT', '1m', { startTime: forming.openTime, limit: 10 }, now)
      .map((b) => b.candle);
    expect(ones).toHaveLength(3);
    expect(ones.map((c) => c.closed)).toEqual([true, true, false]);
    expect(forming.open).toBe(ones[0]!.open);
    expect(forming.close).toBe(ones[2]!.close);
    expect(forming.volume).toBe(sumDecimals(ones.map((c) => c.volume)));
    expect(forming.trades).toBe(ones.reduce((n, c) => n + c.trades, 0));
  });

  it('refuses bars that have not opened', () => {
    expect(() => replay.bar('BTCUSDT', '1m', barOpenTime(now, '1m') + MIN, now)).toThrow(
      /not opened/,
    );
  });
});

describe('klines windows', () => {
  const now = ANCHOR + 10_000 * MIN + 12_345;
  const current = barOpenTime(now, '1m');

  it('returns the newest bars ending with the forming one', () => {
    const bars = replay.klines('BTCUSDT', '1m', { limit: 500 }, now);
    expect(bars).toHaveLength(500);
    expect(bars.at(-1)!.candle.openTime).toBe(current);
    expect(bars[0]!.candle.openTime).toBe(current - 499 * MIN);
  });

  it('starts at the first bar opening at or after startTime and stops at endTime', () => {
    const bars = replay.klines(
      'BTCUSDT',
      '1m',
      { startTime: current - 10 * MIN + 1, endTime: current - 3 * MIN, limit: 500 },
      now,
    );
    expect(bars.map((b) => (b.candle.openTime - current) / MIN)).toEqual([
      -9, -8, -7, -6, -5, -4, -3,
    ]);
  });

  it('never serves the future', () => {
    const bars = replay.klines(
      'BTCUSDT',
      '1h',
      { startTime: barOpenTime(now, '1h') - 2 * 3_600_000, endTime: now + 86_400_000, limit: 10 },
      now,
    );
    expect(bars.at(-1)!.candle.openTime).toBe(barOpenTime(now, '1h'));
    expect(bars).toHaveLength(3);
  });
});
