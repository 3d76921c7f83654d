// A scriptable stand-in for Binance's combined-stream endpoint, for the stream adapter's unit tests:
// it serves live SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS, records every request with its
// arrival time, and lets a test push frames, refuse streams, or drop connections.
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { frameText } from '@coinview/exchange/ws-frame';

export interface FakeRequest {
  at: number;
  method: string;
  params: string[];
  id: unknown;
}

export interface FakeConnection {
  socket: WebSocket;
  path: string;
  streams: Set<string>;
  requests: FakeRequest[];
  closed: boolean;
}

export interface FakeExchangeOptions {
  /** Streams whose SUBSCRIBE is refused (the whole request fails, as one bad name does on Binance). */
  refuse?: (stream: string) => boolean;
  /** Do not answer requests at all. */
  mute?: boolean;
}

export interface FakeExchange {
  url: string;
  connections: FakeConnection[];
  /** Open connections only. */
  open(): FakeConnection[];
  /** Sends `text` on every open connection subscribed to `stream`. */
  send(stream: string, text: string): void;
  dropAll(): void;
  close(): Promise<void>;
}

export async function startFakeExchange(options: FakeExchangeOptions = {}): Promise<FakeExchange> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  const connections: FakeConnection[] = [];
  wss.on('connection', (socket, req) => {
    const conn: FakeConnection = {
      socket,
      path: req.url ?? '',
      streams: new Set(),
      requests: [],
      closed: false,
    };
    connections.push(conn);
    socket.on('close', () => (conn.closed = true));
    socket.on('message', (data) => {
      const request = JSON.parse(frameText(data)) as {
        method: string;
        params?: string[];
        id: unknown;
      };
      const params = request.params ?? [];
      conn.requests.push({ at: Date.now(), method: request.method, params, id: request.id });
      if (options.mute) return;
      if (request.method === 'SUBSCRIBE') {
        if (params.some((p) => options.refuse?.(p))) {
          socket.send(
            JSON.stringify({
              error: { code: 2, msg: 'Invalid request: unknown stream' },
              id: request.id,
            }),
          );
          return;
        }
        params.forEach((p) => conn.streams.add(p));
        socket.send(JSON.stringify({ result: null, id: request.id }));
      } else if (request.method === 'UNSUBSCRIBE') {
        params.forEach((p) => conn.streams.delete(p));
        socket.send(JSON.stringify({ result: null, id: request.id }));
      } else if (request.method === 'LIST_SUBSCRIPTIONS') {
        socket.send(JSON.stringify({ result: [...conn.streams], id: request.id }));
      }
    });
  });
  const open = () => connections.filter((c) => !c.closed);
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    connections,
    open,
    send(stream, text) {
      for (const c of open()) if (c.streams.has(stream)) c.socket.send(text);
    },
    dropAll() {
      for (const c of open()) c.socket.terminate();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
}

export function until(check: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (check()) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`timed out waiting for ${what}`));
      }
    }, 5);
  });
}
