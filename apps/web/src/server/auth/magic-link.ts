// Delivers sign-in links through the email outbox: the row is written first (nothing is lost if
// the send fails), then, when Resend is configured, we try to send at once; the worker's
// dispatcher retries anything still pending.
import { createHash } from 'node:crypto';
import type { Db } from '@coinview/db/client';
import { enqueueEmail, markEmailSent } from '@coinview/db/outbox';
import { findUserByEmail } from '@coinview/db/users';
import { Resend } from 'resend';
import type { Logger } from 'pino';
import { renderMagicLinkEmail } from './magic-link-email';

export interface MagicLinkDelivery {
  db: Db;
  from: string;
  /** Unset: the message goes to the local mailbox (/dev/mailbox). */
  resend?: { apiKey: string; baseUrl?: string };
  log?: Logger;
}

export interface MagicLinkRequest {
  identifier: string;
  url: string;
  token: string;
  expires: Date;
}

export async function sendMagicLink(
  delivery: MagicLinkDelivery,
  request: MagicLinkRequest,
): Promise<{ id: string }> {
  const { db, from, resend, log } = delivery;
  const to = request.identifier;
  const email = renderMagicLinkEmail({
    url: request.url,
    host: new URL(request.url).host,
    expires: request.expires,
  });
  // One key per issued token: a retried request for the same token is a no-op at Resend.
  const idempotencyKey = `magic-link/${createHash('sha256').update(request.token).digest('hex')}`;
  const user = await findUserByEmail(db, to);

  const { id } = await enqueueEmail(db, {
    userId: user?.id,
    kind: 'magic-link',
    to,
    from,
    ...email,
    idempotencyKey,
    transport: resend ? 'resend' : 'mailbox',
  });
  if (!resend) return { id };

  try {
    const client = new Resend(resend.apiKey, { baseUrl: resend.baseUrl });
    const result = await client.emails.send({ from, to, ...email }, { idempotencyKey });
    if (result.error) throw new Error(`${result.error.name}: ${result.error.message}`);
    await markEmailSent(db, id, result.data.id);
  } catch (err) {
    // Not fatal: the row stays pending and the worker's dispatcher delivers it.
    log?.warn(
      { err, emailId: id },
      'immediate Resend delivery failed; left for the outbox dispatcher',
    );
  }
  return { id };
}
