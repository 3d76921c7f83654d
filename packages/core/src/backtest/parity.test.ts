// Parity with the live engine: the bars where runBacktest's entry and exit conditions fire are
// the bars where a MarketRules book (the worker's evaluator) fed the same candles fires the same
// conditions as alert rules; and every trade enters and exits on the bar after such a signal.
import { describe, expect, it } from 'vitest';
import { loadBars } from '../../test/load-bars';
import { MarketRules } from '../rules/market-rules';
import { alertRuleSchema, type Condition } from '../rules/rule';
import { runBacktest } from './engine';

const real = loadBars();
const close = { kind: 'price', field: 'close' } as const;
const value = (v: number) => ({ kind: 'value', value: v }) as const;
const ind = (id: string, params: Record<string, number>, output = 'value') =>
  ({ kind: 'indicator', id, params, output }) as const;

const CASES: [string, Condition, Condition][] = [
  [
    'SMA 10 crosses above / below SMA 30',
    { op: 'crosses-above', left: ind('sma', { period: 10 }), right: ind('sma', { period: 30 }) },
    { op: 'crosses-below', left: ind('sma', { period: 10 }), right: ind('sma', { period: 30 }) },
  ],
  [
    'RSI 14 below 30 / above 70 (level rules)',
    { op: 'less-than', left: ind('rsi', { period: 14 }), right: value(30) },
    { op: 'greater-than', left: ind('rsi', { period: 14 }), right: value(70) },
  ],
  [
    'close below the lower Bollinger band / above the upper',
    { op: 'less-than', left: close, right: ind('bb', { period: 20, stdDev: 2 }, 'lower') },
    { op: 'greater-than', left: close, right: ind('bb', { period: 20, stdDev: 2 }, 'upper') },
  ],
  [
    'entering the Bollinger channel / moving up 0.3% in 5 bars',
    { op: 'entering-channel', left: close, channel: { kind: 'bands', id: 'bb', params: {} } },
    { op: 'moving-up', left: close, by: 0.3, unit: 'percent', bars: 5 },
  ],
];

function liveFires(condition: Condition): number[] {
  const book = new MarketRules('BTCUSDT', '1m');
  book.add('r', alertRuleSchema.parse({ symbol: 'BTCUSDT', interval: '1m', condition }));
  return real.flatMap((b) => book.close(b, b.time * 1000).map((f) => f.barOpenTime));
}

describe('backtest signals equal live fires', () => {
  it.each(CASES)('%s', (_name, entry, exit) => {
    const r = runBacktest(real, { symbol: 'BTCUSDT', interval: '1m', entry, exit });
    const entries = liveFires(entry);
    const exits = liveFires(exit);
    expect(entries.length).toBeGreaterThan(2);
    expect(exits.length).toBeGreaterThan(2);
    expect(r.signals.entry).toEqual(entries);
    expect(r.signals.exit).toEqual(exits);
    // next-open fills: each entry is on the bar after an entry fire, each signal exit after an
    // exit fire
    const index = new Map(real.map((b, i) => [b.time * 1000, i]));
    const before = (t: number) => real[index.get(t)! - 1]!.time * 1000;
    expect(r.trades.length).toBeGreaterThan(0);
    for (const t of r.trades) {
      expect(entries).toContain(before(t.entryTime));
      if (t.exitReason === 'signal') expect(exits).toContain(before(t.exitTime));
    }
  });
});
