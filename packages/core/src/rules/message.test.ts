import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_TEMPLATE, describeRule, renderAlertMessage } from './message';
import { alertRuleSchema, type Condition } from './rule';

const close = { kind: 'price', field: 'close' } as const;
const describeCondition = (condition: Condition) =>
  describeRule(alertRuleSchema.parse({ symbol: 'BTCUSDT', interval: '1m', condition }));

describe('describeRule', () => {
  it.each<[Condition, string]>([
    [
      {
        op: 'crosses-below',
        left: { kind: 'indicator', id: 'rsi', params: { period: 14 }, output: 'value' },
        right: { kind: 'value', value: 30 },
      },
      'RSI 14 crosses below 30',
    ],
    [
      { op: 'entering-channel', left: close, channel: { kind: 'bands', id: 'bb', params: {} } },
      'Close entering channel BB 20 2',
    ],
    [
      { op: 'moving-up', left: close, by: 2, unit: 'percent', bars: 5 },
      'Close moving up 2 % within 5 bars',
    ],
    [
      { op: 'moving-down', left: close, by: 150.5, unit: 'value', bars: 1 },
      'Close moving down 150.5 within 1 bar',
    ],
    [
      {
        op: 'crosses-above',
        left: { kind: 'indicator', id: 'macd', params: {}, output: 'macd' },
        right: { kind: 'indicator', id: 'macd', params: {}, output: 'signal' },
      },
      'MACD 12 26 9 crosses above MACD 12 26 9 signal',
    ],
    [
      {
        all: [
          { op: 'greater-than', left: close, right: { kind: 'value', value: 0.1 + 0.2 } },
          {
            any: [
              {
                op: 'outside-channel',
                left: { kind: 'indicator', id: 'rsi', params: {}, output: 'value' },
                channel: {
                  kind: 'lines',
                  upper: { kind: 'value', value: 70 },
                  lower: { kind: 'value', value: 30 },
                },
              },
              { op: 'less-than', left: { kind: 'price', field: 'hl2' }, right: close },
            ],
          },
        ],
      },
      'Close greater than 0.3 and (RSI 14 outside channel 30 – 70 or HL2 less than Close)',
    ],
  ])('%#: %s', (condition, text) => {
    expect(describeCondition(condition)).toBe(text);
  });
});

describe('renderAlertMessage', () => {
  it('fills the placeholders and leaves unknown ones as written', () => {
    const vars = {
      symbol: 'BTCUSDT',
      interval: '1m',
      close: 64123.5,
      rule: 'RSI 14 crosses below 30',
    };
    expect(renderAlertMessage(DEFAULT_ALERT_TEMPLATE, vars)).toBe(
      'BTCUSDT 1m: RSI 14 crosses below 30 (close 64123.5)',
    );
    expect(renderAlertMessage('{{ symbol }} at {{close}} {{price}} {{constructor}}', vars)).toBe(
      'BTCUSDT at 64123.5 {{price}} {{constructor}}',
    );
    expect(renderAlertMessage('{{close}}', { ...vars, close: '0.10000000' })).toBe('0.10000000');
  });
});
