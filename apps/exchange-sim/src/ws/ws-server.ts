// Binance's market-data WebSocket endpoints on the sim's HTTP server:
//   /ws/<stream>[/<stream>…]        raw payloads
//   /stream?streams=<a>/<b>         combined frames {"stream": name, "data": payload}
// The server pings every client periodically and drops those that stop answering, like Binance.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import type { MarketReplay } from '../replay/market-replay';
import type { KlineFeed } from '../streams/kline-feed';
import { type KlineStream, parseKlineStream } from '../streams/kline-stream';

/** Binance's limit of streams per connection. */
const MAX_STREAMS = 1024;

export interface WsServerOptions {
  feed: KlineFeed;
  replay: MarketReplay;
  logger: Logger;
  /** Binance pings every 20 s … */
  pingIntervalMs: number;
  /** … and disconnects a client that has not answered for a minute. */
  pongTimeoutMs: number;
  /** A client this far behind is dropped rather than buffered without bound. */
  maxBufferedBytes: number;
}

export interface WsEndpoint {
  readonly clientCount: number;
  close(): Promise<void>;
}

interface Route {
  combined: boolean;
  streams: string[];
}

function route(req: IncomingMessage): Route | undefined {
  const url = new URL(req.url ?? '/', 'http://sim');
  if (url.pathname === '/ws' || url.pathname.startsWith('/ws/')) {
    return { combined: false, streams: url.pathname.slice(4).split('/').filter(Boolean) };
  }
  if (url.pathname === '/stream') {
    return { combined: true, streams: (url.searchParams.get('streams') ?? '').split('/').filter(Boolean) };
  }
  return undefined;
}

function rejectUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export function attachWsServer(server: Server, opts: WsServerOptions): WsEndpoint {
  const log = opts.logger;
  const wss = new WebSocketServer({ noServer: true });
  const lastPong = new WeakMap<WebSocket, number>();

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const target = route(req);
    if (!target) return rejectUpgrade(socket, '404 Not Found');
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, target));
  });

  function onConnection(ws: WebSocket, target: Route): void {
    lastPong.set(ws, Date.now());
    ws.on('pong', () => lastPong.set(ws, Date.now()));
    ws.on('error', (err) => log.debug({ err }, 'client socket error'));

    const streams: KlineStream[] = [];
    for (const name of target.streams) {
      const stream = parseKlineStream(name, (s) => opts.replay.has(s));
      if (!stream) return refuse(ws, `Invalid request: unknown stream '${name}'`);
      streams.push(stream);
    }
    if (streams.length > MAX_STREAMS) return refuse(ws, `Invalid request: more than ${MAX_STREAMS} streams`);

    const send = (text: string) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (ws.bufferedAmount > opts.maxBufferedBytes) {
        log.warn('dropping a client that does not keep up');
        ws.terminate();
        return;
      }
      ws.send(text);
    };
    const unsubscribes = streams.map((stream) =>
      opts.feed.subscribe(stream, target.combined ? (json) => send(`{"stream":"${stream.name}","data":${json}}`) : send),
    );
    ws.on('close', () => unsubscribes.forEach((unsubscribe) => unsubscribe()));
    // Live SUBSCRIBE/UNSUBSCRIBE is not served yet; answer requests the way Binance answers bad ones.
    ws.on('message', (data) => {
      let request: { id?: unknown; method?: unknown };
      try {
        request = JSON.parse(String(data)) as typeof request;
      } catch {
        send(JSON.stringify({ error: { code: 3, msg: 'Invalid JSON' }, id: null }));
        return;
      }
      const id = typeof request.id === 'number' || typeof request.id === 'string' ? request.id : null;
      send(JSON.stringify({ error: { code: 2, msg: `Invalid request: method not supported by exchange-sim` }, id }));
    });
    log.debug({ streams: target.streams, combined: target.combined }, 'client connected');
  }

  /** Binance-style error payload, then a policy-violation close. */
  function refuse(ws: WebSocket, msg: string): void {
    log.info({ msg }, 'refusing a connection');
    ws.send(JSON.stringify({ error: { code: 2, msg }, id: null }));
    ws.close(1008, msg.slice(0, 120));
  }

  const pinger = setInterval(() => {
    const now = Date.now();
    for (const ws of wss.clients) {
      if (now - (lastPong.get(ws) ?? now) > opts.pongTimeoutMs) {
        log.info('dropping a client that stopped answering pings');
        ws.terminate();
      } else if (ws.readyState === WebSocket.OPEN) {
        ws.ping();
      }
    }
  }, opts.pingIntervalMs);
  pinger.unref();

  return {
    get clientCount() {
      return wss.clients.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(pinger);
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}
