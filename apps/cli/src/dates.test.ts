import { describe, expect, it } from 'vitest';
import { parseDate } from './dates';

describe('parseDate', () => {
  it('reads dates as UTC unless a zone is given', () => {
    expect(parseDate('2024-01-01')).toBe(Date.UTC(2024, 0, 1));
    expect(parseDate('2024-01-01T12:30')).toBe(Date.UTC(2024, 0, 1, 12, 30));
    expect(parseDate('2024-01-01T12:30:00+02:00')).toBe(Date.UTC(2024, 0, 1, 10, 30));
    expect(parseDate('1704067200000')).toBe(Date.UTC(2024, 0, 1));
  });

  it('refuses what is not a date', () => {
    expect(() => parseDate('yesterday')).toThrow(/not a date/);
    expect(() => parseDate('2024-13-45')).toThrow(/not a date/);
  });
});
