// The engine on real recorded bars (BTCUSDT 1m) against offline computations written here
// independently, and every operator on small hand-made series with the bars it must fire on.
import { describe, expect, it } from 'vitest';
import { loadBars } from '../../test/load-bars';
import type { ChartBar } from '../candle';
import { Bollinger } from '../indicators/bollinger';
import { Ema } from '../indicators/ema';
import { Rsi } from '../indicators/rsi';
import { MarketRules } from './market-rules';
import {
  alertRuleSchema,
  type AlertRule,
  type AlertRuleInput,
  type Condition,
  type Operand,
} from './rule';

const real = loadBars();
const T0 = 1_700_000_000; // s

function rule(condition: Condition, extra: Partial<AlertRuleInput> = {}): AlertRule {
  return alertRuleSchema.parse({ symbol: 'BTCUSDT', interval: '1m', condition, ...extra });
}

function flat(closes: number[]): ChartBar[] {
  return closes.map((c, i) => ({
    time: T0 + i * 60,
    open: c,
    high: c,
    low: c,
    close: c,
    volume: 1,
  }));
}

const close = { kind: 'price', field: 'close' } as const;
const value = (v: number) => ({ kind: 'value', value: v }) as const;
const rsi14 = { kind: 'indicator', id: 'rsi', params: { period: 14 }, output: 'value' } as const;

/** Runs the bars through close() and returns the indexes of the bars each rule fired on. */
function fireBars(book: MarketRules, bars: ChartBar[], now = 0): number[] {
  const out: number[] = [];
  bars.forEach((b, i) => {
    for (const f of book.close(b, now)) {
      expect(f.barOpenTime).toBe(b.time * 1000);
      out.push(i);
    }
  });
  return out;
}

function firesOf(condition: Condition, closes: number[]): number[] {
  const book = new MarketRules('BTCUSDT', '1m');
  book.add('r', rule(condition));
  return fireBars(book, flat(closes));
}

describe('MarketRules on real bars', () => {
  it('RSI 14 crosses below 30 fires exactly where an offline computation says', () => {
    const rsi = new Rsi({ period: 14, source: 'close' }).compute(real);
    const expected: number[] = [];
    for (let i = 1; i < rsi.length; i++) {
      const a = rsi[i - 1];
      const b = rsi[i];
      if (a != null && b != null && a >= 30 && b < 30) expected.push(i);
    }
    expect(expected.length).toBeGreaterThan(3);
    const book = new MarketRules('BTCUSDT', '1m');
    book.add('r', rule({ op: 'crosses-below', left: rsi14, right: value(30) }));
    const idx = fireBars(book, real);
    expect(idx).toEqual(expected);
  });

  it('reports the compared values by label', () => {
    const rsi = new Rsi({ period: 14, source: 'close' }).compute(real);
    const book = new MarketRules('BTCUSDT', '1m');
    book.add('r', rule({ op: 'less-than', left: rsi14, right: value(30) }));
    const fires = real.flatMap((b) => book.close(b, 0));
    expect(fires.length).toBeGreaterThan(0);
    const f = fires[0]!;
    const i = real.findIndex((b) => b.time * 1000 === f.barOpenTime);
    expect(f.values).toEqual({ 'RSI 14': rsi[i], Value: 30 });
    expect(f.close).toBe(real[i]!.close);
    expect(f.trigger).toBe('bar-close');
  });

  it('EMA 9 crosses EMA 21 and Close entering BB 20 2 match offline computations', () => {
    const fast = new Ema({ period: 9, source: 'close' }).compute(real);
    const slow = new Ema({ period: 21, source: 'close' }).compute(real);
    const bb = new Bollinger({ period: 20, stdDev: 2, source: 'close' }).compute(real);
    const crosses: number[] = [];
    const entering: number[] = [];
    for (let i = 1; i < real.length; i++) {
      const [f0, s0, f1, s1] = [fast[i - 1], slow[i - 1], fast[i], slow[i]];
      if (f0 != null && s0 != null && f1 != null && s1 != null)
        if (Math.sign(f0 - s0) !== Math.sign(f1 - s1) && f1 !== s1) crosses.push(i);
      const b0 = bb[i - 1];
      const b1 = bb[i];
      if (b0 && b1) {
        const out0 = real[i - 1]!.close > b0.upper || real[i - 1]!.close < b0.lower;
        const in1 = real[i]!.close <= b1.upper && real[i]!.close >= b1.lower;
        if (out0 && in1) entering.push(i);
      }
    }
    expect(crosses.length).toBeGreaterThan(5);
    expect(entering.length).toBeGreaterThan(5);
    const book = new MarketRules('BTCUSDT', '1m');
    const ema = (period: number) =>
      ({ kind: 'indicator', id: 'ema', params: { period }, output: 'value' }) as const;
    book.add('x', rule({ op: 'crosses', left: ema(9), right: ema(21) }));
    book.add(
      'bb',
      rule({
        op: 'entering-channel',
        left: close,
        channel: { kind: 'bands', id: 'bb', params: {} },
      }),
    );
    const got = { x: [] as number[], bb: [] as number[] };
    real.forEach((b, i) => {
      for (const f of book.close(b, 0)) got[f.ruleId as 'x' | 'bb'].push(i);
    });
    expect(got.x).toEqual(crosses);
    expect(got.bb).toEqual(entering);
  });

  it('is deterministic: two books fed the same bars fire the same', () => {
    const make = () => {
      const book = new MarketRules('BTCUSDT', '1m');
      book.add('a', rule({ op: 'crosses-above', left: rsi14, right: value(70) }));
      book.add(
        'b',
        rule({
          any: [
            { op: 'moving-up', left: close, by: 0.1, unit: 'percent', bars: 5 },
            {
              op: 'exiting-channel',
              left: close,
              channel: { kind: 'bands', id: 'keltner', params: {} },
            },
          ],
        }),
      );
      book.add(
        'c',
        rule(
          { op: 'crosses', left: rsi14, right: value(50) },
          { trigger: 'intrabar', frequency: 'once-per-bar' },
        ),
      );
      return book;
    };
    const run = (book: MarketRules) =>
      real.flatMap((b) => [
        ...book.tick({ ...b, close: b.open }, 0),
        ...book.tick({ ...b, close: b.high }, 0),
        ...book.close(b, 0),
      ]);
    const a = run(make());
    const b = run(make());
    expect(a.length).toBeGreaterThan(50);
    expect(b).toEqual(a);
  });
});

describe('operators on hand-made series', () => {
  it.each([
    ['crosses-above', [8, 9, 10, 11, 12, 9, 10, 11], [3, 7]],
    ['crosses-below', [12, 11, 10, 9, 10, 11, 10, 9], [3, 7]],
    ['crosses', [8, 12, 8, 12, 12], [1, 2, 3]],
    ['greater-than', [9, 10, 11, 12, 10], [2, 3]],
    ['less-than', [9, 10, 11, 12, 10], [0]],
  ] as const)('%s 10', (op, closes, expected) => {
    expect(firesOf({ op, left: close, right: value(10) }, [...closes])).toEqual(expected);
  });

  const lines = { kind: 'lines', upper: value(20), lower: value(10) } as const;
  const zones = [5, 15, 25, 15, 20, 5, 10];
  it.each([
    ['entering-channel', [1, 3, 6]],
    ['exiting-channel', [2, 5]],
    ['inside-channel', [1, 3, 4, 6]],
    ['outside-channel', [0, 2, 5]],
  ] as const)('%s 10–20 (bounds inside)', (op, expected) => {
    expect(firesOf({ op, left: close, channel: lines }, zones)).toEqual(expected);
  });

  it('moving up by a value within N bars: current − lowest of the N bars before', () => {
    const c = { op: 'moving-up', left: close, by: 5, unit: 'value', bars: 3 } as const;
    expect(firesOf(c, [10, 11, 12, 13, 16, 14, 20])).toEqual([4, 6]);
  });

  it('moving down by a percent within N bars: from the highest of the N bars before', () => {
    const c = { op: 'moving-down', left: close, by: 10, unit: 'percent', bars: 2 } as const;
    expect(firesOf(c, [100, 100, 95, 89, 90, 80])).toEqual([3, 5]);
  });

  it('all and any', () => {
    const gt = { op: 'greater-than', left: close, right: value(10) } as const;
    const lt = { op: 'less-than', left: close, right: value(20) } as const;
    expect(firesOf({ all: [gt, lt] }, [5, 15, 25])).toEqual([1]);
    expect(
      firesOf(
        {
          any: [
            { op: 'less-than', left: close, right: value(10) },
            { op: 'greater-than', left: close, right: value(20) },
          ],
        },
        [5, 15, 25],
      ),
    ).toEqual([0, 2]);
  });

  it('a series still warming up makes its comparison false', () => {
    const closes = Array.from({ length: 30 }, (_, i) => 100 + (i % 3));
    // RSI 14's first value is at bar 14; crossing needs a value on the bar before too.
    expect(firesOf({ op: 'greater-than', left: rsi14, right: value(-1) }, closes)[0]).toBe(14);
    const crossAll: Condition = {
      any: [
        { op: 'crosses-above', left: rsi14, right: value(-1) },
        { op: 'crosses-below', left: rsi14, right: value(101) },
      ],
    };
    expect(firesOf(crossAll, closes)).toEqual([]);
  });

  it('ignores a bar at or before the last committed one', () => {
    const book = new MarketRules('BTCUSDT', '1m');
    book.add('r', rule({ op: 'greater-than', left: close, right: value(0) }));
    const [a, b] = flat([1, 2]);
    expect(book.close(a!, 0)).toHaveLength(1);
    expect(book.close(b!, 0)).toHaveLength(1);
    expect(book.close(b!, 0)).toEqual([]);
    expect(book.close(a!, 0)).toEqual([]);
  });
});

describe('a drawn line as a series (the line operand)', () => {
  // A trend line from (bar 2, 100) to (bar 6, 120): 5 per bar, so 100, 105, 110, 115, 120 on
  // bars 2…6, and no value outside them (a segment).
  const trend = (kind: 'trend-line' | 'ray' | 'extended-line'): Operand => ({
    kind: 'line',
    line: {
      kind,
      anchors: [
        { time: T0 + 2 * 60, price: 100 },
        { time: T0 + 6 * 60, price: 120 },
      ],
    },
  });
  //            bar:  0    1    2    3    4    5    6    7    8    9
  const closes = [90, 95, 99, 104, 112, 113, 121, 123, 126, 131];
  // close − line: bar 2 −1, 3 −1, 4 +2 (crossed above), 5 −2 (below), 6 +1 (above);
  // the ray and the extended line go on: bar 7 125 (−2), 8 130 (−4), 9 135 (−4); the extended line
  // also exists before bar 2: bar 0 90 (0: equal), 1 95 (0).
  it('close crossing a sloped trend line fires on the bars worked out by hand', () => {
    expect(
      firesOf({ op: 'crosses-above', left: close, right: trend('trend-line') }, closes),
    ).toEqual([4, 6]);
    expect(
      firesOf({ op: 'crosses-below', left: close, right: trend('trend-line') }, closes),
    ).toEqual([5]);
    // Past its second point a trend line has no value: bar 7 (123 < 125 on the ray) does not fire.
    expect(firesOf({ op: 'crosses-below', left: close, right: trend('ray') }, closes)).toEqual([
      5, 7,
    ]);
    // The extended line: bars 0 and 1 sit on it (not above), bar 2 below: no crossing before 4.
    expect(
      firesOf({ op: 'crosses-above', left: close, right: trend('extended-line') }, closes),
    ).toEqual([4, 6]);
    expect(
      firesOf({ op: 'less-than', left: close, right: trend('extended-line') }, closes),
    ).toEqual([2, 3, 5, 7, 8, 9]);
  });

  it('a horizontal ray exists from its point on; a channel of two lines', () => {
    const ray: Operand = {
      kind: 'line',
      line: { kind: 'horizontal-ray', anchors: [{ time: T0 + 5 * 60, price: 110 }] },
    };
    // Above 110 from bar 4 on, but the ray starts at bar 5: the first crossing it sees is none
    // (bar 5 has no bar before it on the ray), so "greater than" holds on 5…9 and nothing crosses.
    expect(firesOf({ op: 'greater-than', left: close, right: ray }, closes)).toEqual([
      5, 6, 7, 8, 9,
    ]);
    expect(firesOf({ op: 'crosses-above', left: close, right: ray }, closes)).toEqual([]);
    // Between the extended line and a line 10 below it: entering and exiting.
    const lower: Operand = {
      kind: 'line',
      line: {
        kind: 'extended-line',
        anchors: [
          { time: T0 + 2 * 60, price: 90 },
          { time: T0 + 6 * 60, price: 110 },
        ],
      },
    };
    // Upper (the extended line) by bar: 90 95 100 105 110 115 120 125 130 135; lower: 80 85 90 95
    // 100 105 110 115 120 125. Close's zone: 0–3 inside (bar 0 on the upper line counts as
    // inside), 4 above (112 > 110), 5 inside, 6 above (121 > 120), 7–9 inside.
    expect(
      firesOf(
        {
          op: 'exiting-channel',
          left: close,
          channel: { kind: 'lines', upper: trend('extended-line'), lower },
        },
        closes,
      ),
    ).toEqual([4, 6]);
    expect(
      firesOf(
        {
          op: 'entering-channel',
          left: close,
          channel: { kind: 'lines', upper: trend('extended-line'), lower },
        },
        closes,
      ),
    ).toEqual([5, 7]);
  });

  it('reports the line by its points in a fire, and refuses a vertical line', () => {
    const book = new MarketRules('BTCUSDT', '1m');
    book.add('r', rule({ op: 'crosses-above', left: close, right: trend('trend-line') }));
    const fires = flat(closes).flatMap((b) => book.close(b, 0));
    expect(fires[0]!.values).toEqual({ Close: 112, 'Trend line 100 → 120': 110 });
    const vertical = alertRuleSchema.safeParse({
      symbol: 'BTCUSDT',
      interval: '1m',
      condition: {
        op: 'crosses-above',
        left: close,
        right: {
          kind: 'line',
          line: {
            kind: 'trend-line',
            anchors: [
              { time: T0, price: 1 },
              { time: T0, price: 2 },
            ],
          },
        },
      },
    });
    expect(vertical.success).toBe(false);
    expect(vertical.error!.issues[0]!.message).toBe(
      'A sloped line needs two points at different times',
    );
  });
});
