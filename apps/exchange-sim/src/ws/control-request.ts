// Requests a client may send on a stream connection (web-socket-streams.md, "Live Subscribing/
// Unsubscribing to streams") and the error replies Binance documents for bad ones:
//   {"method": "SUBSCRIBE" | "UNSUBSCRIBE", "params": [streams…], "id": 1}
//   {"method": "LIST_SUBSCRIPTIONS", "id": 3}
//   {"method": "SET_PROPERTY", "params": ["combined", true], "id": 5}
//   {"method": "GET_PROPERTY", "params": ["combined"], "id": 2}
// `id` is a 64-bit signed integer, an alphanumeric string of at most 36 characters, or null.

export type RequestId = number | string | null;

export type ControlRequest =
  | { method: 'SUBSCRIBE' | 'UNSUBSCRIBE'; streams: string[]; id: RequestId }
  | { method: 'LIST_SUBSCRIPTIONS'; id: RequestId }
  | { method: 'SET_PROPERTY'; property: string; value: boolean; id: RequestId }
  | { method: 'GET_PROPERTY'; property: string; id: RequestId };

export interface ErrorReply {
  error: { code: number; msg: string };
  id: RequestId;
}

export type Parsed = { ok: true; request: ControlRequest } | { ok: false; reply: ErrorReply };

const METHODS = [
  'SUBSCRIBE',
  'UNSUBSCRIBE',
  'LIST_SUBSCRIPTIONS',
  'SET_PROPERTY',
  'GET_PROPERTY',
] as const;
const ID_STRING = /^[A-Za-z0-9_-]{1,36}$/;
/** The only property Binance lets a client set. */
export const COMBINED = 'combined';

export function errorReply(code: number, msg: string, id: RequestId = null): ErrorReply {
  return { error: { code, msg }, id };
}

const invalid = (msg: string, id: RequestId = null): Parsed => ({
  ok: false,
  reply: errorReply(2, `Invalid request: ${msg}`, id),
});

/** "line 1 column N" of the character at `index` (messages are one line). */
const at = (index: number) => `at line 1 column ${index + 1}`;

function validId(id: unknown): id is RequestId {
  if (id === null) return true;
  if (typeof id === 'number') return Number.isSafeInteger(id);
  return typeof id === 'string' && ID_STRING.test(id);
}

export function parseControlRequest(text: string): Parsed {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    const position = /position (\d+)/.exec(String(err))?.[1];
    return {
      ok: false,
      reply: errorReply(3, `Invalid JSON: expected value ${at(Number(position ?? 0))}`),
    };
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return invalid('expected a JSON object');
  const { method, params, id } = body as Record<string, unknown>;
  if (!('id' in body) || !validId(id)) return invalid('request ID must be an unsigned integer');
  if (method === undefined) return invalid(`missing field \`method\` ${at(text.length - 1)}`);
  if (typeof method !== 'string' || !(METHODS as readonly string[]).includes(method)) {
    const expected = METHODS.map((m) => `\`${m}\``).join(', ');
    return invalid(
      `unknown variant \`${typeof method === 'string' ? method : JSON.stringify(method)}\`, expected one of ${expected} ${at(text.indexOf('method') + 8)}`,
      id,
    );
  }
  const list = params === undefined ? [] : params;
  if (!Array.isArray(list)) return invalid('invalid type: params must be an array', id);
  switch (method) {
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE':
      if (!list.every((s): s is string => typeof s === 'string'))
        return invalid('invalid type: stream names must be strings', id);
      return { ok: true, request: { method, streams: list, id } };
    case 'LIST_SUBSCRIPTIONS':
      if (list.length > 0) return invalid('too many parameters', id);
      return { ok: true, request: { method, id } };
    case 'SET_PROPERTY': {
      if (list.length > 2) return invalid('too many parameters', id);
      const [property, value] = list as unknown[];
      if (typeof property !== 'string') return invalid('property name must be a string', id);
      if (property !== COMBINED) return { ok: false, reply: errorReply(0, 'Unknown property', id) };
      if (typeof value !== 'boolean')
        return { ok: false, reply: errorReply(1, 'Invalid value type: expected Boolean', id) };
      return { ok: true, request: { method, property, value, id } };
    }
    case 'GET_PROPERTY': {
      if (list.length > 1) return invalid('too many parameters', id);
      const [property] = list as unknown[];
      if (typeof property !== 'string') return invalid('property name must be a string', id);
      if (property !== COMBINED) return { ok: false, reply: errorReply(0, 'Unknown property', id) };
      return { ok: true, request: { method, property, id } };
    }
  }
  return invalid('unsupported method', id);
}
