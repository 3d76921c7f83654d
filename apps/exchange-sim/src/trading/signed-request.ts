// SIGNED endpoint security as Binance does it (rest-api.md "SIGNED (TRADE and USER_DATA) Endpoint
// security", web-socket-api.md "Signed requests"): the API key (X-MBX-APIKEY header, or `apiKey` in
// WebSocket API params) names the account; `signature` is HMAC-SHA256 of the request's parameters
// with the account's secret, in hex; `timestamp` must lie within `recvWindow` (default 5000 ms, at
// most 60000) before the server's time and less than 1000 ms after it.
//   REST:    the signed text is the query string followed directly by the body, as sent, without
//            the signature parameter (both places may carry parameters, as Binance allows).
//   WS API:  the params other than `signature`, sorted by name, as key=value joined by '&'.
//
// "The server's time" is the wall clock. The replay's own time (/api/v3/time) runs at SIM_SPEED, so a
// timestamp is also accepted against it: a client that offsets its clock by /api/v3/time works at
// any speed, and at speed 1 (sim time = wall time) the two are the same check.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { BinanceError, errors } from '../rest/binance-error';
import type { Params } from './order-params';
import type { SimAccount } from './sim-accounts';

export const DEFAULT_RECV_WINDOW = 5000;
export const MAX_RECV_WINDOW = 60_000;

export interface SignedInput {
  apiKey: string | undefined;
  params: Params;
  /** The texts the client may have signed (one for REST; raw and percent-encoded for WS API). */
  payloads: readonly string[];
}

export interface Clocks {
  /** Wall time, epoch ms. */
  wall: () => number;
  /** Replay time (what /api/v3/time serves), epoch ms. */
  sim: () => number;
}

export const badApiKeyFormat = () => new BinanceError(401, -2014, 'API-key format invalid.');
export const rejectedKey = () =>
  new BinanceError(401, -2015, 'Invalid API-key, IP, or permissions for action.');

export function hmacHex(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

/** The account a signed request speaks for, or Binance's refusal. */
export function authenticate(
  input: SignedInput,
  lookup: (apiKey: string) => SimAccount | undefined,
  clocks: Clocks,
): SimAccount {
  const { apiKey, params } = input;
  if (apiKey === undefined || !/^[A-Za-z0-9]{1,128}$/.test(apiKey)) throw badApiKeyFormat();
  const account = lookup(apiKey);
  if (!account) throw rejectedKey();

  const timestampText = params.get('timestamp');
  if (timestampText === undefined || timestampText === '') throw errors.mandatory('timestamp');
  if (!/^[0-9]{1,16}$/.test(timestampText)) throw errors.illegalChars('timestamp');
  const timestamp = Number(timestampText);
  const windowText = params.get('recvWindow');
  let recvWindow = DEFAULT_RECV_WINDOW;
  if (windowText !== undefined) {
    if (!/^[0-9]{1,6}(\.[0-9]{1,3})?$/.test(windowText))
      throw new BinanceError(400, -1131, `recvWindow must be less than ${MAX_RECV_WINDOW}`);
    recvWindow = Number(windowText);
    if (!(recvWindow > 0) || recvWindow > MAX_RECV_WINDOW)
      throw new BinanceError(400, -1131, `recvWindow must be less than ${MAX_RECV_WINDOW}`);
  }

  const signature = params.get('signature');
  if (signature === undefined || signature === '') throw errors.mandatory('signature');
  const given = /^[0-9a-fA-F]{64}$/.test(signature) ? Buffer.from(signature, 'hex') : undefined;
  const valid =
    given !== undefined &&
    input.payloads.some((p) =>
      timingSafeEqual(Buffer.from(hmacHex(account.secret, p), 'hex'), given),
    );
  if (!valid) throw new BinanceError(400, -1022, 'Signature for this request is not valid.');

  const verdicts = [clocks.wall(), clocks.sim()].map((now) =>
    timestamp >= now + 1000 ? 'ahead' : now - timestamp > recvWindow ? 'stale' : 'ok',
  );
  if (!verdicts.includes('ok'))
    throw new BinanceError(
      400,
      -1021,
      verdicts.every((v) => v === 'ahead')
        ? "Timestamp for this request was 1000ms ahead of the server's time."
        : 'Timestamp for this request is outside of the recvWindow.',
    );
  return account;
}

/** A form-encoded string's parameters; a name given twice is refused (-1101). */
function addParams(into: Map<string, string>, text: string): void {
  for (const [name, value] of new URLSearchParams(text)) {
    if (into.has(name))
      throw new BinanceError(400, -1101, 'Duplicate values for a parameter detected.');
    into.set(name, value);
  }
}

/** Drops `signature=…` from a form-encoded string, keeping everything else exactly as sent. */
function withoutSignature(text: string): string {
  return text
    .split('&')
    .filter((part) => part.split('=', 1)[0] !== 'signature')
    .join('&');
}

/** REST: parameters from the query string and the body, and the text that was signed. */
export function restSignedInput(
  apiKey: string | undefined,
  rawQuery: string,
  rawBody: string,
): SignedInput {
  const params = new Map<string, string>();
  addParams(params, rawQuery);
  addParams(params, rawBody);
  return { apiKey, params, payloads: [withoutSignature(rawQuery) + withoutSignature(rawBody)] };
}

/** WebSocket API: JSON params as strings, and the sorted key=value text that was signed. */
export function wsSignedInput(raw: Record<string, unknown>): SignedInput {
  const params = new Map<string, string>();
  for (const [name, value] of Object.entries(raw)) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'string') params.set(name, value);
    else if (typeof value === 'number' || typeof value === 'boolean')
      params.set(name, String(value));
    else throw errors.invalidParam(name);
  }
  const entries = [...params.entries()]
    .filter(([name]) => name !== 'signature')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const text = (encode: (v: string) => string) =>
    entries.map(([k, v]) => `${k}=${encode(v)}`).join('&');
  const raw1 = text((v) => v);
  const encoded = text(encodeURIComponent);
  return {
    apiKey: params.get('apiKey'),
    params,
    payloads: raw1 === encoded ? [raw1] : [raw1, encoded],
  };
}
