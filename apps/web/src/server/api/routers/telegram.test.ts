// telegram.* through createCaller on a real Postgres: the code shown once links the chat it is sent
// from (as the worker's poller does with linkTelegramChat), the status never carries the chat id,
// a code works once, and one user's link is never another's.
import { linkTelegramChat } from '@coinview/db/telegram-link';
import { createTestDatabase, type TestDatabase } from '@coinview/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, sessionFor } from '../testing';
import { createCallerFactory, createTRPCRouter } from '../trpc';
import { createTelegramRouter } from './telegram';

let database: TestDatabase;
let alice: { id: string; email: string };
let bob: { id: string; email: string };

const router = createTRPCRouter({ telegram: createTelegramRouter({ botConfigured: true }) });
const createCaller = createCallerFactory(router);
const as = (user: { id: string; email: string }) =>
  createCaller(createTestContext({ db: database.db, session: sessionFor(user) }));

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.cleanup();
});
beforeEach(async () => {
  await database.db.user.deleteMany();
  alice = await database.db.user.create({
    data: { email: 'alice@example.com' },
    select: { id: true, email: true },
  });
  bob = await database.db.user.create({
    data: { email: 'bob@example.com' },
    select: { id: true, email: true },
  });
});

describe('telegram', () => {
  it('links the chat the code is sent from, once, for its user only', async () => {
    expect(await as(alice).telegram.status()).toEqual({
      linked: false,
      linkedAt: null,
      codePending: false,
      botConfigured: true,
    });
    const { code, command } = await as(alice).telegram.link();
    expect(command).toBe(`/start ${code}`);
    // Stored hashed only.
    const row = await database.db.notificationSettings.findUniqueOrThrow({
      where: { userId: alice.id },
    });
    expect(row.telegramLinkCodeHash).not.toContain(code);
    expect((await as(alice).telegram.status()).codePending).toBe(true);

    expect(await linkTelegramChat(database.db, code, '424242')).toBe(true);
    const status = await as(alice).telegram.status();
    expect(status.linked).toBe(true);
    expect(JSON.stringify(status)).not.toContain('424242');
    // Used once; bob is untouched.
    expect(await linkTelegramChat(database.db, code, '777')).toBe(false);
    expect((await as(bob).telegram.status()).linked).toBe(false);

    expect(await as(alice).telegram.unlink()).toEqual({ linked: false });
    expect((await as(alice).telegram.status()).linked).toBe(false);
  });
});
