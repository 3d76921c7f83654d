// Integration: recordFire → graphile-worker job → startAlertDeliveries → the real Resend SDK → a
// local fake of Resend's HTTP API; and the offline mailbox.
import { PgBus } from '@coinview/db/bus';
import { type TestDatabase, createTestDatabase } from '@coinview/db/testing';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeResend, startFakeResend } from './fake-resend';
import { startAlertDeliveries } from './start-alert-deliveries';
import { createTrader, fire, queuedJobs, until } from './test-setup';

const silent = pino({ level: 'silent' });
const FROM = 'Coinview <alerts@coinview.local>';

let database: TestDatabase;
let bus: PgBus;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  bus = new PgBus(database.url);
});
beforeEach(async () => {
  await database.db.$executeRawUnsafe('DELETE FROM graphile_worker._private_jobs');
});
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});
afterAll(async () => {
  await bus?.close();
  await database?.cleanup();
});

async function deliveries(api: FakeResend | null, concurrency = 4) {
  const runner = await startAlertDeliveries({
    connectionString: database.url,
    db: database.db,
    bus,
    email: api
      ? { transport: 'resend', apiKey: 're_test_key', baseUrl: api.url, from: FROM }
      : { transport: 'mailbox', from: FROM },
    logger: silent,
    concurrency,
    pollInterval: 50,
  });
  stops.push(() => runner.stop());
  return runner;
}

async function fakeResend(options: Parameters<typeof startFakeResend>[0]) {
  const api = await startFakeResend(options);
  stops.push(() => api.close());
  return api;
}

const row = (id: string) => database.db.alertDelivery.findUniqueOrThrow({ where: { id } });

describe('alert email through Resend', () => {
  it('delivers every email exactly once while Resend answers 429/500 half the time', async () => {
    // Deterministic "half the time": requests 1, 3, 5… fail, alternating 429 and 500.
    const api = await fakeResend({ fail: (n) => (n % 2 === 1 ? (n % 4 === 1 ? 429 : 500) : null) });
    const trader = await createTrader(database.db);
    const fired = [];
    for (let i = 0; i < 12; i++) fired.push(await fire(database.db, trader, ['email'], 20));
    const ids = fired.map((f) => f.deliveries.email as string);
    await deliveries(api);

    await until(
      async () =>
        (await database.db.alertDelivery.count({ where: { id: { in: ids }, status: 'sent' } })) ===
        ids.length,
      { hurry: database.db, timeoutMs: 25_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 300)); // nothing else goes out afterwards

    const keys = ids.map((id) => `alert-delivery/${id}`).sort();
    expect(api.delivered.map((d) => d.key).sort()).toEqual(keys);
    expect(api.requests.filter((r) => r.status !== 200).length).toBeGreaterThanOrEqual(6);
    expect(api.requests.every((r) => r.authorization === 'Bearer re_test_key')).toBe(true);
    for (const id of ids) {
      const sent = await row(id);
      const email = api.delivered.find((d) => d.key === `alert-delivery/${id}`);
      expect(sent).toMatchObject({ status: 'sent', providerRef: email?.id, lastError: null });
      expect(sent.attempts).toBe(api.requests.filter((r) => r.key === email?.key).length);
      expect(sent.deliveredAt).not.toBeNull();
    }
    const first = api.delivered[0];
    expect(first?.subject).toBe('BTCUSDT 1m: RSI oversold');
    expect(first?.text).toContain('BTCUSDT RSI 14 crossed below 30');
    expect(first?.text).toContain('RSI 14: 29.4');
    expect(await queuedJobs(database.db)).toBe(0);
  });

  it('records a failed attempt and schedules the retry with graphile-worker’s backoff', async () => {
    const api = await fakeResend({ fail: (n) => (n === 1 ? 500 : null) });
    const trader = await createTrader(database.db);
    const { deliveries: d } = await fire(database.db, trader, ['email']);
    const id = d.email as string;
    await deliveries(api);
    await until(async () => (await row(id)).attempts === 1);
    const failed = await row(id);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed.lastError).toMatch(/boom/);
    const [job] = await database.db.$queryRawUnsafe<{ wait: number; attempts: number }[]>(
      `SELECT extract(epoch FROM run_at - now())::float8 AS wait, attempts FROM graphile_worker._private_jobs`,
    );
    // exp(1) ≈ 2.7 s after the failure.
    expect(job?.attempts).toBe(1);
    expect(job?.wait).toBeGreaterThan(1.5);
    expect(job?.wait).toBeLessThan(2.8);
    await until(async () => (await row(id)).status === 'sent', { hurry: database.db });
    expect(await row(id)).toMatchObject({ attempts: 2, lastError: null, providerRef: 're_1' });
  });

  it('gives up at once when Resend refuses the email (422)', async () => {
    const api = await fakeResend({ fail: () => 422 });
    const trader = await createTrader(database.db);
    const id = (await fire(database.db, trader, ['email'])).deliveries.email as string;
    await deliveries(api);
    await until(async () => (await row(id)).status === 'failed', { hurry: database.db });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(api.requests).toHaveLength(1);
    expect(await row(id)).toMatchObject({ attempts: 1, providerRef: null });
    expect((await row(id)).lastError).toMatch(/Invalid `to` field/);
    expect(await queuedJobs(database.db)).toBe(0);
  });

  it('marks it failed after the last attempt', async () => {
    const api = await fakeResend({ fail: () => 500 });
    const trader = await createTrader(database.db);
    const id = (await fire(database.db, trader, ['email'], 3)).deliveries.email as string;
    await deliveries(api);
    await until(async () => (await row(id)).status === 'failed', { hurry: database.db });
    expect(api.requests).toHaveLength(3);
    expect(await row(id)).toMatchObject({ attempts: 3, status: 'failed' });
    expect(api.delivered).toHaveLength(0);
  });

  it('does not email an address that is not verified', async () => {
    const api = await fakeResend({});
    const trader = await createTrader(database.db, { email: null });
    const id = (await fire(database.db, trader, ['email'])).deliveries.email as string;
    await deliveries(api);
    await until(async () => (await row(id)).status === 'failed');
    expect((await row(id)).lastError).toBe('no verified email address');
    expect(api.requests).toHaveLength(0);
  });

  it('keeps an email single when the answer to a successful send is lost (kill-safety)', async () => {
    // Resend sends the email but the worker never learns it (the connection drops after the send,
    // as when the process dies between sending and recording): the retry carries the same
    // idempotency key, and Resend answers with the first email instead of sending another.
    const api = await fakeResend({ loseAnswer: (_key, n) => n === 1 });
    const trader = await createTrader(database.db);
    const id = (await fire(database.db, trader, ['email'])).deliveries.email as string;
    await deliveries(api);
    await until(async () => (await row(id)).status === 'sent', { hurry: database.db });
    expect(api.requests.map((r) => r.status)).toEqual([0, 200]);
    expect(api.delivered).toHaveLength(1);
    expect(await row(id)).toMatchObject({ attempts: 2, providerRef: api.delivered[0]?.id });
  });
});

describe('alert email to the local mailbox (offline)', () => {
  it('writes one mailbox email per delivery, even when the job runs again', async () => {
    const trader = await createTrader(database.db);
    const id = (await fire(database.db, trader, ['email'])).deliveries.email as string;
    await deliveries(null);
    await until(async () => (await row(id)).status === 'sent');
    // The same delivery queued again (e.g. a replayed job): nothing new in the mailbox.
    await database.db.alertDelivery.update({ where: { id }, data: { status: 'pending' } });
    await database.db.$executeRawUnsafe(
      `SELECT graphile_worker.add_job('deliver-alert', json_build_object('deliveryId', $1::text), job_key => $1::text)`,
      id,
    );
    await until(
      async () => (await row(id)).status === 'sent' && (await queuedJobs(database.db)) === 0,
    );
    const mails = await database.db.emailOutbox.findMany({
      where: { idempotencyKey: `alert-delivery/${id}` },
    });
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ transport: 'mailbox', status: 'sent', kind: 'alert' });
    expect((await row(id)).providerRef).toBe(mails[0]?.id);
  });

  it('shows the bar and fire times in the user’s time zone, with its offset', async () => {
    const trader = await createTrader(database.db);
    await database.db.userSettings.upsert({
      where: { userId: trader.userId },
      create: { userId: trader.userId, timeZone: 'Asia/Kolkata' },
      update: { timeZone: 'Asia/Kolkata' },
    });
    const { fireId, deliveries: d } = await fire(database.db, trader, ['email']);
    const id = d.email as string;
    await deliveries(null);
    await until(async () => (await row(id)).status === 'sent');
    const { barTime } = await database.db.alertFire.findUniqueOrThrow({ where: { id: fireId } });
    const mail = await database.db.emailOutbox.findFirstOrThrow({
      where: { idempotencyKey: `alert-delivery/${id}` },
    });
    // Bars in test-setup open at 10:xx UTC on 27 Nov 2026: 15:(xx+30) in Kolkata.
    const local = new Date(barTime.getTime() + 330 * 60_000);
    const hhmm = `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
    expect(mail.text).toContain(`Bar: 27 Nov 2026, ${hhmm} (UTC+05:30)`);
    expect(mail.text).toMatch(/Fired: \d{1,2} \w{3} \d{4}, \d{2}:\d{2} \(UTC\+05:30\)/);
  });
});
