import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  claimDueEmails,
  enqueueEmail,
  listMailbox,
  markEmailFailed,
  markEmailSent,
  retryDelayMs,
  type EnqueueEmailInput,
} from './outbox';
import { createTestDatabase, type TestDatabase } from './testing';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.cleanup();
});
beforeEach(async () => {
  await database.db.emailOutbox.deleteMany();
});

function email(key: string, overrides: Partial<EnqueueEmailInput> = {}): EnqueueEmailInput {
  return {
    kind: 'magic-link',
    to: 'ada@example.com',
    from: 'Coinview <login@coinview.local>',
    subject: 'Sign in to Coinview',
    text: 'Open the link',
    html: '<p>Open the link</p>',
    idempotencyKey: key,
    transport: 'resend',
    ...overrides,
  };
}

const NOW = Date.UTC(2025, 0, 1, 12, 0);

describe('enqueueEmail', () => {
  it('is idempotent on idempotencyKey', async () => {
    const first = await enqueueEmail(database.db, email('k1'));
    const second = await enqueueEmail(database.db, email('k1', { subject: 'another attempt' }));
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
    expect(await database.db.emailOutbox.count()).toBe(1);
  });

  it('stores mailbox emails as already delivered, resend ones as pending', async () => {
    const mailbox = await enqueueEmail(database.db, email('m', { transport: 'mailbox' }));
    const resend = await enqueueEmail(database.db, email('r'));
    const rows = await database.db.emailOutbox.findMany({
      select: { id: true, status: true, sentAt: true },
    });
    expect(rows.find((r) => r.id === mailbox.id)).toMatchObject({
      status: 'sent',
      sentAt: expect.any(Date),
    });
    expect(rows.find((r) => r.id === resend.id)).toMatchObject({ status: 'pending', sentAt: null });
  });
});

describe('claimDueEmails', () => {
  it('hands out due pending emails once, counting the attempt, and leases them', async () => {
    await database.db.emailOutbox.create({
      data: { ...email('due'), nextAttemptAt: new Date(NOW - 1000) },
    });
    await database.db.emailOutbox.create({
      data: { ...email('later'), nextAttemptAt: new Date(NOW + 60_000) },
    });
    await enqueueEmail(database.db, email('mailbox', { transport: 'mailbox' }));

    const [claimed, ...rest] = await claimDueEmails(database.db, { limit: 10, now: NOW });
    expect(rest).toEqual([]);
    expect(claimed).toMatchObject({
      idempotencyKey: 'due',
      attempts: 1,
      status: 'pending',
      nextAttemptAt: NOW + 60_000,
    });
    // Leased: a concurrent or repeated claim does not get it again before the lease ends...
    expect(await claimDueEmails(database.db, { limit: 10, now: NOW + 1000 })).toEqual([]);
    // ...but it comes back if its dispatcher died without marking it.
    const again = await claimDueEmails(database.db, { limit: 10, now: NOW + 61_000 });
    expect(again.map((e) => [e.idempotencyKey, e.attempts])).toEqual(
      [
        ['later', 1],
        ['due', 2],
      ].sort(),
    );
  });

  it('never gives the same email to two concurrent dispatchers', async () => {
    for (let i = 0; i < 20; i += 1) {
      await database.db.emailOutbox.create({
        data: { ...email(`k${i}`), nextAttemptAt: new Date(NOW - 1000) },
      });
    }
    const batches = await Promise.all(
      Array.from({ length: 4 }, () => claimDueEmails(database.db, { limit: 8, now: NOW })),
    );
    const ids = batches.flat().map((e) => e.id);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
  });

  it('respects the limit', async () => {
    for (let i = 0; i < 5; i += 1) {
      await database.db.emailOutbox.create({
        data: { ...email(`k${i}`), nextAttemptAt: new Date(NOW - 1000) },
      });
    }
    expect(await claimDueEmails(database.db, { limit: 2, now: NOW })).toHaveLength(2);
  });
});

describe('markEmailSent / markEmailFailed', () => {
  it('marks sent with the provider id', async () => {
    const { id } = await enqueueEmail(database.db, email('s'));
    await markEmailSent(database.db, id, 're_123', { now: NOW });
    const row = await database.db.emailOutbox.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({
      status: 'sent',
      providerMessageId: 're_123',
      sentAt: new Date(NOW),
    });
    expect(await claimDueEmails(database.db, { limit: 10, now: NOW + 10 * 3_600_000 })).toEqual([]);
  });

  it('backs off exponentially and gives up after maxAttempts', async () => {
    const { id } = await enqueueEmail(database.db, email('f'));
    await database.db.emailOutbox.update({ where: { id }, data: { nextAttemptAt: new Date(NOW) } });
    const policy = { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 60_000 };
    let now = NOW;
    const outcomes = [];
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const [claimed] = await claimDueEmails(database.db, { limit: 1, now });
      expect(claimed?.id).toBe(id);
      const outcome = await markEmailFailed(database.db, id, `503 attempt ${attempt}`, {
        now,
        policy,
      });
      outcomes.push(outcome);
      if (outcome.nextAttemptAt !== null) {
        // Not due a moment before the backoff ends, due right after.
        expect(
          await claimDueEmails(database.db, { limit: 1, now: outcome.nextAttemptAt - 1 }),
        ).toEqual([]);
        now = outcome.nextAttemptAt;
      }
    }
    expect(outcomes).toEqual([
      { status: 'pending', attempts: 1, nextAttemptAt: NOW + 1_000 },
      { status: 'pending', attempts: 2, nextAttemptAt: NOW + 1_000 + 2_000 },
      { status: 'failed', attempts: 3, nextAttemptAt: null },
    ]);
    const row = await database.db.emailOutbox.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'failed', lastError: '503 attempt 3', attempts: 3 });
    expect(await claimDueEmails(database.db, { limit: 1, now: now + 3_600_000 })).toEqual([]);
  });

  it('caps the delay', () => {
    expect(retryDelayMs(1)).toBe(30_000);
    expect(retryDelayMs(3)).toBe(120_000);
    expect(retryDelayMs(30)).toBe(3_600_000);
  });
});

describe('listMailbox', () => {
  it('lists mailbox emails newest first, optionally for one address, limited', async () => {
    await enqueueEmail(database.db, email('a', { transport: 'mailbox', subject: 'first' }));
    await enqueueEmail(
      database.db,
      email('b', { transport: 'mailbox', subject: 'second', to: 'bob@example.com' }),
    );
    await enqueueEmail(database.db, email('c', { transport: 'mailbox', subject: 'third' }));
    await enqueueEmail(
      database.db,
      email('d', { transport: 'resend', subject: 'not in the mailbox' }),
    );

    expect((await listMailbox(database.db, { limit: 10 })).map((e) => e.subject)).toEqual([
      'third',
      'second',
      'first',
    ]);
    expect((await listMailbox(database.db, { limit: 2 })).map((e) => e.subject)).toEqual([
      'third',
      'second',
    ]);
    expect(
      (await listMailbox(database.db, { limit: 10, to: 'ada@example.com' })).map((e) => e.subject),
    ).toEqual(['third', 'first']);
    const [latest] = await listMailbox(database.db, { limit: 1 });
    expect(latest).toMatchObject({
      html: '<p>Open the link</p>',
      createdAt: expect.any(Number),
      status: 'sent',
    });
  });
});
