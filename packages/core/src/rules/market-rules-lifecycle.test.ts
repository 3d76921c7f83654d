// When rules may fire (intrabar vs close, frequency, expiry), how books share and warm indicator
// instances, and what an invalid rule is refused with.
import { describe, expect, it } from 'vitest';
import { loadBars } from '../../test/load-bars';
import type { ChartBar } from '../candle';
import { Rsi } from '../indicators/rsi';
import { MarketRules } from './market-rules';
import {
  alertRuleSchema,
  describeRuleError,
  type AlertRule,
  type AlertRuleInput,
  type Condition,
} from './rule';

const real = loadBars();
const T0 = 1_700_000_000;

function rule(condition: Condition, extra: Partial<AlertRuleInput> = {}): AlertRule {
  return alertRuleSchema.parse({ symbol: 'BTCUSDT', interval: '1m', condition, ...extra });
}
const bar = (i: number, c: number): ChartBar => ({
  time: T0 + i * 60,
  open: c,
  high: c,
  low: c,
  close: c,
  volume: 1,
});
const close = { kind: 'price', field: 'close' } as const;
const value = (v: number) => ({ kind: 'value', value: v }) as const;
const rsi = (period: number, extra: Record<string, unknown> = {}) =>
  ({ kind: 'indicator', id: 'rsi', params: { period, ...extra }, output: 'value' }) as const;
const crossAbove10 = { op: 'crosses-above', left: close, right: value(10) } as const;

describe('intrabar and close', () => {
  it('a forming bar that crosses then un-crosses fires intrabar only with trigger intrabar', () => {
    const book = new MarketRules('BTCUSDT', '1m');
    book.add('tick', rule(crossAbove10, { trigger: 'intrabar', frequency: 'once-per-bar' }));
    book.add('close', rule(crossAbove10, { frequency: 'once-per-bar' }));
    book.warm([bar(0, 9), bar(1, 9)]);
    expect(book.tick(bar(2, 9.5), 0)).toEqual([]);
    const fired = book.tick(bar(2, 11), 0);
    expect(fired).toEqual([
      {
        ruleId: 'tick',
        barOpenTime: (T0 + 120) * 1000,
        trigger: 'intrabar',
        close: 11,
        values: { Close: 11, Value: 10 },
      },
    ]);
    expect(book.tick(bar(2, 9), 0)).toEqual([]);
    expect(book.close(bar(2, 9), 0)).toEqual([]);
    // Nothing was committed by the ticks: the next close compares with bar 2's close of 9.
    expect(book.close(bar(3, 10.5), 0).map((f) => f.ruleId)).toEqual(['tick', 'close']);
  });

  it('ticks commit nothing: indicator values at close equal a run without ticks', () => {
    const withTicks = new MarketRules('BTCUSDT', '1m');
    const plain = new MarketRules('BTCUSDT', '1m');
    const r = rule({ op: 'greater-than', left: rsi(14), right: value(-1) });
    const ri = rule(
      { op: 'greater-than', left: rsi(14), right: value(-1) },
      { trigger: 'intrabar', frequency: 'once-per-bar' },
    );
    withTicks.add('r', r);
    withTicks.add('i', ri);
    plain.add('r', r);
    for (const b of real.slice(0, 300)) {
      for (const p of [b.low, b.high, b.open]) withTicks.tick({ ...b, close: p }, 0);
      const a = withTicks.close(b, 0).find((f) => f.ruleId === 'r');
      const c = plain.close(b, 0)[0];
      expect(a).toEqual(c);
    }
  });

  it('once-per-bar never fires twice on one bar, 20 ticks crossing back and forth', () => {
    const book = new MarketRules('BTCUSDT', '1m');
    book.add('r', rule(crossAbove10, { trigger: 'intrabar', frequency: 'once-per-bar' }));
    book.warm([bar(0, 9)]);
    let fires = 0;
    for (let i = 0; i < 20; i++) fires += book.tick(bar(1, i % 2 ? 9 : 11), 0).length;
    fires += book.close(bar(1, 11), 0).length;
    expect(fires).toBe(1);
    book.close(bar(2, 9), 0);
    for (let i = 0; i < 20; i++) fires += book.tick(bar(3, i % 2 ? 9 : 11), 0).length;
    expect(fires).toBe(2);
  });

  it('intrabar moving-up compares the forming value with the last N closed bars', () => {
    const book = new MarketRules('BTCUSDT', '1m');
    const moving = { op: 'moving-up', left: close, by: 5, unit: 'value', bars: 2 } as const;
    book.add('r', rule(moving, { trigger: 'intrabar', frequency: 'once-per-bar' }));
    book.warm([bar(0, 10), bar(1, 11), bar(2, 12)]);
    expect(book.tick(bar(3, 15.9), 0)).toEqual([]); // 15.9 − min(11, 12) < 5
    expect(book.tick(bar(3, 16), 0).map((f) => f.values)).toEqual([{ Close: 16 }]);
    expect(book.close(bar(3, 16), 0)).toEqual([]); // already fired on this bar
    expect(book.close(bar(4, 16.9), 0)).toEqual([]); // 16.9 − min(12, 16) < 5
    expect(book.close(bar(5, 21.5), 0)).toHaveLength(1); // 21.5 − min(16, 16.9) ≥ 5
  });

  it('once-per-bar with a bar-close trigger fires at the close, not on ticks', () => {
    const book = new MarketRules('BTCUSDT', '1m');
    book.add('r', rule(crossAbove10, { frequency: 'once-per-bar' }));
    book.warm([bar(0, 9)]);
    expect(book.tick(bar(1, 11), 0)).toEqual([]);
    expect(book.close(bar(1, 11), 0)).toHaveLength(1);
  });
});

describe('frequency and expiry', () => {
  it('once fires once, then leaves the book', () => {
    const book = new MarketRules('BTCUSDT', '1m');
    book.add('r', rule(crossAbove10, { frequency: 'once', trigger: 'intrabar' }));
    book.warm([bar(0, 9)]);
    expect(book.tick(bar(1, 11), 0)).toHaveLength(1);
    expect(book.has('r')).toBe(false);
    expect(book.size).toBe(0);
    expect(book.close(bar(1, 11), 0)).toEqual([]);
  });

  it('runtime state: a once rule that fired is not added; lastFiredBar blocks that bar', () => {
    const book = new MarketRules('BTCUSDT', '1m');
    book.add('once', rule(crossAbove10, { frequency: 'once' }), { firedOnce: true });
    expect(book.has('once')).toBe(false);
    book.add('r', rule(crossAbove10), { lastFiredBar: (T0 + 60) * 1000 });
    book.warm([bar(0, 9)]);
    expect(book.close(bar(1, 11), 0)).toEqual([]);
    book.close(bar(2, 9), 0);
    expect(book.close(bar(3, 11), 0)).toHaveLength(1);
  });

  it('a rule past expiresAt never fires; expired() removes and returns it', () => {
    const book = new MarketRules('BTCUSDT', '1m');
    book.add('r', rule(crossAbove10, { expiresAt: 5000 }));
    book.add('keep', rule(crossAbove10));
    book.warm([bar(0, 9)]);
    expect(book.close(bar(1, 11), 5001).map((f) => f.ruleId)).toEqual(['keep']);
    book.close(bar(2, 9), 0);
    expect(book.close(bar(3, 11), 5000).map((f) => f.ruleId)).toEqual(['r', 'keep']);
    expect(book.expired(5000)).toEqual([]);
    expect(book.expired(5001)).toEqual(['r']);
    expect(book.has('r')).toBe(false);
    expect(book.has('keep')).toBe(true);
  });
});

describe('shared instances and warm-up', () => {
  it('rules with the same indicator and parameters share one instance', () => {
    const book = new MarketRules('BTCUSDT', '1m');
    book.add('a', rule({ op: 'less-than', left: rsi(14), right: value(30) }));
    book.add('b', rule({ op: 'crosses', left: rsi(14, { source: 'close' }), right: value(50) }));
    book.add('c', rule({ op: 'greater-than', left: { ...rsi(14), params: {} }, right: value(70) }));
    expect(book.indicatorCount).toBe(1);
    book.add('d', rule({ op: 'greater-than', left: rsi(7), right: value(70) }));
    book.add(
      'e',
      rule({ op: 'inside-channel', left: close, channel: { kind: 'bands', id: 'bb', params: {} } }),
    );
    expect(book.indicatorCount).toBe(3);
    book.remove('a');
    book.remove('b');
    expect(book.indicatorCount).toBe(3);
    book.remove('c');
    expect(book.indicatorCount).toBe(2);
    book.add('d', rule({ op: 'greater-than', left: close, right: value(70) })); // replaces d
    expect(book.indicatorCount).toBe(1);
    expect(book.size).toBe(2);
  });

  it('rules with the same condition share one evaluation and still fire one by one', () => {
    const book = new MarketRules('BTCUSDT', '1m');
    const moving = { op: 'moving-up', left: close, by: 1, unit: 'value', bars: 1 } as const;
    book.add('a', rule({ all: [crossAbove10, moving] }));
    book.add('b', rule({ all: [crossAbove10, moving] }), { lastFiredBar: (T0 + 60) * 1000 });
    book.add('c', rule({ all: [crossAbove10, moving] }, { frequency: 'once' }));
    book.warm([bar(0, 9)]);
    expect(book.close(bar(1, 11), 0).map((f) => f.ruleId)).toEqual(['a', 'c']);
    book.remove('a');
    expect(book.close(bar(2, 9), 0)).toEqual([]);
    expect(book.close(bar(3, 10.5), 0).map((f) => f.ruleId)).toEqual(['b']);
    expect(book.close(bar(4, 9), 0)).toEqual([]);
    expect(book.close(bar(5, 9.9), 0)).toEqual([]); // moved < 1
  });

  it('a rule added to a warm book gets warm indicators and windows', () => {
    const full = new MarketRules('BTCUSDT', '1m');
    const late = new MarketRules('BTCUSDT', '1m');
    const r = rule({ op: 'greater-than', left: rsi(14), right: value(-1) });
    const m = rule({ op: 'moving-up', left: close, by: 0.05, unit: 'percent', bars: 5 });
    full.add('r', r);
    full.add('m', m);
    late.add('other', rule({ op: 'greater-than', left: close, right: value(1e9) }));
    expect(late.warmupBars()).toBeGreaterThan(1);
    expect(full.warmupBars()).toBeGreaterThanOrEqual(150);
    const k = 1000;
    for (const b of real.slice(0, k)) {
      full.close(b, 0);
      late.close(b, 0);
    }
    late.add('r', r);
    late.add('m', m);
    const next = real.slice(k);
    const a = next.flatMap((b) => full.close(b, 0));
    const b = next.flatMap((x) => late.close(x, 0));
    // Fires from the first bar after the add, with the same values (RSI's seed residue aside).
    expect(b.filter((f) => f.ruleId === 'r')[0]!.barOpenTime).toBe(next[0]!.time * 1000);
    expect(b.map((f) => [f.ruleId, f.barOpenTime])).toEqual(
      a.map((f) => [f.ruleId, f.barOpenTime]),
    );
    for (let i = 0; i < a.length; i++)
      for (const [label, v] of Object.entries(a[i]!.values))
        expect(b[i]!.values[label]).toBeCloseTo(v, 3);
  });
});

describe('validation', () => {
  const base = { symbol: 'BTCUSDT', interval: '1m' };
  const error = (input: unknown) => {
    const r = alertRuleSchema.safeParse(input);
    expect(r.success).toBe(false);
    return r.success ? '' : describeRuleError(r.error);
  };

  it.each([
    [
      { op: 'less-than', left: { kind: 'indicator', id: 'foo', params: {} }, right: value(1) },
      'Unknown indicator "foo"',
    ],
    [{ op: 'less-than', left: rsi(0), right: value(1) }, 'Period must be at least 1'],
    [
      { op: 'inside-channel', left: close, channel: { kind: 'bands', id: 'rsi', params: {} } },
      'Relative Strength Index is a single line',
    ],
    [
      { op: 'less-than', left: { ...rsi(14), output: 'upper' }, right: value(1) },
      'has no line "upper"',
    ],
  ])('refuses %j', (condition, message) => {
    expect(error({ ...base, condition })).toContain(message);
    const book = new MarketRules('BTCUSDT', '1m');
    expect(() => book.add('x', { ...base, condition } as unknown as AlertRule)).toThrow(message);
    expect(book.size).toBe(0);
    expect(book.indicatorCount).toBe(0);
  });

  it('points at the mistake inside a group or a comparison, not at the whole condition', () => {
    expect(
      error({
        ...base,
        condition: {
          all: [crossAbove10, { op: 'crosses', left: close, right: { kind: 'value' } }],
        },
      }),
    ).toBe('condition.all.1.right.value: Invalid input: expected number, received undefined');
    expect(
      error({
        ...base,
        condition: { op: 'crosses', left: close, right: { kind: 'value', value: 'x' } },
      }),
    ).toBe('condition.right.value: Invalid input: expected number, received string');
  });

  it('refuses once-per-bar-close with an intrabar trigger, and another market', () => {
    expect(
      error({
        ...base,
        condition: crossAbove10,
        trigger: 'intrabar',
        frequency: 'once-per-bar-close',
      }),
    ).toContain('set the trigger to bar close');
    const book = new MarketRules('ETHUSDT', '1m');
    expect(() => book.add('x', rule(crossAbove10))).toThrow('not ETHUSDT 1m');
  });
});

// Issue 9, item 13: an intrabar "Crossing" alert at 110,843.38 did not fire while the price went
// 110,842.5 → 110,851 within the minute. The forming bar was compared with the last CLOSE (which
// was above the level), not with the previous tick, so a move up through the level inside a bar
// that opened above it was never a crossing.
describe('intrabar crossing between consecutive ticks', () => {
  const level = 110_843.38;
  const crossing = { op: 'crosses', left: close, right: value(level) } as const;
  const intrabar = { trigger: 'intrabar', frequency: 'once-per-bar' } as const;

  it('fires once when the price goes from below to above within the bar, rule added mid-bar', () => {
    const book = new MarketRules('BTCUSDT', '1m');
    book.warm([bar(0, 110_840), bar(1, 110_845)]); // the last close is above the level
    expect(book.tick(bar(2, level), 0)).toEqual([]); // the price the dialog suggested
    expect(book.tick(bar(2, 110_842.5), 0)).toEqual([]);
    book.add('r', rule(crossing, intrabar)); // created while the price is below
    const fires = [110_843, 110_851, 110_849, 110_852].map((p) => book.tick(bar(2, p), 0));
    expect(fires.map((f) => f.length)).toEqual([0, 1, 0, 0]);
    expect(fires[1]![0]).toMatchObject({ ruleId: 'r', trigger: 'intrabar', close: 110_851 });
    expect(book.close(bar(2, 110_850), 0)).toEqual([]); // once per bar
  });

  it('a level touched and left on the same side is not a crossing', () => {
    const book = new MarketRules('BTCUSDT', '1m');
    book.add('r', rule({ ...crossing, op: 'crosses-above' }, intrabar));
    book.warm([bar(0, 110_840), bar(1, 110_841)]);
    const fired = [110_842, 110_843, 110_842.9, level, 110_843.5].map(
      (p) => book.tick(bar(2, p), 0).length,
    );
    expect(fired).toEqual([0, 0, 0, 0, 1]); // at the level is not above it: the next tick crosses
  });

  it('the first tick of a bar compares with the last close', () => {
    const book = new MarketRules('BTCUSDT', '1m');
    book.add('r', rule(crossing, intrabar));
    book.warm([bar(0, 110_840)]);
    expect(book.tick(bar(1, 110_844), 0)).toHaveLength(1);
    book.close(bar(1, 110_850), 0);
    expect(book.tick(bar(2, 110_842), 0)).toHaveLength(1);
  });

  it('an indicator crossing compares with its value at the previous tick', () => {
    // A real bar whose low dips well under its open: ticks open → low, then up to the high.
    const i = real.findIndex((b, k) => k > 250 && b.open - b.low > 3 * (b.high - b.open));
    expect(i).toBeGreaterThan(0);
    const b = real[i]!;
    const history = real.slice(0, i);
    const rsiAt = (p: number) =>
      new Rsi({ period: 14, source: 'close' }).compute([...history, { ...b, close: p }]).at(-1)!;
    const lastClose = new Rsi({ period: 14, source: 'close' }).compute(history).at(-1)!;
    const path = [b.open, b.low, ...[1, 2, 3, 4, 5].map((k) => b.low + ((b.high - b.low) * k) / 5)];
    const values = path.map(rsiAt);
    // The level: just above the dip's RSI, under both the last close's and the high's.
    const lvl = values[1]! + Math.min(lastClose - values[1]!, values.at(-1)! - values[1]!) / 2;
    const expected = values.findIndex((v, k) => k > 1 && values[k - 1]! <= lvl && v > lvl);
    expect(expected).toBeGreaterThan(1);

    const book = new MarketRules('BTCUSDT', '1m');
    book.warm(history);
    const fired: number[] = [];
    path.forEach((p, k) => {
      if (k === 2)
        book.add('r', rule({ op: 'crosses', left: rsi(14), right: value(lvl) }, intrabar));
      if (book.tick({ ...b, close: p }, 0).length > 0) fired.push(k);
    });
    expect(fired).toEqual([expected]);
  });
});
