// The replayed history over the real shipped files, as clients see it (MarketReplay.klines/bar):
// no default chart span repeats, every interval is the aggregate of the finer ones across every
// region and seam, and the recorded minutes play where the anchor puts them.
import { describe, expect, it } from 'vitest';
import { DATA_DIR, binanceDecimal, recordedRows } from '../../test/recorded-rows';
import { loadRecordings } from '../data/recording';
import { loadTimelines } from '../data/timeline-files';
import { mulberry32 } from './intrabar-path';
import { MarketReplay, type SimCandle, TRADE_ID_BASE } from './market-replay';
import { RecordingIndex } from './recording-index';
import { TIMELINE_ANCHOR } from './timeline-index';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** The web chart's default span (apps/web's HISTORY_LIMIT). */
const SPAN = 1000;
const ANCHOR = Date.UTC(2031, 5, 1);
const timelines = loadTimelines(DATA_DIR);
const replay = new MarketReplay(timelines, { anchor: ANCHOR });
/** Sim time of a recorded instant (the forward leg around the anchor). */
const sim = (t: number) => ANCHOR + (t - TIMELINE_ANCHOR);
const FAR = ANCHOR + 100 * 365 * DAY;

/** Closes of `count` consecutive bars of `interval` from `from`, as served. */
function closes(symbol: string, interval: '1h' | '1d', from: number, count: number): string[] {
  const out: string[] = [];
  const step = interval === '1h' ? HOUR : DAY;
  for (let t = from; out.length < count; t += 1000 * step) {
    const limit = Math.min(1000, count - out.length);
    for (const b of replay.klines(symbol, interval, { startTime: t, limit }, FAR))
      out.push(b.candle.close);
  }
  return out;
}

/**
 * The first two different offsets i < j with series[i, i + window) equal to series[j, j + window),
 * or undefined. Offsets are bucketed by their first 8 values; only buckets with more than one
 * offset are compared in full.
 */
function firstRepeat(series: readonly string[], window: number): [number, number] | undefined {
  const buckets = new Map<string, number[]>();
  for (let i = 0; i + window <= series.length; i++) {
    const key = series.slice(i, i + 8).join(',');
    const list = buckets.get(key);
    if (list) list.push(i);
    else buckets.set(key, [i]);
  }
  for (const list of buckets.values()) {
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) {
        const [i, j] = [list[a]!, list[b]!];
        let same = true;
        for (let k = 0; k < window && same; k++) same = series[i + k] === series[j + k];
        if (same) return [i, j];
      }
    }
  }
  return undefined;
}

describe('no default chart span repeats', () => {
  const { index } = replay.timelineOf('BTCUSDT');
  const periodHours = index.period / 60;
  // Start half a span before the ping-pong turn at the timeline's start, so the windows cover a
  // whole loop plus a span, through both turns.
  const loopStart = ANCHOR - index.offset * MIN - periodHours * HOUR;

  it.each(['BTCUSDT', 'ETHUSDT'])(
    '%s: no window of 1,000 daily bars is played twice in a whole loop (both turns included)',
    (symbol) => {
      const days = closes(symbol, '1d', loopStart, periodHours / 24 + SPAN - 1);
      expect(days.length).toBe(2 * 3260 + SPAN - 1);
      expect(firstRepeat(days, SPAN)).toBeUndefined();
      // The same series does repeat with the loop: the check sees a repeat when there is one.
      expect(
        firstRepeat(closes(symbol, '1d', loopStart, periodHours / 24 + 2 * SPAN), SPAN),
      ).toEqual([0, 2 * 3260]);
    },
    60_000,
  );

  it.each(['BTCUSDT', 'ETHUSDT'])(
    '%s: no window of 1,000 hourly bars is played twice in a whole loop',
    (symbol) => {
      const hours = closes(symbol, '1h', loopStart, periodHours + SPAN - 1);
      expect(firstRepeat(hours, SPAN)).toBeUndefined();
    },
    120_000,
  );

  it('the old single-recording loop (3 days) fails the same check', () => {
    const [btc] = loadRecordings(DATA_DIR, ['BTCUSDT']);
    const old = new RecordingIndex(btc!);
    // Hourly closes as the old replay served them: minute m played recorded bar m mod 4,320.
    const hours = Array.from({ length: 3 * SPAN }, (_, h) => old.bar(h * 60 + 59).close.toString());
    expect(firstRepeat(hours, SPAN)).toEqual([0, 72]);
  });
});

type Totals = Record<
  'volume' | 'quoteVolume' | 'takerBuyBaseVolume' | 'takerBuyQuoteVolume',
  bigint
> & { open: string; high: bigint; low: bigint; close: string; trades: number };

const units = (s: string) => BigInt(s.replace('.', ''));

function aggregate(bars: SimCandle[]): Totals {
  return {
    open: bars[0]!.open,
    close: bars.at(-1)!.close,
    high: bars.map((b) => units(b.high)).reduce((a, b) => (a > b ? a : b)),
    low: bars.map((b) => units(b.low)).reduce((a, b) => (a < b ? a : b)),
    volume: bars.reduce((s, b) => s + units(b.volume), 0n),
    quoteVolume: bars.reduce((s, b) => s + units(b.quoteVolume), 0n),
    takerBuyBaseVolume: bars.reduce((s, b) => s + units(b.takerBuyBaseVolume), 0n),
    takerBuyQuoteVolume: bars.reduce((s, b) => s + units(b.takerBuyQuoteVolume), 0n),
    trades: bars.reduce((s, b) => s + b.trades, 0),
  };
}

describe('every interval is the aggregate of the finer ones, everywhere', () => {
  const btc = replay.timelineOf('BTCUSDT');
  const turnEnd = ANCHOR + (btc.timeline.length - btc.index.offset) * MIN;
  const turnStart = ANCHOR - btc.index.offset * MIN;
  // Joins between regions and the ping-pong turns, in sim time, plus seeded random instants.
  const seams = [
    sim(Date.UTC(2024, 9, 1, 3)), // first recorded minute of Oct 2024
    sim(Date.UTC(2024, 10, 4, 20, 19)), // last one
    sim(Date.UTC(2024, 10, 30, 23)),
    sim(Date.UTC(2024, 11, 29, 23)),
    sim(Date.UTC(2025, 0, 1, 3)),
    sim(TIMELINE_ANCHOR + 19 * MIN),
    sim(Date.UTC(2025, 9, 29, 4, 22)),
    sim(Date.UTC(2025, 10, 1, 4, 21)),
    sim(Date.UTC(2024, 6, 19, 20)), // first recorded hour
    sim(Date.UTC(2026, 6, 19, 16)), // first hour after the last recorded one
    sim(Date.UTC(2017, 7, 17)),
    sim(Date.UTC(2018, 1, 8)), // the halted day
    turnEnd,
    turnStart,
  ];
  const random = mulberry32(2024);
  const instants = [
    ...seams,
    ...Array.from({ length: 12 }, () => turnStart + Math.floor(random() * btc.index.period) * MIN),
  ];

  function check(symbol: string, r: MarketReplay, at: number) {
    const hour = Math.floor(at / HOUR) * HOUR;
    const minutes = r
      .klines(symbol, '1m', { startTime: hour, limit: 60 }, FAR)
      .map((b) => b.candle);
    const h = r.bar(symbol, '1h', hour, FAR).candle;
    expect(aggregate([h]), `${symbol} 1h at ${new Date(hour).toISOString()}`).toEqual(
      aggregate(minutes),
    );
    for (const [coarse, n] of [
      ['4h', 4],
      ['1d', 24],
    ] as const) {
      const open = r.klines(symbol, coarse, { endTime: at, limit: 1 }, FAR)[0]!.candle;
      const hours = r
        .klines(symbol, '1h', { startTime: open.openTime, limit: n }, FAR)
        .map((b) => b.candle);
      expect(hours).toHaveLength(n);
      expect(
        aggregate([open]),
        `${symbol} ${coarse} at ${new Date(open.openTime).toISOString()}`,
      ).toEqual(aggregate(hours));
    }
  }

  it.each(['BTCUSDT', 'ETHUSDT'])(
    '%s, anchored on a day',
    (symbol) => {
      for (const at of instants) check(symbol, replay, at);
    },
    60_000,
  );

  it('BTCUSDT, anchored off the hour (sim hours straddle timeline hours)', () => {
    const odd = new MarketReplay(timelines, { anchor: ANCHOR + 7 * MIN });
    for (const at of instants) check('BTCUSDT', odd, at + 7 * MIN);
  }, 60_000);

  it('is continuous: every 1m bar opens at the previous close, across the seams', () => {
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      for (const at of seams) {
        const bars = replay.klines(symbol, '1m', { startTime: at - 30 * MIN, limit: 60 }, FAR);
        for (let i = 1; i < bars.length; i++) {
          const gap = Math.abs(Number(bars[i]!.candle.open) - Number(bars[i - 1]!.candle.close));
          // Where two recorded sources meet, they may disagree by a few ticks: a real gap.
          expect(
            gap,
            `${symbol} at ${new Date(bars[i]!.candle.openTime).toISOString()}`,
          ).toBeLessThan(Number(bars[i - 1]!.candle.close) * 0.002);
        }
      }
    }
  });
});

describe('the recordings play where the anchor puts them', () => {
  it.each(['btcusdt', 'ethusdt'] as const)(
    '%s: the 30 days before the anchor are the Jan-2025 recording, row for row',
    (symbol) => {
      const rows = recordedRows(symbol, `${symbol}_1m_2025-01-01_2025-02-04.csv.gz`);
      const last = rows.length - 1 - 20; // 20:00 UTC, the minute the anchor plays
      const first = last - 30 * 1440;
      const served = [];
      for (let t = sim(Number(rows[first]![0])); served.length < 30 * 1440; t += 1000 * MIN)
        served.push(
          ...replay.klines(
            symbol.toUpperCase(),
            '1m',
            { startTime: t, endTime: ANCHOR - 1, limit: 1000 },
            FAR,
          ),
        );
      expect(served.at(-1)!.candle.openTime).toBe(ANCHOR - MIN);
      served.forEach((b, k) => {
        const row = rows[first + k]!;
        const c = b.candle;
        if (
          c.open !== binanceDecimal(row[1]) ||
          c.high !== binanceDecimal(row[2]) ||
          c.low !== binanceDecimal(row[3]) ||
          c.close !== binanceDecimal(row[4]) ||
          c.volume !== binanceDecimal(row[5])
        )
          expect(c).toMatchObject({ row });
      });
    },
    60_000,
  );
});

describe('trade and aggregate trade ids', () => {
  const btc = replay.timelineOf('BTCUSDT');
  const turnEnd = ANCHOR + (btc.timeline.length - btc.index.offset) * MIN;

  it('stay positive back to 1970 and grow with time, through the turns', () => {
    const points = [0, ANCHOR - 60 * 365 * DAY, turnEnd - MIN, turnEnd, turnEnd + MIN, ANCHOR, FAR];
    const ids = points
      .sort((a, b) => a - b)
      .map((t) => replay.tape('BTCUSDT', Math.floor(t / MIN) * MIN));
    for (const [i, t] of ids.entries()) {
      expect(t.firstTradeId).toBeGreaterThan(0);
      expect(t.firstAggTradeId).toBeGreaterThan(0);
      if (i > 0) {
        expect(t.firstTradeId).toBeGreaterThanOrEqual(
          ids[i - 1]!.firstTradeId + ids[i - 1]!.bar.trades,
        );
        expect(t.firstAggTradeId).toBeGreaterThanOrEqual(
          ids[i - 1]!.firstAggTradeId + ids[i - 1]!.tape.aggCount,
        );
      }
    }
    expect(ids[0]!.firstTradeId).toBeLessThan(TRADE_ID_BASE);
  });

  it('find their minute again from an aggregate trade id, on both legs of the loop', () => {
    const random = mulberry32(9);
    const starts = [turnEnd - 90 * MIN, ANCHOR - 40 * DAY, ANCHOR - 400 * DAY, turnEnd + 3 * DAY];
    for (const start of starts) {
      for (let n = 0; n < 20; n++) {
        const open = start + Math.floor(random() * 180) * MIN;
        const t = replay.tape('BTCUSDT', open);
        if (t.tape.aggCount === 0) continue;
        const k = Math.floor(random() * t.tape.aggCount);
        expect(replay.aggTradeBarOpen('BTCUSDT', t.firstAggTradeId + k)).toBe(open);
      }
    }
  });
});
