// Binance's market-data WebSocket endpoints on the sim's HTTP server:
//   /ws/<stream>[/<stream>…]        raw payloads
//   /ws, /ws/<not a stream name>    raw, streams added later with SUBSCRIBE
//   /stream?streams=<a>/<b>         combined frames {"stream": name, "data": payload}
// The server pings every client periodically and drops those that stop answering, like Binance.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import type { ConnectionControl, SimFaults } from '../faults/sim-faults';
import type { StreamHub } from '../streams/stream-hub';
import { errorReply } from './control-request';
import { Outbox } from './outbox';
import { type ConnectionLimits, StreamConnection } from './stream-connection';

export interface WsServerOptions {
  hub: StreamHub;
  hasSymbol: (symbol: string) => boolean;
  faults: SimFaults;
  logger: Logger;
  limits: ConnectionLimits;
  /** Binance pings every 20 s … */
  pingIntervalMs: number;
  /** … and disconnects a client that has not answered for a minute. */
  pongTimeoutMs: number;
  maxBufferedBytes: number;
  /** Another WebSocket endpoint on the same port (the WebSocket API): true when it took the upgrade. */
  otherUpgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean;
}

export interface WsEndpoint extends ConnectionControl {
  close(): Promise<void>;
}

interface Route {
  combined: boolean;
  streams: string[];
}

const looksLikeStream = (segment: string) => segment.includes('@') || segment.startsWith('!');

function route(req: IncomingMessage): Route | undefined {
  const url = new URL(req.url ?? '/', 'http://sim');
  if (url.pathname === '/ws' || url.pathname.startsWith('/ws/')) {
    // Like Binance, `/ws/<anything>` that names no stream opens a connection to SUBSCRIBE on
    // (ccxt connects to /ws/0); only names that look like streams are resolved, or refused.
    const streams = url.pathname.slice(4).split('/').filter(looksLikeStream);
    return { combined: false, streams };
  }
  if (url.pathname === '/stream' || url.pathname === '/stream/') {
    return {
      combined: true,
      streams: (url.searchParams.get('streams') ?? '').split('/').filter(Boolean),
    };
  }
  return undefined;
}

function rejectUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export function attachWsServer(server: Server, opts: WsServerOptions): WsEndpoint {
  const log = opts.logger;
  const wss = new WebSocketServer({ noServer: true });
  const connections = new Map<WebSocket, StreamConnection>();

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (opts.otherUpgrade?.(req, socket, head)) return;
    const target = route(req);
    if (!target) return rejectUpgrade(socket, '404 Not Found');
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, target));
  });

  function onConnection(ws: WebSocket, target: Route): void {
    ws.on('error', (err) => log.debug({ err }, 'client socket error'));
    const outbox = new Outbox(ws, target.combined, {
      faults: opts.faults,
      logger: log,
      maxBufferedBytes: opts.maxBufferedBytes,
    });
    const connection = new StreamConnection(ws, outbox, {
      hub: opts.hub,
      hasSymbol: opts.hasSymbol,
      limits: opts.limits,
      logger: log,
    });
    const { specs, unknown } = connection.resolve(target.streams);
    if (unknown !== undefined)
      return refuse(connection, `Invalid request: unknown stream '${unknown}'`);
    if (specs.length > opts.limits.maxStreams) {
      return refuse(connection, `Invalid request: more than ${opts.limits.maxStreams} streams`);
    }
    connections.set(ws, connection);
    ws.on('close', () => connections.delete(ws));
    connection.subscribe(specs);
    log.debug({ streams: target.streams, combined: target.combined }, 'client connected');
  }

  /** Binance-style error payload, then a policy-violation close. */
  function refuse(connection: StreamConnection, msg: string): void {
    log.info({ msg }, 'refusing a connection');
    connection.outbox.control(errorReply(2, msg));
    connection.dispose();
    connection.ws.close(1008, msg.slice(0, 120));
  }

  const pinger = setInterval(() => {
    const now = Date.now();
    if (opts.faults.stalled) return; // a stalled server sends nothing, pings included
    // Time spent stalled is not the client's silence.
    const stallEnd = opts.faults.stallEndsAt;
    for (const [ws, connection] of connections) {
      if (now - Math.max(connection.lastPong, stallEnd) > opts.pongTimeoutMs) {
        log.info('dropping a client that stopped answering pings');
        ws.terminate();
      } else if (ws.readyState === WebSocket.OPEN) {
        connection.pingsOutstanding++;
        ws.ping();
      }
    }
  }, opts.pingIntervalMs);
  pinger.unref();

  return {
    get clientCount() {
      return connections.size;
    },
    dropAll() {
      const count = connections.size;
      for (const ws of connections.keys()) ws.terminate();
      return count;
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(pinger);
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}
