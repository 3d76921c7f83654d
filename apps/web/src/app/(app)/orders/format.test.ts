import { describe, expect, it } from 'vitest';
import { formatAmount, plainAmount, withAsset } from './format';

describe('formatAmount', () => {
  it('drops trailing zeros and groups thousands from the string itself', () => {
    expect(formatAmount('97310.55000000')).toBe('97,310.55');
    expect(formatAmount('10000.000000000000000000')).toBe('10,000');
    expect(formatAmount('0.00000012')).toBe('0.00000012');
    expect(formatAmount('-1234567.5')).toBe('-1,234,567.5');
    // Beyond a double's precision: the digits survive.
    expect(formatAmount('12345678901234567.123456789012345678')).toBe(
      '12,345,678,901,234,567.123456789012345678',
    );
  });

  it('shows a dash for nothing', () => {
    expect(formatAmount(null)).toBe('—');
    expect(withAsset(null, 'BTC')).toBe('—');
    expect(withAsset('0.5000', 'BTC')).toBe('0.5 BTC');
  });
});

describe('plainAmount', () => {
  it('writes an exchange decimal as a trader types it', () => {
    expect(plainAmount('107673.97000000')).toBe('107673.97');
    expect(plainAmount('100.00000000')).toBe('100');
    expect(plainAmount('100')).toBe('100');
    expect(plainAmount(undefined)).toBe('');
  });
});
