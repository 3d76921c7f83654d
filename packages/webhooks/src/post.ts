// One signed webhook POST, for alert deliveries and the settings page's "Send test". The host is
// resolved once, every address checked against the SSRF policy (url-policy.ts), and the request
// is then made to the checked address (the socket's lookup is pinned to it; TLS still verifies the
// host name): a DNS answer that changes between the check and the connection cannot redirect the
// request into the private network. Redirects are not followed.
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { SIGNATURE_HEADER, signWebhookBody, TIMESTAMP_HEADER } from './signature';
import { isForbiddenAddress, type WebhookPolicy } from './url-policy';

export type WebhookFailure = 'unresolved' | 'forbidden' | 'timeout' | 'network';

export class WebhookSendError extends Error {
  constructor(
    readonly kind: WebhookFailure,
    message: string,
  ) {
    super(message);
    this.name = 'WebhookSendError';
  }
}

export interface WebhookAnswer {
  status: number;
  /** The start of the answer's body (for error messages). */
  text: string;
}

interface Address {
  address: string;
  family: number;
}

/** The host's addresses, once every one of them is allowed. */
export async function checkedAddresses(url: URL, policy: WebhookPolicy): Promise<Address[]> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const family = isIP(host);
  const addresses: Address[] = family
    ? [{ address: host, family }]
    : await dnsLookup(host, { all: true }).catch(() => []);
  if (addresses.length === 0) throw new WebhookSendError('unresolved', `Cannot resolve ${host}`);
  if (addresses.some((a) => isForbiddenAddress(a.address, policy)))
    throw new WebhookSendError('forbidden', `${host} resolves to a private address`);
  return addresses;
}

export async function postSignedWebhook(opts: {
  url: string;
  secret: string;
  body: string;
  policy: WebhookPolicy;
  timeoutMs: number;
  headers?: Record<string, string>;
  now?: number;
}): Promise<WebhookAnswer> {
  const url = new URL(opts.url);
  const pinned = await checkedAddresses(url, opts.policy);
  const timestamp = Math.floor((opts.now ?? Date.now()) / 1000);
  // The socket resolves through this: only the checked addresses (all of them when Node tries
  // several, as with IPv6 and IPv4 for "localhost").
  const lookup = ((_host, options, callback) => {
    if ((options as { all?: boolean }).all)
      (callback as (e: null, a: Address[]) => void)(null, pinned);
    else callback(null, pinned[0]!.address, pinned[0]!.family);
  }) as LookupFunction;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<WebhookAnswer>((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        lookup,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(opts.body),
          'user-agent': 'Coinview-Webhook/1',
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhookBody(opts.secret, timestamp, opts.body),
          ...opts.headers,
        },
        signal: AbortSignal.timeout(opts.timeoutMs),
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < 200) text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: text.slice(0, 200) }));
        res.on('error', (err) => reject(new WebhookSendError('network', err.message)));
      },
    );
    req.on('error', (err) => {
      const timedOut = err.name === 'AbortError' || err.name === 'TimeoutError';
      reject(
        timedOut
          ? new WebhookSendError('timeout', `no answer within ${opts.timeoutMs} ms`)
          : new WebhookSendError('network', err.message),
      );
    });
    req.end(opts.body);
  });
}
