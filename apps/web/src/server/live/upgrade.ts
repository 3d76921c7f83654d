// The contract with the web server that wraps Next (server.ts): its `upgrade` listener offers
// every upgrade to handleLiveUpgrade first and hands those it declines (Next's dev HMR) to Next.
//
// Importing this module loads only the logger: the API, next-auth and the database are imported
// on the first live upgrade. next-auth loads `next/server`, which may only be evaluated once Next
// has set up its environment (`app.prepare()`); server.ts imports this module before that.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { logger } from '~/server/logger';
import { isLivePath } from './live-path';
import type { LiveServer } from './live-server';

const log = logger.child({ component: 'live' });

let serverPromise: Promise<LiveServer> | undefined;

async function createAppLiveServer(): Promise<LiveServer> {
  const [{ appUrl }, { createSessionContext }, { appRouter }, { handlers }, live] =
    await Promise.all([
      import('~/env'),
      import('~/server/api/context'),
      import('~/server/api/root'),
      import('~/server/auth'),
      import('./live-server'),
    ]);
  const { createSessionReader } = await import('./session-reader');
  // The same origin the HTTP mutation guard accepts (AUTH_URL's).
  const appOrigin = new URL(appUrl).origin;
  return live.createLiveServer({
    router: appRouter,
    appOrigin,
    readSession: createSessionReader(handlers.GET, appOrigin),
    createContext: createSessionContext,
    logger: log,
  });
}

/** True when the upgrade is the live connection's (it is then answered), false otherwise. */
export function handleLiveUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
  if (!isLivePath(req.url)) return false;
  // A client gone mid-handshake must not crash the process (nothing else listens yet).
  socket.on('error', () => socket.destroy());
  serverPromise ??= createAppLiveServer().catch((err: unknown) => {
    serverPromise = undefined;
    throw err;
  });
  serverPromise
    .then((server) => server.handleUpgrade(req, socket, head))
    .catch((err: unknown) => {
      log.error({ err }, 'live server failed to start');
      if (!socket.destroyed)
        socket.end(
          'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
        );
    });
  return true;
}

/** Closes every live socket (on shutdown; clients reconnect to the next server). */
export async function closeLiveServer(): Promise<void> {
  const server = await serverPromise?.catch(() => undefined);
  serverPromise = undefined;
  await server?.close();
}
