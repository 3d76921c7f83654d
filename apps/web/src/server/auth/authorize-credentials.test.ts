import type { Db } from '@coinview/db/client';
import { createTestDatabase } from '@coinview/db/testing';
import { Pool } from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authorizeCredentials, retryAfterMinutes } from './authorize-credentials';
import {
  createLoginLimiter,
  DEFAULT_LOGIN_LIMITS,
  limiterKey,
  type LoginLimiter,
} from './login-limiter';
import { hashPassword } from './password';

let db: Db;
let pool: Pool;
let cleanup: () => Promise<void>;
let limiter: LoginLimiter;
const PASSWORD = 'right-password';

beforeAll(async () => {
  const testDb = await createTestDatabase();
  db = testDb.db;
  pool = new Pool({ connectionString: testDb.url, max: 2 });
  cleanup = async () => {
    await pool.end();
    await testDb.cleanup();
  };
  const passwordHash = await hashPassword(PASSWORD);
  await db.user.createMany({
    data: [
      { email: 'trader@example.com', name: 'Trader', passwordHash },
      { email: 'other@example.com', name: 'Other', passwordHash },
      { email: 'linkonly@example.com', name: 'No password' },
    ],
  });
});
afterAll(async () => {
  await cleanup();
});
beforeEach(async () => {
  await pool.query('DELETE FROM "RateLimit"');
  limiter = createLoginLimiter(pool);
});

const login = (email: string, password: string, ip = '203.0.113.7') =>
  authorizeCredentials(db, limiter, { email, password }, ip);

describe('authorizeCredentials', () => {
  it('accepts the right password, whatever the email’s case and spacing', async () => {
    const result = await login('  Trader@Example.COM ', PASSWORD);
    expect(result).toEqual({
      ok: true,
      user: { id: expect.any(String), email: 'trader@example.com', name: 'Trader' },
    });
  });

  it('refuses a wrong password, an unknown email, a password-less account and malformed input alike', async () => {
    expect(await login('trader@example.com', 'wrong-password')).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await login('nobody@example.com', PASSWORD)).toEqual({ ok: false, reason: 'invalid' });
    expect(await login('linkonly@example.com', PASSWORD)).toEqual({ ok: false, reason: 'invalid' });
    expect(
      await authorizeCredentials(db, limiter, { email: 'x', password: 42 }, '203.0.113.7'),
    ).toEqual({ ok: false, reason: 'invalid' });
    expect(await authorizeCredentials(db, limiter, {}, '203.0.113.7')).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('locks an account after 5 failures in 15 minutes, even for the right password and from another IP', async () => {
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.perAccount; i++) {
      expect(await login('trader@example.com', `wrong-${i}`, `198.51.100.${i}`)).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
    const locked = await login('trader@example.com', PASSWORD, '192.0.2.99');
    expect(locked).toMatchObject({ ok: false, reason: 'rate_limited' });
    if (locked.ok || locked.reason !== 'rate_limited') throw new Error('expected a rate limit');
    expect(locked.retryAfterMs).toBeGreaterThan(14 * 60_000);
    expect(locked.retryAfterMs).toBeLessThanOrEqual(15 * 60_000);
    expect(retryAfterMinutes(locked.retryAfterMs)).toBe(15);

    // Other accounts are unaffected.
    expect((await login('other@example.com', PASSWORD, '192.0.2.99')).ok).toBe(true);
  });

  it('stores its counters in the RateLimit table under hashed keys', async () => {
    await login('trader@example.com', 'wrong');
    const { rows } = await pool.query<{ key: string; points: number; expire: string }>(
      'SELECT key, points, expire FROM "RateLimit" ORDER BY key',
    );
    expect(rows.map((r) => r.key).sort()).toEqual(
      [
        `login-account:${limiterKey('trader@example.com')}`,
        `login-ip:${limiterKey('203.0.113.7')}`,
      ].sort(),
    );
    expect(rows.every((r) => r.points === 1 && Number(r.expire) > Date.now())).toBe(true);
    expect(rows.some((r) => r.key.includes('trader@example.com'))).toBe(false);
  });

  it('resets the account counter on success', async () => {
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.perAccount - 1; i++)
      await login('trader@example.com', 'wrong');
    expect((await login('trader@example.com', PASSWORD)).ok).toBe(true);
    // A fresh budget: four more failures still leave the account open.
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.perAccount - 1; i++)
      await login('trader@example.com', 'wrong');
    expect((await login('trader@example.com', PASSWORD)).ok).toBe(true);
  });

  it('blocks an IP after 20 failures across accounts, while other IPs still sign in', async () => {
    const ip = '203.0.113.50';
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.perIp; i++) {
      expect(await login(`guess-${i}@example.com`, 'wrong', ip)).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
    expect(await login('trader@example.com', PASSWORD, ip)).toMatchObject({
      ok: false,
      reason: 'rate_limited',
    });
    expect((await login('trader@example.com', PASSWORD, '203.0.113.51')).ok).toBe(true);
  });

  it('opens again once the window has passed', async () => {
    limiter = createLoginLimiter(pool, {
      ...DEFAULT_LOGIN_LIMITS,
      perAccount: 2,
      perIp: 100,
      windowSeconds: 1,
    });
    await login('trader@example.com', 'wrong');
    await login('trader@example.com', 'wrong');
    expect(await login('trader@example.com', PASSWORD)).toMatchObject({
      ok: false,
      reason: 'rate_limited',
    });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await login('trader@example.com', PASSWORD)).ok).toBe(true);
  });
});
