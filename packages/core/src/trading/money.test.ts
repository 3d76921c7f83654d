import { describe, expect, it } from 'vitest';
import {
  Money,
  ceilToStep,
  decimalsOf,
  floorToStep,
  formatAmount,
  money,
  parseAmount,
  sumAmounts,
  toDecimalString,
} from './money';

describe('money', () => {
  it('adds what floats cannot', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(toDecimalString(money('0.1').plus('0.2'))).toBe('0.3');
    // 10,000 fills of 0.00001 BTC: exact, where a float drifts.
    let float = 0;
    for (let i = 0; i < 10_000; i++) float += 0.00001;
    expect(float).not.toBe(0.1);
    expect(toDecimalString(sumAmounts(Array.from({ length: 10_000 }, () => '0.00001')))).toBe(
      '0.1',
    );
  });

  it('keeps 38-digit numeric(38,18) products exact', () => {
    const balance = money('12345678901234567890.123456789012345678');
    expect(toDecimalString(balance.times('1'))).toBe('12345678901234567890.123456789012345678');
    expect(toDecimalString(money('97310.55').times('0.00001'))).toBe('0.9731055');
  });

  it('refuses what is not a decimal string', () => {
    for (const bad of ['', '1e5', 'NaN', 'Infinity', '1.', '.5', '0x10', ' 1'])
      expect(() => money(bad), bad).toThrow();
    expect(parseAmount(' 1,250.50 ')?.toFixed()).toBe('1250.5');
    expect(parseAmount('abc')).toBeNull();
    expect(parseAmount('1e3')).toBeNull();
  });

  it('rounds to a step in the named direction only', () => {
    expect(toDecimalString(floorToStep(money('0.123456789'), '0.00001000'))).toBe('0.12345');
    expect(toDecimalString(ceilToStep(money('0.123450001'), '0.00001000'))).toBe('0.12346');
    expect(toDecimalString(floorToStep(money('97310.559'), '0.01'))).toBe('97310.55');
    expect(toDecimalString(floorToStep(money('7'), '0'))).toBe('7');
    expect(toDecimalString(floorToStep(money('12.9'), '1.00000000'))).toBe('12');
    expect(decimalsOf('0.01000000')).toBe(2);
    expect(decimalsOf('1.00000000')).toBe(0);
  });

  it('formats amounts as a trader reads them', () => {
    expect(formatAmount('97310.55000000')).toBe('97,310.55');
    expect(formatAmount('0.00004000')).toBe('0.00004');
    expect(formatAmount('9000000.00000000')).toBe('9,000,000');
    expect(formatAmount('-1234.5')).toBe('-1,234.5');
    expect(formatAmount('999')).toBe('999');
    expect(formatAmount('0.123456', 2)).toBe('0.12');
    expect(formatAmount(new Money('1e-8'))).toBe('0.00000001');
  });

  it('prints no exponent and at most 18 decimals', () => {
    expect(toDecimalString(new Money('1e-18'))).toBe('0.000000000000000001');
    expect(toDecimalString(new Money(1).div(3))).toBe('0.333333333333333333');
    expect(toDecimalString(new Money('-0'))).toBe('0');
  });
});
