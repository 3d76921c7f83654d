// Every webhook request (deliveries and "Send test") is signed the same way, so one receiver
// check works for both: HMAC-SHA256 over "<unix seconds>.<exact body>" with the user's secret.
// The timestamp lets receivers refuse replays of an old request.
import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Coinview-Signature';
export const TIMESTAMP_HEADER = 'X-Coinview-Timestamp';

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`. */
export function signWebhookBody(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
