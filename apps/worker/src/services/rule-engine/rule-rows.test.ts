import { describe, expect, it } from 'vitest';
import { DEFAULT_CHANNEL_SETTINGS, deliveryChannels, fireMessage } from './fire-sink';
import { type RuleRow, parseRuleRow } from './rule-rows';
import { rsiCrossesBelow } from './testing';

const row = (over: Partial<RuleRow> = {}): RuleRow => ({
  id: 'r1',
  userId: 'u1',
  name: 'dip',
  status: 'active',
  definition: rsiCrossesBelow('BTCUSDT'),
  message: '',
  notifyEmail: true,
  notifyInApp: true,
  notifyWebhook: true,
  notifyTelegram: false,
  version: 1,
  updatedAt: 1_000_000,
  ...over,
});

describe('alert rule rows', () => {
  it('reports a definition that no longer parses instead of throwing', () => {
    const parsed = parseRuleRow(row({ definition: { symbol: 'BTCUSDT', interval: '1m' } }));
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.error).toMatch(/condition/);
  });

  it('evaluates a rule from its last change, or from after the bar it last fired on', () => {
    const at = (r: RuleRow) => {
      const parsed = parseRuleRow(r);
      if (!parsed.ok) throw new Error(parsed.error);
      return parsed.rule.effectiveFrom;
    };
    expect(at(row())).toBe(1_000_000);
    // Unchanged since before its last fire: it resumes at the bar after the one it fired on.
    expect(at(row({ updatedAt: 500_000, lastFiredAt: 8_999_950, lastFiredBar: 600_000 }))).toBe(
      660_000,
    );
    // Edited after its last fire: from the edit.
    expect(at(row({ updatedAt: 9_000_000, lastFiredAt: 2_000_000, lastFiredBar: 600_000 }))).toBe(
      9_000_000,
    );
  });
});

describe('delivery channels', () => {
  const rule = { notifyEmail: true, notifyInApp: true, notifyWebhook: true, notifyTelegram: true };

  it('is in-app only for a user without notification settings', () => {
    expect(deliveryChannels(rule, DEFAULT_CHANNEL_SETTINGS)).toEqual(['inapp']);
  });

  it('emails only a verified address and posts only to an enabled webhook with a URL', () => {
    const settings = {
      ...DEFAULT_CHANNEL_SETTINGS,
      email: 'a@example.test',
      webhookUrl: 'https://example.test/hook',
    };
    expect(deliveryChannels(rule, settings)).toEqual(['inapp']);
    expect(
      deliveryChannels(rule, { ...settings, emailVerifiedAt: new Date(), webhookEnabled: true }),
    ).toEqual(['inapp', 'email', 'webhook']);
    expect(
      deliveryChannels(
        { notifyEmail: false, notifyInApp: true, notifyWebhook: false, notifyTelegram: false },
        { ...settings, emailVerifiedAt: new Date(), webhookEnabled: true, inAppEnabled: false },
      ),
    ).toEqual([]);
  });

  it('sends to Telegram only once a chat is linked and Telegram is on', () => {
    const linked = { ...DEFAULT_CHANNEL_SETTINGS, telegramChatId: '4242' };
    expect(deliveryChannels(rule, linked)).toEqual(['inapp']);
    expect(deliveryChannels(rule, { ...linked, telegramEnabled: true })).toEqual([
      'inapp',
      'telegram',
    ]);
    expect(
      deliveryChannels(
        { ...rule, notifyTelegram: false },
        { ...linked, telegramEnabled: true, inAppEnabled: false },
      ),
    ).toEqual([]);
    expect(deliveryChannels(rule, { ...DEFAULT_CHANNEL_SETTINGS, telegramEnabled: true })).toEqual([
      'inapp',
    ]);
  });

  it('renders the message from the rule template, or the default one', () => {
    const parsed = parseRuleRow(row());
    if (!parsed.ok) throw new Error(parsed.error);
    expect(fireMessage(parsed.rule, '29000.50000000')).toBe(
      'BTCUSDT 1m: RSI 14 crosses below 30 (close 29000.5)',
    );
    expect(
      fireMessage({ ...parsed.rule, message: '{{symbol}} at {{close}} {{unknown}}' }, '1.5'),
    ).toBe('BTCUSDT at 1.5 {{unknown}}');
    expect(fireMessage({ ...parsed.rule, message: '{{close}}' }, '108589.00000000')).toBe('108589');
    expect(fireMessage({ ...parsed.rule, message: '{{close}}' }, '120')).toBe('120');
  });
});
