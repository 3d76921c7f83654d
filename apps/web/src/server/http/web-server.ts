// The HTTP server in front of Next's request handler (see server.ts): it alone sees the TCP
// connection, so it decides the client's address, drops headers a client may not set, adds the
// security headers and refuses oversized bodies before Next reads anything.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { limitRequestBody } from './body-limit';
import { applyClientHeaders, resolveClient } from './client-address';
import { createNonce, securityHeaders } from './security-headers';
import type { TrustProxy } from './trust-proxy';

export interface WebServerOptions {
  handle: (req: IncomingMessage, res: ServerResponse) => unknown;
  /** Upgrades nobody else took (Next's: HMR in development). */
  upgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => unknown;
  /** Offered every upgrade first; true when it took it. */
  liveUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean;
  trust: TrustProxy;
  maxBodyBytes: number;
  /** AUTH_URL is https: every response gets HSTS. */
  httpsOrigin: boolean;
  dev: boolean;
  onError?: (err: unknown) => void;
}

export function createWebServer(options: WebServerOptions): Server {
  const { handle, upgrade, liveUpgrade, trust, maxBodyBytes, httpsOrigin, dev, onError } = options;
  const server = createServer((req, res) => {
    const client = resolveClient(req, trust);
    applyClientHeaders(req, client);
    const nonce = createNonce();
    const headers = securityHeaders({ nonce, https: httpsOrigin || client.https, dev });
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    // Next takes the nonce for its scripts from the request's CSP; a client's own copy never counts.
    delete req.headers['content-security-policy-report-only'];
    req.headers['content-security-policy'] = headers['content-security-policy'];
    if (!limitRequestBody(req, res, maxBodyBytes)) return;
    Promise.resolve(handle(req, res)).catch((err: unknown) => {
      onError?.(err);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    applyClientHeaders(req, resolveClient(req, trust));
    if (liveUpgrade(req, socket, head)) return;
    if (upgrade) void Promise.resolve(upgrade(req, socket, head)).catch(onError);
    else socket.destroy();
  });
  return server;
}
