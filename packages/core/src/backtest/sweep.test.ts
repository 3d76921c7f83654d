// Sweep expansion, validation, ranking and the heatmap, on hand-made rows and five hand-made bars.
import { describe, expect, it } from 'vitest';
import { loadBars } from '../../test/load-bars';
import type { ChartBar } from '../candle';
import { prepareBacktest } from './columns';
import { runBacktest } from './engine';
import type { StrategyInput } from './strategy';
import {
  compactMetrics,
  MAX_SWEEP_COMBINATIONS,
  parameterValues,
  parseSweep,
  rankSweep,
  runSweepSlice,
  sweepCombination,
  sweepHeatmap,
  sweepSize,
  type Sweep,
  type SweepMetrics,
  type SweepRow,
} from './sweep';

const close = { kind: 'price', field: 'close' } as const;
const value = (v: number) => ({ kind: 'value', value: v }) as const;
const rsi = (period: number) =>
  ({ kind: 'indicator', id: 'rsi', params: { period }, output: 'value' }) as const;

const base: StrategyInput = {
  symbol: 'BTCUSDT',
  interval: '1m',
  entry: { op: 'less-than', left: rsi(14), right: value(30) },
  exit: {
    op: 'greater-than',
    left: close,
    right: { kind: 'indicator', id: 'bb', params: {}, output: 'upper' },
  },
};

describe('parseSweep', () => {
  it('expands ranges with the decimals of from and step, and keeps lists', () => {
    const sweep = parseSweep(
      {
        parameters: [
          { path: 'entry.left.params.period', from: 10, to: 30, step: 10 },
          { path: 'exit.right.params.stdDev', from: 1.5, to: 2.1, step: 0.3 },
          { path: 'entry.right.value', values: [25, 30] },
        ],
        metric: 'sharpe',
      },
      base,
    );
    expect(parameterValues(sweep.parameters[0]!)).toEqual([10, 20, 30]);
    // 1.5 + 2 × 0.3 = 2.1 exactly after rounding to 1 decimal (not 2.0999999999999996)
    expect(parameterValues(sweep.parameters[1]!)).toEqual([1.5, 1.8, 2.1]);
    expect(parameterValues(sweep.parameters[2]!)).toEqual([25, 30]);
    // 3 × 3 × 2
    expect(sweepSize(sweep)).toBe(18);
    expect(sweep.metric).toBe('sharpe');
  });

  it('numbers combinations with the last parameter fastest and sets them in the strategy', () => {
    const sweep = parseSweep(
      {
        parameters: [
          { path: 'entry.left.params.period', values: [7, 14, 21] },
          { path: 'entry.right.value', from: 20, to: 30, step: 10 },
        ],
      },
      base,
    );
    // index = periodIndex × 2 + levelIndex
    expect(sweepCombination(base, sweep, 0).values).toEqual([7, 20]);
    expect(sweepCombination(base, sweep, 1).values).toEqual([7, 30]);
    expect(sweepCombination(base, sweep, 2).values).toEqual([14, 20]);
    const c5 = sweepCombination(base, sweep, 5);
    expect(c5.values).toEqual([21, 30]);
    expect(c5.strategy.entry).toEqual({ op: 'less-than', left: rsi(21), right: value(30) });
    // the base is not changed
    expect(base.entry).toEqual({ op: 'less-than', left: rsi(14), right: value(30) });
    expect(() => sweepCombination(base, sweep, 6)).toThrow('no combination 6 (there are 6)');
  });

  it('sweeps strategy fields and indicator parameters left at their default', () => {
    const sweep = parseSweep(
      {
        parameters: [
          { path: 'exit.right.params.period', values: [10, 20] },
          { path: 'commissionPct', values: [0, 0.1] },
          { path: 'sizing.percent', values: [50, 99] },
        ],
      },
      base,
    );
    const c = sweepCombination(base, sweep, 7).strategy;
    expect(c.exit).toMatchObject({ right: { params: { period: 20 } } });
    expect(c.commissionPct).toBe(0.1);
    expect(c.sizing).toEqual({ mode: 'percentOfEquity', percent: 99 });
  });

  it.each([
    [{ path: 'entry.left.params.nope', values: [1] }, 'entry.left.params.nope is not a field'],
    [{ path: 'entry.all.0.left', values: [1] }, 'entry.all.0.left is not a field'],
    [{ path: 'symbol', values: [1] }, 'symbol is not a number'],
    [{ path: 'entry.left', values: [1] }, 'entry.left is not a number'],
    [{ path: 'stopLossPct', values: [1, 2] }, 'stopLossPct is not set in the strategy'],
    [
      { path: 'entry.left.params.period', from: 10, to: 11, step: 0.5 },
      'entry.left.params.period takes whole numbers, not 10.5 (Relative Strength Index: Period must be a whole number of bars)',
    ],
    [{ path: 'entry.right.value', from: 30, to: 20, step: 1 }, '"to" must not be below "from"'],
    [{ path: 'entry.right.value', values: [20, 20] }, 'A value is listed twice'],
    [{ path: 'entry..value', values: [20] }, 'field names separated by dots'],
  ])('refuses %j', (parameter, message) => {
    expect(() => parseSweep({ parameters: [parameter] }, base)).toThrow(message);
  });

  it('takes fractions for fractional fields, even where one is out of range (an error row)', () => {
    const sweep = parseSweep(
      { parameters: [{ path: 'exit.right.params.stdDev', values: [0.0001, 1.5] }] },
      base,
    );
    const rows = runSweepSlice(prepareBacktest(FIVE), base, sweep, 0, 2);
    expect(rows[0]!.error).toContain('Standard deviations must be at least 0.001');
    expect(rows[1]!.error).toBeUndefined();
    expect(() =>
      parseSweep(
        { parameters: [{ path: 'sizing.percent', from: 99.5, to: 100, step: 0.5 }] },
        base,
      ),
    ).not.toThrow();
  });

  it('refuses more than 10,000 combinations, duplicate paths, 0 or 5 parameters', () => {
    const p = (path: string) => ({ path, from: 1, to: 101, step: 1 }); // 101 values
    expect(() =>
      parseSweep({ parameters: [p('entry.left.params.period'), p('entry.right.value')] }, base),
    ).toThrow(`10201 combinations: a sweep runs at most ${MAX_SWEEP_COMBINATIONS}`);
    expect(() =>
      parseSweep({ parameters: [p('entry.right.value'), p('entry.right.value')] }, base),
    ).toThrow('entry.right.value is swept twice');
    expect(() => parseSweep({ parameters: [] }, base)).toThrow('Sweep at least one parameter');
    const five = Array.from({ length: 5 }, () => ({ path: 'commissionPct', values: [0] }));
    expect(() => parseSweep({ parameters: five }, base)).toThrow('Sweep at most 4 parameters');
    expect(() =>
      parseSweep({ parameters: [{ path: 'commissionPct', values: [0] }], metric: 'luck' }, base),
    ).toThrow('Sweep: metric');
  });
});

// bar0 no signal; bar1 close 105; bar2 opens 106, closes 108; bar3 opens 107, closes 99 (exit
// signal, close < 100); bar4 opens 98.
const T0 = 1_700_000_040;
const FIVE: ChartBar[] = [
  [100, 101, 99, 100],
  [100, 106, 100, 105],
  [106, 110, 105, 108],
  [107, 107, 98, 99],
  [98, 99, 97, 98],
].map(([open, high, low, c], i) => ({
  time: T0 + i * 60,
  open: open!,
  high: high!,
  low: low!,
  close: c!,
  volume: 1,
}));

describe('runSweepSlice', () => {
  const levels: StrategyInput = {
    symbol: 'BTCUSDT',
    interval: '1m',
    entry: { op: 'greater-than', left: close, right: value(104) },
    exit: { op: 'less-than', left: close, right: value(100) },
    commissionPct: 0,
  };

  it('runs combinations [from, to) with hand-computed returns; a refused one is an error row', () => {
    const sweep = parseSweep(
      { parameters: [{ path: 'entry.right.value', values: [104, 107, 120] }] },
      levels,
    );
    const rows = runSweepSlice(prepareBacktest(FIVE), levels, sweep, 0, 3);
    expect(rows.map((r) => [r.index, r.values])).toEqual([
      [0, [104]],
      [1, [107]],
      [2, [120]],
    ]);
    // level 104: signal at bar1 (105), 100% of equity = 10,000 ÷ 105 at the open 106 costs more
    // than the cash, so the quantity is cut to 10,000 ÷ 106; sold at bar4's open 98:
    // return = 98 ÷ 106 − 1 = −0.0754716…
    expect(rows[0]!.metrics!.netReturn).toBeCloseTo(98 / 106 - 1, 12);
    expect(rows[0]!.metrics!.trades).toBe(1);
    expect(rows[0]!.metrics!.winRate).toBe(0);
    // level 107: signal at bar2 (108), quantity 10,000 ÷ 108 bought at 107, sold at 98:
    // pnl = (98 − 107) × 92.592… = −833.33…, return −0.083333…
    expect(rows[1]!.metrics!.netReturn).toBeCloseTo((-9 * 10_000) / 108 / 10_000, 12);
    // level 120: never enters
    expect(rows[2]!.metrics).toMatchObject({ netReturn: 0, trades: 0, winRate: null });
    // a slice
    expect(runSweepSlice(FIVE, levels, sweep, 1, 2).map((r) => r.index)).toEqual([1]);
    // progress after each row; stopped before the third
    const seen: [number, number, number][] = [];
    const stopped = runSweepSlice(FIVE, levels, sweep, 0, 3, {
      onRow: (row, done, total) => seen.push([row.index, done, total]),
      shouldStop: () => seen.length === 2,
    });
    expect(seen).toEqual([
      [0, 1, 3],
      [1, 2, 3],
    ]);
    expect(stopped.map((r) => r.index)).toEqual([0, 1]);

    const bad = parseSweep(
      {
        parameters: [
          {
            path: 'entry.left.params.period',
            values: [0, 3],
          },
        ],
      },
      { ...levels, entry: { op: 'greater-than', left: rsi(14), right: value(50) } },
    );
    const errs = runSweepSlice(
      FIVE,
      { ...levels, entry: { op: 'greater-than', left: rsi(14), right: value(50) } },
      bad,
      0,
      2,
    );
    expect(errs[0]).toMatchObject({ index: 0, values: [0], metrics: null });
    expect(errs[0]!.error).toContain('Period must be at least 1');
    expect(errs[1]!.error).toBeUndefined();
  });
});

const metrics = (m: Partial<SweepMetrics>): SweepMetrics => ({
  netReturn: 0,
  cagr: null,
  maxDrawdown: 0,
  trades: 0,
  winRate: null,
  profitFactor: null,
  sharpe: null,
  sortino: null,
  calmar: null,
  expectancy: null,
  ...m,
});

describe('rankSweep', () => {
  const rows: SweepRow[] = [
    { index: 0, values: [1], metrics: metrics({ sharpe: 1, maxDrawdown: 0.2 }) },
    { index: 1, values: [2], metrics: metrics({ sharpe: null, maxDrawdown: 0.1 }) },
    { index: 2, values: [3], metrics: null, error: 'refused' },
    { index: 3, values: [4], metrics: metrics({ sharpe: 2, maxDrawdown: 0.3 }) },
    { index: 4, values: [5], metrics: metrics({ sharpe: 1, maxDrawdown: 0.1 }) },
  ];
  it('best first, ties by index, rows without a value last (by index)', () => {
    // sharpe: 2 (#3), then the 1s (#0, #4), then null (#1) and the error (#2)
    expect(rankSweep(rows, 'sharpe').map((r) => r.index)).toEqual([3, 0, 4, 1, 2]);
  });
  it('maxDrawdown: lower is better', () => {
    // 0.1 (#1, #4), 0.2 (#0), 0.3 (#3), error (#2)
    expect(rankSweep(rows, 'maxDrawdown').map((r) => r.index)).toEqual([1, 4, 0, 3, 2]);
  });
});

describe('sweepHeatmap', () => {
  // p: 2 values × q: 2 values × r: 2 values; index = 4p + 2q + r
  const sweep: Sweep = {
    parameters: [
      { path: 'entry.left.params.period', values: [7, 14] },
      { path: 'entry.right.value', values: [20, 30] },
      { path: 'commissionPct', values: [0, 0.1] },
    ],
    metric: 'netReturn',
  };
  const ret = [0.1, 0.3, -0.2, null, 0.5, 0.5, 0.05, 0.04];
  const rows: SweepRow[] = ret.map((r, index) => ({
    index,
    values: [],
    metrics: r === null ? null : metrics({ netReturn: r, maxDrawdown: Math.abs(r) }),
  }));
  it('takes the best over the other parameters for each pair of values', () => {
    const h = sweepHeatmap(rows, sweep, 'netReturn', 0, 1);
    expect(h.p).toEqual({ path: 'entry.left.params.period', values: [7, 14] });
    expect(h.q.values).toEqual([20, 30]);
    // (7,20): max(0.1, 0.3) = 0.3 (#1); (7,30): max(−0.2, none) = −0.2 (#2);
    // (14,20): max(0.5, 0.5) = 0.5 (#4, lower index on a tie); (14,30): max(0.05, 0.04) = 0.05 (#6)
    expect(h.cells).toEqual([
      [0.3, -0.2],
      [0.5, 0.05],
    ]);
    expect(h.best).toEqual([
      [1, 2],
      [4, 6],
    ]);
  });
  it('transposes for (q, p) and takes the minimum for maxDrawdown; empty cells are null', () => {
    const h = sweepHeatmap(rows, sweep, 'maxDrawdown', 2, 0);
    // r = 0: #0 0.1, #2 0.2 → 0.1 (p = 7); #4 0.5, #6 0.05 → 0.05 (p = 14)
    // r = 1: #1 0.3, #3 none → 0.3; #5 0.5, #7 0.04 → 0.04
    expect(h.cells).toEqual([
      [0.1, 0.05],
      [0.3, 0.04],
    ]);
    const only = sweepHeatmap([rows[3]!], sweep, 'netReturn', 0, 1);
    expect(only.cells).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(() => sweepHeatmap(rows, sweep, 'netReturn', 1, 1)).toThrow('must be two of 0…2');
  });
});

describe('sweep rows', () => {
  const real = loadBars();
  const prepared = prepareBacktest(real);
  const strategy: StrategyInput = { ...base, takeProfitPct: 0.4 };
  const sweep = parseSweep(
    {
      parameters: [
        { path: 'entry.left.params.period', values: [7, 14] },
        { path: 'entry.right.value', values: [30, 45] },
        { path: 'takeProfitPct', values: [0.2, 0.4] },
        { path: 'exit.right.params.stdDev', values: [1, 2] },
      ],
    },
    strategy,
  );
  it('run with equityOnly: the same equity, trades and final equity, no other curves', () => {
    const full = runBacktest(prepared, strategy);
    const lean = runBacktest(prepared, strategy, { equityOnly: true });
    expect(lean.equity).toEqual(full.equity);
    expect(lean.trades).toEqual(full.trades);
    expect(lean.finalEquity).toBe(full.finalEquity);
    expect([lean.times, lean.drawdown, lean.inPosition, lean.buyAndHold]).toEqual([[], [], [], []]);
  });
  it.each([undefined, { from: 700, to: 1500 }, { from: 1999, to: 1999 }])(
    'hold exactly the metrics computeMetrics gives for the full run (range %j)',
    (range) => {
      const rows = runSweepSlice(prepared, strategy, sweep, 0, sweepSize(sweep), { range });
      expect(rows).toHaveLength(16);
      let traded = 0;
      for (const row of rows) {
        const combo = sweepCombination(strategy, sweep, row.index).strategy;
        const full = runBacktest(prepared, combo, { range });
        expect(JSON.stringify(row.metrics)).toBe(JSON.stringify(compactMetrics(full, combo)));
        if (row.metrics!.trades > 1) traded++;
      }
      if (range?.from !== 1999) expect(traded).toBeGreaterThan(8);
    },
  );
});

describe('a parameter with `also`', () => {
  // One value moves two fields: entry and exit read the same RSI, swept as one period.
  const both: StrategyInput = {
    ...base,
    exit: { op: 'greater-than', left: rsi(14), right: value(70) },
  };
  const tied = {
    parameters: [
      { path: 'entry.left.params.period', also: ['exit.left.params.period'], values: [7, 21] },
    ],
  };

  it('sets every path it names to the combination’s value', () => {
    const sweep = parseSweep(tied, both);
    expect(sweepSize(sweep)).toBe(2);
    const combo = sweepCombination(both, sweep, 1);
    expect(combo.values).toEqual([21]);
    const periods = [combo.strategy.entry, combo.strategy.exit].map(
      (c) => (c as unknown as { left: { params: { period: number } } }).left.params.period,
    );
    expect(periods).toEqual([21, 21]);
  });

  it('refuses a path swept twice and a path that is not a number, naming it', () => {
    expect(() =>
      parseSweep(
        {
          parameters: [tied.parameters[0], { path: 'exit.left.params.period', values: [14] }],
        },
        both,
      ),
    ).toThrow('exit.left.params.period is swept twice');
    expect(() =>
      parseSweep(
        { parameters: [{ path: 'entry.left.params.period', also: ['exit.op'], values: [7] }] },
        both,
      ),
    ).toThrow(/^Sweep: parameters\.0\.also\.0: exit\.op is not a number$/);
  });
});
