// The Prisma client on node-postgres (Prisma 7 `prisma-client` generator + @prisma/adapter-pg:
// no native query engine). Import Prisma's types from here, never from ./generated directly.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export { Prisma, EmailStatus, EmailTransport } from './generated/prisma/client';
export type {
  Account,
  Candle as CandleRow,
  EmailOutbox,
  RateLimit,
  Session,
  User,
  UserSettings,
  VerificationToken,
} from './generated/prisma/client';
export { PrismaClient };

export type Db = PrismaClient;

export interface CreateDbOptions {
  /** Size of the connection pool (node-postgres default: 10). */
  maxConnections?: number;
}

/** A new client with its own pool. Most code wants `getDb` instead. */
export function createDb(url: string, options: CreateDbOptions = {}): Db {
  const adapter = new PrismaPg({ connectionString: url, max: options.maxConnections });
  return new PrismaClient({ adapter });
}

// One client per URL per process, kept on globalThis so that dev-mode module reloads (Next.js)
// reuse it instead of opening a new pool on every edit.
const store = globalThis as typeof globalThis & { __coinviewDbs?: Map<string, Db> };

export function getDb(url: string): Db {
  store.__coinviewDbs ??= new Map();
  let db = store.__coinviewDbs.get(url);
  if (!db) {
    db = createDb(url);
    store.__coinviewDbs.set(url, db);
  }
  return db;
}
