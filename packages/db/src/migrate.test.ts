import { createHash } from 'node:crypto';
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { MigrationError, migrate } from './migrate';
import { createTestDatabase, type TestDatabase } from './testing';

const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function emptyDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase({ migrate: false });
  cleanups.push(database.cleanup);
  return database;
}

async function query<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** A private copy of the real migrations that a test may edit. */
async function copyOfMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'coinview-migrations-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }));
  await cp(migrationsDir, dir, { recursive: true });
  return dir;
}

async function localNames(): Promise<string[]> {
  return (await readdir(migrationsDir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

interface HistoryRow {
  id: string;
  checksum: string;
  migration_name: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
  logs: string | null;
}

describe('migrate', () => {
  it('applies every migration to an empty database, then nothing on a second run', async () => {
    const { url } = await emptyDatabase();
    const names = await localNames();
    expect(names.length).toBeGreaterThan(0);

    expect(await migrate(url)).toEqual({ applied: names });
    expect(await migrate(url)).toEqual({ applied: [] });

    const tables = await query<{ table_name: string }>(
      url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(['User', 'Candle', 'EmailOutbox', '_prisma_migrations']),
    );
  });

  it('records each migration the way Prisma does', async () => {
    const { url } = await emptyDatabase();
    await migrate(url);
    const rows = await query<HistoryRow>(
      url,
      'SELECT * FROM _prisma_migrations ORDER BY migration_name',
    );
    const names = await localNames();
    expect(rows.map((row) => row.migration_name)).toEqual(names);
    for (const row of rows) {
      const bytes = await readFile(path.join(migrationsDir, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(row.id).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.finished_at?.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
    }
  });

  it("creates _prisma_migrations with Prisma's exact column definitions", async () => {
    const { url } = await emptyDatabase();
    await migrate(url);
    const columns = await query<{
      column_name: string;
      type: string;
      nullable: boolean;
      default: string | null;
    }>(
      url,
      `SELECT a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
              pg_get_expr(d.adbin, d.adrelid) AS default
       FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE a.attrelid = '_prisma_migrations'::regclass AND a.attnum > 0 ORDER BY a.attnum`,
    );
    expect(columns).toEqual([
      { column_name: 'id', type: 'character varying(36)', nullable: false, default: null },
      { column_name: 'checksum', type: 'character varying(64)', nullable: false, default: null },
      {
        column_name: 'finished_at',
        type: 'timestamp with time zone',
        nullable: true,
        default: null,
      },
      {
        column_name: 'migration_name',
        type: 'character varying(255)',
        nullable: false,
        default: null,
      },
      { column_name: 'logs', type: 'text', nullable: true, default: null },
      {
        column_name: 'rolled_back_at',
        type: 'timestamp with time zone',
        nullable: true,
        default: null,
      },
      {
        column_name: 'started_at',
        type: 'timestamp with time zone',
        nullable: false,
        default: 'now()',
      },
      { column_name: 'applied_steps_count', type: 'integer', nullable: false, default: '0' },
    ]);
  });

  it('applies only a newly added migration', async () => {
    const { url } = await emptyDatabase();
    const dir = await copyOfMigrations();
    await migrate(url, { migrationsDir: dir });
    await mkdir(path.join(dir, '29990101000000_add_note'));
    await writeFile(
      path.join(dir, '29990101000000_add_note', 'migration.sql'),
      'ALTER TABLE "RateLimit" ADD COLUMN "note" TEXT;\n',
    );
    expect(await migrate(url, { migrationsDir: dir })).toEqual({
      applied: ['29990101000000_add_note'],
    });
    const columns = await query(
      url,
      `SELECT 1 FROM information_schema.columns WHERE table_name = 'RateLimit' AND column_name = 'note'`,
    );
    expect(columns).toHaveLength(1);
  });

  it('refuses when an applied migration file was changed, naming it', async () => {
    const { url } = await emptyDatabase();
    const dir = await copyOfMigrations();
    await migrate(url, { migrationsDir: dir });
    const [first] = await localNames();
    await appendFile(path.join(dir, first as string, 'migration.sql'), '\n-- edited afterwards\n');
    const attempt = migrate(url, { migrationsDir: dir });
    await expect(attempt).rejects.toBeInstanceOf(MigrationError);
    await expect(attempt).rejects.toThrow(new RegExp(`${first}.*modified after it was applied`));
  });

  it('accepts an applied file whose line endings were converted to CRLF', async () => {
    const { url } = await emptyDatabase();
    const dir = await copyOfMigrations();
    await migrate(url, { migrationsDir: dir });
    const [first] = await localNames();
    const file = path.join(dir, first as string, 'migration.sql');
    await writeFile(file, (await readFile(file, 'utf8')).replaceAll('\n', '\r\n'));
    expect(await migrate(url, { migrationsDir: dir })).toEqual({ applied: [] });
  });

  it('refuses to run after a migration recorded as failed or unfinished', async () => {
    const { url } = await emptyDatabase();
    await migrate(url);
    await query(
      url,
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, applied_steps_count, logs)
                      VALUES ('00000000-0000-4000-8000-000000000000', 'x', '29990101000000_broken', 0, 'boom')`,
    );
    await expect(migrate(url)).rejects.toThrow(
      /29990101000000_broken is recorded as failed or unfinished/,
    );
  });

  it('rolls a failing migration back entirely, records it as rolled back, and retries it next time', async () => {
    const { url } = await emptyDatabase();
    const dir = await copyOfMigrations();
    await migrate(url, { migrationsDir: dir });
    const name = '29990101000000_half_broken';
    await mkdir(path.join(dir, name));
    const file = path.join(dir, name, 'migration.sql');
    await writeFile(file, 'CREATE TABLE "Scratch" ("id" INTEGER);\nSELECT no_such_function();\n');

    await expect(migrate(url, { migrationsDir: dir })).rejects.toThrow(
      new RegExp(`${name} failed and was rolled back: .*no_such_function`),
    );
    expect(
      await query(url, `SELECT 1 FROM information_schema.tables WHERE table_name = 'Scratch'`),
    ).toHaveLength(0);
    const [failed] = await query<HistoryRow>(
      url,
      'SELECT * FROM _prisma_migrations WHERE migration_name = $1',
      [name],
    );
    expect(failed?.finished_at).toBeNull();
    expect(failed?.rolled_back_at).not.toBeNull();
    expect(failed?.logs).toMatch(/no_such_function/);

    await writeFile(file, 'CREATE TABLE "Scratch" ("id" INTEGER);\n');
    expect(await migrate(url, { migrationsDir: dir })).toEqual({ applied: [name] });
  });

  it('applies each migration once when several runners start together', async () => {
    const { url } = await emptyDatabase();
    const results = await Promise.all([migrate(url), migrate(url), migrate(url), migrate(url)]);
    const names = await localNames();
    expect(results.flatMap((r) => r.applied).sort()).toEqual(names);
    const rows = await query<{ migration_name: string }>(
      url,
      'SELECT migration_name FROM _prisma_migrations',
    );
    expect(rows).toHaveLength(names.length);
  });
});
