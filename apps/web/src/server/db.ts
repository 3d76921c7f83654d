// Lazy access to Postgres. The database URL may only be known after starting the embedded server,
// so nothing here runs at import or build time: the first request resolves it once per process.
import { getDb, type Db } from '@coinview/db/client';
import { PgBus } from '@coinview/db/bus';
import { resolveDatabaseUrl } from '@coinview/db/connection';
import path from 'node:path';
import { Pool } from 'pg';
import { env } from '~/env';
import { logger } from '~/server/logger';

const log = logger.child({ component: 'db' });

// Kept on globalThis so that dev-mode module reloads reuse the same server, pool and bus.
const state = globalThis as unknown as {
  coinviewDatabaseUrl?: Promise<string>;
  coinviewBus?: Promise<PgBus>;
  coinviewPool?: Promise<Pool>;
};

/** Retries on the next call when resolving failed (e.g. Postgres not up yet). */
function once<T>(
  key: 'coinviewDatabaseUrl' | 'coinviewBus' | 'coinviewPool',
  make: () => Promise<T>,
): Promise<T> {
  const existing = state[key] as Promise<T> | undefined;
  if (existing) return existing;
  const created = make().catch((err: unknown) => {
    state[key] = undefined;
    throw err;
  });
  (state as Record<string, unknown>)[key] = created;
  return created;
}

export function getDatabaseUrl(): Promise<string> {
  return once('coinviewDatabaseUrl', async () => {
    const resolved = await resolveDatabaseUrl({
      databaseUrl: env.DATABASE_URL,
      // A relative COINVIEW_DATA_DIR means the repo root (the launcher's view); only an absolute
      // one can be honoured from here, otherwise the db package's default (<repo>/.data/pg) applies.
      dataDir:
        env.COINVIEW_DATA_DIR && path.isAbsolute(env.COINVIEW_DATA_DIR)
          ? path.join(env.COINVIEW_DATA_DIR, 'pg')
          : undefined,
      port: env.EMBEDDED_PG_PORT,
    });
    log.info(
      { embedded: resolved.embedded },
      resolved.embedded ? 'using embedded Postgres' : 'using DATABASE_URL',
    );
    return resolved.url;
  });
}

/** The shared Prisma client. */
export async function getDatabase(): Promise<Db> {
  return getDb(await getDatabaseUrl());
}

/** The shared event bus (LISTEN/NOTIFY) that carries live market data from the worker. */
export function getBus(): Promise<PgBus> {
  return once('coinviewBus', async () => new PgBus(await getDatabaseUrl()));
}

/** A small raw pg pool for libraries that speak pg directly (the sign-in rate limiter). */
export function getPgPool(): Promise<Pool> {
  return once('coinviewPool', async () => {
    const pool = new Pool({ connectionString: await getDatabaseUrl(), max: 4 });
    pool.on('error', (err) => log.error({ err }, 'idle pg pool client failed'));
    return pool;
  });
}
