// The contract with the custom HTTP server that wraps Next: its `upgrade` listener calls
// handleLiveUpgrade first and hands every upgrade it declines (Next's dev HMR) on to Next.
// The live server is built on the first upgrade, so importing this module costs nothing.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { env } from '~/env';
import { createSessionContext } from '~/server/api/context';
import { appRouter } from '~/server/api/root';
import { handlers } from '~/server/auth';
import { logger } from '~/server/logger';
import { createLiveServer, type LiveServer } from './live-server';
import { liveAppOrigin } from './live-origin';
import { createSessionReader } from './session-reader';

let server: LiveServer | undefined;

function liveServer(): LiveServer {
  if (server) return server;
  const appOrigin = liveAppOrigin(env);
  server = createLiveServer({
    router: appRouter,
    appOrigin,
    readSession: createSessionReader(handlers.GET, appOrigin),
    createContext: createSessionContext,
    logger: logger.child({ component: 'live' }),
  });
  return server;
}

/** True when the upgrade is the live connection's (it is then answered), false otherwise. */
export function handleLiveUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
  return liveServer().handleUpgrade(req, socket, head);
}

/** Closes every live socket (on shutdown; clients reconnect to the next server). */
export async function closeLiveServer(): Promise<void> {
  await server?.close();
  server = undefined;
}
