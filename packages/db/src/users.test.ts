import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './testing';
import {
  createUserWithPassword,
  EmailTakenError,
  findUserByEmail,
  getSettings,
  getTimeZone,
  setTimeZone,
  updateSettings,
} from './users';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.cleanup();
});

describe('users', () => {
  it('creates a user with settings whose display name is the user name', async () => {
    const user = await createUserWithPassword(database.db, {
      email: 'ada@example.com',
      name: 'Ada',
      passwordHash: '$argon2id$x',
    });
    expect(user).toMatchObject({
      email: 'ada@example.com',
      name: 'Ada',
      passwordHash: '$argon2id$x',
      emailVerified: null,
    });
    expect(await getSettings(database.db, user.id)).toEqual({
      displayName: 'Ada',
      notificationEmail: null,
      timeZone: null,
      email: 'ada@example.com',
    });
    expect(await findUserByEmail(database.db, 'ada@example.com')).toEqual(user);
    expect(await findUserByEmail(database.db, 'nobody@example.com')).toBeNull();
  });

  it('refuses a duplicate email with EmailTakenError and creates nothing', async () => {
    await createUserWithPassword(database.db, {
      email: 'dup@example.com',
      name: 'First',
      passwordHash: 'h1',
    });
    const before = await database.db.userSettings.count();
    const attempt = createUserWithPassword(database.db, {
      email: 'dup@example.com',
      name: 'Second',
      passwordHash: 'h2',
    });
    await expect(attempt).rejects.toBeInstanceOf(EmailTakenError);
    await expect(attempt).rejects.toThrow(/dup@example.com/);
    expect(await database.db.userSettings.count()).toBe(before);
    expect((await findUserByEmail(database.db, 'dup@example.com'))?.name).toBe('First');
  });

  it('keeps settings per user', async () => {
    const a = await createUserWithPassword(database.db, {
      email: 'a@example.com',
      name: 'A',
      passwordHash: 'h',
    });
    const b = await createUserWithPassword(database.db, {
      email: 'b@example.com',
      name: 'B',
      passwordHash: 'h',
    });
    const updated = await updateSettings(database.db, a.id, {
      displayName: 'Alice',
      notificationEmail: 'alerts@example.com',
    });
    expect(updated).toEqual({
      displayName: 'Alice',
      notificationEmail: 'alerts@example.com',
      timeZone: null,
      email: 'a@example.com',
    });
    expect(await getSettings(database.db, a.id)).toEqual(updated);
    expect(await getSettings(database.db, b.id)).toEqual({
      displayName: 'B',
      notificationEmail: null,
      timeZone: null,
      email: 'b@example.com',
    });
  });

  it('creates settings on first update for users made elsewhere (Auth.js adapter)', async () => {
    const user = await database.db.user.create({ data: { email: 'magic@example.com' } });
    expect(await getSettings(database.db, user.id)).toEqual({
      displayName: null,
      notificationEmail: null,
      timeZone: null,
      email: 'magic@example.com',
    });
    await updateSettings(database.db, user.id, { displayName: 'Magic', notificationEmail: null });
    expect(await getSettings(database.db, user.id)).toMatchObject({ displayName: 'Magic' });
  });

  it('stores a time zone per user; the first-visit default never overwrites a choice', async () => {
    const a = await createUserWithPassword(database.db, {
      email: 'tz-a@example.com',
      name: 'A',
      passwordHash: 'h',
    });
    const b = await database.db.user.create({ data: { email: 'tz-b@example.com' } });
    expect(await getTimeZone(database.db, a.id)).toBeNull();
    // First visit: the browser's zone is stored (settings row created when missing, as for b).
    await setTimeZone(database.db, a.id, 'Europe/Berlin', { onlyIfUnset: true });
    expect(await setTimeZone(database.db, b.id, 'Asia/Tokyo', { onlyIfUnset: true })).toEqual({
      displayName: null,
      notificationEmail: null,
      timeZone: 'Asia/Tokyo',
      email: 'tz-b@example.com',
    });
    // Another device's first visit keeps it; an explicit choice replaces it.
    await setTimeZone(database.db, a.id, 'America/New_York', { onlyIfUnset: true });
    expect(await getTimeZone(database.db, a.id)).toBe('Europe/Berlin');
    await setTimeZone(database.db, a.id, 'Asia/Kolkata');
    expect(await getSettings(database.db, a.id)).toMatchObject({ timeZone: 'Asia/Kolkata' });
    // Updating the other settings leaves it alone.
    await updateSettings(database.db, a.id, { displayName: 'Ann', notificationEmail: null });
    expect(await getTimeZone(database.db, a.id)).toBe('Asia/Kolkata');
    expect(await getTimeZone(database.db, b.id)).toBe('Asia/Tokyo');
  });

  it('returns null settings for an unknown user', async () => {
    expect(await getSettings(database.db, 'no-such-user')).toBeNull();
  });
});
