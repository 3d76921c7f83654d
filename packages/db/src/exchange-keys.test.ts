import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './client';
import {
  ExchangeKeyConflictError,
  createExchangeKey,
  deleteExchangeKey,
  getExchangeKey,
  listExchangeKeys,
  loadKeyForTrading,
  markExchangeKeyVerified,
  type NewExchangeKey,
} from './exchange-keys';
import { QuotaExceededError } from './quota';
import { SecretBoxError, createSecretBox, generateSecretBoxKey } from './secret-box';
import { createTestDatabase, type TestDatabase } from './testing';

let database: TestDatabase;
let db: Db;
let alice: string;
let bob: string;
const box = createSecretBox(generateSecretBoxKey());

const apiKey = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const secret = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';

let keys = 0;
function key(overrides: Partial<NewExchangeKey> = {}): NewExchangeKey {
  return {
    label: 'Main',
    environment: 'sim',
    // A different key per call unless a test says otherwise (tests do not depend on each other).
    apiKey: `${apiKey.slice(0, -8)}${String(keys++).padStart(8, '0')}`,
    secret,
    canTrade: true,
    permissions: ['SPOT'],
    ...overrides,
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  alice = (await db.user.create({ data: { email: 'alice@example.com' } })).id;
  bob = (await db.user.create({ data: { email: 'bob@example.com' } })).id;
});

afterAll(async () => {
  await database?.cleanup();
});

describe('exchange keys', () => {
  it('stores the secret only sealed, and returns it masked everywhere but loadKeyForTrading', async () => {
    const view = await createExchangeKey(db, box, alice, key({ apiKey }));
    expect(view).toMatchObject({
      label: 'Main',
      environment: 'sim',
      canTrade: true,
      permissions: ['SPOT'],
    });
    expect(view.apiKeyLast4).toBe(apiKey.slice(-4));
    for (const shown of [
      view,
      await listExchangeKeys(db, alice),
      await getExchangeKey(db, alice, view.id),
    ]) {
      const json = JSON.stringify(shown);
      expect(json).not.toContain(secret);
      expect(json).not.toContain(apiKey);
    }

    // What is in the database: not the secret, in any column.
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<Record<string, unknown>>(
        'SELECT * FROM "ExchangeKey" WHERE id = $1',
        [view.id],
      );
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(secret);
      expect(rows[0]?.secretEncrypted).toMatch(/^v1\./);
    } finally {
      await client.end();
    }

    const trading = await loadKeyForTrading(db, box, alice, view.id);
    expect(trading).toEqual({
      id: view.id,
      userId: alice,
      environment: 'sim',
      apiKey,
      secret,
      canTrade: true,
    });
    await deleteExchangeKey(db, alice, view.id);
  });

  it('keeps each user to their own keys: another user’s id acts like a missing one', async () => {
    const mine = await createExchangeKey(db, box, alice, key({ label: 'Alice', apiKey }));
    expect(await listExchangeKeys(db, bob)).toEqual([]);
    expect(await getExchangeKey(db, bob, mine.id)).toBeNull();
    expect(await loadKeyForTrading(db, box, bob, mine.id)).toBeNull();
    expect(
      await markExchangeKeyVerified(db, bob, mine.id, { canTrade: false, permissions: [] }),
    ).toBe(false);
    expect(await deleteExchangeKey(db, bob, mine.id)).toBe(false);
    expect(await getExchangeKey(db, alice, mine.id)).toMatchObject({ canTrade: true });

    // Bob may save the same API key under his own account.
    const his = await createExchangeKey(db, box, bob, key({ label: 'Alice', apiKey }));
    expect(his.id).not.toBe(mine.id);
    await deleteExchangeKey(db, bob, his.id);
    expect(await deleteExchangeKey(db, alice, mine.id)).toBe(true);
    expect(await getExchangeKey(db, alice, mine.id)).toBeNull();
  });

  it('refuses a secret moved into another user’s row, and one sealed under another key', async () => {
    const mine = await createExchangeKey(db, box, alice, key({ label: 'Moved' }));
    const his = await createExchangeKey(db, box, bob, key({ label: 'Moved' }));
    const sealed = await db.exchangeKey.findUniqueOrThrow({ where: { id: mine.id } });
    await db.exchangeKey.update({
      where: { id: his.id },
      data: { secretEncrypted: sealed.secretEncrypted },
    });
    await expect(loadKeyForTrading(db, box, bob, his.id)).rejects.toThrow(SecretBoxError);
    const otherBox = createSecretBox(generateSecretBoxKey());
    await expect(loadKeyForTrading(db, otherBox, alice, mine.id)).rejects.toThrow(SecretBoxError);
    await deleteExchangeKey(db, alice, mine.id);
    await deleteExchangeKey(db, bob, his.id);
  });

  it('records a new verification', async () => {
    const view = await createExchangeKey(
      db,
      box,
      alice,
      key({ label: 'Verify', canTrade: false, permissions: [] }),
    );
    const at = new Date('2026-12-03T12:00:00Z');
    expect(
      await markExchangeKeyVerified(db, alice, view.id, {
        canTrade: true,
        permissions: ['SPOT', 'MARGIN'],
        verifiedAt: at,
      }),
    ).toBe(true);
    expect(await getExchangeKey(db, alice, view.id)).toMatchObject({
      canTrade: true,
      permissions: ['SPOT', 'MARGIN'],
      verifiedAt: at.getTime(),
    });
    await deleteExchangeKey(db, alice, view.id);
  });

  it('refuses a duplicate label or the same key twice for one environment', async () => {
    const first = await createExchangeKey(db, box, alice, key({ label: 'Dup', apiKey }));
    await expect(
      createExchangeKey(db, box, alice, key({ label: 'Dup', apiKey: 'another-key-1234' })),
    ).rejects.toMatchObject({ field: 'label', constructor: ExchangeKeyConflictError });
    await expect(
      createExchangeKey(db, box, alice, key({ label: 'Other', apiKey })),
    ).rejects.toMatchObject({ field: 'apiKey' });
    // The same key on another environment is another account.
    const testnet = await createExchangeKey(
      db,
      box,
      alice,
      key({ label: 'Other', environment: 'testnet', apiKey }),
    );
    await deleteExchangeKey(db, alice, first.id);
    await deleteExchangeKey(db, alice, testnet.id);
  });

  it('holds a user to the key quota even when creates run in parallel', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 14 }, (_, i) =>
        createExchangeKey(db, box, bob, key({ label: `k${i}`, apiKey: `key-${i}-abcd` })),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    for (const r of results.filter((r) => r.status === 'rejected'))
      expect(r.reason).toBeInstanceOf(QuotaExceededError);
    expect(await listExchangeKeys(db, bob)).toHaveLength(10);
  });
});
