import { describe, expect, it } from 'vitest';
import {
  advanceTape,
  barDirection,
  changePercent,
  classifyLiveBar,
  countGaps,
  emptyTape,
  formatChange,
  formatPrice,
  formatVolume,
  mergeHistory,
  tapeOf,
  type ChartBar,
} from './bars';

const bar = (time: number, close: number, open = close): ChartBar => ({
  time,
  open,
  high: Math.max(open, close) + 1,
  low: Math.min(open, close) - 1,
  close,
  volume: 10,
});

describe('bar tape', () => {
  const history = [bar(60, 100), bar(120, 110), bar(180, 99)];

  it('summarises history: count, last bar and the close before it', () => {
    expect(tapeOf(history)).toEqual({
      count: 3,
      first: history[0],
      last: history[2],
      prevClose: 110,
      gaps: 0,
    });
    expect(tapeOf([])).toEqual(emptyTape);
  });

  it('revises the forming bar in place, appends a new one and ignores older ones', () => {
    const tape = tapeOf(history);
    expect(classifyLiveBar(tape, bar(180, 101))).toBe('replace');
    expect(classifyLiveBar(tape, bar(240, 98))).toBe('append');
    expect(classifyLiveBar(tape, bar(120, 1))).toBe('ignore');
    expect(classifyLiveBar(emptyTape, bar(60, 1))).toBe('append');

    const revised = advanceTape(tape, bar(180, 101));
    expect(revised).toEqual({
      count: 3,
      first: history[0],
      last: bar(180, 101),
      prevClose: 110,
      gaps: 0,
    });
    const appended = advanceTape(revised, bar(240, 98));
    expect(appended).toEqual({
      count: 4,
      first: history[0],
      last: bar(240, 98),
      prevClose: 101,
      gaps: 0,
    });
    expect(advanceTape(appended, bar(60, 5))).toBe(appended);
    expect(advanceTape(emptyTape, bar(60, 5)).first).toEqual(bar(60, 5));
  });

  it('counts gaps when it knows where the next bar opens', () => {
    const next = (t: number) => t + 60;
    expect(countGaps(history, next)).toBe(0);
    expect(countGaps([bar(60, 1), bar(180, 1), bar(240, 1), bar(400, 1)], next)).toBe(2);
    expect(countGaps([bar(60, 1), bar(180, 1)], undefined)).toBe(0);
    expect(tapeOf([bar(60, 1), bar(180, 1)], next).gaps).toBe(1);
    // A live bar that skips one counts too.
    expect(advanceTape(tapeOf(history, next), bar(300, 1), next).gaps).toBe(1);
    expect(advanceTape(tapeOf(history, next), bar(240, 1), next).gaps).toBe(0);
  });
});

describe('merging history', () => {
  const drawn = [bar(300, 1), bar(360, 2), bar(420, 3), bar(480, 4)]; // 420 and 480 came live

  it('prepends older bars, keeps live bars newer than the history, and reports the shift', () => {
    const history = [bar(120, 0), bar(180, 0), bar(240, 0), bar(300, 1), bar(360, 2)];
    const merged = mergeHistory(drawn, history);
    expect(merged.bars.map((b) => b.time)).toEqual([120, 180, 240, 300, 360, 420, 480]);
    expect(merged.prepended).toBe(3);
  });

  it('lets the history win where both have a bar, and shifts nothing on a first load', () => {
    const history = [bar(300, 9), bar(360, 9), bar(420, 9)];
    const merged = mergeHistory(drawn, history);
    expect(merged.bars.map((b) => [b.time, b.close])).toEqual([
      [300, 9],
      [360, 9],
      [420, 9],
      [480, 4],
    ]);
    expect(merged.prepended).toBe(0);
    expect(mergeHistory([], history)).toEqual({ bars: history, prepended: 0 });
  });

  it('shifts nothing when the new history does not hold the old first bar', () => {
    const merged = mergeHistory(drawn, [bar(900, 1), bar(960, 1)]);
    expect(merged.bars.map((b) => b.time)).toEqual([900, 960]);
    expect(merged.prepended).toBe(0);
  });
});

describe('legend values', () => {
  it('colours a bar by direction, flat counting as up', () => {
    expect(barDirection({ open: 1, close: 2 })).toBe('up');
    expect(barDirection({ open: 2, close: 2 })).toBe('up');
    expect(barDirection({ open: 2, close: 1 })).toBe('down');
  });

  it('measures change against the previous close', () => {
    expect(changePercent(110, 100)).toBeCloseTo(10);
    expect(changePercent(90, 100)).toBeCloseTo(-10);
    expect(changePercent(90, undefined)).toBeUndefined();
    expect(changePercent(90, 0)).toBeUndefined();
    expect(formatChange(1.234)).toBe('+1.23%');
    expect(formatChange(-0.5)).toBe('-0.50%');
    expect(formatChange(undefined)).toBe('—');
    expect(formatChange(-0.001)).toBe('0.00%');
  });

  it('formats prices with fixed decimals and volumes with K/M/B', () => {
    expect(formatPrice(65432.1, 2)).toBe('65,432.10');
    expect(formatPrice(0.123456, 4)).toBe('0.1235');
    expect(formatVolume(12)).toBe('12.00');
    expect(formatVolume(1234)).toBe('1.23K');
    expect(formatVolume(4_560_000)).toBe('4.56M');
    expect(formatVolume(7.891e9)).toBe('7.89B');
  });
});
