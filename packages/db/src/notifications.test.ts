import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './client';
import {
  countUnreadNotifications,
  listNotifications,
  listNotificationsAfter,
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

  it("lists what came after one of the user's notifications, oldest first, never another's", async () => {
    const first = await notify(alice, 'first', 1_000);
    await notify(alice, 'second', 2_000);
    await notify(alice, 'third', 3_000);
    const bobs = await notify(bob, 'bob', 1_500);
    const after = await listNotificationsAfter(db, alice, first, 10);
    expect(after.map((n) => n.title)).toEqual(['second', 'third']);
    expect((await listNotificationsAfter(db, alice, first, 1)).map((n) => n.title)).toEqual([
      'second',
    ]);
    // Bob's id as the resume point reveals nothing of Bob's, nor of Alice's.
    expect(await listNotificationsAfter(db, alice, bobs, 10)).toEqual([]);
    expect(await listNotificationsAfter(db, bob, first, 10)).toEqual([]);
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
