// The batch path against the incremental indicators, bar by bar: for every indicator a rule can
// name and several parameter sets, on the 2,000 real BTCUSDT 1m bars and on a 20,000-bar random
// walk with flat runs and jumps (zero ranges, zero σ, Bollinger's exact fallback), every output
// must be bit-identical (Object.is, NaN exactly where the incremental output is null).
import { describe, expect, it } from 'vitest';
import { loadBars } from '../../../test/load-bars';
import { INDICATORS, createIndicator, outputOf } from '../catalog';
import type { Bar } from '../types';
import { barColumns } from './columns';
import { indicatorBatch } from './index';

/** Deterministic PRNG (mulberry32) so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random walk from 60,000 with calm and volatile stretches, jumps and flat runs. */
function randomWalk(count: number): Bar[] {
  const r = rng(7);
  const out: Bar[] = [];
  let price = 60_000;
  let flat = 0;
  for (let i = 0; i < count; i++) {
    if (flat === 0 && r() < 0.003) flat = 1 + Math.floor(r() * 200);
    const open = price;
    let close = open;
    let high = open;
    let low = open;
    if (flat > 0) {
      flat--;
    } else {
      const vol = i % 5_000 < 2_500 ? 0.001 : 0.01;
      close = open * (1 + (r() - 0.5) * 2 * vol + (r() < 0.002 ? (r() - 0.5) * 0.2 : 0));
      high = Math.max(open, close) * (1 + r() * vol);
      low = Math.min(open, close) * (1 - r() * vol);
    }
    out.push({ time: 1_700_000_000 + i * 300, open, high, low, close, volume: r() * 5 });
    price = close;
  }
  return out;
}

const DATA: Record<string, Bar[]> = { real: loadBars(), walk: randomWalk(20_000) };

const CASES: [string, Record<string, unknown>][] = [
  ['sma', {}],
  ['sma', { period: 1 }],
  ['sma', { period: 7, source: 'hl2' }],
  ['sma', { period: 200, source: 'ohlc4' }],
  ['ema', {}],
  ['ema', { period: 1 }],
  ['ema', { period: 9, source: 'hlc3' }],
  ['ema', { period: 200 }],
  ['rsi', {}],
  ['rsi', { period: 1 }],
  ['rsi', { period: 2, source: 'open' }],
  ['rsi', { period: 50 }],
  ['bb', {}],
  ['bb', { period: 2, stdDev: 1 }],
  ['bb', { period: 50, stdDev: 2.5, source: 'hlc3' }],
  ['bb', { period: 300, stdDev: 3 }],
  ['wma', {}],
  ['wma', { period: 1 }],
  ['wma', { period: 9, source: 'hl2' }],
  ['wma', { period: 500 }],
  ['vwap', {}],
  ['vwap', { source: 'close' }],
  ['keltner', {}],
  ['keltner', { period: 5, atrPeriod: 30, multiplier: 1.5 }],
  ['ichimoku', {}],
  ['ichimoku', { tenkanPeriod: 30, kijunPeriod: 10, senkouBPeriod: 5, displacement: 1 }],
  ['ichimoku', { tenkanPeriod: 1, kijunPeriod: 2, senkouBPeriod: 120, displacement: 2 }],
  ['psar', {}],
  ['psar', { acceleration: 0.05, maximum: 0.03 }],
  ['macd', {}],
  ['macd', { fast: 3, slow: 40, signal: 1, source: 'hlc3' }],
  ['stoch', {}],
  ['stoch', { kPeriod: 1, kSmoothing: 1, dPeriod: 1 }],
  ['stoch', { kPeriod: 50, kSmoothing: 5, dPeriod: 7 }],
  ['stochrsi', {}],
  ['stochrsi', { rsiPeriod: 5, stochPeriod: 1, kSmoothing: 1, dSmoothing: 2 }],
  ['stochrsi', { rsiPeriod: 30, stochPeriod: 20, kSmoothing: 4, dSmoothing: 6, source: 'ohlc4' }],
  ['atr', {}],
  ['atr', { period: 1 }],
  ['atr', { period: 60 }],
  ['adx', {}],
  ['adx', { period: 2 }],
  ['adx', { period: 40 }],
  ['cci', {}],
  ['cci', { period: 2 }],
  ['cci', { period: 100 }],
  ['obv', {}],
  ['mfi', {}],
  ['mfi', { period: 1 }],
  ['mfi', { period: 60 }],
  ['willr', {}],
  ['willr', { period: 1 }],
  ['willr', { period: 90 }],
];

/** First bar where batch and incremental differ, or null. */
function firstDifference(id: string, params: Record<string, unknown>, bars: Bar[]): string | null {
  const incremental = createIndicator(id, params).compute(bars);
  const batch = indicatorBatch({ id, params }, barColumns(bars));
  const outputs = INDICATORS[id as keyof typeof INDICATORS].outputs;
  expect(Object.keys(batch).sort()).toEqual([...outputs].sort());
  for (const output of outputs) {
    const col = batch[output]!;
    expect(col).toHaveLength(bars.length);
    for (let i = 0; i < bars.length; i++) {
      const want = outputOf(incremental[i], output) ?? Number.NaN;
      if (!Object.is(col[i], want)) return `${output} bar ${i}: batch ${col[i]} vs ${want}`;
    }
  }
  return null;
}

describe('indicatorBatch equals the incremental indicators bar by bar', () => {
  for (const [id, params] of CASES) {
    for (const [name, bars] of Object.entries(DATA)) {
      it(`${id} ${JSON.stringify(params)} on ${name} bars`, () => {
        expect(firstDifference(id, params, bars)).toBeNull();
      });
    }
  }
});

describe('indicatorBatch', () => {
  it('gives NaN columns when there are fewer bars than the lookback', () => {
    const out = indicatorBatch(
      { id: 'rsi', params: { period: 14 } },
      barColumns(DATA.real!.slice(0, 14)),
    );
    expect([...out.value!].every(Number.isNaN)).toBe(true);
  });

  it('covers every indicator a rule can compare', () => {
    const covered = new Set(CASES.map(([id]) => id));
    const comparable = Object.values(INDICATORS).filter((e) => e.placement !== 'markers');
    expect(comparable.map((e) => e.id).filter((id) => !covered.has(id))).toEqual([]);
    expect(() => indicatorBatch({ id: 'patterns' }, barColumns([]))).toThrow('draws markers');
  });

  it('refuses parameters the catalogue refuses, in its words', () => {
    expect(() => indicatorBatch({ id: 'sma', params: { period: 0 } }, barColumns([]))).toThrow(
      'Period must be at least 1',
    );
    expect(() => indicatorBatch({ id: 'nope' }, barColumns([]))).toThrow(/Unknown indicator/);
  });
});
