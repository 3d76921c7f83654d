import { INDICATOR_IDS } from '@coinview/core/indicators';
import { describe, expect, it } from 'vitest';
import { PICKER_GROUPS, scoreIndicator, searchIndicators } from './indicator-search';

const ids = (query: string) => searchIndicators(query).map((e) => e.id);

describe('indicator picker search', () => {
  it('groups every catalogue indicator exactly once, by where it is drawn', () => {
    expect(PICKER_GROUPS.map((g) => g.heading)).toEqual([
      'Moving averages & bands (on price)',
      'Oscillators (own pane)',
      'Candlestick patterns',
    ]);
    const listed = PICKER_GROUPS.flatMap((g) => g.entries.map((e) => e.id));
    expect([...listed].sort()).toEqual([...INDICATOR_IDS].sort());
    expect(PICKER_GROUPS[1]?.entries.map((e) => e.short)).toContain('RSI');
    expect(PICKER_GROUPS[2]?.entries.map((e) => e.id)).toEqual(['patterns']);
  });

  it('finds what a trader means', () => {
    expect(ids('rsi')[0]).toBe('rsi');
    expect(ids('rsi')).toContain('stochrsi');
    expect(ids('bollinger')).toEqual(['bb']);
    expect(ids('moving average').slice(0, 3).sort()).toEqual(['ema', 'sma', 'wma']);
    expect(ids('patterns')).toEqual(['patterns']);
    expect(ids('engulfing')).toEqual(['patterns']);
    expect(ids('%r')).toEqual(['willr']);
    expect(ids('williams')).toEqual(['willr']);
    expect(ids('MACD')[0]).toBe('macd');
    expect(ids('volume')).toEqual(expect.arrayContaining(['obv', 'mfi', 'vwap']));
    expect(ids('stoch').slice(0, 2)).toEqual(['stoch', 'stochrsi']);
  });

  it('matches nothing for nonsense and everything for an empty search', () => {
    expect(ids('zzz')).toEqual([]);
    expect(ids('rsi zzz')).toEqual([]);
    expect(ids('   ')).toHaveLength(INDICATOR_IDS.length);
    expect(scoreIndicator('not-an-indicator', 'rsi')).toBe(0);
  });
});
