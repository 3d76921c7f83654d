import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { installQueueSchema } from './alert-queue';
import { migrate } from './migrate';
import { createTestDatabase, type TestDatabase } from './testing';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function database(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const created = await createTestDatabase(options);
  cleanups.push(created.cleanup);
  return created;
}

async function queueMigrations(url: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: number }>(
      'SELECT id FROM graphile_worker.migrations ORDER BY id',
    );
    return rows.map((row) => row.id);
  } finally {
    await client.end();
  }
}

describe('the job queue schema', () => {
  it('is installed by migrate(), so every migrated database can take jobs', async () => {
    const { db, url } = await database();
    expect((await queueMigrations(url)).length).toBeGreaterThanOrEqual(18);
    const [job] = await db.$queryRawUnsafe<{ id: string }[]>(
      `SELECT (graphile_worker.add_job('deliver-alert', json_build_object('deliveryId', 'x'))).id::text AS id`,
    );
    expect(job?.id).toMatch(/^\d+$/);
  });

  it('is installed once when several migrate() runs start together on an empty database', async () => {
    const { url } = await database({ migrate: false });
    await Promise.all([migrate(url), migrate(url), migrate(url)]);
    const ids = await queueMigrations(url);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(18);
  });

  it('reports what it installed and does nothing the second time', async () => {
    const { url } = await database({ migrate: false });
    const logs: string[] = [];
    const first = await installQueueSchema(url, { log: (line) => logs.push(line) });
    expect(first.from).toBeNull();
    expect(first.to).toBeGreaterThanOrEqual(18);
    expect(logs).toEqual([`installed graphile-worker schema (migration ${String(first.to)})`]);
    expect(await installQueueSchema(url)).toEqual({ from: first.to, to: first.to });
  });

  it('is skipped with queue: false', async () => {
    const { url } = await database({ migrate: false });
    await migrate(url, { queue: false });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query(
        "SELECT 1 FROM pg_namespace WHERE nspname = 'graphile_worker'",
      );
      expect(rows).toHaveLength(0);
    } finally {
      await client.end();
    }
  });
});
