import type { Db } from '@coinview/db/client';
import { createTestDatabase } from '@coinview/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callerFor } from '../testing';

let db: Db;
let cleanup: () => Promise<void>;
let alice: { id: string; email: string };
let bob: { id: string; email: string };

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
});
afterAll(async () => {
  await cleanup();
});

beforeEach(async () => {
  await db.userSettings.deleteMany();
  await db.user.deleteMany();
  alice = await db.user.create({
    data: { email: 'alice@example.com', name: 'Alice' },
    select: { id: true, email: true },
  });
  bob = await db.user.create({
    data: { email: 'bob@example.com', name: 'Bob' },
    select: { id: true, email: true },
  });
  await db.userSettings.create({
    data: {
      userId: bob.id,
      displayName: 'Bob the Trader',
      notificationEmail: 'bob-alerts@example.com',
    },
  });
});

async function bobsRow() {
  return db.userSettings.findUniqueOrThrow({
    where: { userId: bob.id },
    select: { displayName: true, notificationEmail: true },
  });
}

describe('settings.get', () => {
  it('returns empty settings when nothing was saved', async () => {
    await expect(callerFor(db, alice).settings.get()).resolves.toEqual({
      email: 'alice@example.com',
      displayName: '',
      notificationEmail: null,
      timeZone: null,
    });
  });

  it('returns the saved settings', async () => {
    await expect(callerFor(db, bob).settings.get()).resolves.toEqual({
      email: 'bob@example.com',
      displayName: 'Bob the Trader',
      notificationEmail: 'bob-alerts@example.com',
      timeZone: null,
    });
  });
});

describe('settings.update', () => {
  it('saves, normalises and returns the new settings', async () => {
    const saved = await callerFor(db, alice).settings.update({
      displayName: '  Al  ',
      notificationEmail: 'AL@Example.com',
    });
    expect(saved).toEqual({
      email: 'alice@example.com',
      displayName: 'Al',
      notificationEmail: 'al@example.com',
      timeZone: null,
    });
    await expect(callerFor(db, alice).settings.get()).resolves.toEqual(saved);
  });

  it('clears the notification email with an empty string', async () => {
    const saved = await callerFor(db, bob).settings.update({
      displayName: 'Bob',
      notificationEmail: '',
    });
    expect(saved.notificationEmail).toBeNull();
    expect((await bobsRow()).notificationEmail).toBeNull();
  });

  it('rejects invalid input with per-field errors', async () => {
    const error = await callerFor(db, alice)
      .settings.update({ displayName: '', notificationEmail: 'not-an-email' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    expect(await db.userSettings.findUnique({ where: { userId: alice.id } })).toBeNull();
  });
});

describe('settings.setTimeZone', () => {
  it('stores a chosen IANA zone for the caller only, spelled as listed', async () => {
    const saved = await callerFor(db, alice).settings.setTimeZone({ timeZone: 'asia/kolkata' });
    expect(saved.timeZone).toBe('Asia/Kolkata');
    await expect(callerFor(db, alice).settings.get()).resolves.toMatchObject({
      timeZone: 'Asia/Kolkata',
    });
    await expect(callerFor(db, bob).settings.get()).resolves.toMatchObject({ timeZone: null });
  });

  it('stores the browser zone of a first visit without replacing a choice', async () => {
    const first = callerFor(db, alice).settings;
    await first.setTimeZone({ timeZone: 'Europe/Berlin', onlyIfUnset: true });
    await first.setTimeZone({ timeZone: 'America/New_York', onlyIfUnset: true });
    await expect(first.get()).resolves.toMatchObject({ timeZone: 'Europe/Berlin' });
    await first.setTimeZone({ timeZone: 'UTC' });
    await expect(first.get()).resolves.toMatchObject({ timeZone: 'UTC' });
  });

  it('refuses unknown zones and signed-out callers', async () => {
    for (const timeZone of ['Mars/Olympus_Mons', '', 'x'.repeat(200)])
      await expect(callerFor(db, alice).settings.setTimeZone({ timeZone })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    await expect(
      callerFor(db, null).settings.setTimeZone({ timeZone: 'UTC' }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(callerFor(db, alice).settings.get()).resolves.toMatchObject({ timeZone: null });
  });
});

describe('one user cannot reach another user’s settings', () => {
  it('reads only the caller’s own settings, whatever the input says', async () => {
    const asAlice = callerFor(db, alice);
    // Inputs naming Bob are not part of the API: the procedure ignores them.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const get = asAlice.settings.get as (input?: any) => ReturnType<typeof asAlice.settings.get>;
    for (const input of [undefined, { userId: bob.id }, { id: bob.id }, { email: bob.email }]) {
      const seen = await get(input);
      expect(seen.email).toBe('alice@example.com');
      expect(seen.displayName).not.toBe('Bob the Trader');
    }
  });

  it('updates only the caller’s own row, stripping extra fields such as userId', async () => {
    const asAlice = callerFor(db, alice);
    const hostile = {
      displayName: 'Hacked',
      notificationEmail: 'attacker@example.com',
      userId: bob.id,
      id: bob.id,
      user: { connect: { id: bob.id } },
    };
    const saved = await asAlice.settings.update(hostile);
    expect(saved.email).toBe('alice@example.com');

    expect(await bobsRow()).toEqual({
      displayName: 'Bob the Trader',
      notificationEmail: 'bob-alerts@example.com',
    });
    const alicesRow = await db.userSettings.findUniqueOrThrow({ where: { userId: alice.id } });
    expect(alicesRow.displayName).toBe('Hacked');
    expect(await db.userSettings.count()).toBe(2);
  });

  it('refuses signed-out callers with UNAUTHORIZED and changes nothing', async () => {
    const anonymous = callerFor(db, null);
    await expect(anonymous.settings.get()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(
      anonymous.settings.update({
        displayName: 'Nobody',
        notificationEmail: '',
        userId: bob.id,
      } as never),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await bobsRow()).toEqual({
      displayName: 'Bob the Trader',
      notificationEmail: 'bob-alerts@example.com',
    });
  });

  it('treats a session without a user id as signed out', async () => {
    const { createCaller } = await import('../root');
    const { createTestContext } = await import('../testing');
    const caller = createCaller(
      createTestContext({
        db,
        session: {
          user: { id: '', email: bob.email },
          expires: new Date(Date.now() + 60_000).toISOString(),
        },
      }),
    );
    await expect(caller.settings.get()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
