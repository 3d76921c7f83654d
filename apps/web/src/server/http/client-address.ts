// Who is on the other end of a request, decided from the TCP connection: the peer's address, or,
// when the peer is a trusted proxy (TRUSTED_PROXIES), the hop it reports. Next's route handlers
// cannot see the socket, so the web server hands the result in through internal headers.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import proxyAddr from 'proxy-addr';
import { CLIENT_IP_HEADER, CLIENT_LOCAL_HEADER, INTERNAL_HEADERS } from './internal-headers';
import { isLoopbackAddress, type TrustProxy } from './trust-proxy';

/** Headers by which a proxy describes the original request; only a trusted proxy may send them. */
const FORWARDING_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-port',
  'x-real-ip',
];

export interface Client {
  /** The client's IP address (the peer's, unless a trusted proxy forwarded the request). */
  address: string;
  /** On this machine: a loopback peer that no proxy forwarded for someone else. */
  local: boolean;
  /** The client spoke https to us or to a trusted proxy. */
  https: boolean;
  /** The TCP peer is a trusted proxy, so its forwarding headers stay. */
  viaTrustedProxy: boolean;
}

export function resolveClient(req: IncomingMessage, trust: TrustProxy): Client {
  const peer = req.socket.remoteAddress;
  if (!peer) return { address: 'unknown', local: false, https: false, viaTrustedProxy: false };
  const viaTrustedProxy = trust(peer, 0);
  const address = proxyAddr(req, trust);
  const forwarded = FORWARDING_HEADERS.some((h) => req.headers[h] !== undefined);
  const proto = viaTrustedProxy
    ? String(req.headers['x-forwarded-proto'] ?? '')
        .split(',')[0]
        ?.trim()
        .toLowerCase()
    : undefined;
  return {
    address,
    local: isLoopbackAddress(address) && !forwarded,
    https: Boolean((req.socket as Partial<TLSSocket>).encrypted) || proto === 'https',
    viaTrustedProxy,
  };
}

/**
 * Rewrites the request's headers for the Next app: internal headers a client sent are dropped and
 * set from `client`; forwarding headers from an untrusted peer are dropped too (Next then fills
 * x-forwarded-* from the socket itself), so nothing downstream can be fooled by them.
 */
export function applyClientHeaders(req: IncomingMessage, client: Client): void {
  for (const name of INTERNAL_HEADERS) delete req.headers[name];
  if (!client.viaTrustedProxy) for (const name of FORWARDING_HEADERS) delete req.headers[name];
  req.headers[CLIENT_IP_HEADER] = client.address;
  req.headers[CLIENT_LOCAL_HEADER] = client.local ? '1' : '0';
}
