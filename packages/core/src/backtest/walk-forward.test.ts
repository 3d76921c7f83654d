// Rolling windows, warm indicators at a window's start, and a tiny walk-forward worked by hand.
import { describe, expect, it } from 'vitest';
import { loadBars } from '../../test/load-bars';
import type { ChartBar } from '../candle';
import { prepareBacktest } from './columns';
import { runBacktest } from './engine';
import type { StrategyInput } from './strategy';
import { parseSweep, runSweepSlice } from './sweep';
import { finishWalkForward, runWalkForward, walkForwardWindows } from './walk-forward';

const close = { kind: 'price', field: 'close' } as const;
const value = (v: number) => ({ kind: 'value', value: v }) as const;

describe('walkForwardWindows', () => {
  it('rolls: out-of-sample segments tile the end, in-sample windows slide by one of them', () => {
    // N = 100, k = 4, f = 0.6: out = ⌊100 × 0.4 ÷ (0.6 + 4 × 0.4)⌋ = ⌊18.18⌋ = 18,
    // in = 100 − 4 × 18 = 28
    expect(walkForwardWindows(100, { windows: 4, inSamplePct: 60 })).toEqual([
      { inFrom: 0, inTo: 28, outTo: 46 },
      { inFrom: 18, inTo: 46, outTo: 64 },
      { inFrom: 36, inTo: 64, outTo: 82 },
      { inFrom: 54, inTo: 82, outTo: 100 },
    ]);
    // one window: the split itself, 10 bars at 50%
    expect(walkForwardWindows(10, { windows: 1, inSamplePct: 50 })).toEqual([
      { inFrom: 0, inTo: 5, outTo: 10 },
    ]);
    // out = ⌊3 × 0.1 ÷ (0.9 + 5 × 0.1)⌋ = 0
    expect(() => walkForwardWindows(3, { windows: 5, inSamplePct: 90 })).toThrow(
      '3 bars are too few for 5 windows',
    );
  });
});

describe('a window starts with warm indicators', () => {
  const real = loadBars();
  // SMA 200 > 0 holds on every bar once the SMA has 200 bars.
  const warm: StrategyInput = {
    symbol: 'BTCUSDT',
    interval: '1m',
    entry: {
      op: 'greater-than',
      left: { kind: 'indicator', id: 'sma', params: { period: 200 }, output: 'value' },
      right: value(0),
    },
    exit: { op: 'less-than', left: close, right: value(0) },
  };
  it('fires on the window’s first bar, where a run over the window alone is still warming up', () => {
    const r = runBacktest(real, warm, { range: { from: 500, to: 1000 } });
    expect(r.times[0]).toBe(real[500]!.time * 1000);
    expect(r.times).toHaveLength(500);
    expect(r.signals.entry[0]).toBe(real[500]!.time * 1000);
    // next-open fill on bar 501
    expect(r.trades.length + (r.open ? 1 : 0)).toBe(1);
    expect(r.open!.entryTime).toBe(real[501]!.time * 1000);
    const alone = runBacktest(real.slice(500, 1000), warm);
    // alone, the SMA 200 first has a value on the window's bar 199
    expect(alone.signals.entry[0]).toBe(real[699]!.time * 1000);
  });
  it('gives the signals of the full run inside the window, on both paths', () => {
    const cross: StrategyInput = {
      ...warm,
      entry: {
        op: 'crosses-above',
        left: { kind: 'indicator', id: 'ema', params: { period: 50 }, output: 'value' },
        right: { kind: 'indicator', id: 'sma', params: { period: 120 }, output: 'value' },
      },
      exit: {
        op: 'crosses-below',
        left: { kind: 'indicator', id: 'ema', params: { period: 50 }, output: 'value' },
        right: { kind: 'indicator', id: 'sma', params: { period: 120 }, output: 'value' },
      },
    };
    const inside = (t: number) => t >= real[300]!.time * 1000 && t < real[1700]!.time * 1000;
    const full = runBacktest(real, cross);
    const w = runBacktest(real, cross, { range: { from: 300, to: 1700 } });
    const ref = runBacktest(real, cross, { range: { from: 300, to: 1700 }, signals: 'reference' });
    expect(w.signals.entry).toEqual(full.signals.entry.filter(inside));
    expect(w.signals.exit).toEqual(full.signals.exit.filter(inside));
    expect(w.signals.entry.length).toBeGreaterThan(2);
    expect(JSON.stringify(w)).toBe(JSON.stringify(ref));
  });
});

describe('runWalkForward', () => {
  // Entry: close > L (swept: 100 or 200); exit: close < 100; fills at the signal's close, no
  // commission, 100% of equity, so a window's return is a product of close ratios.
  const closes = [150, 160, 180, 90, 210, 230, 250, 200];
  const bars: ChartBar[] = closes.map((c, i) => ({
    time: 1_700_000_040 + i * 60,
    open: c,
    high: c,
    low: c,
    close: c,
    volume: 1,
  }));
  const base: StrategyInput = {
    symbol: 'BTCUSDT',
    interval: '1m',
    entry: { op: 'greater-than', left: close, right: value(100) },
    exit: { op: 'less-than', left: close, right: value(100) },
    commissionPct: 0,
    fill: 'close',
  };
  const sweep = parseSweep(
    { parameters: [{ path: 'entry.right.value', values: [100, 200] }] },
    base,
  );

  it('chooses in sample, reports out of sample, stitches and shows the gap', () => {
    // 8 bars, 2 windows at 50%: out = ⌊8 × 0.5 ÷ (0.5 + 2 × 0.5)⌋ = 2, in = 8 − 4 = 4
    const wf = runWalkForward(prepareBacktest(bars), base, sweep, { windows: 2, inSamplePct: 50 });
    expect(wf.windows.map(({ inFrom, inTo, outTo }) => [inFrom, inTo, outTo])).toEqual([
      [0, 4, 6],
      [2, 6, 8],
    ]);
    // window 1, bars 0–3 (150 160 180 90): L 100 buys at 150, sells at 90: −0.4;
    // L 200 never buys: 0 → L 200 chosen
    const [w1, w2] = wf.windows;
    expect(w1!.best).toMatchObject({ index: 1, values: [200] });
    expect(w1!.best!.metrics!.netReturn).toBe(0);
    // out of sample, bars 4–5 (210 230): buys at 210, held to 230: 230 ÷ 210 − 1 = 0.095238…
    expect(w1!.outOfSample!.netReturn).toBeCloseTo(230 / 210 - 1, 12);
    // window 2, bars 2–5 (180 90 210 230): L 100 buys at 180, sells at 90 (× 0.5), buys at 210,
    // held to 230: 0.5 × 230 ÷ 210 − 1 = −0.452…; L 200 buys at 210: 0.095… → L 200
    expect(w2!.best).toMatchObject({ index: 1, values: [200] });
    expect(w2!.best!.metrics!.netReturn).toBeCloseTo(230 / 210 - 1, 12);
    // out of sample, bars 6–7 (250 200): 200 ÷ 250 − 1 = −0.2
    expect(w2!.outOfSample!.netReturn).toBeCloseTo(-0.2, 12);
    // stitched: 10,000 × 230/210 = 10,952.38…, then × 200/250 = 8,761.90…: return −0.12381…
    expect(wf.stitched!.equity).toHaveLength(4);
    expect(wf.stitched!.equity[1]).toBeCloseTo((10_000 * 230) / 210, 8);
    expect(wf.stitched!.equity[3]).toBeCloseTo((((10_000 * 230) / 210) * 200) / 250, 8);
    expect(wf.stitched!.metrics.netReturn).toBeCloseTo((230 / 210) * 0.8 - 1, 12);
    expect(wf.stitched!.times).toEqual([4, 5, 6, 7].map((i) => bars[i]!.time * 1000));
    // gap: in sample (0 + 0.0952…) ÷ 2 = 0.0476…; out of sample (0.0952… − 0.2) ÷ 2 = −0.0524…;
    // difference 0.1
    expect(wf.gap.inSample).toBeCloseTo((230 / 210 - 1) / 2, 12);
    expect(wf.gap.outOfSample).toBeCloseTo((230 / 210 - 1 - 0.2) / 2, 12);
    expect(wf.gap.difference).toBeCloseTo(0.1, 12);
  });

  it('gives the same result from in-sample rows run in slices and merged', () => {
    const settings = { windows: 2, inSamplePct: 50 };
    const windows = walkForwardWindows(bars.length, settings);
    const rows = windows.map((w) => {
      const range = { from: w.inFrom, to: w.inTo };
      // two slices, merged in the wrong order
      return [
        ...runSweepSlice(bars, base, sweep, 1, 2, { range }),
        ...runSweepSlice(bars, base, sweep, 0, 1, { range }),
      ];
    });
    expect(finishWalkForward(bars, base, sweep, windows, rows)).toEqual(
      runWalkForward(bars, base, sweep, settings),
    );
  });

  it('refuses bad settings', () => {
    expect(() => runWalkForward(bars, base, sweep, { windows: 0, inSamplePct: 50 })).toThrow(
      'Walk-forward: windows: At least 1 window',
    );
    expect(() => runWalkForward(bars, base, sweep, { windows: 2, inSamplePct: 95 })).toThrow(
      'The in-sample part must be at most 90%',
    );
  });
});
