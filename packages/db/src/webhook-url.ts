// Which webhook URLs Coinview will POST to. A webhook makes the server send a request to an
// address the user typed, so without limits it is a way into the operator's network (SSRF): the
// cloud metadata service at 169.254.169.254, the database, an admin panel on 10.x.
//
// The policy:
// - https only; plain http only to loopback (a local bridge while developing).
// - Loopback (localhost, 127.0.0.0/8, ::1) only when `allowLoopback` (development and tests):
//   in production the server's own ports are off limits too.
// - Never private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16, fe80::/10),
//   carrier-grade NAT (100.64/10), "this network" (0/8), multicast, reserved or documentation
//   ranges, nor IPv4 hidden in IPv6 (::ffff:10.0.0.1). No user:password@ in the URL.
// - A host name is checked twice: its literal form when saved (checkWebhookUrl), and every address
//   it resolves to right before each request (isForbiddenAddress), because DNS can point a public
//   name at 127.0.0.1 after it was saved.
import { createHmac } from 'node:crypto';
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, prefix, 'ipv6');

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

export interface WebhookPolicy {
  /** Allow localhost/127.0.0.1/::1 (development and tests only). */
  allowLoopback: boolean;
}

/** "::ffff:10.0.0.1" → "10.0.0.1" (and the hex form "::ffff:a00:1"). */
function unwrapMappedIpv4(ip: string): string {
  const match = /^::ffff:(.+)$/i.exec(ip);
  if (!match) return ip;
  const rest = match[1]!;
  if (isIP(rest) === 4) return rest;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(rest);
  if (!hex) return ip;
  const hi = parseInt(hex[1]!, 16);
  const lo = parseInt(hex[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

export function isLoopbackAddress(ip: string): boolean {
  const addr = unwrapMappedIpv4(ip);
  const family = isIP(addr);
  return family !== 0 && loopback.check(addr, family === 4 ? 'ipv4' : 'ipv6');
}

/** Whether a resolved address may not be called (see the header). */
export function isForbiddenAddress(ip: string, policy: WebhookPolicy): boolean {
  const addr = unwrapMappedIpv4(ip);
  const family = isIP(addr);
  if (family === 0) return true;
  if (isLoopbackAddress(addr)) return !policy.allowLoopback;
  return blocked.check(addr, family === 4 ? 'ipv4' : 'ipv6');
}

function isLoopbackName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

/** Why `raw` cannot be a webhook URL, or null when it can (the URL is then `new URL(raw)`). */
export function checkWebhookUrl(raw: string, policy: WebhookPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Enter a full URL, e.g. https://example.com/hooks/coinview';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return 'The webhook URL must start with https://';
  if (url.username || url.password)
    return 'Put credentials in the URL path or query, not before the host';
  // URL keeps IPv6 literals in brackets.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const literal = isIP(host) !== 0;
  const isLoopback = isLoopbackName(host) || (literal && isLoopbackAddress(host));
  if (isLoopback) {
    return policy.allowLoopback ? null : 'Webhooks cannot call this server (localhost)';
  }
  if (url.protocol === 'http:')
    return 'The webhook URL must use https:// (plain http is allowed for localhost only)';
  if (literal && isForbiddenAddress(host, policy))
    return 'Webhooks cannot call private, link-local or reserved addresses';
  if (!literal && !host.includes('.')) return 'Use a public host name, e.g. hooks.example.com';
  if (/\.(internal|local|lan|home|corp)$/.test(host))
    return 'Webhooks cannot call hosts on a private network';
  return null;
}

// Every webhook request (deliveries and "Send test") is signed the same way, so one receiver
// check works for both: HMAC-SHA256 over "<unix seconds>.<exact body>" with the user's secret.
// The timestamp lets receivers refuse replays of an old request.
export const SIGNATURE_HEADER = 'X-Coinview-Signature';
export const TIMESTAMP_HEADER = 'X-Coinview-Timestamp';

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`. */
export function signWebhookBody(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
