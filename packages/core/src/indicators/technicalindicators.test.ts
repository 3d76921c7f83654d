// Where technicalindicators 3.1.0 agrees with TA-Lib's definitions (and so with core) and where
// it does not, on the same real bars. Its outputs drop the warm-up, so they are aligned on the
// last bar.
import { ATR, BollingerBands, EMA, MACD, RSI, SMA, Stochastic } from 'technicalindicators';
import { describe, expect, it } from 'vitest';
import { loadBars } from '../../test/load-bars';
import { Atr } from './atr';
import { Bollinger } from './bollinger';
import { Ema } from './ema';
import { Macd } from './macd';
import { Rsi } from './rsi';
import { Sma } from './sma';
import { Stochastic as CoreStochastic } from './stochastic';
import type { Bar } from './types';

const bars = loadBars();
const values = bars.map((b) => b.close);
const high = bars.map((b) => b.high);
const low = bars.map((b) => b.low);

/** Pairs of [core, ti] for the bars where both have a value. */
function aligned<T, U>(core: (T | null)[], ti: U[]): [T, U][] {
  const offset = core.length - ti.length;
  const pairs: [T, U][] = [];
  ti.forEach((v, j) => {
    const c = core[offset + j];
    if (c !== null && c !== undefined) pairs.push([c, v]);
  });
  return pairs;
}

/** Largest difference, relative to the value (absolute for values below 1, e.g. %K near 0). */
function maxRelDiff(pairs: [number, number][]): number {
  return Math.max(...pairs.map(([a, b]) => Math.abs(a - b) / Math.max(Math.abs(a), 1)));
}

describe('technicalindicators agrees (≤ 1e-8 after warm-up)', () => {
  it('SMA, EMA, ATR, Bollinger (population σ), Stochastic', () => {
    const sma = new Sma({ period: 20, source: 'close' }).compute(bars);
    expect(maxRelDiff(aligned(sma, SMA.calculate({ period: 20, values })))).toBeLessThan(1e-8);
    const ema = new Ema({ period: 20, source: 'close' }).compute(bars);
    expect(maxRelDiff(aligned(ema, EMA.calculate({ period: 20, values })))).toBeLessThan(1e-8);
    const atr = new Atr({ period: 14 }).compute(bars);
    const tiAtr = ATR.calculate({ high, low, close: values, period: 14 });
    expect(maxRelDiff(aligned(atr, tiAtr))).toBeLessThan(1e-8);
    const bb = new Bollinger({ period: 20, stdDev: 2, source: 'close' }).compute(bars);
    const tiBb = BollingerBands.calculate({ period: 20, stdDev: 2, values });
    const upper = aligned(bb, tiBb).map(([c, t]): [number, number] => [c.upper, t.upper]);
    expect(upper.length).toBeGreaterThan(1900);
    expect(maxRelDiff(upper)).toBeLessThan(1e-8);
    // technicalindicators' %K is the unsmoothed one and its %D an SMA(3) of it: TA-Lib's slow %K.
    const st = new CoreStochastic({ kPeriod: 14, kSmoothing: 3, dPeriod: 1 }).compute(bars);
    const tiSt = Stochastic.calculate({ high, low, close: values, period: 14, signalPeriod: 3 });
    const k = aligned(st, tiSt).filter(([, t]) => t.d !== undefined);
    expect(maxRelDiff(k.map(([c, t]): [number, number] => [c.k, t.d]))).toBeLessThan(1e-8);
  });
});

describe('technicalindicators differs from TA-Lib (core keeps TA-Lib)', () => {
  it('RSI is rounded to 2 decimals', () => {
    const core = new Rsi({ period: 14, source: 'close' }).compute(bars);
    const pairs = aligned(core, RSI.calculate({ period: 14, values }));
    for (const [c, t] of pairs) expect(t).toBe(Math.round(c * 100) / 100);
    const maxAbs = Math.max(...pairs.map(([c, t]) => Math.abs(c - t)));
    expect(maxAbs).toBeGreaterThan(0.004);
    expect(maxAbs).toBeLessThanOrEqual(0.005 + 1e-9);
  });

  it('RSI of a flat market: technicalindicators 100, TA-Lib (and core) 0', () => {
    const flat: Bar[] = Array.from({ length: 30 }, (_, i) => ({
      time: i * 60,
      open: 100,
      high: 100,
      low: 100,
      close: 100,
      volume: 1,
    }));
    const core = new Rsi({ period: 14, source: 'close' }).compute(flat);
    const ti = RSI.calculate({ period: 14, values: flat.map((b) => b.close) });
    expect(core.at(-1)).toBe(0);
    expect(ti.at(-1)).toBe(100);
  });

  it('MACD: the EMAs are seeded differently, so values differ for the first ~70 bars, then agree', () => {
    const core = new Macd({ fast: 12, slow: 26, signal: 9, source: 'close' }).compute(bars);
    const ti = MACD.calculate({
      values,
      fastPeriod: 12,
      slowPeriod: 26,
      signalPeriod: 9,
      SimpleMAOscillator: false,
      SimpleMAStockOscillator: false,
      SimpleMASignal: false,
    } as Parameters<typeof MACD.calculate>[0]);
    const offset = core.length - ti.length;
    // Differences in USD, against a tolerance of 1e-8 of the price (MACD crosses 0, so a relative
    // difference of the MACD value itself is meaningless near the crossings).
    const diff = ti.map((t, j) => {
      const c = core[offset + j];
      if (!c || t.MACD === undefined || t.signal === undefined) return Number.NaN;
      return (
        Math.max(Math.abs(c.macd - t.MACD), Math.abs(c.signal - t.signal)) / values[offset + j]!
      );
    });
    const first = core.findIndex((c) => c !== null);
    expect(first).toBe(33);
    // Right after warm-up they differ visibly (≈ 2.9 USD on the MACD line, 6.1 on the signal)…
    expect(diff[first - offset]! * values[first]!).toBeGreaterThan(1);
    // …and the gap decays with the fast EMA until both agree to 1e-8 of the price.
    const settled = diff.findIndex((d, j) => j + offset >= first && d < 1e-8) + offset;
    expect(settled).toBeGreaterThan(60);
    expect(settled).toBeLessThan(200);
    expect(Math.max(...diff.slice(settled - offset))).toBeLessThan(1e-8);
  });
});
