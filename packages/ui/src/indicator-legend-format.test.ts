import { createIndicator } from '@coinview/core/indicators';
import { describe, expect, it } from 'vitest';
import {
  formatIndicatorValue,
  legendLabel,
  legendValues,
  patternLegendValues,
  valuesJson,
} from './indicator-legend-format';
import { plotsOf } from './indicator-points';
import { recordedBars } from './indicator-test-bars';

const bars = recordedBars().slice(0, 200);

describe('legend formatting', () => {
  it('labels a row with the user name, else the short name and numeric parameters', () => {
    expect(legendLabel({ id: 'rsi', params: { period: 21 } })).toBe('RSI 21');
    expect(legendLabel({ id: 'bb', params: {} })).toBe('BB 20 2');
    expect(legendLabel({ id: 'ema', params: {}, name: 'Trend' })).toBe('Trend');
    expect(legendLabel({ id: 'nope', params: {} })).toBe('nope');
  });

  it('formats prices at the market precision and other values by magnitude', () => {
    expect(formatIndicatorValue(112345.678, 2)).toBe('112,345.68');
    expect(formatIndicatorValue(54.321)).toBe('54.32');
    expect(formatIndicatorValue(-0.000123456)).toBe('-0.0001235');
    expect(formatIndicatorValue(2_500_000)).toBe('2.50M');
    expect(formatIndicatorValue(null)).toBe('∅');
  });

  it("shows each plot's value at the bar, shifted plots from the bar they were drawn from", () => {
    const values = createIndicator('ichimoku', {}).compute(bars);
    const plots = plotsOf('ichimoku', {});
    const shown = legendValues(values, 150, plots, (o) => `c-${o}`);
    const at = (i: number) => values[i] as Record<string, number>;
    expect(shown.map((v) => v.output)).toEqual(['tenkan', 'kijun', 'chikou', 'leadA', 'leadB']);
    expect(shown[0]!.text).toBe(formatIndicatorValue(at(150).tenkan!));
    // Chikou drawn at bar 150 is the close of bar 175; leadA there was computed on bar 125.
    expect(shown[2]!.text).toBe(formatIndicatorValue(bars[175]!.close));
    expect(shown[3]!.text).toBe(formatIndicatorValue(at(125).leadA!));
    expect(shown[3]!.color).toBe('c-leadA');
  });

  it('lists pattern names and serialises the last values', () => {
    const match = { pattern: 'doji', name: 'Doji', direction: 'neutral' as const };
    expect(patternLegendValues([match], (d) => d)).toEqual([
      { output: 'doji', text: 'Doji', color: 'neutral' },
    ]);
    expect(patternLegendValues(null, (d) => d)).toEqual([]);
    expect(valuesJson([match], [])).toBe('["doji"]');
    expect(valuesJson({ macd: 1, signal: 2, histogram: -1 }, ['macd', 'signal', 'histogram'])).toBe(
      '{"macd":1,"signal":2,"histogram":-1}',
    );
    expect(valuesJson(42.5, ['value'])).toBe('{"value":42.5}');
    expect(valuesJson(null, ['value'])).toBe('{"value":null}');
  });
});
