import { barOpenTime } from '@coinview/core/interval';
import { describe, expect, it } from 'vitest';
import { DATA_DIR, binanceDecimal, recordedRows, sumDecimals } from '../../test/recorded-rows';
import { loadRecordings } from '../data/recording';
import { MarketReplay } from './market-replay';

const MIN = 60_000;
const rows = recordedRows('btcusdt');
const N = rows.length;
const ANCHOR = Date.UTC(2030, 0, 1, 0, 7); // not aligned to anything but the minute, on purpose
const replay = new MarketReplay(loadRecordings(DATA_DIR), { anchor: ANCHOR });
const FAR_FUTURE = ANCHOR + 1000 * N * MIN;

function expectRecorded(openTime: number, i: number) {
  const row = rows[i]!;
  const bar = replay.bar('BTCUSDT', '1m', openTime, FAR_FUTURE).candle;
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

describe('replay alignment and looping', () => {
  it('plays recorded bar i at anchor + i minutes', () => {
    for (const i of [0, 1, 17, 2500, N - 1]) expectRecorded(ANCHOR + i * MIN, i);
  });

  it('wraps around forwards and backwards', () => {
    expectRecorded(ANCHOR + N * MIN, 0);
    expectRecorded(ANCHOR + (3 * N + 5) * MIN, 5);
    expectRecorded(ANCHOR - MIN, N - 1);
    expectRecorded(ANCHOR - (2 * N + 10) * MIN, N - 10);
    expect(replay.recordingIndexAt('BTCUSDT', ANCHOR - MIN)).toBe(N - 1);
  });

  it('defaults the anchor to the recorded time, so recorded dates replay their own bars', () => {
    const natural = new MarketReplay(loadRecordings(DATA_DIR, ['BTCUSDT']));
    const t = Number(rows[100]![0]);
    expect(natural.bar('BTCUSDT', '1m', t, FAR_FUTURE).candle.close).toBe(
      binanceDecimal(rows[100]![4]),
    );
    expect(natural.bar('BTCUSDT', '1m', t + N * MIN, FAR_FUTURE).candle.close).toBe(
      binanceDecimal(rows[100]![4]),
    );
  });
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

  it('aggregates across the loop seam', () => {
    const seam = ANCHOR + N * MIN;
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
