// Everything one delivery attempt needs, read fresh for every attempt: the user may have changed
// their webhook URL or email since the rule fired, and the next attempt should use the new one.
import { safeTimeZone } from '@coinview/core/time-zone';
import type { Db } from '@coinview/db/client';

export interface DeliveryContext {
  delivery: {
    id: string;
    channel: 'email' | 'webhook' | 'inapp' | 'telegram';
    status: 'pending' | 'sent' | 'failed';
    userId: string;
  };
  fire: {
    id: string;
    barTime: Date;
    firedAt: Date;
    trigger: string;
    price: string;
    message: string;
    values: Record<string, number>;
  };
  rule: { id: string; name: string; symbol: string; interval: string };
  /** The user's time zone (IANA; UTC when none is set): times in the email are shown in it. */
  timeZone: string;
  settings: {
    email: string | null;
    emailVerifiedAt: Date | null;
    webhookUrl: string | null;
    webhookSecret: string;
    telegramChatId: string | null;
    telegramEnabled: boolean;
  } | null;
}

/** Null when the delivery is gone (its rule, and so its fires, were deleted). */
export async function loadDelivery(db: Db, deliveryId: string): Promise<DeliveryContext | null> {
  const row = await db.alertDelivery.findUnique({
    where: { id: deliveryId },
    select: {
      id: true,
      channel: true,
      status: true,
      userId: true,
      fire: {
        select: {
          id: true,
          barTime: true,
          firedAt: true,
          trigger: true,
          price: true,
          message: true,
          values: true,
          rule: { select: { id: true, name: true, symbol: true, interval: true } },
        },
      },
      user: {
        select: {
          settings: { select: { timeZone: true } },
          notificationSettings: {
            select: {
              email: true,
              emailVerifiedAt: true,
              webhookUrl: true,
              webhookSecret: true,
              telegramChatId: true,
              telegramEnabled: true,
            },
          },
        },
      },
    },
  });
  if (!row) return null;
  const { rule, values, ...fire } = row.fire;
  return {
    delivery: { id: row.id, channel: row.channel, status: row.status, userId: row.userId },
    fire: { ...fire, values: numericValues(values) },
    rule,
    timeZone: safeTimeZone(row.user.settings?.timeZone),
    settings: row.user.notificationSettings,
  };
}

function numericValues(json: unknown): Record<string, number> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return {};
  return Object.fromEntries(
    Object.entries(json).filter((entry): entry is [string, number] => typeof entry[1] === 'number'),
  );
}
