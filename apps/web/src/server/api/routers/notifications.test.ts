// notifications.* on a real Postgres and LISTEN/NOTIFY bus: the bell's list and counts, and the
// live subscription that forwards only the signed-in user's topic and resumes by event id.
import type { PgBus } from '@coinview/db/bus';
import type { TestDatabase } from '@coinview/db/testing';
import { notificationTopic } from '@coinview/db/bus-topics';
import { describe, expect, it } from 'vitest';
import { callersAs, nextWithin, signedInTestSetup, type TestUser } from '../testing';
import { createCallerFactory, createTRPCRouter } from '../trpc';
import { createNotificationsRouter } from './notifications';

let database: TestDatabase;
let publisher: PgBus;
let listener: PgBus;
let alice: TestUser;
let bob: TestUser;

const router = createTRPCRouter({
  notifications: createNotificationsRouter({ getBus: async () => listener }),
});
const as = callersAs(createCallerFactory(router), () => database.db);

async function notify(userId: string, title: string, at: number) {
  return database.db.notification.create({
    data: { userId, title, body: `${title}!`, createdAt: new Date(at) },
  });
}

signedInTestSetup((setup) => {
  ({ database, publisher, listener, alice, bob } = setup);
});

describe('notifications', () => {
  it('lists newest first and counts and marks only the own unread ones', async () => {
    const a1 = await notify(alice.id, 'one', 1_000);
    await notify(alice.id, 'two', 2_000);
    const b1 = await notify(bob.id, 'bob', 3_000);
    expect((await as(alice).notifications.list()).map((n) => n.title)).toEqual(['two', 'one']);
    expect(await as(alice).notifications.unreadCount()).toBe(2);

    // Bob's id smuggled into Alice's call changes nothing of Bob's.
    expect(await as(alice).notifications.markRead({ ids: [a1.id, b1.id] })).toEqual({ updated: 1 });
    expect(await as(alice).notifications.unreadCount()).toBe(1);
    expect(await as(bob).notifications.unreadCount()).toBe(1);
    expect(await as(alice).notifications.markAllRead()).toEqual({ updated: 1 });
    expect(await as(bob).notifications.unreadCount()).toBe(1);
    expect(await as(bob).notifications.list({ limit: 10, unreadOnly: true })).toHaveLength(1);
  });

  it("forwards the user's own live notifications and nobody else's", async () => {
    const controller = new AbortController();
    const iterable = await as(alice, controller.signal).notifications.live({});
    const iterator = iterable[Symbol.asyncIterator]();
    const first = nextWithin(iterator);
    // The subscription listens before it yields; give LISTEN a moment.
    await new Promise((r) => setTimeout(r, 200));
    await publisher.publish(notificationTopic(bob.id), {
      id: 'n-bob',
      title: 'for bob',
      body: 'x',
      createdAt: Date.now(),
      fireId: null,
    });
    await publisher.publish(notificationTopic(alice.id), {
      id: 'n-alice',
      title: 'BTCUSDT alert',
      body: 'Close crosses 90000',
      createdAt: '2026-11-27T10:00:00.000Z',
      fireId: 'f1',
    });
    const [eventId, data] = (await first) as unknown as [string, unknown];
    expect(eventId).toBe('n-alice');
    expect(data).toEqual({
      id: 'n-alice',
      title: 'BTCUSDT alert',
      body: 'Close crosses 90000',
      createdAt: Date.parse('2026-11-27T10:00:00.000Z'),
      fireId: 'f1',
    });
    controller.abort();
  });

  it('replays what a reconnecting tab missed after its last event id', async () => {
    const seen = await notify(alice.id, 'seen', 1_000);
    await notify(alice.id, 'missed', 2_000);
    await notify(bob.id, 'not yours', 3_000);
    const controller = new AbortController();
    const iterable = await as(alice, controller.signal).notifications.live({
      lastEventId: seen.id,
    });
    const iterator = iterable[Symbol.asyncIterator]();
    const event = (await nextWithin(iterator)) as unknown as [string, { title: string }];
    expect(event[1].title).toBe('missed');
    expect(await nextWithin(iterator, 300)).toBe('timeout');
    controller.abort();
  });
});
