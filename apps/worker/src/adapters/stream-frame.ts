// What arrives on a combined-stream connection: kline payloads wrapped as {stream, data}, replies
// to our SUBSCRIBE / UNSUBSCRIBE requests ({result, id} or {error, id}), and Binance's
// `serverShutdown` notice. Anything else, including a payload that passes the schema but
// contradicts itself, is malformed.
import {
  type KlineEvent,
  combinedFrameSchema,
  klineEventSchema,
  klineStreamName,
  subscriptionReplySchema,
} from '@coinview/core/binance';
import { barCloseTime, barOpenTime } from '@coinview/core/interval';

export type StreamFrame =
  | { kind: 'kline'; stream: string; event: KlineEvent }
  | { kind: 'reply'; id: number | string | null; error?: { code: number; msg: string } }
  | { kind: 'shutdown' };

export function parseStreamFrame(text: string): StreamFrame | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  if ('stream' in json) {
    const frame = combinedFrameSchema.safeParse(json);
    if (!frame.success) return undefined;
    if (isShutdownNotice(frame.data.data)) return { kind: 'shutdown' };
    const event = klineEventSchema.safeParse(frame.data.data);
    if (!event.success || !isConsistent(frame.data.stream, event.data)) return undefined;
    return { kind: 'kline', stream: frame.data.stream, event: event.data };
  }
  if (isShutdownNotice(json)) return { kind: 'shutdown' };
  if ('id' in json) {
    const reply = subscriptionReplySchema.safeParse(json);
    if (!reply.success) return undefined;
    return { kind: 'reply', id: reply.data.id, error: reply.data.error };
  }
  return undefined;
}

function isShutdownNotice(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && (value as { e?: unknown }).e === 'serverShutdown'
  );
}

/** The stream name, symbol, bar times and price range agree with each other. */
function isConsistent(stream: string, event: KlineEvent): boolean {
  const k = event.k;
  if (event.s !== k.s || stream !== klineStreamName(k.s, k.i)) return false;
  if (barOpenTime(k.t, k.i) !== k.t || barCloseTime(k.t, k.i) !== k.T) return false;
  // Floats are fine for a sanity check; the values themselves stay decimal strings.
  const open = Number(k.o);
  const close = Number(k.c);
  return Number(k.l) <= Math.min(open, close) && Number(k.h) >= Math.max(open, close);
}
