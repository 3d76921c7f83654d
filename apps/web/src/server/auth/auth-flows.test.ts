// next-auth's own endpoints (the ones a browser or a script can call), driven in-process against a
// real database: sessions are revocable, a device that signs in becomes known, and a refused
// sign-in link says why.
import type { Db } from '@coinview/db/client';
import { createTestDatabase } from '@coinview/db/testing';
import NextAuth, { type Session } from 'next-auth';
import { NextRequest } from 'next/server';
import { Pool } from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccountRouter } from '~/server/api/routers/account';
import { createCallerFactory, createInnerTRPCContext, createTRPCRouter } from '~/server/api/trpc';
import { createAuthConfig } from './config';
import { KNOWN_DEVICE_COOKIE, readKnownDevice } from './known-device';
import { createLoginLimiter, DEFAULT_LOGIN_LIMITS, limiterKey } from './login-limiter';
import { hashPassword } from './password';
import { authPageErrorMessage } from './sign-in-errors';

const SECRET = 'test-secret-'.padEnd(40, 'x');
const BASE = 'http://localhost:3000';
let db: Db;
let pool: Pool;
let cleanup: () => Promise<void>;
let handlers: ReturnType<typeof NextAuth>['handlers'];
/** What the config asked to store in the known-device cookie, per simulated browser. */
let deviceCookieJar: { current?: Browser };

beforeAll(async () => {
  const testDb = await createTestDatabase();
  db = testDb.db;
  pool = new Pool({ connectionString: testDb.url, max: 2 });
  cleanup = async () => {
    await pool.end();
    await testDb.cleanup();
  };
  await db.user.create({
    data: {
      email: 'trader@example.com',
      name: 'Trader',
      passwordHash: await hashPassword('right-password'),
    },
  });
  deviceCookieJar = {};
  const config = createAuthConfig({
    db,
    limiter: createLoginLimiter(pool, { ...DEFAULT_LOGIN_LIMITS, linksPerAddress: 5 }),
    secret: SECRET,
    emailFrom: 'Coinview <login@coinview.local>',
    magicLinks: true,
    log: pino({ level: 'silent' }),
    // Next's cookie store, played by the browser making the current request.
    deviceCookie: {
      read: async () => deviceCookieJar.current?.cookies.get(KNOWN_DEVICE_COOKIE),
      write: async (value) => {
        deviceCookieJar.current?.cookies.set(KNOWN_DEVICE_COOKIE, value);
      },
    },
  });
  ({ handlers } = NextAuth(config));
});
afterAll(async () => {
  await cleanup();
});
beforeEach(async () => {
  await pool.query('DELETE FROM "RateLimit"');
});

/** A browser: a cookie jar in front of next-auth's route handlers. */
class Browser {
  cookies = new Map<string, string>();

  async request(path: string, init: { method?: string; form?: Record<string, string> } = {}) {
    deviceCookieJar.current = this;
    const headers = new Headers({ 'x-coinview-client-ip': '203.0.113.9' });
    if (this.cookies.size > 0)
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    if (init.form) headers.set('content-type', 'application/x-www-form-urlencoded');
    const req = new NextRequest(`${BASE}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    const res = await (init.method === 'POST' ? handlers.POST(req) : handlers.GET(req));
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line))
        this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  async csrf(): Promise<string> {
    const res = await this.request('/api/auth/csrf');
    return ((await res.json()) as { csrfToken: string }).csrfToken;
  }

  async signIn(email: string, password: string) {
    const csrfToken = await this.csrf();
    return this.request('/api/auth/callback/credentials', {
      method: 'POST',
      form: { csrfToken, email, password, callbackUrl: `${BASE}/chart` },
    });
  }

  async signOut() {
    const csrfToken = await this.csrf();
    return this.request('/api/auth/signout', { method: 'POST', form: { csrfToken } });
  }

  /** What `auth()` sees for this browser (next-auth's jwt + session callbacks). */
  async session(): Promise<{ user: { id: string; email: string }; sessionId?: string } | null> {
    const res = await this.request('/api/auth/session');
    return (await res.json()) as never;
  }

  get sessionToken(): string | undefined {
    return this.cookies.get('authjs.session-token');
  }
}

/** A second browser holding a copy of `from`'s session cookie. */
function copyOfSession(from: Browser): Browser {
  const thief = new Browser();
  thief.cookies.set('authjs.session-token', from.sessionToken!);
  return thief;
}

describe('sessions are revocable', () => {
  it('refuses a copied session cookie once its owner signs out', async () => {
    const owner = new Browser();
    const res = await owner.signIn('trader@example.com', 'right-password');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${BASE}/chart`);
    const session = await owner.session();
    expect(session?.user.email).toBe('trader@example.com');
    expect(session?.sessionId).toEqual(expect.any(String));
    expect(await db.session.count({ where: { sessionToken: session!.sessionId! } })).toBe(1);

    const thief = copyOfSession(owner);
    expect((await thief.session())?.user.email).toBe('trader@example.com');

    await owner.signOut();
    expect(owner.sessionToken).toBeUndefined();
    // Before the fix the copy kept working for up to 30 days.
    expect(await thief.session()).toBeNull();
    expect(await db.session.count({ where: { sessionToken: session!.sessionId! } })).toBe(0);
  });

  it('refuses the other sessions after a password change, and keeps the current one', async () => {
    const laptop = new Browser();
    const phone = new Browser();
    await laptop.signIn('trader@example.com', 'right-password');
    await phone.signIn('trader@example.com', 'right-password');
    const current = await laptop.session();
    const user = current!.user;
    expect((await phone.session())?.user.id).toBe(user.id);

    // The settings page's procedure, in the laptop's session as auth() returned it.
    const account = createCallerFactory(
      createTRPCRouter({
        account: createAccountRouter({ getLimiter: async () => createLoginLimiter(pool) }),
      }),
    );
    await account(
      createInnerTRPCContext({ db, session: current as unknown as Session }),
    ).account.changePassword({
      currentPassword: 'right-password',
      newPassword: 'right-password-2',
      confirmPassword: 'right-password-2',
    });
    expect(await phone.session()).toBeNull();
    expect((await laptop.session())?.user.id).toBe(user.id);
    // The copied cookie of the phone cannot sign in again, and the old password is gone.
    expect(
      (await new Browser().signIn('trader@example.com', 'right-password')).headers.get('location'),
    ).toContain('error=CredentialsSignin');
    await db.user.update({
      where: { id: user.id },
      data: { passwordHash: await hashPassword('right-password') },
    });
  });

  it('refuses a token without a session record (issued before records existed, or forged)', async () => {
    const browser = new Browser();
    await browser.signIn('trader@example.com', 'right-password');
    const { sessionId } = (await browser.session())!;
    await db.session.deleteMany({ where: { sessionToken: sessionId! } });
    expect(await browser.session()).toBeNull();
  });
});

describe('known devices', () => {
  it('remembers a browser that signed in, for its account only', async () => {
    const browser = new Browser();
    await browser.signIn('trader@example.com', 'right-password');
    const value = browser.cookies.get(KNOWN_DEVICE_COOKIE);
    const device = await readKnownDevice(SECRET, value);
    const user = await db.user.findUniqueOrThrow({ where: { email: 'trader@example.com' } });
    expect(device).toEqual({ userId: user.id, deviceId: expect.any(String) });
    expect(await readKnownDevice('another-secret'.padEnd(40, 'y'), value)).toBeNull();
    expect(await readKnownDevice(SECRET, `${value}x`)).toBeNull();

    // Signing in again keeps the device id.
    await browser.signOut();
    await browser.signIn('trader@example.com', 'right-password');
    expect(await readKnownDevice(SECRET, browser.cookies.get(KNOWN_DEVICE_COOKIE))).toEqual(device);
  });

  it('lets the known browser in after an attacker’s 50 failures from other addresses', async () => {
    const owner = new Browser();
    await owner.signIn('trader@example.com', 'right-password');
    await owner.signOut();
    const limiter = createLoginLimiter(pool);
    // The attacker's failures, as the account-wide budget sees them.
    for (let i = 0; i < 50; i++) await limiter.account.penalty(limiterKey('trader@example.com'), 1);
    const stranger = new Browser();
    const refused = await stranger.signIn('trader@example.com', 'right-password');
    expect(refused.headers.get('location')).toContain('code=rate_limited');
    const res = await owner.signIn('trader@example.com', 'right-password');
    expect(res.headers.get('location')).toBe(`${BASE}/chart`);
    expect((await owner.session())?.user.email).toBe('trader@example.com');
  });
});

describe('sign-in link limit', () => {
  it('answers the 6th request for an address with the limit’s own message, not "Configuration"', async () => {
    const browser = new Browser();
    const locations: string[] = [];
    for (let i = 0; i < 6; i++) {
      const csrfToken = await browser.csrf();
      const res = await browser.request('/api/auth/signin/email', {
        method: 'POST',
        form: { csrfToken, email: 'Trader@example.com', callbackUrl: `${BASE}/chart` },
      });
      locations.push(res.headers.get('location') ?? '');
    }
    expect(locations.slice(0, 5).every((l) => l.includes('/api/auth/verify-request'))).toBe(true);
    const sixth = new URL(locations[5]!);
    expect(sixth.pathname).toBe('/login');
    expect(sixth.searchParams.get('error')).not.toBe('Configuration');
    expect(
      authPageErrorMessage(
        sixth.searchParams.get('error') ?? undefined,
        sixth.searchParams.get('retryAfter') ?? undefined,
      ),
    ).toBe(
      'Too many sign-in links were sent to this address. Try again in 15 minutes, or sign in with your password.',
    );
    expect(await db.emailOutbox.count({ where: { kind: 'magic-link' } })).toBe(5);
  });
});
