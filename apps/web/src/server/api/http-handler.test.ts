// The tRPC endpoint against cross-site request forgery, over tRPC's real fetch adapter and a real
// Postgres: a mutation without input (rotate the webhook secret) is what a hostile page's HTML form
// could trigger, so it must run only for same-origin JSON.
import { getNotificationSettings } from '@coinview/db/notification-settings';
import { createTestDatabase, type TestDatabase } from '@coinview/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotificationSettingsRouter } from './routers/notification-settings';
import { createTestContext, sessionFor } from './testing';
import { createTRPCRouter } from './trpc';
import { createTrpcHttpHandler } from './http-handler';

const APP = 'http://coinview.test:3000';
let database: TestDatabase;
let user: { id: string; email: string };
let handle: (req: Request) => Promise<Response>;

beforeAll(async () => {
  database = await createTestDatabase();
  const { id } = await database.db.user.create({ data: { email: 'victim@example.com' } });
  user = { id, email: 'victim@example.com' };
  handle = createTrpcHttpHandler({
    router: createTRPCRouter({
      notificationSettings: createNotificationSettingsRouter({
        webhookPolicy: { allowLoopback: true },
        email: { from: 'Coinview <alerts@coinview.local>', transport: 'mailbox' },
      }),
    }),
    appOrigin: APP,
    // The victim's cookie goes with every request a browser makes: signed in throughout.
    createContext: (req) =>
      Promise.resolve(
        createTestContext({ db: database.db, session: sessionFor(user), headers: req.headers }),
      ),
  });
});
afterAll(async () => {
  await database.cleanup();
});

const rotate = (headers: Record<string, string>, body: BodyInit | null = null) =>
  handle(
    new Request(`${APP}/api/trpc/notificationSettings.rotateWebhookSecret`, {
      method: 'POST',
      headers,
      body,
    }),
  );
const hint = async () => (await getNotificationSettings(database.db, user.id)).webhookSecretHint;

describe('tRPC mutations over HTTP', () => {
  it('refuses a form post (no preflight in a browser) with 415, even from the same origin', async () => {
    const before = await hint();
    const form = new FormData();
    form.set('x', '1');
    const res = await rotate({ origin: APP }, form);
    expect(res.status).toBe(415);
    expect(await hint()).toBe(before);
  });

  it('refuses another origin with 403, JSON or not', async () => {
    const before = await hint();
    const json = { 'content-type': 'application/json' };
    const results = await Promise.all([
      rotate({ ...json, origin: 'https://evil.example' }, '{}'),
      rotate({ ...json, origin: 'http://coinview.test:3001' }, '{}'), // same site, other origin
      rotate({ ...json, 'sec-fetch-site': 'cross-site' }, '{}'), // no Origin, Fetch Metadata says
      rotate({ origin: 'https://evil.example' }, new FormData()),
    ]);
    expect(results.map((r) => r.status)).toEqual([403, 403, 403, 403]);
    expect(await hint()).toBe(before);
  });

  it('runs same-origin JSON, and JSON from a non-browser client', async () => {
    const before = await hint();
    const res = await rotate(
      { 'content-type': 'application/json', origin: APP, 'sec-fetch-site': 'same-origin' },
      '{}',
    );
    expect(res.status).toBe(200);
    const after = await hint();
    expect(after).not.toBe(before);
    const script = await rotate({ 'content-type': 'application/json' }, '{}');
    expect(script.status).toBe(200);
  });

  it('leaves queries (GET) alone', async () => {
    const res = await handle(
      new Request(`${APP}/api/trpc/notificationSettings.get`, {
        headers: { 'sec-fetch-site': 'cross-site' },
      }),
    );
    expect(res.status).toBe(200);
  });
});
