// Binance's WebSocket API (web-socket-api.md) at /ws-api/v3, the part the product uses: the user
// data stream (`userDataStream.subscribe.signature`, `userDataStream.unsubscribe`,
// `session.subscriptions`) pushing `executionReport` and `outboundAccountPosition` events wrapped as
// {"subscriptionId", "event"}, plus `order.place`, `order.status`, `order.cancel`, `ping` and `time`.
// Requests are {"id", "method", "params"}; answers {"id", "status", "result" | "error",
// "rateLimits"}, charged to the IP's REQUEST_WEIGHT like REST. The server pings every client and
// drops those that stop answering; `faults.dropUserStreams()` ends every connection at once.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import type { ConnectionControl, SimFaults } from '../faults/sim-faults';
import type { SimExchange } from '../trading/sim-exchange';
import type { Clocks } from '../trading/signed-request';
import type { WeightLimiter } from '../rest/weight-limiter';
import { WsApiConnection } from './ws-api-connection';

export const WS_API_PATH = '/ws-api/v3';

export interface WsApiOptions {
  exchange: SimExchange;
  clocks: Clocks;
  limiter: WeightLimiter;
  faults: SimFaults;
  logger: Logger;
  pingIntervalMs: number;
  pongTimeoutMs: number;
  lifetimeMs: number;
  maxBufferedBytes: number;
}

export interface WsApiEndpoint extends ConnectionControl {
  /** Takes the upgrade if it is for the WebSocket API; false leaves it to others. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  close(): Promise<void>;
}

export function createWsApi(opts: WsApiOptions): WsApiEndpoint {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const connections = new Set<WsApiConnection>();

  const pinger = setInterval(() => {
    const now = Date.now();
    for (const c of connections) {
      if (now - c.lastPong > opts.pongTimeoutMs) c.ws.terminate();
      else if (c.ws.readyState === WebSocket.OPEN) c.ws.ping();
    }
  }, opts.pingIntervalMs);
  pinger.unref();

  return {
    handleUpgrade(req, socket, head) {
      const path = new URL(req.url ?? '/', 'http://sim').pathname;
      if (path !== WS_API_PATH) return false;
      wss.handleUpgrade(req, socket, head, (ws) => {
        const connection = new WsApiConnection(ws, req.socket.remoteAddress ?? 'unknown', opts);
        connections.add(connection);
        ws.on('close', () => {
          connections.delete(connection);
          connection.dispose();
        });
      });
      return true;
    },
    get clientCount() {
      return connections.size;
    },
    dropAll() {
      const count = connections.size;
      for (const c of connections) c.ws.terminate();
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
