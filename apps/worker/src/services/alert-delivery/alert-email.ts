// An alert by email. Online: Resend's SDK with the idempotency key `alert-delivery/<deliveryId>`,
// so an attempt that sent but died before recording it is deduplicated by Resend on retry.
// Offline (no API key): the local mailbox, i.e. an EmailOutbox row with transport 'mailbox',
// which is idempotent on the same key.
import { formatDateTime, utcOffsetLabel } from '@coinview/core/time-zone';
import { enqueueEmail } from '@coinview/db/outbox';
import type { Db } from '@coinview/db/client';
import { type Mailer, MailerError } from '../../adapters/resend-mailer';
import { DeliveryError } from './delivery-error';
import type { DeliveryContext } from '@coinview/db/alert-deliveries';

export type AlertEmailSender =
  { transport: 'resend'; mailer: Mailer; from: string } | { transport: 'mailbox'; from: string };

export function alertIdempotencyKey(deliveryId: string): string {
  return `alert-delivery/${deliveryId}`;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export function alertEmailContent(ctx: DeliveryContext): {
  subject: string;
  text: string;
  html: string;
} {
  const { rule, fire, timeZone } = ctx;
  // "3 Dec 2026, 14:35 (UTC+05:30)": the user's zone, with its offset so the time is unambiguous.
  const at = (d: Date) =>
    `${formatDateTime(d.getTime(), timeZone, { year: true })} (${utcOffsetLabel(timeZone, d.getTime())})`;
  const details = [
    ['Alert', rule.name],
    ['Market', `${rule.symbol} ${rule.interval}`],
    ['Price', fire.price],
    ['Bar', at(fire.barTime)],
    ['Fired', at(fire.firedAt)],
    ...Object.entries(fire.values).map(([label, value]) => [label, String(value)]),
  ] as const;
  return {
    subject: `${rule.symbol} ${rule.interval}: ${rule.name}`.slice(0, 998),
    text: `${fire.message}\n\n${details.map(([k, v]) => `${k}: ${v}`).join('\n')}\n`,
    html:
      `<p>${escapeHtml(fire.message)}</p><table>` +
      details
        .map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
        .join('') +
      '</table>',
  };
}

/** Sends the alert email; returns the provider's reference (Resend id or outbox row id). */
export async function sendAlertEmail(
  db: Db,
  sender: AlertEmailSender,
  ctx: DeliveryContext,
): Promise<string> {
  const to = ctx.settings?.emailVerifiedAt ? ctx.settings.email : null;
  if (!to) throw new DeliveryError('no verified email address', true);
  const content = alertEmailContent(ctx);
  const idempotencyKey = alertIdempotencyKey(ctx.delivery.id);
  if (sender.transport === 'mailbox') {
    const { id } = await enqueueEmail(db, {
      userId: ctx.delivery.userId,
      kind: 'alert',
      to,
      from: sender.from,
      ...content,
      idempotencyKey,
      transport: 'mailbox',
    });
    return id;
  }
  try {
    return await sender.mailer.send({ from: sender.from, to, ...content, idempotencyKey });
  } catch (err) {
    if (err instanceof MailerError) throw new DeliveryError(err.message, err.permanent);
    throw new DeliveryError(err instanceof Error ? err.message : String(err), false);
  }
}
