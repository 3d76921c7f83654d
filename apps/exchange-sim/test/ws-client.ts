// Test helper: a WebSocket client that records every frame and lets a test wait for conditions.
import WebSocket from 'ws';
import { frameText } from '../src/ws/frame-text';

export interface TestSocket {
  ws: WebSocket;
  /** Raw text of every frame received, in order. */
  frames: string[];
  /** The same frames parsed (undefined where not JSON), so predicates need not re-parse. */
  messages: unknown[];
  pings: number;
  /** Resolves with the close code once the connection ends (1006 when dropped). */
  closed: Promise<{ code: number; reason: string }>;
  /** Waits until `done(frames)` holds. */
  until(
    done: (frames: string[], messages: unknown[]) => boolean,
    timeoutMs?: number,
  ): Promise<string[]>;
  /** Sends `request` and waits for the reply carrying its id. */
  request(request: Record<string, unknown>, timeoutMs?: number): Promise<Record<string, unknown>>;
  close(): void;
}

export function parse(frame: string): unknown {
  try {
    return JSON.parse(frame);
  } catch {
    return undefined;
  }
}

export function connect(url: string, opts: { autoPong?: boolean } = {}): Promise<TestSocket> {
  const ws = new WebSocket(url, { autoPong: opts.autoPong ?? true });
  const frames: string[] = [];
  const messages: unknown[] = [];
  const waiters = new Set<() => void>();
  const socket: TestSocket = {
    ws,
    frames,
    messages,
    pings: 0,
    closed: new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
    ),
    until(done, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!done(frames, messages)) return false;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(frames);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `timed out after ${frames.length} frames; last: ${frames.at(-1)?.slice(0, 300)}`,
            ),
          );
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    async request(request, timeoutMs) {
      let seen = frames.length;
      ws.send(JSON.stringify(request));
      const isReply = (m: unknown) => {
        const body = m as Record<string, unknown> | undefined;
        return (
          typeof body === 'object' &&
          body !== null &&
          'id' in body &&
          ('result' in body || 'error' in body) &&
          body.id === (request.id ?? null)
        );
      };
      let found: unknown;
      await socket.until((_, all) => {
        for (; seen < all.length && found === undefined; seen++)
          if (isReply(all[seen])) found = all[seen];
        return found !== undefined;
      }, timeoutMs);
      return found as Record<string, unknown>;
    },
    close: () => ws.terminate(),
  };
  ws.on('ping', () => socket.pings++);
  ws.on('message', (data) => {
    const text = frameText(data);
    frames.push(text);
    messages.push(parse(text));
    for (const check of [...waiters]) check();
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(socket));
    ws.once('error', reject);
  });
}
