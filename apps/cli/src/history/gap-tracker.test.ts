import type { Candle } from '@coinview/core/candle';
import { describe, expect, it } from 'vitest';
import { barsInRange } from './bar-count';
import { GapTracker } from './gap-tracker';

const M15 = 15 * 60_000;
const T0 = Date.UTC(2020, 1, 9, 1, 0);
const bar = (i: number) => ({ openTime: T0 + i * M15 }) as Candle;

describe('GapTracker', () => {
  it('reports bars missing between consecutive candles, across pages', () => {
    const gaps = new GapTracker('15m', T0);
    gaps.see([bar(0), bar(1), bar(2), bar(3)]);
    gaps.see([bar(8), bar(9)]); // 4 bars missing, like Binance's 2020-02-09 outage
    gaps.see([bar(10), bar(12)]);
    expect(gaps.gaps).toEqual([
      { from: T0 + 4 * M15, to: T0 + 8 * M15, missingBars: 4 },
      { from: T0 + 11 * M15, to: T0 + 12 * M15, missingBars: 1 },
    ]);
    expect(gaps.missingBars).toBe(5);
  });

  it('counts a gap at the very start of the download', () => {
    const gaps = new GapTracker('15m', T0);
    gaps.see([bar(2)]);
    expect(gaps.missingBars).toBe(2);
  });
});

describe('barsInRange', () => {
  it('counts fixed and calendar intervals, from unaligned starts', () => {
    expect(barsInRange(T0 + 1, T0 + 4 * M15, '15m')).toBe(3);
    expect(barsInRange(T0, T0 + 4 * M15 + 1, '15m')).toBe(5);
    expect(barsInRange(Date.UTC(2024, 0, 1), Date.UTC(2025, 0, 1), '1M')).toBe(12);
    expect(barsInRange(Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 1), '1d')).toBe(0);
  });
});
