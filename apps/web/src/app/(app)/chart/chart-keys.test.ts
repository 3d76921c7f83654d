import { describe, expect, it } from 'vitest';
import { chartKey, stepInterval } from './chart-keys';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'altKey' | 'metaKey', boolean>> = {}) =>
  chartKey({ key: k, ctrlKey: false, altKey: false, metaKey: false, isComposing: false, ...mods });

describe('chart keys', () => {
  it('types letters and digits into the symbol search, upper-cased', () => {
    expect(key('e')).toEqual({ type: 'E' });
    expect(key('B')).toEqual({ type: 'B' });
    expect(key('1')).toEqual({ type: '1' });
  });
  it('steps the interval with , and .', () => {
    expect(key(',')).toEqual({ step: -1 });
    expect(key('.')).toEqual({ step: 1 });
  });
  it('leaves shortcuts and other keys alone', () => {
    expect(key('t', { altKey: true })).toBeNull();
    expect(key('z', { ctrlKey: true })).toBeNull();
    expect(key('k', { metaKey: true })).toBeNull();
    expect(key('Enter')).toBeNull();
    expect(key('Escape')).toBeNull();
    expect(key(' ')).toBeNull();
  });
  it('stops at either end of the interval list', () => {
    expect(stepInterval('1h', 1)).toBe('2h');
    expect(stepInterval('1h', -1)).toBe('30m');
    expect(stepInterval('1m', -1)).toBe('1m');
    expect(stepInterval('1M', 1)).toBe('1M');
  });
});
