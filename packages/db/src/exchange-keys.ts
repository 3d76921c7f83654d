// A user's Binance API keys. The secret is sealed (secret-box.ts, bound to the owner's id) before
// it is written and is never part of what these functions return — except loadKeyForTrading,
// which the order executor alone calls. Everything is scoped by userId: another user's key id
// behaves exactly like an id that does not exist.
import type { Db, Prisma } from './client';
import { assertUnderQuota, lockUserRow } from './quota';
import type { SecretBox } from './secret-box';

export type ExchangeEnvironment = 'sim' | 'testnet' | 'live';

/** What a browser may see of a key. */
export interface ExchangeKeyView {
  id: string;
  label: string;
  environment: ExchangeEnvironment;
  /** The API key's last four characters (the UI shows `••••abcd`). */
  apiKeyLast4: string;
  canTrade: boolean;
  /** Binance's account `permissions`, e.g. ["SPOT"]. */
  permissions: string[];
  verifiedAt: number | null;
  createdAt: number;
}

export interface NewExchangeKey {
  label: string;
  environment: ExchangeEnvironment;
  apiKey: string;
  secret: string;
  /** From the signed account request that verified the key before it was saved. */
  canTrade: boolean;
  permissions: string[];
  verifiedAt?: Date;
}

/** What the order executor needs to sign requests. Never send this to a browser or a log. */
export interface TradingKey {
  id: string;
  userId: string;
  environment: ExchangeEnvironment;
  apiKey: string;
  secret: string;
  canTrade: boolean;
}

export class ExchangeKeyConflictError extends Error {
  constructor(readonly field: 'label' | 'apiKey') {
    super(
      field === 'label'
        ? 'You already have a key with this label. Choose another label.'
        : 'This API key is already saved for this environment.',
    );
    this.name = 'ExchangeKeyConflictError';
  }
}

const viewSelect = {
  id: true,
  label: true,
  environment: true,
  apiKeyLast4: true,
  canTrade: true,
  permissions: true,
  verifiedAt: true,
  createdAt: true,
} satisfies Prisma.ExchangeKeySelect;

function toView(row: Prisma.ExchangeKeyGetPayload<{ select: typeof viewSelect }>): ExchangeKeyView {
  return {
    id: row.id,
    label: row.label,
    environment: row.environment,
    apiKeyLast4: row.apiKeyLast4,
    canTrade: row.canTrade,
    permissions: Array.isArray(row.permissions)
      ? row.permissions.filter((p): p is string => typeof p === 'string')
      : [],
    verifiedAt: row.verifiedAt?.getTime() ?? null,
    createdAt: row.createdAt.getTime(),
  };
}

/** Which unique key a create broke (Prisma P2002; the adapter names the index in `meta`). */
function conflictField(error: unknown): 'label' | 'apiKey' | null {
  const e = error as { code?: string; meta?: unknown };
  if (e.code !== 'P2002') return null;
  return JSON.stringify(e.meta ?? {}).includes('ExchangeKey_userId_label_key') ? 'label' : 'apiKey';
}

/** Saves a verified key (sealed secret). Throws ExchangeKeyConflictError / QuotaExceededError. */
export async function createExchangeKey(
  db: Db,
  box: SecretBox,
  userId: string,
  input: NewExchangeKey,
): Promise<ExchangeKeyView> {
  try {
    return await db.$transaction(async (tx) => {
      await lockUserRow(tx, userId);
      assertUnderQuota('exchangeKeys', await tx.exchangeKey.count({ where: { userId } }));
      const row = await tx.exchangeKey.create({
        data: {
          userId,
          label: input.label,
          environment: input.environment,
          apiKey: input.apiKey,
          apiKeyLast4: input.apiKey.slice(-4),
          secretEncrypted: box.seal(input.secret, userId),
          canTrade: input.canTrade,
          permissions: input.permissions,
          verifiedAt: input.verifiedAt ?? new Date(),
        },
        select: viewSelect,
      });
      return toView(row);
    });
  } catch (error) {
    const field = conflictField(error);
    if (field) throw new ExchangeKeyConflictError(field);
    throw error;
  }
}

/** The user's keys, oldest first, masked. */
export async function listExchangeKeys(db: Db, userId: string): Promise<ExchangeKeyView[]> {
  const rows = await db.exchangeKey.findMany({
    where: { userId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: viewSelect,
  });
  return rows.map(toView);
}

/** One of the user's keys, masked; null when it is not the user's. */
export async function getExchangeKey(
  db: Db,
  userId: string,
  keyId: string,
): Promise<ExchangeKeyView | null> {
  const row = await db.exchangeKey.findFirst({ where: { id: keyId, userId }, select: viewSelect });
  return row ? toView(row) : null;
}

/** Records a new verification (e.g. "verify again"); false when the key is not the user's. */
export async function markExchangeKeyVerified(
  db: Db,
  userId: string,
  keyId: string,
  result: { canTrade: boolean; permissions: string[]; verifiedAt?: Date },
): Promise<boolean> {
  const { count } = await db.exchangeKey.updateMany({
    where: { id: keyId, userId },
    data: {
      canTrade: result.canTrade,
      permissions: result.permissions,
      verifiedAt: result.verifiedAt ?? new Date(),
    },
  });
  return count === 1;
}

/** Deletes the key (its orders stay in the history); false when it is not the user's. */
export async function deleteExchangeKey(db: Db, userId: string, keyId: string): Promise<boolean> {
  const { count } = await db.exchangeKey.deleteMany({ where: { id: keyId, userId } });
  return count === 1;
}

/**
 * The key with its secret decrypted, for signing orders; null when it is not the user's.
 * Throws SecretBoxError when the secret cannot be opened (EXCHANGE_KEY_SECRET changed).
 */
export async function loadKeyForTrading(
  db: Db,
  box: SecretBox,
  userId: string,
  keyId: string,
): Promise<TradingKey | null> {
  const row = await db.exchangeKey.findFirst({
    where: { id: keyId, userId },
    select: tradingKeySelect,
  });
  return row ? openTradingKey(box, row) : null;
}

/**
 * Many keys at once (a batch of orders), in one query: each entry is the key, null when it is not
 * that user's (or gone), or the SecretBoxError its secret raised. Keyed by `tradingKeyRef`.
 */
export async function loadKeysForTrading(
  db: Db,
  box: SecretBox,
  refs: readonly { userId: string; keyId: string }[],
): Promise<Map<string, TradingKey | null | Error>> {
  const rows = await db.exchangeKey.findMany({
    where: { id: { in: [...new Set(refs.map((r) => r.keyId))] } },
    select: tradingKeySelect,
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const keys = new Map<string, TradingKey | null | Error>();
  for (const { userId, keyId } of refs) {
    const row = byId.get(keyId);
    const ref = tradingKeyRef(userId, keyId);
    if (!row || row.userId !== userId) keys.set(ref, null);
    else
      try {
        keys.set(ref, openTradingKey(box, row));
      } catch (err) {
        keys.set(ref, err instanceof Error ? err : new Error('unreadable key'));
      }
  }
  return keys;
}

/** The key of loadKeysForTrading's map: a key is only ever looked up for its owner. */
export const tradingKeyRef = (userId: string, keyId: string) => `${userId}:${keyId}`;

const tradingKeySelect = {
  id: true,
  userId: true,
  environment: true,
  apiKey: true,
  secretEncrypted: true,
  canTrade: true,
} as const;

function openTradingKey(
  box: SecretBox,
  row: Prisma.ExchangeKeyGetPayload<{ select: typeof tradingKeySelect }>,
): TradingKey {
  return {
    id: row.id,
    userId: row.userId,
    environment: row.environment,
    apiKey: row.apiKey,
    secret: box.open(row.secretEncrypted, row.userId),
    canTrade: row.canTrade,
  };
}
