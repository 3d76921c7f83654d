// The client address for per-IP limits, as the web server (server.ts) computed it from the TCP
// connection and TRUSTED_PROXIES. Never X-Forwarded-For itself: anyone can write that header.
import { CLIENT_IP_HEADER } from '~/server/http/internal-headers';

export function clientIp(headers: Headers): string {
  return headers.get(CLIENT_IP_HEADER)?.trim().slice(0, 100) || 'unknown';
}
