// Which webhook URLs Coinview will POST to. A webhook makes the server send a request to an
// address the user typed, so without limits it is a way into the operator's network (SSRF): the
// cloud metadata service at 169.254.169.254, the database, an admin panel on 10.x.
//
// The policy is an allow-list, with addresses classified by ipaddr.js (the library express's
// proxy-addr uses), which knows the special ranges:
// - https only; plain http only to loopback (a local bridge while developing).
// - Loopback (localhost, *.localhost, 127.0.0.0/8, ::1) only when `allowLoopback` (development
//   and tests): in production the server's own ports are off limits too.
// - An IPv4 address must be ordinary public unicast: never private, link-local, carrier-grade
//   NAT, "this network", broadcast, multicast, reserved or documentation ranges.
// - An IPv6 address must be public unicast inside 2000::/3. An IPv4-mapped address
//   (::ffff:a.b.c.d) is judged as the IPv4 address it is; every other form that carries or reaches
//   IPv4 (the deprecated compatible ::a.b.c.d, 6to4 2002::/16, Teredo 2001::/32, NAT64
//   64:ff9b::/96 and 64:ff9b:1::/48, IPv4-translated ::ffff:0:a.b.c.d) is refused outright rather
//   than decoded, as are unique-local, link-local, multicast, documentation and the other special
//   ranges.
// - Host names are compared lowercased, IDNA-encoded (WHATWG URL does both) and without trailing
//   dots ("localhost." is localhost). No user:password@ in the URL.
// - A host name is checked twice: its literal form when saved (checkWebhookUrl), and every address
//   it resolves to right before each request (isForbiddenAddress), because DNS can point a public
//   name at 127.0.0.1 after it was saved.
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export interface WebhookPolicy {
  /** Allow localhost/127.0.0.1/::1 (development and tests only). */
  allowLoopback: boolean;
}

type Verdict = 'public' | 'loopback' | 'forbidden';

/** How an address literal (as node:net's isIP accepts it) may be used; unparsable = forbidden. */
function classifyAddress(ip: string): Verdict {
  const bare = ip.replace(/^\[(.*)\]$/, '$1');
  // node's parser is the strict one (no "0x7f.1" or "127.1" shorthand): anything else is refused.
  if (isIP(bare) === 0) return 'forbidden';
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // IPv6 text is canonicalised by WHATWG URL first: ipaddr.js reads the deprecated compatible
    // "::a.b.c.d" as if it were mapped "::ffff:a.b.c.d". (A zone id, "fe80::1%eth0", throws.)
    addr = ipaddr.parse(
      isIP(bare) === 6 ? new URL(`http://[${bare}]/`).hostname.slice(1, -1) : bare,
    );
  } catch {
    return 'forbidden';
  }
  // Only the mapped form is read as the IPv4 address it carries (ipaddr.process() would decode
  // the deprecated compatible form too; that one fails the 2000::/3 rule below instead).
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress())
    addr = (addr as ipaddr.IPv6).toIPv4Address();
  const range = addr.range();
  if (range === 'loopback') return 'loopback';
  if (range !== 'unicast') return 'forbidden';
  if (addr.kind() === 'ipv6' && !addr.match(globalUnicast)) return 'forbidden';
  return 'public';
}

const globalUnicast = ipaddr.parseCIDR('2000::/3');

export function isLoopbackAddress(ip: string): boolean {
  return classifyAddress(ip) === 'loopback';
}

/** Whether a resolved address may not be called (see the header). */
export function isForbiddenAddress(ip: string, policy: WebhookPolicy): boolean {
  const verdict = classifyAddress(ip);
  return verdict === 'forbidden' || (verdict === 'loopback' && !policy.allowLoopback);
}

/** The host as compared: lowercased, IDNA (URL did both), no brackets, no trailing dots. */
export function normaliseHost(url: URL): string {
  return url.hostname
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase()
    .replace(/\.+$/, '');
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
  const host = normaliseHost(url);
  const literal = isIP(host) !== 0;
  const verdict = literal ? classifyAddress(host) : undefined;
  if (isLoopbackName(host) || verdict === 'loopback') {
    return policy.allowLoopback ? null : 'Webhooks cannot call this server (localhost)';
  }
  if (url.protocol === 'http:')
    return 'The webhook URL must use https:// (plain http is allowed for localhost only)';
  if (verdict === 'forbidden')
    return 'Webhooks cannot call private, link-local or reserved addresses';
  if (!literal && !host.includes('.')) return 'Use a public host name, e.g. hooks.example.com';
  if (/\.(internal|local|lan|home|corp|localdomain|home\.arpa|arpa)$/.test(host))
    return 'Webhooks cannot call hosts on a private network';
  return null;
}
