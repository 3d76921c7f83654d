import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, isSessionActive, revokeOtherSessions, revokeSession } from './sessions';
import { createTestDatabase, type TestDatabase } from './testing';

let database: TestDatabase;
let alice: string;
let bob: string;
beforeAll(async () => {
  database = await createTestDatabase();
  alice = (await database.db.user.create({ data: { email: 'alice@example.com' } })).id;
  bob = (await database.db.user.create({ data: { email: 'bob@example.com' } })).id;
});
afterAll(async () => {
  await database.cleanup();
});

describe('sessions', () => {
  it('is active until revoked, and only for its own user', async () => {
    const s = await createSession(database.db, { userId: alice, maxAgeSeconds: 60 });
    expect(s.id).toMatch(/^[\w-]{43}$/);
    expect(await isSessionActive(database.db, s.id, alice)).toBe(true);
    expect(await isSessionActive(database.db, s.id, bob)).toBe(false);
    await revokeSession(database.db, s.id);
    expect(await isSessionActive(database.db, s.id, alice)).toBe(false);
    await revokeSession(database.db, s.id); // twice is fine
  });

  it('is inactive once expired, and removed when the user next signs in', async () => {
    const s = await createSession(database.db, { userId: alice, maxAgeSeconds: -1 });
    expect(await isSessionActive(database.db, s.id, alice)).toBe(false);
    await createSession(database.db, { userId: alice, maxAgeSeconds: 60 });
    expect(await database.db.session.count({ where: { sessionToken: s.id } })).toBe(0);
  });

  it('revokes the user’s other sessions and nobody else’s', async () => {
    const current = await createSession(database.db, { userId: alice, maxAgeSeconds: 60 });
    const other = await createSession(database.db, { userId: alice, maxAgeSeconds: 60 });
    const bobs = await createSession(database.db, { userId: bob, maxAgeSeconds: 60 });
    expect(await revokeOtherSessions(database.db, alice, current.id)).toBeGreaterThanOrEqual(1);
    expect(await isSessionActive(database.db, current.id, alice)).toBe(true);
    expect(await isSessionActive(database.db, other.id, alice)).toBe(false);
    expect(await isSessionActive(database.db, bobs.id, bob)).toBe(true);
    await revokeOtherSessions(database.db, alice, null);
    expect(await isSessionActive(database.db, current.id, alice)).toBe(false);
  });
});
