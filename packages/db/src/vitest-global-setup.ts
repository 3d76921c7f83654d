// Vitest globalSetup for packages with integration tests: one real Postgres for the whole run
// (an embedded server on a free port in a temp folder, or TEST_DATABASE_URL if set and local).
// Test files get their own database from it through `createTestDatabase()`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { allowTraversal, startEmbeddedPostgres } from './embedded';
import { readTestDatabaseUrl } from './env';
import { assertLocalDatabaseUrl } from './local-url';
import { pickFreePort } from './ports';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A database on the test server whose role may CREATE/DROP DATABASE. */
    coinviewAdminDatabaseUrl: string;
  }
}

export default async function setup(
  project: TestProject,
): Promise<(() => Promise<void>) | undefined> {
  const external = readTestDatabaseUrl();
  if (external) {
    assertLocalDatabaseUrl(external);
    project.provide('coinviewAdminDatabaseUrl', external);
    return undefined;
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'coinview-test-pg-'));
  try {
    await allowTraversal(dir);
    const server = await startEmbeddedPostgres({
      dataDir: dir,
      port: await pickFreePort(),
      database: 'postgres',
      fast: true,
    });
    project.provide('coinviewAdminDatabaseUrl', server.adminUrl);
    return async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    throw err;
  }
}
