// `coinview capture`: records stream messages to a file exactly as received, one per line (like
// `wscat -c … | tee file`), reconnecting when the exchange ends the connection (Binance does every
// 24 h), until the duration is over or the signal aborts. Every write is flushed before it returns.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import WebSocket from 'ws';
import { CaptureCsvWriters } from './csv-writers';

export interface CaptureOptions {
  streams: string[];
  /** e.g. ws://127.0.0.1:9443 or wss://stream.binance.com:9443 */
  wsUrl: string;
  outPath: string;
  csv?: boolean;
  append?: boolean;
  durationMs?: number;
  signal?: AbortSignal;
  /** Live count, called about every `countEveryMs`. */
  onCount?: (count: CaptureCount) => void;
  countEveryMs?: number;
  note?: (message: string) => void;
}

export interface CaptureCount {
  messages: number;
  bytes: number;
  byStream: Record<string, number>;
  elapsedMs: number;
}

export interface CaptureSummary extends CaptureCount {
  outPath: string;
  csvRows: Record<string, number>;
  connections: number;
  /** Messages that could not be parsed for CSV (still in the raw file). */
  malformed: number;
  reason: 'duration' | 'signal';
}

export function streamUrl(wsUrl: string, streams: readonly string[]): string {
  const base = wsUrl.replace(/\/+$/, '');
  return streams.length === 1
    ? `${base}/ws/${streams[0]}`
    : `${base}/stream?streams=${streams.join('/')}`;
}

/** `dataset.ndjson` → `dataset` (CSV files are named `<base>.<stream>.csv`). */
export function csvBase(outPath: string): string {
  return outPath.replace(/\.(nd)?jsonl?$|\.json$|\.txt$/i, '');
}

export async function runCapture(opts: CaptureOptions): Promise<CaptureSummary> {
  if (opts.streams.length === 0) throw new Error('give at least one stream, e.g. btcusdt@trade');
  const started = performance.now();
  const raw = createWriteStream(opts.outPath, { flags: opts.append ? 'a' : 'w' });
  await once(raw, 'open');
  const csv = opts.csv
    ? new CaptureCsvWriters(csvBase(opts.outPath), opts.streams, opts.append ?? false)
    : undefined;
  const single = opts.streams.length === 1 ? opts.streams[0] : undefined;
  const count: CaptureCount = {
    messages: 0,
    bytes: 0,
    byStream: Object.fromEntries(opts.streams.map((s) => [s, 0])),
    elapsedMs: 0,
  };
  let malformedFrames = 0;
  let connections = 0;
  let socket: WebSocket | undefined;
  let reason: CaptureSummary['reason'] = 'signal';

  const done = new Promise<void>((resolve) => {
    if (opts.signal?.aborted) return resolve();
    opts.signal?.addEventListener('abort', () => resolve(), { once: true });
    if (opts.durationMs !== undefined) {
      setTimeout(() => {
        reason = 'duration';
        resolve();
      }, opts.durationMs).unref();
    }
  });
  let stopping = false;
  let rawClosed = false;
  void done.then(() => {
    stopping = true;
    socket?.terminate();
  });

  const onMessage = (data: WebSocket.RawData) => {
    if (rawClosed) return;
    const buffer = Buffer.isBuffer(data)
      ? data
      : Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.from(data);
    raw.write(buffer);
    raw.write('\n');
    count.messages++;
    count.bytes += buffer.length + 1;
    let stream = single;
    let payload: unknown;
    if (single === undefined || csv) {
      try {
        const parsed: unknown = JSON.parse(buffer.toString('utf8'));
        if (single === undefined) {
          const frame = parsed as { stream?: unknown; data?: unknown };
          stream = typeof frame.stream === 'string' ? frame.stream : undefined;
          payload = frame.data;
        } else {
          payload = parsed;
        }
      } catch {
        malformedFrames++;
      }
    }
    if (stream !== undefined && stream in count.byStream) count.byStream[stream]!++;
    if (csv && stream !== undefined) csv.write(stream, payload);
  };

  const timer = setInterval(
    () => opts.onCount?.({ ...count, elapsedMs: performance.now() - started }),
    opts.countEveryMs ?? 250,
  );
  try {
    let failures = 0;
    while (!stopping) {
      const ws = new WebSocket(streamUrl(opts.wsUrl, opts.streams));
      socket = ws;
      ws.on('message', onMessage);
      ws.on('error', (err) => opts.note?.(`connection error: ${err.message}`));
      const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
      const opened = await Promise.race([
        new Promise<boolean>((resolve) => ws.once('open', () => resolve(true))),
        closed.then(() => false),
      ]);
      if (opened) {
        connections++;
        failures = 0;
        if (!stopping) await closed;
      } else {
        failures++;
      }
      if (stopping) break;
      // The exchange ended the connection (lifetime cut, restart) or refused it: come back with backoff.
      const delay = Math.min(10_000, 250 * 2 ** Math.min(failures, 6)) * (0.5 + Math.random() / 2);
      opts.note?.(`connection closed; reconnecting in ${Math.round(delay)} ms`);
      await Promise.race([new Promise((r) => setTimeout(r, delay)), done]);
    }
  } finally {
    clearInterval(timer);
    socket?.removeAllListeners('message');
    socket?.terminate();
    rawClosed = true;
    raw.end();
    await once(raw, 'close');
    await csv?.close();
  }
  count.elapsedMs = performance.now() - started;
  opts.onCount?.(count);
  return {
    ...count,
    outPath: opts.outPath,
    csvRows: csv?.counts() ?? {},
    connections,
    malformed: malformedFrames + (csv?.malformed ?? 0),
    reason,
  };
}
