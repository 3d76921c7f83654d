import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { INDICATORS, INDICATOR_IDS, createIndicator, parseIndicatorParams } from './catalog';

describe('indicator catalogue', () => {
  it('lists every indicator with outputs, colours and a placement', () => {
    expect(INDICATOR_IDS).toHaveLength(19);
    for (const id of INDICATOR_IDS) {
      const e = INDICATORS[id];
      expect(e.id).toBe(id);
      expect(e.outputs.length).toBeGreaterThan(0);
      for (const o of e.outputs) expect(e.colors[o]).toMatch(/^#[0-9a-f]{6}$/);
      expect(['overlay', 'pane', 'markers']).toContain(e.placement);
    }
    expect(INDICATORS.rsi.referenceLines).toEqual([30, 70]);
    expect(INDICATORS.willr.referenceLines).toEqual([-80, -20]);
    expect(INDICATORS.cci.referenceLines).toEqual([-100, 100]);
    expect(INDICATORS.bb.outputs).toEqual(['upper', 'middle', 'lower']);
    expect(INDICATORS.macd.outputs).toEqual(['macd', 'signal', 'histogram']);
  });

  it('fills defaults and builds instances', () => {
    expect(parseIndicatorParams('rsi', {})).toEqual({ period: 14, source: 'close' });
    expect(parseIndicatorParams('bb', { period: 50 })).toEqual({
      period: 50,
      stdDev: 2,
      source: 'close',
    });
    expect(createIndicator('ema', { period: 200 }).lookback).toBe(199);
    expect(createIndicator('macd').lookback).toBe(33);
    expect(createIndicator('adx').lookback).toBe(27);
  });

  it('refuses invalid parameters with a message that says what to fix', () => {
    const message = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(ZodError);
        return (e as ZodError).issues.map((i) => i.message).join('; ');
      }
      throw new Error('expected a ZodError');
    };
    expect(message(() => createIndicator('rsi', { period: 0 }))).toBe('Period must be at least 1');
    expect(message(() => createIndicator('sma', { period: 2.5 }))).toBe(
      'Period must be a whole number of bars',
    );
    expect(message(() => createIndicator('macd', { fast: 30, slow: 26 }))).toBe(
      'Fast period must be shorter than the slow period',
    );
    expect(message(() => createIndicator('supertrend'))).toBe('Unknown indicator "supertrend"');
    expect(message(() => createIndicator('bb', { source: 'vwap' }))).toMatch(/expected one of/i);
  });
});
