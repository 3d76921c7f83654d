import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './testing';
import {
  createUserWithPassword,
  EmailTakenError,
  findUserByEmail,
  getSettings,
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
      email: 'a@example.com',
    });
    expect(await getSettings(database.db, a.id)).toEqual(updated);
    expect(await getSettings(database.db, b.id)).toEqual({
      displayName: 'B',
      notificationEmail: null,
      email: 'b@example.com',
    });
  });

  it('creates settings on first update for users made elsewhere (Auth.js adapter)', async () => {
    const user = await database.db.user.create({ data: { email: 'magic@example.com' } });
    expect(await getSettings(database.db, user.id)).toEqual({
      displayName: null,
      notificationEmail: null,
      email: 'magic@example.com',
    });
    await updateSettings(database.db, user.id, { displayName: 'Magic', notificationEmail: null });
    expect(await getSettings(database.db, user.id)).toMatchObject({ displayName: 'Magic' });
  });

  it('returns null settings for an unknown user', async () => {
    expect(await getSettings(database.db, 'no-such-user')).toBeNull();
  });
});
