import type { ChartBar } from '@coinview/core/candle';
import { candlesToColumns } from '@coinview/core/chart-columns';
import { describe, expect, it } from 'vitest';
import { type HistoryPage, joinPages, olderPageParam } from './history-query';

const MINUTE = 60_000;

/** A page of 1m bars opening at the given minutes (as the server sends them: columns). */
function page(minutes: number[], hasMore = true): HistoryPage {
  const candles = minutes.map((m) => ({
    openTime: m * MINUTE,
    open: String(100 + m),
    high: String(101 + m),
    low: String(99 + m),
    close: String(100.5 + m),
    volume: '1',
  }));
  return { bars: candlesToColumns(candles), hasMore };
}

const times = (bars: ChartBar[]) => bars.map((b) => b.time / 60);

describe('chart history pages', () => {
  it('joins pages (newest first) into one oldest-first series, without a bar twice at a seam', () => {
    const newest = page([10, 11, 12]);
    const older = page([7, 8, 9, 10]); // overlaps the newer page by one bar
    const oldest = page([5, 6], false);
    const bars = joinPages({
      pages: [newest, older, oldest],
      pageParams: [undefined, 10 * MINUTE, 7 * MINUTE],
    });
    expect(times(bars)).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
    expect(bars[0]).toEqual({ time: 300, open: 105, high: 106, low: 104, close: 105.5, volume: 1 });
    expect(joinPages(undefined)).toEqual([]);
  });

  it('asks for the page before the oldest bar, until history says there is no more', () => {
    expect(olderPageParam(page([7, 8]))).toBe(7 * MINUTE);
    expect(olderPageParam(page([7, 8], false))).toBeUndefined();
    expect(olderPageParam(page([], true))).toBeUndefined();
  });
});
