// Per-test-file databases on the Postgres started by vitest-global-setup: each call creates a
// uniquely named database, migrates it, and drops it again in cleanup().
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb, type Db } from './client';
import { readTestDatabaseUrl } from './env';
import { assertLocalDatabaseUrl, withDatabase } from './local-url';
import { migrate } from './migrate';

export { withDatabase } from './local-url';

export interface TestDatabase {
  url: string;
  name: string;
  db: Db;
  cleanup: () => Promise<void>;
}

export function testAdminUrl(): string {
  const url = inject('coinviewAdminDatabaseUrl') ?? readTestDatabaseUrl();
  if (!url) {
    throw new Error(
      "No test Postgres: add globalSetup: ['@coinview/db/vitest-global-setup'] to this package's vitest.config.ts",
    );
  }
  assertLocalDatabaseUrl(url);
  return url;
}

async function onAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testAdminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database; migrated unless `migrate: false` (for tests of the migrator itself). */
export async function createTestDatabase(
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const name = `test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await onAdmin((client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
  const url = withDatabase(testAdminUrl(), name);
  if (options.migrate ?? true) await migrate(url);
  const db = createDb(url, { maxConnections: 4 });
  let cleaned: Promise<void> | undefined;
  return {
    url,
    name,
    db,
    cleanup: () =>
      (cleaned ??= (async () => {
        await db.$disconnect();
        await onAdmin((client) =>
          client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`),
        );
      })()),
  };
}
