import { describe, expect, it } from 'vitest';
import {
  createDrawingMapping,
  slotTime,
  timeToLogical,
  type TimeScaleReader,
} from './chart-mapping';

/** A time scale over `times` with bar i's centre at x = 100 + 10·i (like the library's). */
function reader(times: readonly number[]): TimeScaleReader {
  return {
    indexFrom(time) {
      if (times.length === 0) return null;
      const i = times.findIndex((t) => t >= time);
      return i < 0 ? times.length - 1 : i;
    },
    timeAt: (i) => times[i] ?? null,
    lastIndex: () => (times.length === 0 ? null : times.length - 1),
    indexToX: (i) => (times.length === 0 ? null : 100 + 10 * i),
  };
}

const minute = [600, 660, 720, 780, 840];
const prices = { priceToY: (p: number) => 500 - p, yToPrice: (y: number) => 500 - y };

describe('a time as a logical index', () => {
  it('is the bar’s index on a bar and proportional between two bars', () => {
    expect(timeToLogical(reader(minute), 720)).toBe(2);
    expect(timeToLogical(reader(minute), 690)).toBe(1.5);
    // Across a gap in the bars (the market paused), still in proportion to time.
    expect(timeToLogical(reader([0, 60, 600]), 330)).toBe(1.5);
  });

  it('continues at the last bars’ spacing into the future, and the first bars’ into the past', () => {
    expect(timeToLogical(reader(minute), 840 + 300)).toBe(9);
    expect(timeToLogical(reader(minute), 600 - 120)).toBe(-2);
  });

  it('is unknown without bars, or with one bar for any other time', () => {
    expect(timeToLogical(reader([]), 600)).toBeNull();
    expect(timeToLogical(reader([600]), 600)).toBe(0);
    expect(timeToLogical(reader([600]), 660)).toBeNull();
  });
});

describe('the time of a bar slot', () => {
  it('is the bar’s own time, or the continued time beyond either end', () => {
    expect(slotTime(reader(minute), 3)).toBe(780);
    expect(slotTime(reader(minute), 6)).toBe(960);
    expect(slotTime(reader(minute), -1)).toBe(540);
    expect(slotTime(reader([]), 0)).toBeNull();
  });
});

describe('createDrawingMapping', () => {
  const mapping = createDrawingMapping(reader(minute), prices);

  it('places times on, between and after the bars on the time scale’s line', () => {
    expect(mapping.timeToX(600)).toBe(100);
    expect(mapping.timeToX(690)).toBe(115);
    // Five minutes after the last bar: four bars right of it.
    expect(mapping.timeToX(840 + 300)).toBe(100 + 10 * 9);
    expect(mapping.priceToY(120)).toBe(380);
  });

  it('turns pixels back into the nearest bar slot’s time, future slots included', () => {
    expect(mapping.xToTime(114)).toBe(660);
    expect(mapping.xToTime(116)).toBe(720);
    expect(mapping.xToTime(100 + 10 * 7 + 2)).toBe(840 + 180);
    expect(mapping.yToPrice(380)).toBe(120);
  });

  it('places nothing on an empty chart', () => {
    const empty = createDrawingMapping(reader([]), prices);
    expect(empty.timeToX(600)).toBeNull();
    expect(empty.xToTime(100)).toBeNull();
  });
});
