// Small hand-computed cases: every fill, fee and equity value is worked out in the comments.
// Entry "close > 104", exit "close < 100" (level rules: they fire on every bar they hold).
import { describe, expect, it } from 'vitest';
import { loadBars } from '../../test/load-bars';
import type { ChartBar } from '../candle';
import { runBacktest, type BacktestResult } from './engine';
import type { StrategyInput } from './strategy';

const T0 = 1_700_000_040; // s, a 1m bar open
type Ohlc = [number, number, number, number];
const bars = (rows: Ohlc[], step = 60): ChartBar[] =>
  rows.map(([open, high, low, close], i) => ({
    time: T0 + i * step,
    open,
    high,
    low,
    close,
    volume: 1,
  }));
const ms = (i: number) => (T0 + i * 60) * 1000;
const close = { kind: 'price', field: 'close' } as const;
const value = (v: number) => ({ kind: 'value', value: v }) as const;

function strategy(extra: Partial<StrategyInput> = {}): StrategyInput {
  return {
    symbol: 'BTCUSDT',
    interval: '1m',
    entry: { op: 'greater-than', left: close, right: value(104) },
    exit: { op: 'less-than', left: close, right: value(100) },
    ...extra,
  };
}

// bar0 no signal; bar1 close 105 → entry; bar2 opens 106; bar3 close 99 → exit; bar4 opens 98.
const FIVE = bars([
  [100, 101, 99, 100],
  [100, 106, 100, 105],
  [106, 110, 105, 108],
  [107, 107, 98, 99],
  [98, 99, 97, 98],
]);

describe('runBacktest fills and fees', () => {
  it('next-open fills, percent of equity, commission on both sides', () => {
    const r = runBacktest(FIVE, strategy({ sizing: { mode: 'percentOfEquity', percent: 50 } }));
    // quantity = 0.5 × 10,000 ÷ 105 (signal close) = 47.619047619…
    const q = 5000 / 105;
    // buy at bar2 open 106: notional 5,047.619…, fee 0.1% = 5.047619…, cash 4,947.333…
    const buyFee = (q * 106) / 1000;
    const cashIn = 10_000 - q * 106 - buyFee;
    expect(cashIn).toBeCloseTo(4947.333333333, 8);
    // sell at bar4 open 98: notional 4,666.666…, fee 4.666…, cash 9,609.333…
    const sellFee = (q * 98) / 1000;
    const cashOut = cashIn + q * 98 - sellFee;
    expect(cashOut).toBeCloseTo(9609.333333333, 8);
    expect(r.trades).toHaveLength(1);
    const t = r.trades[0]!;
    expect(t.entryTime).toBe(ms(2));
    expect(t.exitTime).toBe(ms(4));
    expect(t.entryPrice).toBe(106);
    expect(t.exitPrice).toBe(98);
    expect(t.quantity).toBeCloseTo(q, 12);
    expect(t.fees).toBeCloseTo(buyFee + sellFee, 10); // 9.714285…
    // pnl = (98 − 106) × q − fees = −380.952… − 9.714… = −390.666…
    expect(t.pnl).toBeCloseTo(-390.666666667, 8);
    expect(t.barsHeld).toBe(2);
    expect(t.exitReason).toBe('signal');
    // equity at closes: 10,000; 10,000; cash + q × 108 = 10,090.190…; cash + q × 99 = 9,661.619…;
    // 9,609.333… (flat)
    const expected = [10_000, 10_000, cashIn + q * 108, cashIn + q * 99, cashOut];
    r.equity.forEach((e, i) => expect(e).toBeCloseTo(expected[i]!, 8));
    // drawdown from the peak 10,090.190…: 0, 0, 0, 0.04250…, 0.04766…
    const peak = expected[2]!;
    expect(r.drawdown[3]).toBeCloseTo((peak - expected[3]!) / peak, 12);
    expect(r.drawdown[4]).toBeCloseTo((peak - expected[4]!) / peak, 12);
    expect(r.inPosition).toEqual([0, 0, 1, 1, 0]);
    expect(r.commissionPaid).toBeCloseTo(buyFee + sellFee, 10);
    expect(r.open).toBeNull();
    // signals: entry fires at bars 1, 2 (close 108); exit at 3, 4
    expect(r.signals).toEqual({ entry: [ms(1), ms(2)], exit: [ms(3), ms(4)] });
  });

  it('close fills trade at the signal bar close', () => {
    const r = runBacktest(
      FIVE,
      strategy({ sizing: { mode: 'percentOfEquity', percent: 50 }, fill: 'close' }),
    );
    // buy at bar1 close 105: q = 5,000 ÷ 105, notional 5,000, fee 5 → cash 4,995
    // sell at bar3 close 99: notional 4,714.285…, fee 4.714… → cash 9,704.571…
    const q = 5000 / 105;
    const t = r.trades[0]!;
    expect([t.entryTime, t.entryPrice, t.exitTime, t.exitPrice]).toEqual([ms(1), 105, ms(3), 99]);
    expect(t.fees).toBeCloseTo(5 + (q * 99) / 1000, 10);
    // pnl = (99 − 105) × q − 9.714… = −295.428…
    expect(t.pnl).toBeCloseTo(-295.428571429, 8);
    expect(r.equity[1]).toBeCloseTo(4995 + q * 105, 8); // 9,995
    expect(r.equity[3]).toBeCloseTo(9704.571428571, 8);
    expect(r.finalEquity).toBeCloseTo(9704.571428571, 8);
    expect(r.inPosition).toEqual([0, 1, 1, 0, 0]);
  });

  it('slippage worsens fills: buys up, sells down (percent and ticks)', () => {
    const pct = runBacktest(
      FIVE,
      strategy({
        sizing: { mode: 'quantity', quantity: 10 },
        commissionPct: 0,
        slippage: { unit: 'percent', percent: 1 },
      }),
    );
    // buy 106 × 1.01 = 107.06; sell 98 × 0.99 = 97.02; pnl = (97.02 − 107.06) × 10 = −100.4
    expect(pct.trades[0]!.entryPrice).toBeCloseTo(107.06, 10);
    expect(pct.trades[0]!.exitPrice).toBeCloseTo(97.02, 10);
    expect(pct.trades[0]!.pnl).toBeCloseTo(-100.4, 9);
    const ticks = runBacktest(
      FIVE,
      strategy({
        sizing: { mode: 'quantity', quantity: 10 },
        commissionPct: 0,
        slippage: { unit: 'ticks', ticks: 2, tickSize: 0.5 },
      }),
    );
    // buy 106 + 2 × 0.5 = 107; sell 98 − 1 = 97
    expect([ticks.trades[0]!.entryPrice, ticks.trades[0]!.exitPrice]).toEqual([107, 97]);
  });
});

describe('runBacktest stops and targets', () => {
  it('stop and take-profit inside one bar: the stop is hit first, at the stop price', () => {
    const r = runBacktest(
      bars([
        [100, 101, 99, 100],
        [100, 106, 100, 105], // entry signal
        [100, 106, 94, 100], // buy at 100: stop 95, target 105, both in [94, 106]
        [100, 101, 99, 100],
      ]),
      strategy({
        sizing: { mode: 'quantity', quantity: 10 },
        commissionPct: 0,
        stopLossPct: 5,
        takeProfitPct: 5,
      }),
    );
    const t = r.trades[0]!;
    // sold at 95: pnl = (95 − 100) × 10 = −50; equity 9,950 from bar 2 on
    expect([t.exitPrice, t.exitReason, t.barsHeld, t.pnl]).toEqual([95, 'stop', 0, -50]);
    expect(r.equity).toEqual([10_000, 10_000, 9950, 9950]);
  });

  it('take-profit alone fills at the target', () => {
    const r = runBacktest(
      bars([
        [100, 101, 99, 100],
        [100, 106, 100, 105],
        [100, 103, 99, 102], // buy at 100, target 110 not reached
        [102, 111, 101, 103], // high 111 ≥ 110 → sold at 110
      ]),
      strategy({ sizing: { mode: 'quantity', quantity: 10 }, commissionPct: 0, takeProfitPct: 10 }),
    );
    // 100 × 1.1 = 110 (in float64 110.00000000000001); pnl = (110 − 100) × 10 = 100
    const t = r.trades[0]!;
    expect(t.exitReason).toBe('target');
    expect(t.exitPrice).toBeCloseTo(110, 12);
    expect(t.pnl).toBeCloseTo(100, 10);
  });

  it('a bar that gaps above the target fills at its open', () => {
    const r = runBacktest(
      bars([
        [100, 101, 99, 100],
        [100, 106, 100, 105],
        [100, 103, 99, 102], // buy at 100, target 105
        [108, 109, 107, 108], // opens at 108 above the target → sold at 108, not 105
      ]),
      strategy({ sizing: { mode: 'quantity', quantity: 10 }, commissionPct: 0, takeProfitPct: 5 }),
    );
    // pnl = (108 − 100) × 10 = 80
    expect(r.trades.map((t) => [t.exitPrice, t.exitReason, t.pnl])).toEqual([[108, 'target', 80]]);
  });

  it('a bar that gaps through the stop fills at its open', () => {
    const r = runBacktest(
      bars([
        [100, 101, 99, 100],
        [100, 106, 100, 105],
        [100, 102, 99, 101], // buy at 100, stop 95
        [90, 92, 88, 91], // opens at 90, below the stop → sold at 90
      ]),
      strategy({
        sizing: { mode: 'quantity', quantity: 10 },
        commissionPct: 0.1,
        stopLossPct: 5,
      }),
    );
    const t = r.trades[0]!;
    // fees 1.0 (1,000 × 0.1%) + 0.9 (900 × 0.1%); pnl = (90 − 100) × 10 − 1.9 = −101.9
    expect([t.exitPrice, t.exitReason, t.barsHeld]).toEqual([90, 'stop', 1]);
    expect(t.fees).toBeCloseTo(1.9, 12);
    expect(t.pnl).toBeCloseTo(-101.9, 10);
    expect(r.finalEquity).toBeCloseTo(9898.1, 9);
  });
});

describe('runBacktest position at the end, sizing, gaps, determinism', () => {
  it('a position open at the end is marked at the last close and not counted as a trade', () => {
    const r = runBacktest(
      bars([
        [100, 101, 99, 100],
        [100, 106, 100, 105], // entry signal: quote 1,000 ÷ 105 = 9.5238…
        [104, 111, 103, 110], // buy at 104: notional 990.476…, fee 0.990476…
        [110, 113, 109, 112],
      ]),
      strategy({ sizing: { mode: 'quote', amount: 1000 } }),
    );
    const q = 1000 / 105;
    expect(r.trades).toEqual([]);
    const o = r.open!;
    expect([o.entryTime, o.exitTime, o.exitPrice, o.exitReason, o.barsHeld]).toEqual([
      ms(2),
      ms(3),
      112,
      'end',
      1,
    ]);
    // pnl = (112 − 104) × q − 0.990476… = 76.190476… − 0.990476… = 75.2
    expect(o.quantity).toBeCloseTo(q, 12);
    expect(o.fees).toBeCloseTo((q * 104) / 1000, 12);
    expect(o.pnl).toBeCloseTo(75.2, 9);
    expect(r.finalEquity).toBeCloseTo(10_075.2, 9);
  });

  it('sizes by percent of equity, quote amount and quantity; never spends more than the cash', () => {
    const qty = (sizing: StrategyInput['sizing']) =>
      runBacktest(FIVE, strategy({ sizing })).trades[0]!.quantity;
    // 20% of 10,000 ÷ 105 = 19.047…; 2,100 ÷ 105 = 20; 3
    expect(qty({ mode: 'percentOfEquity', percent: 20 })).toBeCloseTo(2000 / 105, 12);
    expect(qty({ mode: 'quote', amount: 2100 })).toBeCloseTo(20, 12);
    expect(qty({ mode: 'quantity', quantity: 3 })).toBe(3);
    // 100%: 10,000 ÷ 105 = 95.238…, but at the 106 open plus 0.1% that costs 10,104.7 > cash:
    // cut to 10,000 ÷ (106 × 1.001) = 94.244…, leaving cash 0
    expect(qty({ mode: 'percentOfEquity', percent: 100 })).toBeCloseTo(10_000 / (106 * 1.001), 10);
  });

  it('uses the bars given: across a gap the next bar present fills, no bar is invented', () => {
    const gapped = bars([
      [100, 101, 99, 100],
      [100, 106, 100, 105], // entry signal
      [106, 110, 105, 108], // opens 3 bars later
      [107, 107, 98, 99], // exit signal
      [98, 99, 97, 98],
    ]).map((b, i) => (i >= 2 ? { ...b, time: b.time + 180 } : b));
    const r = runBacktest(
      gapped,
      strategy({ sizing: { mode: 'quantity', quantity: 1 }, commissionPct: 0 }),
    );
    expect(r.times).toEqual(gapped.map((b) => b.time * 1000));
    const t = r.trades[0]!;
    // bought at the first bar present after the signal (open 106), sold at 98: pnl −8
    expect([t.entryTime, t.entryPrice, t.exitPrice, t.barsHeld, t.pnl]).toEqual([
      (T0 + 5 * 60) * 1000,
      106,
      98,
      2,
      -8,
    ]);
  });

  it('is deterministic: the same input gives byte-identical JSON', () => {
    const real = loadBars();
    const rsi = { kind: 'indicator', id: 'rsi', params: { period: 14 }, output: 'value' } as const;
    const s = strategy({
      entry: { op: 'less-than', left: rsi, right: value(30) },
      exit: { op: 'greater-than', left: rsi, right: value(70) },
      stopLossPct: 1,
      slippage: { unit: 'percent', percent: 0.05 },
    });
    const a = JSON.stringify(runBacktest(real, s));
    const b = JSON.stringify(
      runBacktest(
        real.map((x) => ({ ...x })),
        s,
      ),
    );
    expect(a).toBe(b);
    expect((JSON.parse(a) as BacktestResult).trades.length).toBeGreaterThan(3);
  });

  it('reports progress every N bars and at the end', () => {
    const calls: [number, number][] = [];
    runBacktest(FIVE, strategy(), { progressEvery: 2, onProgress: (d, t) => calls.push([d, t]) });
    expect(calls).toEqual([
      [2, 5],
      [4, 5],
      [5, 5],
    ]);
  });

  it('refuses an invalid strategy in the alert rules wording', () => {
    expect(() =>
      runBacktest(
        FIVE,
        strategy({
          entry: {
            op: 'less-than',
            left: { kind: 'indicator', id: 'nope', params: {}, output: 'value' },
            right: value(1),
          },
        }),
      ),
    ).toThrow('Strategy: entry.left.id: Unknown indicator "nope"');
  });
});
