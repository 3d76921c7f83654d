import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './client';
import {
  createEmailVerification,
  EMAIL_VERIFICATION_TTL_MS,
  findEmailVerificationSentAfter,
  getChannelSettings,
  getChannelSettingsOfUsers,
  getNotificationSettings,
  getWebhookTarget,
  rotateWebhookSecret,
  updateNotificationSettings,
  verifyAlertEmail,
} from './notification-settings';
import { createTestDatabase, type TestDatabase } from './testing';

let database: TestDatabase;
let db: Db;
let alice: string;

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
});

describe('notification settings', () => {
  it('survive parallel first use: 300 rotations and reads at once, no error, one row', async () => {
    const users = await Promise.all(
      [1, 2, 3].map(
        async (n) => (await db.user.create({ data: { email: `race${n}@example.com` } })).id,
      ),
    );
    const calls = users.flatMap((userId) =>
      Array.from({ length: 100 }, (_, i) =>
        i % 2 === 0 ? rotateWebhookSecret(db, userId) : getNotificationSettings(db, userId),
      ),
    );
    const results = await Promise.allSettled(calls);
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed.map((r) => String(r.reason).slice(0, 200))).toEqual([]);
    expect(await db.notificationSettings.count({ where: { userId: { in: users } } })).toBe(3);
  });

  it('are created on first read with the account email, unverified, and a secret kept hidden', async () => {
    const settings = await getNotificationSettings(db, alice);
    expect(settings).toMatchObject({
      email: 'alice@example.com',
      emailVerifiedAt: null,
      emailEnabled: true,
      inAppEnabled: true,
      webhookUrl: null,
      webhookEnabled: false,
    });
    const { secret } = await getWebhookTarget(db, alice);
    expect(secret).toMatch(/^whsec_.{20,}/);
    expect(JSON.stringify(settings)).not.toContain(secret);
    expect(settings.webhookSecretHint).toBe(secret.slice(-4));
    // Reading again does not make a new secret.
    expect((await getWebhookTarget(db, alice)).secret).toBe(secret);
  });

  it('rotating the secret returns the new one once', async () => {
    const before = (await getWebhookTarget(db, alice)).secret;
    const { secret } = await rotateWebhookSecret(db, alice);
    expect(secret).not.toBe(before);
    expect((await getWebhookTarget(db, alice)).secret).toBe(secret);
  });

  it('verifies the email through a single-use, hashed token', async () => {
    const issued = await createEmailVerification(db, alice);
    expect(issued?.email).toBe('alice@example.com');
    const stored = await db.alertEmailVerification.findFirstOrThrow();
    expect(stored.tokenHash).not.toContain(issued!.token);

    const result = await verifyAlertEmail(db, issued!.token);
    expect(result).toEqual({ ok: true, userId: alice, email: 'alice@example.com' });
    expect((await getNotificationSettings(db, alice)).emailVerifiedAt).not.toBeNull();
    expect(await verifyAlertEmail(db, issued!.token)).toEqual({ ok: false, reason: 'invalid' });
    // Already verified: nothing to send.
    expect(await createEmailVerification(db, alice)).toBeNull();
  });

  it('finds a link sent to the user after a moment, and only theirs', async () => {
    const bob = (await db.user.create({ data: { email: 'bob@example.com' } })).id;
    const before = new Date(Date.now() - 1_000);
    expect(await findEmailVerificationSentAfter(db, alice, before)).toBeNull();
    await createEmailVerification(db, alice);
    expect(await findEmailVerificationSentAfter(db, alice, before)).toEqual({
      email: 'alice@example.com',
    });
    expect(
      await findEmailVerificationSentAfter(db, alice, new Date(Date.now() + 1_000)),
    ).toBeNull();
    expect(await findEmailVerificationSentAfter(db, bob, before)).toBeNull();
  });

  it('refuses an expired token and a token for an address changed since', async () => {
    const old = await createEmailVerification(
      db,
      alice,
      new Date(Date.now() - EMAIL_VERIFICATION_TTL_MS - 1),
    );
    expect(await verifyAlertEmail(db, old!.token)).toEqual({ ok: false, reason: 'expired' });

    const issued = await createEmailVerification(db, alice);
    // Changing the address withdraws the links already sent.
    await updateNotificationSettings(db, alice, { email: 'other@example.com' });
    expect(await verifyAlertEmail(db, issued!.token)).toEqual({ ok: false, reason: 'invalid' });
    expect((await getNotificationSettings(db, alice)).emailVerifiedAt).toBeNull();
  });

  it('changing the email clears its verification; the same email (any case) keeps it', async () => {
    const issued = await createEmailVerification(db, alice);
    await verifyAlertEmail(db, issued!.token);
    const same = await updateNotificationSettings(db, alice, { email: ' Alice@Example.com ' });
    expect(same.emailVerifiedAt).not.toBeNull();
    const changed = await updateNotificationSettings(db, alice, { email: 'new@example.com' });
    expect(changed).toMatchObject({ email: 'new@example.com', emailVerifiedAt: null });
  });

  it('saves toggles, template and a public https webhook', async () => {
    const saved = await updateNotificationSettings(db, alice, {
      inAppEnabled: false,
      emailEnabled: false,
      webhookUrl: 'https://hooks.example.com/coinview',
      webhookEnabled: true,
      defaultTemplate: '{{symbol}} {{rule}}',
    });
    expect(saved).toMatchObject({
      inAppEnabled: false,
      emailEnabled: false,
      webhookUrl: 'https://hooks.example.com/coinview',
      webhookEnabled: true,
      defaultTemplate: '{{symbol}} {{rule}}',
    });
  });

  it('saves a webhook URL trimmed, and clears it when emptied', async () => {
    const saved = await updateNotificationSettings(db, alice, {
      webhookUrl: '  http://127.0.0.1:9000/hook ',
      webhookEnabled: true,
    });
    expect(saved).toMatchObject({ webhookUrl: 'http://127.0.0.1:9000/hook', webhookEnabled: true });
    const cleared = await updateNotificationSettings(db, alice, {
      webhookUrl: '',
      webhookEnabled: false,
    });
    expect(cleared).toMatchObject({ webhookUrl: null, webhookEnabled: false });
  });

  it('cannot enable the webhook without a URL', async () => {
    await expect(updateNotificationSettings(db, alice, { webhookEnabled: true })).rejects.toThrow(
      /Enter the URL/,
    );
  });

  it('reads many users’ channel switches at once, each as the one-user read gives them', async () => {
    const bob = (await db.user.create({ data: { email: 'bob@example.com' } })).id;
    const carol = (await db.user.create({ data: { email: 'carol@example.com' } })).id; // never saved
    await updateNotificationSettings(db, alice, { inAppEnabled: false });
    await updateNotificationSettings(db, bob, {
      webhookUrl: 'http://127.0.0.1:9000/hook',
      webhookEnabled: true,
    });
    const many = await getChannelSettingsOfUsers(db, [alice, bob, carol, alice]);
    expect([...many.keys()].sort()).toEqual([alice, bob].sort());
    expect(many.get(alice)).toEqual(await getChannelSettings(db, alice));
    expect(many.get(alice)?.inAppEnabled).toBe(false);
    expect(many.get(bob)).toEqual(await getChannelSettings(db, bob));
    expect(many.get(bob)?.webhookUrl).toBe('http://127.0.0.1:9000/hook');
    expect(await getChannelSettingsOfUsers(db, [])).toEqual(new Map());
  });
});
