// notificationSettings.* on a real Postgres: the verification link goes through the email outbox
// (the local mailbox) and works once; webhook URLs are checked; "Send test" signs its POST.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getWebhookTarget, verifyAlertEmail } from '@coinview/db/notification-settings';
import { listMailbox } from '@coinview/db/outbox';
import { createTestDatabase, type TestDatabase } from '@coinview/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, sessionFor } from '../testing';
import { createCallerFactory, createTRPCRouter } from '../trpc';
import {
  createNotificationSettingsRouter,
  TEST_WEBHOOKS_PER_MINUTE,
} from './notification-settings';

let database: TestDatabase;
let alice: { id: string; email: string };
let bob: { id: string; email: string };
let hook: Server;
let hookUrl: string;
let received: { headers: IncomingHttpHeaders; body: string }[] = [];
let hookStatus = 200;

const router = createTRPCRouter({
  notificationSettings: createNotificationSettingsRouter({
    webhookPolicy: { allowLoopback: true },
    email: { from: 'Coinview <alerts@coinview.local>', transport: 'mailbox' },
    origin: 'http://coinview.test:3000',
  }),
});
const createCaller = createCallerFactory(router);
const as = (user: { id: string; email: string }) =>
  createCaller(createTestContext({ db: database.db, session: sessionFor(user) }));
// The router as production builds it: no loopback webhooks.
const asInProduction = (user: { id: string; email: string }) =>
  createCallerFactory(
    createTRPCRouter({
      notificationSettings: createNotificationSettingsRouter({
        webhookPolicy: { allowLoopback: false },
        email: { from: 'Coinview <alerts@coinview.local>', transport: 'mailbox' },
      }),
    }),
  )(createTestContext({ db: database.db, session: sessionFor(user) }));

async function errorOf(promise: Promise<unknown>): Promise<TRPCError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TRPCError);
  return err as TRPCError;
}

beforeAll(async () => {
  database = await createTestDatabase();
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(hookStatus).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  await new Promise((r) => hook?.close(r));
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
  received = [];
  hookStatus = 200;
});

describe('notificationSettings', () => {
  it('sends a verification link to the mailbox that verifies the address once', async () => {
    await as(alice).notificationSettings.update({ email: 'alerts@alice.example' });
    const sent = await as(alice).notificationSettings.sendVerification();
    expect(sent.sentTo).toBe('alerts@alice.example');

    const [mail] = await listMailbox(database.db, { limit: 5, to: 'alerts@alice.example' });
    expect(mail?.subject).toMatch(/Confirm/);
    const link = /http:\/\/coinview\.test:3000\/verify-alert-email\?token=([\w-]+)/.exec(
      mail!.text,
    );
    expect(link).not.toBeNull();
    expect(await verifyAlertEmail(database.db, link![1]!)).toMatchObject({
      ok: true,
      userId: alice.id,
    });
    expect((await as(alice).notificationSettings.get()).emailVerifiedAt).not.toBeNull();
    // Verified: nothing more to send (and Bob is untouched).
    expect((await errorOf(as(alice).notificationSettings.sendVerification())).code).toBe(
      'BAD_REQUEST',
    );
    expect((await as(bob).notificationSettings.get()).emailVerifiedAt).toBeNull();
  });

  it('throttles repeated verification emails', async () => {
    await as(alice).notificationSettings.sendVerification();
    expect((await errorOf(as(alice).notificationSettings.sendVerification())).code).toBe(
      'TOO_MANY_REQUESTS',
    );
  });

  it('refuses webhooks into private networks, and loopback outside development', async () => {
    for (const url of [
      'http://hooks.example.com/x',
      'https://10.0.0.8/x',
      'https://169.254.169.254/latest/meta-data',
      'https://[::ffff:192.168.1.1]/x',
      'https://127.0.0.1:9000/x',
      'http://localhost:3000/api',
      ' https://10.0.0.8/padded ',
    ]) {
      const err = await errorOf(
        asInProduction(alice).notificationSettings.update({ webhookUrl: url }),
      );
      expect(err.code, url).toBe('BAD_REQUEST');
      expect(JSON.stringify((err.cause as { issues?: unknown }).issues)).toContain('webhookUrl');
    }
    expect((await as(alice).notificationSettings.get()).webhookUrl).toBeNull();
    const local = await as(alice).notificationSettings.update({
      webhookUrl: 'http://127.0.0.1:9000/hook',
      webhookEnabled: true,
    });
    expect(local).toMatchObject({ webhookUrl: 'http://127.0.0.1:9000/hook', webhookEnabled: true });
    const saved = await asInProduction(alice).notificationSettings.update({
      webhookUrl: 'https://hooks.example.com/coinview',
    });
    expect(saved.webhookUrl).toBe('https://hooks.example.com/coinview');
  });

  it('puts webhook URL problems on the webhookUrl field', async () => {
    const err = await errorOf(
      as(alice).notificationSettings.update({ webhookUrl: 'https://169.254.169.254/latest' }),
    );
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toMatch(/private/);
    expect(JSON.stringify((err.cause as { issues?: unknown }).issues)).toContain('webhookUrl');
  });

  it('sends a signed test POST to the saved webhook', async () => {
    await as(alice).notificationSettings.update({ webhookUrl: hookUrl, webhookEnabled: true });
    const { secret } = await as(alice).notificationSettings.rotateWebhookSecret();
    expect((await as(alice).notificationSettings.get()).webhookSecretHint).toBe(secret.slice(-4));

    expect(await as(alice).notificationSettings.testWebhook()).toEqual({
      ok: true,
      status: 200,
      error: null,
    });
    const [request] = received;
    const timestamp = request!.headers['x-coinview-timestamp'] as string;
    const expected = createHmac('sha256', secret)
      .update(`${timestamp}.${request!.body}`)
      .digest('hex');
    expect(request!.headers['x-coinview-signature']).toBe(`sha256=${expected}`);
    expect(JSON.parse(request!.body)).toMatchObject({ type: 'test' });

    hookStatus = 500;
    expect(await as(alice).notificationSettings.testWebhook()).toMatchObject({
      ok: false,
      status: 500,
    });
    // Bob has no webhook: his test never reaches Alice's.
    expect((await errorOf(as(bob).notificationSettings.testWebhook())).code).toBe('BAD_REQUEST');
    expect(received).toHaveLength(2);
    expect((await getWebhookTarget(database.db, bob.id)).secret).not.toBe(secret);
  });

  it(`sends at most ${TEST_WEBHOOKS_PER_MINUTE} test webhooks a minute per user`, async () => {
    const carol = await database.db.user.create({
      data: { email: 'carol@example.com' },
      select: { id: true, email: true },
    });
    await as(carol).notificationSettings.update({ webhookUrl: hookUrl, webhookEnabled: true });
    hookStatus = 200;
    const before = received.length;
    for (let i = 0; i < TEST_WEBHOOKS_PER_MINUTE; i++)
      expect(await as(carol).notificationSettings.testWebhook()).toMatchObject({ ok: true });
    const err = await errorOf(as(carol).notificationSettings.testWebhook());
    expect(err.code).toBe('TOO_MANY_REQUESTS');
    expect(err.message).toMatch(/^You can send 5 test webhooks a minute\. Try again in \d+ s\.$/);
    expect(received.length - before).toBe(TEST_WEBHOOKS_PER_MINUTE);
  });
});
