// Where the engine's fires go: one AlertFire row (unique per rule and bar, so a replayed bar or a
// restarted worker records nothing twice) with its delivery jobs, through @coinview/db's
// recordFires — a bar's fires together, in one transaction. Which channels a fire is delivered on
// is decided here, at fire time, from the rule's flags and the owner's current notification
// settings.
import { trimDecimal } from '@coinview/core/candle';
import type { RuleFire } from '@coinview/core/rules/market-rules';
import {
  DEFAULT_ALERT_TEMPLATE,
  describeRule,
  renderAlertMessage,
} from '@coinview/core/rules/message';
import { type DeliveryChannel, type FireInput, recordFires } from '@coinview/db/alert-fires';
import type { Db } from '@coinview/db/client';
import {
  type ChannelSettings,
  getChannelSettingsOfUsers,
} from '@coinview/db/notification-settings';
import type { LoadedRule } from './rule-rows';

/** One fire of a rule, at the price it fired at. */
export interface FireRecord {
  rule: LoadedRule;
  fire: RuleFire;
  price: string;
}

export interface FireSink {
  /** Records the fire; false when this rule had already fired on this bar (nothing changed). */
  record(rule: LoadedRule, fire: RuleFire, price: string): Promise<boolean>;
  /**
   * Records fires together, all or none (it throws and nothing is recorded); per fire, in order,
   * false when that rule had already fired on that bar.
   */
  recordMany(items: readonly FireRecord[]): Promise<boolean[]>;
}

export type { ChannelSettings };

/** A user who never saved notification settings: in-app only (no verified address, no webhook). */
export const DEFAULT_CHANNEL_SETTINGS: ChannelSettings = {
  email: null,
  emailVerifiedAt: null,
  emailEnabled: true,
  inAppEnabled: true,
  webhookUrl: null,
  webhookEnabled: false,
  telegramChatId: null,
  telegramEnabled: false,
};

/** The channels a fire goes out on: the rule asks for it and the user's settings allow it. */
export function deliveryChannels(
  rule: Pick<LoadedRule, 'notifyEmail' | 'notifyInApp' | 'notifyWebhook' | 'notifyTelegram'>,
  settings: ChannelSettings,
): DeliveryChannel[] {
  const channels: DeliveryChannel[] = [];
  if (rule.notifyInApp && settings.inAppEnabled) channels.push('inapp');
  // Email only to an address the user proved is theirs.
  if (rule.notifyEmail && settings.emailEnabled && settings.email && settings.emailVerifiedAt)
    channels.push('email');
  if (rule.notifyWebhook && settings.webhookEnabled && settings.webhookUrl)
    channels.push('webhook');
  if (rule.notifyTelegram && settings.telegramEnabled && settings.telegramChatId)
    channels.push('telegram');
  return channels;
}

export function fireMessage(rule: LoadedRule, price: string): string {
  const template = rule.message.trim() === '' ? DEFAULT_ALERT_TEMPLATE : rule.message;
  return renderAlertMessage(template, {
    symbol: rule.rule.symbol,
    interval: rule.rule.interval,
    close: trimDecimal(price),
    rule: describeRule(rule.rule),
  });
}

export class PgFireSink implements FireSink {
  constructor(private readonly db: Db) {}

  async record(rule: LoadedRule, fire: RuleFire, price: string): Promise<boolean> {
    const [inserted] = await this.recordMany([{ rule, fire, price }]);
    return inserted ?? false;
  }

  async recordMany(items: readonly FireRecord[]): Promise<boolean[]> {
    if (items.length === 0) return [];
    // Read at fire time (one query for the whole bar), so a settings change applies to the very
    // next fire.
    const settings = await getChannelSettingsOfUsers(
      this.db,
      items.map(({ rule }) => rule.userId),
    );
    const fires = items.map(({ rule, fire, price }): FireInput => ({
      ruleId: rule.id,
      userId: rule.userId,
      barTime: new Date(fire.barOpenTime),
      trigger: fire.trigger,
      price,
      message: fireMessage(rule, price),
      values: fire.values,
      channels: deliveryChannels(rule, settings.get(rule.userId) ?? DEFAULT_CHANNEL_SETTINGS),
      once: rule.rule.frequency === 'once',
    }));
    return (await recordFires(this.db, fires)).map((result) => result.inserted);
  }
}
