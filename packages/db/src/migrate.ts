// Applies prisma/migrations/*/migration.sql with Prisma's own bookkeeping, because Prisma's CLI
// cannot run `migrate` here (its schema engine is a download; see DESIGN.md). What we keep the
// same as `prisma migrate deploy`, so either tool can take over a database from the other:
// - the `_prisma_migrations` table definition and its row contents (uuid id, sha256-hex checksum
//   of the file bytes, name, started/finished times, applied_steps_count = 1, logs null);
// - the advisory lock key Prisma takes (72707369), so our runner and Prisma's serialise too;
// - migrations applied in directory-name order; a failed/unfinished one blocks everything after;
// - a checksum accepted with either LF or CRLF line endings (git may rewrite them).
// Different on purpose: each migration runs in its own transaction, so a failure leaves nothing
// half-applied; the failure is still recorded, marked rolled back (like `migrate resolve
// --rolled-back` would), and the next run retries it. `CREATE INDEX CONCURRENTLY` therefore
// cannot be used in a migration.
// After the Prisma migrations, graphile-worker's own schema (the durable job queue, see
// alert-queue.ts) is installed or upgraded by graphile-worker's runMigrations, under the same lock.
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { installQueueSchema } from './alert-queue';

export const PRISMA_MIGRATE_LOCK_KEY = 72707369;

/** This package's prisma/migrations (resolved lazily: bundlers may rewrite import.meta.url). */
export function defaultMigrationsDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../prisma/migrations');
}

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

export class MigrationError extends Error {
  constructor(
    readonly migration: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export interface MigrateOptions {
  /** Folder of `<timestamp>_<name>/migration.sql`; default this package's prisma/migrations. */
  migrationsDir?: string;
  /** Progress lines (what was applied). */
  log?: (message: string) => void;
  /** Also install/upgrade the job queue's schema (graphile-worker); default true. */
  queue?: boolean;
}

export interface LocalMigration {
  name: string;
  script: string;
  checksum: string;
}

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  started_at: Date;
}

/** Prisma's checksum: sha256 of the migration.sql text, lowercase hex. */
export function migrationChecksum(script: string): string {
  return createHash('sha256').update(script, 'utf8').digest('hex');
}

function matchesChecksum(script: string, checksum: string): boolean {
  const variants = [
    script,
    script.replaceAll('\r\n', '\n'),
    script.replaceAll('\r\n', '\n').replaceAll('\n', '\r\n'),
  ];
  return variants.some((variant) => migrationChecksum(variant) === checksum);
}

export async function readMigrations(
  dir: string = defaultMigrationsDir(),
): Promise<LocalMigration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const script = await readFile(path.join(dir, name, 'migration.sql'), 'utf8').catch(
        (err: unknown) => {
          throw new MigrationError(name, `Migration ${name} has no readable migration.sql`, {
            cause: err,
          });
        },
      );
      return { name, script, checksum: migrationChecksum(script) };
    }),
  );
}

function checkHistory(local: LocalMigration[], history: HistoryRow[]): Set<string> {
  const unfinished = history.find((row) => row.finished_at === null && row.rolled_back_at === null);
  if (unfinished) {
    throw new MigrationError(
      unfinished.migration_name,
      `Migration ${unfinished.migration_name} is recorded as failed or unfinished (started ${unfinished.started_at.toISOString()}). ` +
        'Repair the database, then mark it with `prisma migrate resolve --rolled-back` (or `--applied`) before migrating again.',
    );
  }
  const applied = new Set<string>();
  const byName = new Map(local.map((migration) => [migration.name, migration]));
  for (const row of history) {
    if (row.finished_at === null || row.rolled_back_at !== null) continue;
    applied.add(row.migration_name);
    const file = byName.get(row.migration_name);
    if (file && !matchesChecksum(file.script, row.checksum)) {
      throw new MigrationError(
        row.migration_name,
        `Migration ${row.migration_name} was modified after it was applied (recorded checksum ${row.checksum}, file ${file.checksum}). ` +
          'Applied migrations are immutable: restore the file and put the change in a new migration.',
      );
    }
  }
  return applied;
}

async function applyOne(client: pg.Client, migration: LocalMigration): Promise<void> {
  try {
    await client.query('BEGIN');
    await client.query(migration.script);
    await client.query(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count, logs)
       VALUES ($1, $2, $3, now(), clock_timestamp(), 1, NULL)`,
      [randomUUID(), migration.checksum, migration.name],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    const reason = err instanceof Error ? err.message : String(err);
    await client
      .query(
        `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, rolled_back_at, applied_steps_count)
         VALUES ($1, $2, $3, $4, now(), 0)`,
        [randomUUID(), migration.checksum, migration.name, reason],
      )
      .catch(() => undefined);
    throw new MigrationError(
      migration.name,
      `Migration ${migration.name} failed and was rolled back: ${reason}`,
      { cause: err },
    );
  }
}

/** Applies pending migrations; returns the names it applied (empty when up to date). */
export async function migrate(
  url: string,
  options: MigrateOptions = {},
): Promise<{ applied: string[] }> {
  const local = await readMigrations(options.migrationsDir);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Session-level lock: held across the per-migration transactions, released below or when
    // the connection closes (a crashed runner cannot leave it held).
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const { rows } = await client.query<HistoryRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at, started_at FROM _prisma_migrations ORDER BY started_at',
    );
    const done = checkHistory(local, rows);
    const applied: string[] = [];
    for (const migration of local) {
      if (done.has(migration.name)) continue;
      await applyOne(client, migration);
      applied.push(migration.name);
      options.log?.(`applied ${migration.name}`);
    }
    // Still under the lock, so runners that start together do not race on its bootstrap.
    if (options.queue ?? true) await installQueueSchema(url, { log: options.log });
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
    return { applied };
  } finally {
    await client.end();
  }
}
