import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './client';
import {
  countUnreadNotifications,
  listNotifications,
  markAllNotificationsRead,
  markNotificationsRead,
} from './notifications';
import { createTestDatabase, type TestDatabase } from './testing';

let database: TestDatabase;
let db: Db;
let alice: string;
let bob: string;

async function notify(userId: string, title: string, at: number): Promise<string> {
  const row = await db.notification.create({
    data: { userId, title, body: `${title} body`, createdAt: new Date(at) },
  });
  return row.id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(async () => {
  await database?.cleanup();
});
beforeEach(async () => {
  await db.user.deleteMany();
  alice = (await db.user.create({ data: { email: 'alice@example.com' } })).id;
  bob = (await db.user.create({ data: { email: 'bob@example.com' } })).id;
});

describe('notifications', () => {
  it('lists newest first, pages back, and counts unread per user', async () => {
    await notify(alice, 'first', 1_000);
    await notify(alice, 'second', 2_000);
    await notify(alice, 'third', 3_000);
    await notify(bob, 'bob only', 4_000);

    const page = await listNotifications(db, alice, { limit: 2 });
    expect(page.map((n) => n.title)).toEqual(['third', 'second']);
    const next = await listNotifications(db, alice, { limit: 2, before: page[1]!.createdAt });
    expect(next.map((n) => n.title)).toEqual(['first']);
    expect(await countUnreadNotifications(db, alice)).toBe(3);
    expect(await countUnreadNotifications(db, bob)).toBe(1);
  });

  it("marks read only the user's own notifications", async () => {
    const mine = await notify(alice, 'mine', 1_000);
    const theirs = await notify(bob, 'theirs', 1_000);
    expect(await markNotificationsRead(db, alice, [mine, theirs])).toBe(1);
    expect(await countUnreadNotifications(db, alice)).toBe(0);
    expect(await countUnreadNotifications(db, bob)).toBe(1);
    // Already read: nothing changes.
    expect(await markNotificationsRead(db, alice, [mine])).toBe(0);
    const [listed] = await listNotifications(db, alice, { limit: 5 });
    expect(listed?.readAt).not.toBeNull();
  });

  it('marks all read for one user only', async () => {
    await notify(alice, 'a', 1_000);
    await notify(alice, 'b', 2_000);
    await notify(bob, 'c', 3_000);
    expect(await markAllNotificationsRead(db, alice)).toBe(2);
    expect(await countUnreadNotifications(db, alice)).toBe(0);
    expect(await countUnreadNotifications(db, bob)).toBe(1);
    expect(await listNotifications(db, bob, { limit: 5, unreadOnly: true })).toHaveLength(1);
  });
});
