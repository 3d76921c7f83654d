import { describe, expect, it } from 'vitest';
import {
  advanceTape,
  barDirection,
  changePercent,
  classifyLiveBar,
  emptyTape,
  formatChange,
  formatPrice,
  formatVolume,
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
    expect(tapeOf(history)).toEqual({ count: 3, last: history[2], prevClose: 110 });
    expect(tapeOf([])).toEqual(emptyTape);
  });

  it('revises the forming bar in place, appends a new one and ignores older ones', () => {
    const tape = tapeOf(history);
    expect(classifyLiveBar(tape, bar(180, 101))).toBe('replace');
    expect(classifyLiveBar(tape, bar(240, 98))).toBe('append');
    expect(classifyLiveBar(tape, bar(120, 1))).toBe('ignore');
    expect(classifyLiveBar(emptyTape, bar(60, 1))).toBe('append');

    const revised = advanceTape(tape, bar(180, 101));
    expect(revised).toEqual({ count: 3, last: bar(180, 101), prevClose: 110 });
    const appended = advanceTape(revised, bar(240, 98));
    expect(appended).toEqual({ count: 4, last: bar(240, 98), prevClose: 101 });
    expect(advanceTape(appended, bar(60, 5))).toBe(appended);
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
