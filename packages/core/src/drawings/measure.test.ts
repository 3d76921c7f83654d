import { describe, expect, it } from 'vitest';
import { dateRange, priceRange } from './measure';

const range = (t0: number, p0: number, t1: number, p1: number) => ({
  anchors: [
    { time: t0, price: p0 },
    { time: t1, price: p1 },
  ] as const,
});
const HOUR = 3600;
const DAY = 24 * HOUR;
const JAN_1_2024 = Date.UTC(2024, 0, 1) / 1000;

describe('priceRange', () => {
  it('measures the change from the first point to the second, and its percent', () => {
    expect(priceRange(range(0, 100, HOUR, 125))).toEqual({
      from: 100,
      to: 125,
      change: 25,
      percent: 25,
    });
    expect(priceRange(range(0, 200, HOUR, 150))).toEqual({
      from: 200,
      to: 150,
      change: -50,
      percent: -25,
    });
  });

  it('has no percent from a price of 0', () => {
    expect(priceRange(range(0, 0, HOUR, 5)).percent).toBeNull();
  });
});

describe('dateRange', () => {
  it('measures seconds, and no bars without an interval', () => {
    expect(dateRange(range(JAN_1_2024, 1, JAN_1_2024 + 5 * HOUR, 1))).toEqual({
      seconds: 5 * HOUR,
      bars: null,
    });
  });

  it('counts bars of the interval between the bars holding each point', () => {
    const from = JAN_1_2024 + 10 * 60; // 00:10, inside the 00:00 hourly bar
    expect(dateRange(range(from, 1, JAN_1_2024 + 5 * HOUR, 1), '1h')).toEqual({
      seconds: 5 * HOUR - 600,
      bars: 5,
    });
    expect(dateRange(range(from, 1, JAN_1_2024 + 59 * 60, 1), '1h').bars).toBe(0);
    expect(dateRange(range(JAN_1_2024, 1, JAN_1_2024 + 3 * DAY, 1), '15m').bars).toBe(288);
  });

  it('is negative when the second point is earlier', () => {
    expect(dateRange(range(JAN_1_2024 + 2 * DAY, 1, JAN_1_2024, 1), '4h')).toEqual({
      seconds: -2 * DAY,
      bars: -12,
    });
  });

  it('counts weeks from Monday and months by the calendar', () => {
    // 2024-01-01 was a Monday; Sunday the 7th is still in its first week.
    expect(dateRange(range(JAN_1_2024, 1, JAN_1_2024 + 6 * DAY, 1), '1w').bars).toBe(0);
    expect(dateRange(range(JAN_1_2024, 1, JAN_1_2024 + 7 * DAY, 1), '1w').bars).toBe(1);
    const mar15 = Date.UTC(2024, 2, 15) / 1000;
    expect(dateRange(range(JAN_1_2024 + DAY, 1, mar15, 1), '1M').bars).toBe(2);
    expect(dateRange(range(mar15, 1, JAN_1_2024, 1), '1M').bars).toBe(-2);
    expect(dateRange(range(JAN_1_2024, 1, Date.UTC(2025, 0, 31) / 1000, 1), '1M').bars).toBe(12);
  });
});
