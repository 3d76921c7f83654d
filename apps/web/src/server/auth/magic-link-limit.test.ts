import { createTestDatabase } from '@coinview/db/testing';
import { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  consumeMagicLink,
  createLoginLimiter,
  DEFAULT_LOGIN_LIMITS,
  TooManyLinks,
} from './login-limiter';

let pool: Pool;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const testDb = await createTestDatabase();
  pool = new Pool({ connectionString: testDb.url, max: 2 });
  cleanup = async () => {
    await pool.end();
    await testDb.cleanup();
  };
});
afterAll(async () => {
  await cleanup();
});

describe('sign-in links per address', () => {
  it('sends five links to an address in a window, then refuses with the wait, per address', async () => {
    const limiter = createLoginLimiter(pool);
    const victim = 'victim@example.com';
    expect(DEFAULT_LOGIN_LIMITS.linksPerAddress).toBe(5);
    for (let i = 0; i < 5; i++) {
      // Case and spaces do not make a new address.
      await consumeMagicLink(limiter, i % 2 ? ' Victim@Example.com ' : victim);
    }
    const refusal = await consumeMagicLink(limiter, victim).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(TooManyLinks);
    expect((refusal as TooManyLinks).retryAfterMs).toBeGreaterThan(14 * 60_000);
    // Another address is not affected.
    await consumeMagicLink(limiter, 'someone@example.com');
  });
});
