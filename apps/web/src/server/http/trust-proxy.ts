// Which peers may tell us who the client is (X-Forwarded-For, X-Forwarded-Proto). Same syntax as
// express's "trust proxy" setting, compiled by the same library (proxy-addr): off by default, so a
// header a stranger makes up never changes the address the per-IP limits count.
import proxyAddr from 'proxy-addr';

/** `trust(address, hop)`: whether the hop at `address` (0 = the TCP peer) is a trusted proxy. */
export type TrustProxy = (address: string, hop: number) => boolean;

const trustNone: TrustProxy = () => false;

/**
 * Parses TRUSTED_PROXIES: unset/`false` trusts nobody; `true` trusts every hop (only behind a proxy
 * that overwrites the header); a number trusts that many hops; otherwise a comma-separated list of
 * addresses, CIDRs and the names `loopback`, `linklocal`, `uniquelocal`.
 */
export function parseTrustedProxies(value: string | undefined): TrustProxy {
  const setting = value?.trim() ?? '';
  if (setting === '' || setting === 'false') return trustNone;
  if (setting === 'true') return () => true;
  if (/^\d+$/.test(setting)) {
    const hops = Number(setting);
    return (_address, hop) => hop < hops;
  }
  const list = setting
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // Throws on an invalid address or CIDR: a typo must stop the server, not silently trust nobody.
  return proxyAddr.compile(list);
}

const loopback = proxyAddr.compile('loopback');

/** 127.0.0.0/8, ::1 and IPv4-mapped loopback (::ffff:127.0.0.1). */
export function isLoopbackAddress(address: string): boolean {
  try {
    return loopback(address, 0);
  } catch {
    return false; // not an IP address at all
  }
}

/** Whether binding to `host` keeps the server unreachable from other machines. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || isLoopbackAddress(host);
}
