import { describe, expect, it } from 'vitest';
import { multiplyDecimals } from './stream-events';

describe('multiplyDecimals', () => {
  it('multiplies decimal strings exactly', () => {
    expect(multiplyDecimals('110715.94000000', '0.00016000')).toBe('17.7145504');
    expect(multiplyDecimals('0.1', '0.2')).toBe('0.02');
    expect(multiplyDecimals('3', '4')).toBe('12');
    expect(multiplyDecimals('0.00000001', '0.00000001')).toBe('0.0000000000000001');
    expect(multiplyDecimals('-1.5', '2')).toBe('-3');
    expect(multiplyDecimals('0', '-2.5')).toBe('0');
  });
});
