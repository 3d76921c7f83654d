// A user's watchlist: the symbols beside the chart, in the user's order. Every function takes the
// owner's userId (from the session) and scopes every query by it; items are named by symbol,
// which is unique per user, so another user's rows can be neither read nor changed from here.
//
// Defaults: a user starts with DEFAULT_WATCHLIST. They are written lazily, by the first call of any
// function here, and User.watchlistSeededAt remembers that it happened, so a user who removes every
// symbol keeps an empty list. Lazy seeding covers every way a user comes to exist (sign-up, the
// Auth.js adapter, accounts created before this table) without touching those paths.
//
// Concurrency: writers lock the user's row first (FOR NO KEY UPDATE), so two tabs adding at once
// queue instead of both taking the same position; positions are renumbered 0..n-1 after each write.
import type { Db, Prisma } from './client';

export const DEFAULT_WATCHLIST: readonly string[] = ['BTCUSDT', 'ETHUSDT'];

/** The most symbols one watchlist holds. */
export const MAX_WATCHLIST_ITEMS = 200;

export interface WatchlistItemView {
  id: string;
  symbol: string;
  /** 0-based, dense. */
  position: number;
  /** Epoch ms. */
  createdAt: number;
}

export class WatchlistFullError extends Error {
  constructor() {
    super(`A watchlist holds at most ${MAX_WATCHLIST_ITEMS} symbols`);
    this.name = 'WatchlistFullError';
  }
}

export interface WatchlistOptions {
  /** What a new user starts with (tests pass their own). */
  defaults?: readonly string[];
  now?: Date;
}

type Tx = Prisma.TransactionClient;

const select = { id: true, symbol: true, position: true, createdAt: true } as const;

function toView(row: { id: string; symbol: string; position: number; createdAt: Date }) {
  return {
    id: row.id,
    symbol: row.symbol,
    position: row.position,
    createdAt: row.createdAt.getTime(),
  };
}

async function rows(tx: Tx | Db, userId: string): Promise<WatchlistItemView[]> {
  const found = await tx.watchlistItem.findMany({
    where: { userId },
    orderBy: [{ position: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
    select,
  });
  return found.map(toView);
}

/**
 * Locks the user's row and gives the defaults if they were never given. False when there is no
 * such user.
 */
async function lockAndSeed(tx: Tx, userId: string, options: WatchlistOptions): Promise<boolean> {
  const locked = await tx.$queryRaw<{ seeded: Date | null }[]>`
    SELECT "watchlistSeededAt" AS seeded FROM "User" WHERE "id" = ${userId} FOR NO KEY UPDATE`;
  const user = locked[0];
  if (!user) return false;
  if (user.seeded !== null) return true;
  const now = options.now ?? new Date();
  const defaults = options.defaults ?? DEFAULT_WATCHLIST;
  // Rows may exist already (written before this column did): keep them, append what is missing.
  const existing = await rows(tx, userId);
  const have = new Set(existing.map((r) => r.symbol));
  const missing = defaults.filter((s) => !have.has(s));
  if (missing.length > 0) {
    await tx.watchlistItem.createMany({
      data: missing.map((symbol, i) => ({
        userId,
        symbol,
        position: existing.length + i,
        createdAt: now,
      })),
    });
  }
  await tx.user.update({ where: { id: userId }, data: { watchlistSeededAt: now } });
  return true;
}

/** Writes `order` as positions 0..n-1, touching only rows whose position changes. */
async function renumber(tx: Tx, userId: string, order: readonly WatchlistItemView[]) {
  for (const [position, item] of order.entries()) {
    if (item.position !== position)
      await tx.watchlistItem.updateMany({ where: { id: item.id, userId }, data: { position } });
  }
}

function write<T>(
  db: Db,
  userId: string,
  options: WatchlistOptions,
  work: (tx: Tx) => Promise<T>,
  orElse: T,
): Promise<T> {
  return db.$transaction(async (tx) =>
    (await lockAndSeed(tx, userId, options)) ? work(tx) : orElse,
  );
}

/** The user's symbols in order (the defaults for a user who never had a watchlist). */
export async function listWatchlist(
  db: Db,
  userId: string,
  options: WatchlistOptions = {},
): Promise<WatchlistItemView[]> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { watchlistSeededAt: true },
  });
  if (!user) return [];
  if (user.watchlistSeededAt) return rows(db, userId);
  return write(db, userId, options, (tx) => rows(tx, userId), []);
}

/**
 * Appends `symbol` (validated by the caller); a symbol already listed stays where it is. Returns
 * the whole list. WatchlistFullError past MAX_WATCHLIST_ITEMS.
 */
export async function addToWatchlist(
  db: Db,
  userId: string,
  symbol: string,
  options: WatchlistOptions = {},
): Promise<WatchlistItemView[]> {
  return write(
    db,
    userId,
    options,
    async (tx) => {
      const current = await rows(tx, userId);
      if (current.some((r) => r.symbol === symbol)) return current;
      if (current.length >= MAX_WATCHLIST_ITEMS) throw new WatchlistFullError();
      await renumber(tx, userId, current);
      await tx.watchlistItem.create({
        data: { userId, symbol, position: current.length, createdAt: options.now ?? new Date() },
      });
      return rows(tx, userId);
    },
    [],
  );
}

/** Removes `symbol`; false when the user does not have it. */
export async function removeFromWatchlist(
  db: Db,
  userId: string,
  symbol: string,
  options: WatchlistOptions = {},
): Promise<boolean> {
  return write(
    db,
    userId,
    options,
    async (tx) => {
      const { count } = await tx.watchlistItem.deleteMany({ where: { userId, symbol } });
      if (count > 0) await renumber(tx, userId, await rows(tx, userId));
      return count > 0;
    },
    false,
  );
}

/**
 * Moves `symbol` to index `to` (clamped to the list), shifting the others. Null when the user does
 * not have the symbol.
 */
export async function moveWatchlistItem(
  db: Db,
  userId: string,
  symbol: string,
  to: number,
  options: WatchlistOptions = {},
): Promise<WatchlistItemView[] | null> {
  return write(
    db,
    userId,
    options,
    async (tx) => {
      const current = await rows(tx, userId);
      const from = current.findIndex((r) => r.symbol === symbol);
      if (from < 0) return null;
      const order = [...current];
      const [item] = order.splice(from, 1);
      if (!item) return null;
      order.splice(Math.max(0, Math.min(order.length, Math.trunc(to))), 0, item);
      await renumber(tx, userId, order);
      return rows(tx, userId);
    },
    null,
  );
}

/**
 * Puts the user's symbols in the order given. Symbols the user does not have are ignored; the
 * user's symbols missing from `symbols` (e.g. added in another tab meanwhile) keep their relative
 * order after the ones given. Returns the new list.
 */
export async function reorderWatchlist(
  db: Db,
  userId: string,
  symbols: readonly string[],
  options: WatchlistOptions = {},
): Promise<WatchlistItemView[]> {
  return write(
    db,
    userId,
    options,
    async (tx) => {
      const current = await rows(tx, userId);
      const bySymbol = new Map(current.map((r) => [r.symbol, r]));
      const seen = new Set<string>();
      const order: WatchlistItemView[] = [];
      for (const symbol of symbols) {
        const item = bySymbol.get(symbol);
        if (item && !seen.has(symbol)) {
          seen.add(symbol);
          order.push(item);
        }
      }
      for (const item of current) if (!seen.has(item.symbol)) order.push(item);
      await renumber(tx, userId, order);
      return rows(tx, userId);
    },
    [],
  );
}
