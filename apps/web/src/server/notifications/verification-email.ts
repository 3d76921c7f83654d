// The "confirm your alert email" message, sent through the email outbox like sign-in links: the
// row is written first (the local mailbox when Resend is not configured; otherwise the worker's
// dispatcher delivers it with retries).
import { createHash } from 'node:crypto';
import type { Db } from '@coinview/db/client';
import { enqueueEmail, type EmailTransportName } from '@coinview/db/outbox';

export const VERIFY_ALERT_EMAIL_PATH = '/verify-alert-email';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function verificationUrl(origin: string, token: string): string {
  const url = new URL(VERIFY_ALERT_EMAIL_PATH, origin);
  url.searchParams.set('token', token);
  return url.toString();
}

export function renderVerificationEmail(url: string) {
  const subject = 'Confirm your Coinview alert email';
  const text = [
    'Confirm that alerts from Coinview may be sent to this address:',
    url,
    '',
    'The link expires in 24 hours. If you did not ask for alerts, ignore this email.',
  ].join('\n');
  const href = escapeHtml(url);
  const html = `<!doctype html>
<html><body style="margin:0;padding:24px 12px;background:#0b0e14;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:480px;margin:0 auto;background:#131722;border:1px solid #2a2e39;border-radius:8px">
<tr><td style="padding:24px 24px 8px;color:#d1d4dc;font-size:18px;font-weight:600">Confirm your alert email</td></tr>
<tr><td style="padding:8px 24px;color:#b2b5be;font-size:15px;line-height:22px">Alerts from Coinview will be sent to this address once you confirm it.</td></tr>
<tr><td style="padding:16px 24px"><a href="${href}" style="display:inline-block;background:#2962ff;color:#fff;text-decoration:none;font-weight:600;font-size:15px;padding:12px 22px;border-radius:6px">Confirm email</a></td></tr>
<tr><td style="padding:8px 24px 24px;color:#787b86;font-size:13px;line-height:19px">Or open: <a href="${href}" style="color:#2962ff;word-break:break-all">${href}</a><br>The link expires in 24 hours.</td></tr>
</table></body></html>`;
  return { subject, text, html };
}

export async function sendVerificationEmail(
  db: Db,
  opts: {
    userId: string;
    to: string;
    token: string;
    origin: string;
    from: string;
    transport: EmailTransportName;
  },
): Promise<{ id: string }> {
  const url = verificationUrl(opts.origin, opts.token);
  return enqueueEmail(db, {
    userId: opts.userId,
    kind: 'alert-email-verification',
    to: opts.to,
    from: opts.from,
    ...renderVerificationEmail(url),
    idempotencyKey: `alert-email-verification/${createHash('sha256').update(opts.token).digest('hex')}`,
    transport: opts.transport,
  });
}
