// The web app's process: Next's request handler behind our own HTTP server (src/server/http), run
// by `pnpm start`/`pnpm dev` and the launcher instead of `next start`/`next dev`. It listens on
// WEB_HOST (loopback unless the operator exposes it) and WEB_PORT.
import next from 'next';
import { appUrl, env } from './src/env';
import { parseTrustedProxies } from './src/server/http/trust-proxy';
import { createWebServer } from './src/server/http/web-server';
import { handleLiveUpgrade } from './src/server/live/upgrade';
import { logger } from './src/server/logger';

const log = logger.child({ component: 'web-server' });
const dev = env.NODE_ENV !== 'production';
const app = next({ dev, dir: import.meta.dirname, hostname: env.WEB_HOST, port: env.WEB_PORT });
await app.prepare();

const server = createWebServer({
  handle: app.getRequestHandler(),
  upgrade: app.getUpgradeHandler(),
  liveUpgrade: handleLiveUpgrade,
  trust: parseTrustedProxies(env.TRUSTED_PROXIES),
  maxBodyBytes: env.MAX_BODY_BYTES,
  httpsOrigin: new URL(appUrl).protocol === 'https:',
  dev,
  onError: (err) => log.error({ err }, 'request failed'),
});
server.listen(env.WEB_PORT, env.WEB_HOST, () => {
  log.info(
    `listening on http://${env.WEB_HOST}:${env.WEB_PORT} (${dev ? 'development' : 'production'})`,
  );
});

function stop() {
  server.close();
  void app.close().finally(() => process.exit(0));
  server.closeAllConnections();
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
