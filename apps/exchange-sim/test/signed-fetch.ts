// Signs and sends a request to a signed endpoint the way Binance's docs show, so tests exercise the
// sim's security checks with exact, hand-built requests (and can break them on purpose).
import { createHmac } from 'node:crypto';

export interface SignedCall {
  apiKey?: string;
  secret: string;
  /** Default: now (epoch ms). */
  timestamp?: number;
  /** Where the parameters go: all in the query string (default), all in the body, or split. */
  place?: 'query' | 'body' | 'split';
  /** Replace the computed signature. */
  signature?: string;
}

export interface SignedAnswer {
  status: number;
  body: unknown;
}

export function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

export async function signedFetch(
  baseUrl: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  params: Record<string, string | number>,
  call: SignedCall,
): Promise<SignedAnswer> {
  const all = new URLSearchParams(
    Object.entries({ ...params, timestamp: call.timestamp ?? Date.now() }).map(
      ([k, v]): [string, string] => [k, String(v)],
    ),
  ).toString();
  const place = call.place ?? 'query';
  let query = place === 'query' ? all : '';
  let body = place === 'body' ? all : '';
  if (place === 'split') {
    const parts = all.split('&');
    const half = Math.ceil(parts.length / 2);
    query = parts.slice(0, half).join('&');
    body = parts.slice(half).join('&');
  }
  const signature = call.signature ?? sign(call.secret, query + body);
  if (place === 'query') query += `&signature=${signature}`;
  else body += `&signature=${signature}`;
  const res = await fetch(`${baseUrl}${path}${query ? `?${query}` : ''}`, {
    method,
    headers: {
      ...(call.apiKey === undefined ? {} : { 'X-MBX-APIKEY': call.apiKey }),
      ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    body: body || undefined,
  });
  return { status: res.status, body: await res.json() };
}
