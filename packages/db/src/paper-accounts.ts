// A user's paper account: balances per asset as exact decimals (numeric(38,18)), moved only by
// deltas applied inside a transaction. Two workers cannot overdraw it: a spend is a conditional
// UPDATE (`free + delta >= 0`) under the row's lock, so of two spends that each fit but not both,
// the second finds too little and is refused; CHECK constraints in the migration are the last
// word. Balances of one account are always touched in asset order, so concurrent fills cannot
// deadlock. Everything is scoped by userId (a user has exactly one paper account).
import type { AssetBalance } from '@coinview/core/trading/order';
import { money } from '@coinview/core/trading/money';
import type { Db, Prisma } from './client';
import { OPEN_ORDER_STATUSES } from './orders';

export interface PaperAccountView {
  id: string;
  quoteAsset: string;
  startingBalance: string;
  /** Assets with a non-zero balance, by name. */
  balances: AssetBalance[];
  createdAt: number;
  resetAt: number | null;
}

/** A change to one asset: amounts to add (negative to take away), decimal strings. */
export interface PaperBalanceDelta {
  asset: string;
  free: string;
  locked: string;
}

export class InsufficientPaperBalanceError extends Error {
  constructor(
    readonly asset: string,
    readonly available: string,
    readonly needed: string,
  ) {
    super(`Not enough ${asset} on paper: ${available} available, ${needed} needed.`);
    this.name = 'InsufficientPaperBalanceError';
  }
}

export class PaperAccountMissingError extends Error {
  constructor() {
    super('This user has no paper account yet.');
    this.name = 'PaperAccountMissingError';
  }
}

interface BalanceRow {
  asset: string;
  free: Prisma.Decimal;
  locked: Prisma.Decimal;
}

function toBalance(row: BalanceRow): AssetBalance {
  return { asset: row.asset, free: row.free.toFixed(), locked: row.locked.toFixed() };
}

async function view(
  client: Db | Prisma.TransactionClient,
  userId: string,
): Promise<PaperAccountView | null> {
  const row = await client.paperAccount.findUnique({
    where: { userId },
    include: { balances: { orderBy: { asset: 'asc' } } },
  });
  if (!row) return null;
  return {
    id: row.id,
    quoteAsset: row.quoteAsset,
    startingBalance: row.startingBalance.toFixed(),
    balances: row.balances.filter((b) => !b.free.isZero() || !b.locked.isZero()).map(toBalance),
    createdAt: row.createdAt.getTime(),
    resetAt: row.resetAt?.getTime() ?? null,
  };
}

/** The user's paper account, or null before its first use. */
export function getPaperAccount(db: Db, userId: string): Promise<PaperAccountView | null> {
  return view(db, userId);
}

/**
 * The user's paper account, created on first use with `startingBalance` of `quoteAsset`
 * (default USDT). Concurrent first uses create one account.
 */
export async function getOrCreatePaperAccount(
  db: Db,
  userId: string,
  options: { startingBalance: string; quoteAsset?: string },
): Promise<PaperAccountView> {
  const existing = await view(db, userId);
  if (existing) return existing;
  const quoteAsset = options.quoteAsset ?? 'USDT';
  const starting = money(options.startingBalance).toFixed();
  return db.$transaction(async (tx) => {
    const [created] = await tx.paperAccount.createManyAndReturn({
      data: [{ userId, quoteAsset, startingBalance: starting }],
      skipDuplicates: true,
      select: { id: true },
    });
    if (created)
      await tx.paperBalance.create({
        data: { accountId: created.id, asset: quoteAsset, free: starting },
      });
    return (await view(tx, userId))!;
  });
}

/** Merges deltas per asset and orders them by asset (one lock order for every caller). */
function merged(deltas: readonly PaperBalanceDelta[]): PaperBalanceDelta[] {
  const byAsset = new Map<
    string,
    { free: ReturnType<typeof money>; locked: ReturnType<typeof money> }
  >();
  for (const d of deltas) {
    const sum = byAsset.get(d.asset) ?? { free: money('0'), locked: money('0') };
    byAsset.set(d.asset, {
      free: sum.free.plus(money(d.free)),
      locked: sum.locked.plus(money(d.locked)),
    });
  }
  return [...byAsset.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .filter(([, d]) => !d.free.isZero() || !d.locked.isZero())
    .map(([asset, d]) => ({ asset, free: d.free.toFixed(), locked: d.locked.toFixed() }));
}

/**
 * Applies balance deltas (a fill's, or a limit order's lock/unlock) inside the caller's
 * transaction — the one that records the fills, so they happen together or not at all. Throws
 * InsufficientPaperBalanceError (nothing applied, as the transaction rolls back) when an asset's
 * free or locked amount would go below zero; PaperAccountMissingError before the first use.
 */
export async function applyPaperDeltasInTx(
  tx: Prisma.TransactionClient,
  userId: string,
  deltas: readonly PaperBalanceDelta[],
): Promise<AssetBalance[]> {
  // FOR SHARE: fills of one account run side by side; a reset (FOR UPDATE) waits for them.
  const [account] = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "PaperAccount" WHERE "userId" = ${userId} FOR SHARE`;
  if (!account) throw new PaperAccountMissingError();
  const changed: AssetBalance[] = [];
  for (const d of merged(deltas)) {
    const takes = money(d.free).isNegative() || money(d.locked).isNegative();
    const rows = takes
      ? await tx.$queryRaw<BalanceRow[]>`
          UPDATE "PaperBalance"
          SET "free" = "free" + ${d.free}::numeric, "locked" = "locked" + ${d.locked}::numeric,
              "updatedAt" = now()
          WHERE "accountId" = ${account.id} AND "asset" = ${d.asset}
            AND "free" + ${d.free}::numeric >= 0 AND "locked" + ${d.locked}::numeric >= 0
          RETURNING "asset", "free", "locked"`
      : await tx.$queryRaw<BalanceRow[]>`
          INSERT INTO "PaperBalance" ("accountId", "asset", "free", "locked", "updatedAt")
          VALUES (${account.id}, ${d.asset}, ${d.free}::numeric, ${d.locked}::numeric, now())
          ON CONFLICT ("accountId", "asset") DO UPDATE
          SET "free" = "PaperBalance"."free" + EXCLUDED."free",
              "locked" = "PaperBalance"."locked" + EXCLUDED."locked",
              "updatedAt" = now()
          RETURNING "asset", "free", "locked"`;
    const row = rows[0];
    if (!row) {
      const [current] = await tx.$queryRaw<BalanceRow[]>`
        SELECT "asset", "free", "locked" FROM "PaperBalance"
        WHERE "accountId" = ${account.id} AND "asset" = ${d.asset}`;
      const short = money(d.free).isNegative() ? 'free' : 'locked';
      throw new InsufficientPaperBalanceError(
        d.asset,
        current ? current[short].toFixed() : '0',
        money(short === 'free' ? d.free : d.locked)
          .neg()
          .toFixed(),
      );
    }
    changed.push(toBalance(row));
  }
  return changed;
}

/** applyPaperDeltasInTx in a transaction of its own. */
export function applyPaperDeltas(
  db: Db,
  userId: string,
  deltas: readonly PaperBalanceDelta[],
): Promise<AssetBalance[]> {
  return db.$transaction((tx) => applyPaperDeltasInTx(tx, userId, deltas));
}

/**
 * Puts the account back to `startingBalance` (default: its current one) of its quote asset and
 * cancels its open paper orders (their locked funds are gone with the balances). The caller asks
 * the user to confirm first. Creates the account when it does not exist yet.
 */
export async function resetPaperAccount(
  db: Db,
  userId: string,
  options: { startingBalance: string; quoteAsset?: string },
): Promise<{ account: PaperAccountView; canceledOrderIds: string[] }> {
  await getOrCreatePaperAccount(db, userId, options);
  const starting = money(options.startingBalance).toFixed();
  return db.$transaction(async (tx) => {
    const [account] = await tx.$queryRaw<{ id: string; quoteAsset: string }[]>`
      SELECT "id", "quoteAsset" FROM "PaperAccount" WHERE "userId" = ${userId} FOR UPDATE`;
    if (!account) throw new PaperAccountMissingError();
    const canceled = await tx.order.updateManyAndReturn({
      where: { userId, accountKind: 'paper', status: { in: [...OPEN_ORDER_STATUSES] } },
      data: { status: 'CANCELED', rejectReason: 'Canceled: the paper account was reset.' },
      select: { id: true },
    });
    await tx.paperBalance.deleteMany({ where: { accountId: account.id } });
    await tx.paperBalance.create({
      data: { accountId: account.id, asset: account.quoteAsset, free: starting },
    });
    await tx.paperAccount.update({
      where: { id: account.id },
      data: { startingBalance: starting, resetAt: new Date() },
    });
    return { account: (await view(tx, userId))!, canceledOrderIds: canceled.map((o) => o.id) };
  });
}
