// A scripted HTTP server on 127.0.0.1 for failure cases the sim cannot be asked for: each request
// takes the next scripted reply (the last one repeats).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Cut the connection without answering. */
  destroy?: boolean;
  /** Never answer (the client's timeout ends the wait). */
  hang?: boolean;
}

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

export interface FakeExchange {
  url: string;
  requests: string[];
  /** Method, URL and headers of every request. */
  seen: SeenRequest[];
  stop(): Promise<void>;
}

export async function startFakeExchange(
  script: ScriptedReply[] | ((req: IncomingMessage, index: number) => ScriptedReply),
): Promise<FakeExchange> {
  const requests: string[] = [];
  const seen: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const index = requests.length;
    requests.push(req.url ?? '');
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const reply =
      typeof script === 'function'
        ? script(req, index)
        : script[Math.min(index, script.length - 1)]!;
    if (reply.destroy) {
      req.socket.destroy();
      return;
    }
    if (reply.hang) return;
    res.writeHead(reply.status, {
      'content-type': 'application/json;charset=UTF-8',
      ...reply.headers,
    });
    res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    seen,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A clock that only moves when the code under test sleeps on it. */
export function fakeTime(start: number) {
  const state = { now: start, slept: [] as number[] };
  return {
    state,
    now: () => state.now,
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      state.slept.push(ms);
      state.now += ms;
    },
  };
}
