// Starts the whole product in order: Postgres (embedded unless DATABASE_URL) → migrations → demo
// account → exchange-sim → worker → web, and stops it in reverse on a signal or when a part dies.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveDatabaseUrl } from '@coinview/db/connection';
import { migrate } from '@coinview/db/migrate';
import { generateSecretBoxKey } from '@coinview/db/secret-box';
import { type Child, assertPortFree, startChild, waitForHttp } from './children';
import { ensureDemoAccount } from './demo-account';
import { type StackEnv, inheritedEnv } from './env';

export type Mode = 'start' | 'dev';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface RunningStack {
  webUrl: string;
  /** Set when the local mailbox is served to this machine. */
  mailboxUrl?: string;
  stop(): Promise<void>;
  /** Resolves when any part exits on its own (a crash). */
  crashed: Promise<string>;
}

/**
 * A secret from the environment, or else generated once into the data directory and reused, so
 * that what it protects survives a restart: sessions (AUTH_SECRET), the sealed exchange API
 * secrets (EXCHANGE_KEY_SECRET).
 */
function persistedSecret(
  fromEnv: string | undefined,
  dataDir: string,
  fileName: string,
  generate: () => string,
): string {
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir, fileName);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = generate();
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/**
 * The instant exchange-sim anchors its replay at (SIM_ANCHOR: the sim time that plays a fixed
 * instant of its recordings). Chosen once per data directory — the hour of the first start, so the
 * recorded minutes end just behind "now" then (on the hour: each sim hour and day is whole
 * recorded hours) — and kept there, so a restarted product serves the same history the worker
 * already stored in its database; a fresh data directory starts a fresh history.
 */
function persistedSimAnchor(fromEnv: string | undefined, dataDir: string): string {
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir, 'sim-anchor');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const hour = 3_600_000;
  const anchor = new Date(Math.floor(Date.now() / hour) * hour).toISOString();
  writeFileSync(file, `${anchor}\n`);
  return anchor;
}

/** Where a browser on this machine reaches a server bound to `host`. */
function browsableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '127.0.0.1' || host === '::1')
    return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * The mailbox's URL when the web app serves it to this machine. Asked of the app itself, which
 * alone decides (email provider, WEB_HOST, MAILBOX_ENABLED): the banner never points at a 404.
 */
async function servedMailbox(webUrl: string): Promise<string | undefined> {
  const url = `${webUrl}/dev/mailbox`;
  try {
    const res = await fetch(url, { redirect: 'manual' });
    await res.body?.cancel();
    return res.ok ? url : undefined;
  } catch {
    return undefined;
  }
}

export async function startStack(
  mode: Mode,
  env: StackEnv,
  log = console.log,
): Promise<RunningStack> {
  const dataDir = path.resolve(repoRoot, env.COINVIEW_DATA_DIR ?? '.data');
  mkdirSync(dataDir, { recursive: true });

  log(
    env.DATABASE_URL
      ? 'Using the Postgres server at DATABASE_URL'
      : `Starting embedded Postgres (data in ${path.join(dataDir, 'pg')})`,
  );
  const database = await resolveDatabaseUrl({
    databaseUrl: env.DATABASE_URL,
    dataDir: path.join(dataDir, 'pg'),
    port: env.EMBEDDED_PG_PORT,
  });
  const children: Child[] = [];
  const stop = async () => {
    for (const child of [...children].reverse()) await child.stop();
    await database.stop();
  };

  try {
    const { applied } = await migrate(database.url);
    log(
      applied.length
        ? `Applied migrations: ${applied.join(', ')}`
        : 'Database schema is up to date',
    );
    await ensureDemoAccount(database.url, env.DEMO_EMAIL, env.DEMO_PASSWORD);

    const simUrl = `http://127.0.0.1:${env.SIM_PORT}`;
    const webUrl = `http://${browsableHost(env.WEB_HOST)}:${env.WEB_PORT}`;
    const useSim = !env.BINANCE_WS_URL;
    const childEnv: NodeJS.ProcessEnv = {
      ...inheritedEnv(),
      DATABASE_URL: database.url,
      BINANCE_WS_URL: env.BINANCE_WS_URL ?? `ws://127.0.0.1:${env.SIM_PORT}`,
      BINANCE_REST_URL: env.BINANCE_REST_URL ?? simUrl,
      SIM_PORT: String(env.SIM_PORT),
      ...(useSim ? { SIM_ANCHOR: persistedSimAnchor(env.SIM_ANCHOR, dataDir) } : {}),
      AUTH_SECRET: persistedSecret(env.AUTH_SECRET, dataDir, 'auth-secret', () =>
        randomBytes(32).toString('base64url'),
      ),
      EXCHANGE_KEY_SECRET: persistedSecret(
        env.EXCHANGE_KEY_SECRET,
        dataDir,
        'exchange-key-secret',
        generateSecretBoxKey,
      ),
      AUTH_URL: env.AUTH_URL ?? webUrl,
      AUTH_TRUST_HOST: 'true',
      WEB_PORT: String(env.WEB_PORT),
      WEB_HOST: env.WEB_HOST,
      LOG_LEVEL: env.LOG_LEVEL,
      NODE_ENV: mode === 'dev' ? 'development' : 'production',
    };
    const appDir = (name: string) => path.join(repoRoot, 'apps', name);
    await assertPortFree(env.WEB_PORT, 'the web app', 'WEB_PORT');
    if (useSim) await assertPortFree(env.SIM_PORT, 'exchange-sim', 'SIM_PORT');
    if (mode === 'dev') {
      // Development runs every app's own `dev` task (watchers, next dev) through turbo.
      const apps = [
        '@coinview/web',
        '@coinview/worker',
        ...(useSim ? ['@coinview/exchange-sim'] : []),
      ];
      const turboBin = path.join(repoRoot, 'node_modules', 'turbo', 'bin', 'turbo');
      const args = [turboBin, 'run', 'dev', ...apps.map((a) => `--filter=${a}`), '--ui=stream'];
      children.push(startChild('dev', process.execPath, args, { cwd: repoRoot, env: childEnv }));
    } else {
      const benchBuild = env.COINVIEW_BENCH_BUILD === 'true' || env.COINVIEW_BENCH_BUILD === '1';
      const distDir = benchBuild ? '.next-bench' : '.next';
      if (!existsSync(path.join(appDir('web'), distDir, 'BUILD_ID'))) {
        throw new Error('apps/web is not built: run `pnpm build` first (scripts/start.sh does).');
      }
      const tsx = ['--import', 'tsx', 'src/main.ts'];
      if (useSim) {
        children.push(
          startChild('sim', process.execPath, tsx, { cwd: appDir('exchange-sim'), env: childEnv }),
        );
        await waitForHttp(`${simUrl}/api/v3/ping`, 30_000, children[0]!.exited);
      }
      children.push(
        startChild('worker', process.execPath, tsx, { cwd: appDir('worker'), env: childEnv }),
      );
      // The web app's own server (apps/web/server.ts) around Next's handler: WEB_HOST, client
      // addresses, security headers and body limits live there.
      children.push(
        startChild('web', process.execPath, ['--import', 'tsx', 'server.ts'], {
          cwd: appDir('web'),
          env: childEnv,
        }),
      );
    }
    const crashed = Promise.race(children.map((c) => c.exited.then(() => c.name)));
    await waitForHttp(`${webUrl}/login`, mode === 'dev' ? 180_000 : 60_000, crashed);
    return { webUrl, mailboxUrl: await servedMailbox(webUrl), stop, crashed };
  } catch (err) {
    await stop();
    throw err;
  }
}
