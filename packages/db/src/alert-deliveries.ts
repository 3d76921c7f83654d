// An alert's deliveries (one per channel per fire, created by recordFire) as the worker's
// `deliver-alert` job reads and settles them. Everything one attempt needs is read fresh for every
// attempt: the user may have changed their webhook URL or email since the rule fired, and the next
// attempt should use the new one. Only a pending delivery changes: a delivery already sent or
// failed stays as it is, whichever attempt comes late.
import { safeTimeZone } from '@coinview/core/time-zone';
import type { Db } from './client';

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

/**
 * Marks a pending delivery sent; false when it was not pending any more (an earlier attempt
 * settled it), so that only one attempt runs what follows a send (the in-app bus message).
 */
export async function markDeliverySent(
  db: Db,
  deliveryId: string,
  attempt: { attempts: number; providerRef: string },
  now = new Date(),
): Promise<boolean> {
  const { count } = await db.alertDelivery.updateMany({
    where: { id: deliveryId, status: 'pending' },
    data: {
      status: 'sent',
      attempts: attempt.attempts,
      lastError: null,
      providerRef: attempt.providerRef.slice(0, 128),
      deliveredAt: now,
    },
  });
  return count === 1;
}

/** Records a failed attempt of a pending delivery: still pending (to retry), or failed when `final`. */
export async function recordDeliveryFailure(
  db: Db,
  deliveryId: string,
  attempt: { attempts: number; lastError: string; final: boolean },
): Promise<void> {
  await db.alertDelivery.updateMany({
    where: { id: deliveryId, status: 'pending' },
    data: {
      status: attempt.final ? 'failed' : 'pending',
      attempts: attempt.attempts,
      lastError: attempt.lastError.slice(0, 2000),
    },
  });
}
