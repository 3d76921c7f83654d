import { describe, expect, it } from 'vitest';
import { directionOf, formatChange, formatPrice } from './format';

describe('formatPrice', () => {
  it("shows the exchange's decimal string at the symbol's precision, grouped", () => {
    expect(formatPrice('112731.29000000', 2)).toBe('112,731.29');
    expect(formatPrice('3.5', 4)).toBe('3.5000');
    expect(formatPrice('0.00001234', 8)).toBe('0.00001234');
    expect(formatPrice('1000', 0)).toBe('1,000');
  });

  it('rounds half up when the precision is coarser than the data, carrying over', () => {
    expect(formatPrice('1.005', 2)).toBe('1.01');
    expect(formatPrice('1.004', 2)).toBe('1.00');
    expect(formatPrice('999.996', 2)).toBe('1,000.00');
    expect(formatPrice('9.6', 0)).toBe('10');
  });

  it('shows a dash for nothing or garbage', () => {
    expect(formatPrice(undefined, 2)).toBe('—');
    expect(formatPrice('abc', 2)).toBe('—');
  });
});

describe('formatChange', () => {
  it('signs the change with two decimals', () => {
    expect(formatChange(1.234)).toBe('+1.23%');
    expect(formatChange(-0.456)).toBe('\u22120.46%');
    expect(formatChange(0.001)).toBe('0.00%');
    expect(formatChange(undefined)).toBe('—');
  });

  it('colours by direction, flat when it rounds to zero', () => {
    expect(directionOf(0.5)).toBe('up');
    expect(directionOf(-0.01)).toBe('down');
    expect(directionOf(0.004)).toBe('flat');
    expect(directionOf(undefined)).toBe('flat');
  });
});
