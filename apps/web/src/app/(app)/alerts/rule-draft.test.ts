import { describeRule } from '@coinview/core/rules/message';
import { alertRuleSchema } from '@coinview/core/rules/rule';
import { describe, expect, it } from 'vitest';
import {
  definitionToDraft,
  drawingAlertDraft,
  draftToDefinition,
  formErrors,
  formKey,
  indicatorAlertDraft,
  issuesToFormErrors,
  priceLevelDraft,
  type RuleDraft,
} from './rule-draft';

function described(draft: RuleDraft): string {
  return describeRule(alertRuleSchema.parse(draftToDefinition(draft, 'UTC')));
}

const extras = {
  name: 'n',
  message: 'm',
  notifyEmail: true,
  notifyInApp: false,
  notifyWebhook: false,
  notifyTelegram: false,
};

describe('alert form drafts', () => {
  it('pre-fills "Close crosses <last price>" from the chart', () => {
    expect(described(priceLevelDraft('BTCUSDT', '1m', 91234.5600001))).toBe(
      'Close crosses 91234.56',
    );
  });

  it('pre-fills from an indicator the way a trader would ask', () => {
    expect(
      described(indicatorAlertDraft('BTCUSDT', '1h', { id: 'rsi', params: { period: 14 } })),
    ).toBe('RSI 14 crosses below 30');
    expect(
      described(
        indicatorAlertDraft('BTCUSDT', '1h', { id: 'bb', params: { period: 20, stdDev: 2 } }),
      ),
    ).toBe('Close crosses BB 20 2 upper');
    expect(
      described(indicatorAlertDraft('BTCUSDT', '1h', { id: 'ema', params: { period: 50 } })),
    ).toBe('Close crosses EMA 50');
    expect(described(indicatorAlertDraft('BTCUSDT', '1h', { id: 'macd', params: {} }))).toBe(
      'MACD 12 26 9 crosses 0',
    );
  });

  it('writes one comparison bare and several as an all/any group, and reads them back', () => {
    const draft = indicatorAlertDraft('ETHUSDT', '5m', { id: 'rsi', params: { period: 7 } });
    const two: RuleDraft = {
      ...draft,
      combine: 'any',
      comparisons: [...draft.comparisons, ...priceLevelDraft('ETHUSDT', '5m', 3000).comparisons],
      trigger: 'intrabar',
      frequency: 'once',
    };
    const rule = alertRuleSchema.parse(draftToDefinition(two, 'UTC'));
    expect('any' in rule.condition && rule.condition.any).toHaveLength(2);
    expect(describeRule(rule)).toBe('RSI 7 crosses below 30 or Close crosses 3000');
    const back = definitionToDraft(rule, extras, 'UTC');
    expect(back && draftToDefinition(back, 'UTC')).toEqual(draftToDefinition(two, 'UTC'));
  });

  it('keeps an alert on a drawn line as it is when edited, and describes it by its points', () => {
    const line = {
      kind: 'line',
      line: {
        kind: 'trend-line',
        anchors: [
          { time: 1_700_000_000, price: 64000 },
          { time: 1_700_086_400, price: 66000.5 },
        ],
      },
      drawingId: 'd1',
    } as const;
    const rule = alertRuleSchema.parse({
      symbol: 'BTCUSDT',
      interval: '1h',
      condition: { op: 'crosses-above', left: { kind: 'price', field: 'close' }, right: line },
    });
    expect(describeRule(rule)).toBe('Close crosses above Trend line 64000 → 66000.5');
    const draft = definitionToDraft(rule, extras, 'UTC')!;
    expect(draft.comparisons[0]!.right).toEqual(line);
    expect(alertRuleSchema.parse(draftToDefinition(draft, 'UTC'))).toEqual(rule);
  });

  it("makes an alert from a drawing: close crossing a line, entering a channel's lines", () => {
    const style = { color: '#2962ff', width: 2, dash: 'solid' } as const;
    const base = { style, locked: false, hidden: false };
    const ray = drawingAlertDraft('BTCUSDT', '1h', {
      ...base,
      id: 'r1',
      kind: 'ray',
      anchors: [
        { time: 1_700_000_000, price: 100 },
        { time: 1_700_003_600, price: 110 },
      ],
    })!;
    expect(described(ray)).toBe('Close crosses Ray 100 → 110');
    expect(ray.comparisons[0]!.right).toMatchObject({ kind: 'line', drawingId: 'r1' });
    const channel = drawingAlertDraft('BTCUSDT', '1h', {
      ...base,
      id: 'c1',
      kind: 'parallel-channel',
      anchors: [
        { time: 1_700_000_000, price: 100 },
        { time: 1_700_003_600, price: 110 },
        { time: 1_700_000_000, price: 90 },
      ],
    })!;
    // The base line is the upper one (the third point is 10 below it).
    expect(described(channel)).toBe(
      'Close entering channel Trend line 90 → 100 – Trend line 100 → 110',
    );
    expect(
      drawingAlertDraft('BTCUSDT', '1h', {
        ...base,
        id: 't1',
        kind: 'text',
        anchors: [{ time: 1_700_000_000, price: 100 }],
        text: 'note',
      }),
    ).toBeNull();
  });

  it('maps rule error paths to form fields', () => {
    expect(formKey('condition.left.params.period')).toBe('c0.left.params.period');
    expect(formKey('condition.all.2.right.value')).toBe('c2.right.value');
    expect(formKey('frequency')).toBe('frequency');
    const draft = priceLevelDraft('BTCUSDT', '1m', 1);
    draft.comparisons[0]!.left = {
      kind: 'indicator',
      id: 'rsi',
      params: { period: 0 },
      output: 'value',
    };
    const result = alertRuleSchema.safeParse(draftToDefinition(draft, 'UTC'));
    expect(issuesToFormErrors(result.error!.issues)['c0.left.params.period']).toBe(
      'Period must be at least 1',
    );
    draft.comparisons[0]!.right = { kind: 'value', value: '' };
    const empty = alertRuleSchema.safeParse(draftToDefinition(draft, 'UTC'));
    expect(issuesToFormErrors(empty.error!.issues)['c0.right.value']).toBe('Enter a number');
    expect(formErrors({ 'condition.any.1.by': ['The move must be greater than 0'] })).toEqual({
      'c1.by': 'The move must be greater than 0',
    });
  });
});
