import { describe, expect, it } from 'vitest';
import { INDICATOR_IDS, parseIndicatorParams } from './catalog';
import { defaultParams, indicatorLabel, paramFields } from './param-fields';

describe('parameter fields for the settings form', () => {
  it('describes RSI and Bollinger with labels, bounds and defaults from the schema', () => {
    expect(paramFields('rsi')).toEqual([
      { key: 'period', label: 'Period', kind: 'integer', min: 1, max: 1000, step: 1, default: 14 },
      {
        key: 'source',
        label: 'Source',
        kind: 'choice',
        options: ['close', 'open', 'high', 'low', 'hl2', 'hlc3', 'ohlc4'],
        default: 'close',
      },
    ]);
    const stdDev = paramFields('bb').find((f) => f.key === 'stdDev');
    expect(stdDev).toMatchObject({ kind: 'number', min: 0.001, max: 50, default: 2, step: 0.1 });
    expect(paramFields('patterns').map((f) => f.kind)).toEqual(['boolean', 'boolean', 'boolean']);
  });

  it('gives every indicator defaults that its own schema accepts unchanged', () => {
    for (const id of INDICATOR_IDS) {
      const dflt = defaultParams(id);
      expect(parseIndicatorParams(id, dflt), id).toEqual(dflt);
      for (const f of paramFields(id)) expect(f.label, `${id}.${f.key}`).not.toBe(f.key);
    }
  });

  it('labels an instance by its numbers', () => {
    expect(indicatorLabel('rsi', { period: 21 })).toBe('RSI 21');
    expect(indicatorLabel('bb', {})).toBe('BB 20 2');
    expect(indicatorLabel('macd', { fast: 8 })).toBe('MACD 8 26 9');
    expect(() => indicatorLabel('nope', {})).toThrow(/Unknown indicator/);
  });
});
