// WebSocket upgrades for live data (tRPC subscriptions over one WebSocket per tab). The web server
// (server.ts) offers every upgrade here first, with the client headers already set; a stub until
// live updates move to WebSocket: it takes nothing, and Next gets every upgrade.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/** Returns true when it took the upgrade (and now owns `socket`). */
export function handleLiveUpgrade(_req: IncomingMessage, _socket: Duplex, _head: Buffer): boolean {
  return false;
}
