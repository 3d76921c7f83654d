import type { Db } from '@coinview/db/client';
import { createSession, isSessionActive } from '@coinview/db/sessions';
import { createTestDatabase } from '@coinview/db/testing';
import { Pool } from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLoginLimiter } from '~/server/auth/login-limiter';
import { hashPassword, verifyPassword } from '~/server/auth/password';
import { sessionFor } from '../testing';
import { createCallerFactory, createInnerTRPCContext, createTRPCRouter } from '../trpc';
import { createAccountRouter } from './account';

let db: Db;
let pool: Pool;
let cleanup: () => Promise<void>;
const createCaller = createCallerFactory(
  createTRPCRouter({
    account: createAccountRouter({ getLimiter: async () => createLoginLimiter(pool) }),
  }),
);

beforeAll(async () => {
  const testDb = await createTestDatabase();
  db = testDb.db;
  pool = new Pool({ connectionString: testDb.url, max: 2 });
  cleanup = async () => {
    await pool.end();
    await testDb.cleanup();
  };
});
afterAll(async () => {
  await cleanup();
});
beforeEach(async () => {
  await db.user.deleteMany();
  await db.emailOutbox.deleteMany();
  await db.verificationToken.deleteMany();
  await pool.query('DELETE FROM "RateLimit"');
});

async function userWith(email: string, password: string | null) {
  return db.user.create({
    data: { email, name: email, passwordHash: password ? await hashPassword(password) : null },
  });
}

/** The API as `user` sees it, in the signed-in session `sessionId`. */
function callerFor(user: { id: string; email: string }, sessionId?: string) {
  return createCaller(
    createInnerTRPCContext({
      db,
      session: { ...sessionFor(user), sessionId },
      headers: new Headers({ 'x-coinview-client-ip': '203.0.113.5' }),
    }),
  );
}

const fieldErrors = (e: unknown) =>
  (e as { cause?: { issues?: Array<{ path: string[]; message: string }> } }).cause?.issues?.map(
    (i) => [i.path.join('.'), i.message],
  );

describe('account.changePassword', () => {
  it('sets the new password and signs out every other session, keeping this one', async () => {
    const user = await userWith('pw@example.com', 'old-password');
    const current = await createSession(db, { userId: user.id, maxAgeSeconds: 60 });
    const other = await createSession(db, { userId: user.id, maxAgeSeconds: 60 });
    const stranger = await userWith('stranger@example.com', 'x-password');
    const strangers = await createSession(db, { userId: stranger.id, maxAgeSeconds: 60 });

    const result = await callerFor(user, current.id).account.changePassword({
      currentPassword: 'old-password',
      newPassword: 'new-password',
      confirmPassword: 'new-password',
    });
    expect(result).toEqual({ signedOutSessions: 1 });
    const saved = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(saved.passwordHash!, 'new-password')).toBe(true);
    expect(await isSessionActive(db, current.id, user.id)).toBe(true);
    expect(await isSessionActive(db, other.id, user.id)).toBe(false);
    expect(await isSessionActive(db, strangers.id, stranger.id)).toBe(true);
  });

  it('refuses a wrong current password and mismatched or short new ones, under their fields', async () => {
    const user = await userWith('pw2@example.com', 'old-password');
    const caller = callerFor(user);
    const wrong = await caller.account
      .changePassword({
        currentPassword: 'nope',
        newPassword: 'new-password',
        confirmPassword: 'new-password',
      })
      .catch((e: unknown) => e);
    expect(fieldErrors(wrong)).toEqual([['currentPassword', 'Wrong password']]);
    const mismatch = await caller.account
      .changePassword({
        currentPassword: 'old-password',
        newPassword: 'new-password',
        confirmPassword: 'other',
      })
      .catch((e: unknown) => e);
    expect(fieldErrors(mismatch)).toEqual([['confirmPassword', 'The passwords do not match']]);
    const short = await caller.account
      .changePassword({
        currentPassword: 'old-password',
        newPassword: 'short',
        confirmPassword: 'short',
      })
      .catch((e: unknown) => e);
    expect(fieldErrors(short)).toEqual([['newPassword', 'Password must be at least 8 characters']]);
    const saved = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(saved.passwordHash!, 'old-password')).toBe(true);
  });

  it('stops guessing the current password after 5 tries from an address', async () => {
    const user = await userWith('pw3@example.com', 'old-password');
    const attempt = (currentPassword: string) =>
      callerFor(user)
        .account.changePassword({
          currentPassword,
          newPassword: 'new-password',
          confirmPassword: 'new-password',
        })
        .catch((e: unknown) => e as { code: string });
    for (let i = 0; i < 5; i++)
      expect(await attempt(`guess-${i}`)).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await attempt('old-password')).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });

  it('lets an account made by a sign-in link set its first password', async () => {
    const user = await userWith('link@example.com', null);
    expect(await callerFor(user).account.get()).toEqual({
      email: 'link@example.com',
      hasPassword: false,
      otherSessions: 0,
    });
    await callerFor(user).account.changePassword({
      newPassword: 'first-password',
      confirmPassword: 'first-password',
    });
    expect(await callerFor(user).account.get()).toEqual({
      email: 'link@example.com',
      hasPassword: true,
      otherSessions: 0,
    });
  });

  it('is for signed-in users only', async () => {
    const anonymous = createCaller(createInnerTRPCContext({ db, session: null }));
    await expect(
      anonymous.account.changePassword({
        newPassword: 'new-password',
        confirmPassword: 'new-password',
      }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('account.signOutOtherSessions', () => {
  it('counts and ends the account’s other sessions, keeping this one and nobody else’s', async () => {
    const user = await userWith('many@example.com', 'some-password');
    const current = await createSession(db, { userId: user.id, maxAgeSeconds: 60 });
    const others = [
      await createSession(db, { userId: user.id, maxAgeSeconds: 60 }),
      await createSession(db, { userId: user.id, maxAgeSeconds: 60 }),
    ];
    await createSession(db, { userId: user.id, maxAgeSeconds: -1 }); // expired: not counted
    const stranger = await userWith('someone@example.com', null);
    const strangers = await createSession(db, { userId: stranger.id, maxAgeSeconds: 60 });
    const caller = callerFor(user, current.id);
    expect((await caller.account.get()).otherSessions).toBe(2);

    expect((await caller.account.signOutOtherSessions()).signedOutSessions).toBe(2);
    expect((await caller.account.get()).otherSessions).toBe(0);
    expect(await isSessionActive(db, current.id, user.id)).toBe(true);
    for (const other of others) expect(await isSessionActive(db, other.id, user.id)).toBe(false);
    expect(await isSessionActive(db, strangers.id, stranger.id)).toBe(true);
  });
});

/** Rows per table of the public schema (every model), and per table for one user. */
async function tableCounts(userId?: string): Promise<Record<string, number>> {
  const { rows: tables } = await pool.query<{ table_name: string; has_user: boolean }>(
    `SELECT t.table_name,
            EXISTS (SELECT 1 FROM information_schema.columns c
                    WHERE c.table_schema = 'public' AND c.table_name = t.table_name
                      AND c.column_name = 'userId') AS has_user
       FROM information_schema.tables t
      WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE'
        -- Bookkeeping, not anyone's data (rate-limit counters are keyed by hashes).
        AND t.table_name NOT IN ('_prisma_migrations', 'RateLimit')
      ORDER BY 1`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name: table, has_user: hasUser } of tables) {
    if (userId && !hasUser && table !== 'User') continue;
    const where = !userId ? '' : table === 'User' ? 'WHERE id = $1' : 'WHERE "userId" = $1';
    const { rows } = await pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM "${table}" ${where}`,
      userId ? [userId] : [],
    );
    counts[table] = Number(rows[0]!.n);
  }
  return counts;
}

/** One of everything a user can own. */
async function seedEverything(email: string) {
  const user = await userWith(email, 'delete-me-pw');
  const userId = user.id;
  await db.userSettings.create({ data: { userId, displayName: email } });
  await db.account.create({
    data: { userId, type: 'email', provider: 'email', providerAccountId: email },
  });
  await createSession(db, { userId, maxAgeSeconds: 60 });
  await db.chartLayout.create({ data: { userId, name: 'Main', state: {} } });
  await db.chartDrawings.create({
    data: {
      userId,
      symbol: 'BTCUSDT',
      drawings: [
        {
          id: 'h-1',
          kind: 'horizontal-line',
          anchors: [{ time: 1_700_000_000, price: 37_000 }],
          style: { color: '#2962ff', width: 1, dash: 'solid' },
          locked: false,
          hidden: false,
        },
      ],
      drawingCount: 1,
    },
  });
  await db.watchlistItem.create({ data: { userId, symbol: 'BTCUSDT', position: 0 } });
  const rule = await db.alertRule.create({
    data: { userId, name: 'r', symbol: 'BTCUSDT', interval: '1m', definition: {}, message: 'm' },
  });
  const fire = await db.alertFire.create({
    data: {
      ruleId: rule.id,
      userId,
      barTime: new Date(),
      trigger: 'bar-close',
      price: '1',
      message: 'm',
      values: {},
    },
  });
  await db.alertDelivery.create({ data: { fireId: fire.id, userId, channel: 'email' } });
  await db.notification.create({ data: { userId, fireId: fire.id, title: 't', body: 'b' } });
  await db.notificationSettings.create({ data: { userId, webhookSecret: 's' } });
  await db.alertEmailVerification.create({
    data: { tokenHash: `h-${email}`.slice(0, 64), userId, email, expiresAt: new Date() },
  });
  const mail = (key: string, withUser: boolean) => ({
    userId: withUser ? userId : null,
    kind: 'magic-link',
    to: email,
    from: 'login@coinview.local',
    subject: 's',
    text: 't',
    html: 'h',
    idempotencyKey: `${key}-${email}`,
    transport: 'mailbox' as const,
  });
  await db.emailOutbox.createMany({ data: [mail('own', true), mail('before-signup', false)] });
  await db.verificationToken.create({
    data: { identifier: email, token: `tok-${email}`, expires: new Date() },
  });
  // Trading: a paper account with a balance, a key, an order with its fill, limits.
  await db.paperAccount.create({
    data: {
      userId,
      startingBalance: '10000',
      balances: { create: [{ asset: 'USDT', free: '10000' }] },
    },
  });
  const key = await db.exchangeKey.create({
    data: {
      userId,
      label: 'k',
      environment: 'sim',
      apiKey: `key-${email}`.slice(0, 128),
      apiKeyLast4: 'abcd',
      secretEncrypted: 'v1.sealed',
    },
  });
  const order = await db.order.create({
    data: {
      userId,
      accountKind: 'binance',
      exchangeKeyId: key.id,
      accountKey: key.id,
      source: 'manual',
      clientOrderId: `cvt-${userId}`.slice(0, 36),
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      origQty: '0.001',
      status: 'FILLED',
    },
  });
  await db.orderFill.create({
    data: {
      orderId: order.id,
      tradeId: '1',
      userId,
      price: '100000',
      quantity: '0.001',
      commission: '0.000001',
      commissionAsset: 'BTC',
      time: new Date(),
      isMaker: false,
    },
  });
  await db.tradingSettings.create({ data: { userId, killSwitch: true } });
  // Backtests: a sweep run with one part.
  await db.backtestRun.create({
    data: {
      userId,
      name: 'sweep',
      kind: 'sweep',
      symbol: 'BTCUSDT',
      interval: '1h',
      from: new Date(Date.UTC(2026, 0, 1)),
      to: new Date(Date.UTC(2026, 1, 1)),
      strategy: {},
      parts: { create: [{ part: 0, fromIndex: 0, toIndex: 25 }] },
    },
  });
  return user;
}

describe('account.delete', () => {
  it('deletes the account and every row it owned, and nobody else’s', async () => {
    const doomed = await seedEverything('doomed@example.com');
    const kept = await seedEverything('kept@example.com');
    const before = await tableCounts();
    const doomedRows = await tableCounts(doomed.id);
    const keptRows = await tableCounts(kept.id);
    // Every table with a userId holds something of each user's: the seed misses no model.
    expect(Object.entries(doomedRows).filter(([, n]) => n === 0)).toEqual([]);
    expect(keptRows).toEqual(doomedRows);

    const wrong = await callerFor(doomed)
      .account.delete({ confirmation: 'not my password' })
      .catch((e: unknown) => e);
    expect(fieldErrors(wrong)).toEqual([['confirmation', 'Wrong password']]);
    expect(await tableCounts()).toEqual(before);

    expect(await callerFor(doomed).account.delete({ confirmation: 'delete-me-pw' })).toEqual({
      deleted: true,
    });

    const after = await tableCounts();
    expect(await tableCounts(doomed.id)).toEqual(
      Object.fromEntries(Object.keys(doomedRows).map((t) => [t, 0])),
    );
    // Tables without a userId: the outbox mail sent before sign-up and the link token went too.
    const expected = { ...before };
    for (const [table, n] of Object.entries(doomedRows)) expected[table] = before[table]! - n;
    expected.EmailOutbox! -= 1; // the pre-sign-up link (userId null, to the doomed address)
    expected.VerificationToken! -= 1;
    expected.PaperBalance! -= 1; // belongs to the paper account (no userId of its own)
    expected.BacktestSweepPart! -= 1; // belongs to the backtest run
    expect(after).toEqual(expected);
    expect(await db.emailOutbox.count({ where: { to: 'doomed@example.com' } })).toBe(0);
    // The other user's rows are all there.
    expect(await tableCounts(kept.id)).toEqual(keptRows);
    expect(await db.emailOutbox.count({ where: { to: 'kept@example.com' } })).toBe(2);

    // Its session is gone, so the same browser is signed out.
    await expect(callerFor(doomed).account.get()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('asks an account without a password for its email', async () => {
    const user = await userWith('nopw@example.com', null);
    const wrong = await callerFor(user)
      .account.delete({ confirmation: 'someone@example.com' })
      .catch((e: unknown) => e);
    expect(fieldErrors(wrong)).toEqual([['confirmation', 'Type your account’s email exactly']]);
    await callerFor(user).account.delete({ confirmation: ' NoPw@Example.com ' });
    expect(await db.user.count({ where: { id: user.id } })).toBe(0);
  });
});
