import type { Db } from '@coinview/db/client';
import { createTestDatabase } from '@coinview/db/testing';
import { Pool } from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  authorizeCredentials,
  retryAfterMinutes,
  type CredentialsResult,
} from './authorize-credentials';
import type { KnownDevice } from './known-device';
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

const ATTACKER = '198.51.100.66';
const OWNER = '203.0.113.7';

const login = (email: string, password: string, ip = OWNER, device?: KnownDevice | null) =>
  authorizeCredentials(db, limiter, { email, password }, { ip, device });

async function userId(email: string): Promise<string> {
  return (await db.user.findUniqueOrThrow({ where: { email } })).id;
}

function expectLimited(result: CredentialsResult, minMs = 1000): number {
  if (result.ok || result.reason !== 'rate_limited') throw new Error('expected a rate limit');
  expect(result.retryAfterMs).toBeGreaterThanOrEqual(minMs);
  return result.retryAfterMs;
}

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
      await authorizeCredentials(db, limiter, { email: 'x', password: 42 }, { ip: OWNER }),
    ).toEqual({ ok: false, reason: 'invalid' });
    expect(await authorizeCredentials(db, limiter, {}, { ip: OWNER })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('slows an attacker after 5 failures from their address, without locking the owner out', async () => {
    // Issue 9 item 3: before, these failures locked the account for 15 minutes for everyone.
    for (let i = 0; i < 50; i++) {
      const result = await login('trader@example.com', `wrong-${i}`, ATTACKER);
      if (i < DEFAULT_LOGIN_LIMITS.perAccountAndIp)
        expect(result).toEqual({ ok: false, reason: 'invalid' });
      else expect(retryAfterMinutes(expectLimited(result, 14 * 60_000))).toBe(15);
    }
    // Even the right password is refused to the attacker's address now.
    expectLimited(await login('trader@example.com', PASSWORD, ATTACKER));
    // The owner, from their own address, signs in.
    expect((await login('trader@example.com', PASSWORD, OWNER)).ok).toBe(true);
  });

  it('lets the owner’s known device in after 50 failures spread over 50 addresses', async () => {
    const owner = await userId('trader@example.com');
    const device = { userId: owner, deviceId: 'owner-laptop' };
    for (let i = 0; i < 50; i++)
      await login('trader@example.com', `wrong-${i}`, `198.51.100.${i + 1}`);
    // The account-wide budget still slows unknown devices, even from a fresh address…
    expectLimited(await login('trader@example.com', PASSWORD, '192.0.2.200'));
    // …but never the device that signed in before, wherever it is now.
    expect((await login('trader@example.com', PASSWORD, '192.0.2.201', device)).ok).toBe(true);
    expect((await login('trader@example.com', PASSWORD, ATTACKER, device)).ok).toBe(true);
  });

  it('gives a known device its own, smaller budget', async () => {
    const owner = await userId('trader@example.com');
    const device = { userId: owner, deviceId: 'stolen-cookie' };
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.perDevice; i++)
      expect(await login('trader@example.com', 'wrong', OWNER, device)).toEqual({
        ok: false,
        reason: 'invalid',
      });
    expectLimited(await login('trader@example.com', PASSWORD, OWNER, device));
    // A device cookie names its account: it is worth nothing for another one.
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.perAccountAndIp; i++)
      await login('other@example.com', 'wrong', ATTACKER, device);
    expectLimited(await login('other@example.com', PASSWORD, ATTACKER, device));
  });

  it('stores its counters in the RateLimit table under hashed keys', async () => {
    await login('trader@example.com', 'wrong');
    const { rows } = await pool.query<{ key: string; points: number; expire: string }>(
      'SELECT key, points, expire FROM "RateLimit" ORDER BY key',
    );
    expect(rows.map((r) => r.key).sort()).toEqual(
      [
        `login-account-ip:${limiterKey('trader@example.com', OWNER)}`,
        `login-account:${limiterKey('trader@example.com')}`,
        `login-ip:${limiterKey(OWNER)}`,
      ].sort(),
    );
    expect(rows.every((r) => r.points === 1 && Number(r.expire) > Date.now())).toBe(true);
    expect(rows.some((r) => r.key.includes('trader@example.com'))).toBe(false);
  });

  it('resets the consecutive failures of an address on success', async () => {
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.perAccountAndIp - 1; i++)
      await login('trader@example.com', 'wrong');
    expect((await login('trader@example.com', PASSWORD)).ok).toBe(true);
    // A fresh budget: four more failures still leave the address open.
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.perAccountAndIp - 1; i++)
      await login('trader@example.com', 'wrong');
    expect((await login('trader@example.com', PASSWORD)).ok).toBe(true);
  });

  it('blocks an address spraying many accounts, while other addresses still sign in', async () => {
    const ip = '203.0.113.50';
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.perIp; i++) {
      expect(await login(`guess-${i}@example.com`, 'wrong', ip)).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
    expectLimited(await login(`guess-new@example.com`, 'wrong', ip));
    expectLimited(await login('trader@example.com', PASSWORD, ip));
    expect((await login('trader@example.com', PASSWORD, '203.0.113.51')).ok).toBe(true);
  });

  it('opens again once the window has passed', async () => {
    limiter = createLoginLimiter(pool, {
      ...DEFAULT_LOGIN_LIMITS,
      perAccountAndIp: 2,
      windowSeconds: 1,
    });
    await login('trader@example.com', 'wrong');
    await login('trader@example.com', 'wrong');
    expectLimited(await login('trader@example.com', PASSWORD));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await login('trader@example.com', PASSWORD)).ok).toBe(true);
  });
});
