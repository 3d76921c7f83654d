// Every indicator against a batch textbook implementation of TA-Lib's definition, on 2,000 real
// BTCUSDT 1m bars: null exactly during warm-up, then equal to ≤ 1e-8 relative.
import { describe, expect, it } from 'vitest';
import { createIndicator, outputOf } from './catalog';
import * as tb from './testing/textbook';
import * as tb2 from './testing/textbook-more';
import { loadBars } from '../../test/load-bars';

const bars = loadBars();
const close = bars.map((b) => b.close);
const high = bars.map((b) => b.high);
const low = bars.map((b) => b.low);

/** Asserts a computed output series equals the reference (NaN = must be null). */
function expectSeries(actual: (number | null)[], expected: number[], tol = 1e-8) {
  expect(actual).toHaveLength(expected.length);
  let compared = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const a = actual[i];
    if (Number.isNaN(e)) {
      if (a !== null) throw new Error(`bar ${i}: expected null (warm-up), got ${a}`);
      continue;
    }
    if (a === null || a === undefined) throw new Error(`bar ${i}: expected ${e}, got null`);
    const err = Math.abs(a - e) / Math.max(Math.abs(e), 1e-12);
    if (err > tol && Math.abs(a - e) > 1e-10) throw new Error(`bar ${i}: ${a} vs ${e}`);
    compared++;
  }
  expect(compared).toBeGreaterThan(expected.length / 2);
}

function run(id: string, params: Record<string, unknown> = {}) {
  const values = createIndicator(id, params).compute(bars);
  return (output = 'value') => values.map((v) => outputOf(v, output));
}

describe('indicators match TA-Lib definitions on real data', () => {
  it('SMA, EMA, WMA', () => {
    expectSeries(run('sma', { period: 20 })(), tb.sma(close, 20));
    expectSeries(run('ema', { period: 20 })(), tb.ema(close, 20));
    expectSeries(run('ema', { period: 200 })(), tb.ema(close, 200));
    expectSeries(run('wma', { period: 30 })(), tb.wma(close, 30));
  });

  it('Bollinger Bands (population standard deviation)', () => {
    const out = run('bb', { period: 20, stdDev: 2 });
    const mid = tb.sma(close, 20);
    const sd = tb.stdDev(close, 20);
    expectSeries(out('middle'), mid);
    expectSeries(
      out('upper'),
      mid.map((m, i) => m + 2 * sd[i]!),
    );
    expectSeries(
      out('lower'),
      mid.map((m, i) => m - 2 * sd[i]!),
    );
  });

  it('RSI (Wilder, TA-Lib seeding)', () => {
    expectSeries(run('rsi', { period: 14 })(), tb.rsi(close, 14));
    expectSeries(run('rsi', { period: 2 })(), tb.rsi(close, 2));
  });

  it('MACD (TA-Lib seeding of both EMAs and the signal)', () => {
    const out = run('macd', { fast: 12, slow: 26, signal: 9 });
    const ref = tb.macd(close, 12, 26, 9);
    for (const k of ['macd', 'signal', 'histogram'] as const) {
      expectSeries(
        out(k),
        ref.map((r) => r[k]),
        1e-7,
      );
    }
    expect(out('macd').findIndex((v) => v !== null)).toBe(33);
  });

  it('ATR and Keltner Channels', () => {
    const atr = tb.atr(bars, 14);
    expectSeries(run('atr', { period: 14 })(), atr);
    const k = run('keltner', { period: 20, atrPeriod: 10, multiplier: 2 });
    const mid = tb.ema(close, 20);
    const a10 = tb.atr(bars, 10);
    expectSeries(k('middle'), mid);
    expectSeries(
      k('upper'),
      mid.map((m, i) => m + 2 * a10[i]!),
    );
  });

  it('Stochastic (slow %K, %D) and Stochastic RSI', () => {
    const s = run('stoch', { kPeriod: 14, kSmoothing: 3, dPeriod: 3 });
    const slowK = tb.smaFrom(tb.rawK(high, low, close, 14), 3);
    const slowD = tb.smaFrom(slowK, 3);
    expectSeries(
      s('k'),
      slowK.map((k, i) => (Number.isNaN(slowD[i]!) ? Number.NaN : k)),
    );
    expectSeries(s('d'), slowD);

    const r = tb.rsi(close, 14);
    const rk = tb.smaFrom(tb.rawK(r, r, r, 14, 14), 3);
    const rd = tb.smaFrom(rk, 3);
    const sr = run('stochrsi', { rsiPeriod: 14, stochPeriod: 14, kSmoothing: 3, dSmoothing: 3 });
    expectSeries(sr('d'), rd, 1e-7);
    expectSeries(
      sr('k'),
      rk.map((k, i) => (Number.isNaN(rd[i]!) ? Number.NaN : k)),
      1e-7,
    );
  });

  it('ADX, +DI, −DI', () => {
    const out = run('adx', { period: 14 });
    const ref = tb2
      .adx(bars, 14)
      .map((r) => (Number.isNaN(r.adx) ? { ...r, plusDI: NaN, minusDI: NaN } : r));
    for (const k of ['adx', 'plusDI', 'minusDI'] as const) {
      expectSeries(
        out(k),
        ref.map((r) => r[k]),
      );
    }
  });

  it('CCI, OBV, MFI, Williams %R', () => {
    expectSeries(run('cci', { period: 20 })(), tb2.cci(bars, 20));
    expectSeries(run('obv')(), tb2.obv(bars));
    expectSeries(run('mfi', { period: 14 })(), tb2.mfi(bars, 14));
    expectSeries(run('willr', { period: 14 })(), tb2.willr(bars, 14));
  });

  it('VWAP restarts at 00:00 UTC', () => {
    const out = run('vwap')();
    expectSeries(out, tb2.vwap(bars));
    const midnight = bars.findIndex((b) => b.time % 86400 === 0);
    expect(midnight).toBeGreaterThan(0);
    const b = bars[midnight]!;
    expect(out[midnight]).toBeCloseTo((b.high + b.low + b.close) / 3, 8);
  });

  it('Parabolic SAR (TA-Lib SAR)', () => {
    expectSeries(run('psar')(), tb2.sar(bars, 0.02, 0.2));
  });

  it('Ichimoku: lines, displaced cloud and chikou', () => {
    const out = run('ichimoku');
    const tenkan = bars.map((_, i) => tb2.midpoint(bars, i, 9));
    const kijun = bars.map((_, i) => tb2.midpoint(bars, i, 26));
    const leadA = tenkan.map((t, i) => (t + kijun[i]!) / 2);
    const leadB = bars.map((_, i) => tb2.midpoint(bars, i, 52));
    expectSeries(out('tenkan'), tenkan);
    expectSeries(out('kijun').slice(8), kijun.slice(8));
    expectSeries(out('leadA').slice(8), leadA.slice(8));
    expectSeries(out('leadB').slice(8), leadB.slice(8));
    const shifted = (xs: number[]) => xs.map((_, i) => (i >= 25 ? xs[i - 25]! : Number.NaN));
    expectSeries(out('senkouA').slice(8), shifted(leadA).slice(8));
    expectSeries(out('senkouB').slice(8), shifted(leadB).slice(8));
    expectSeries(out('chikou').slice(8), close.slice(8));
  });
});
