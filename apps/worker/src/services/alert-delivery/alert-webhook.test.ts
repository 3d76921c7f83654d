// Integration: recordFire → graphile-worker → startAlertDeliveries → fetch → a webhook receiver on
// 127.0.0.1 that checks the signature the way a trader's bridge would.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type IncomingHttpHeaders, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PgBus } from '@coinview/db/bus';
import { type TestDatabase, createTestDatabase } from '@coinview/db/testing';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAlertDeliveries } from './start-alert-deliveries';
import { createTrader, fire, queuedJobs, until } from './test-setup';

const silent = pino({ level: 'silent' });

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

interface Hit {
  headers: IncomingHttpHeaders;
  raw: string;
  status: number;
}

/** Answers with the scripted statuses in turn (then 200); `hang` ms delays every answer. */
async function receiver(script: number[], hang = 0) {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const status = script.shift() ?? 200;
      hits.push({ headers: req.headers, raw, status });
      setTimeout(() => {
        res.writeHead(status, { 'content-type': 'text/plain' });
        res.end(status === 200 ? 'ok' : 'nope');
      }, hang);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stops.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, hits };
}

async function deliveries(webhookTimeoutMs?: number) {
  const runner = await startAlertDeliveries({
    connectionString: database.url,
    db: database.db,
    bus,
    email: { transport: 'mailbox', from: 'Coinview <alerts@coinview.local>' },
    logger: silent,
    pollInterval: 50,
    webhookTimeoutMs,
    // The receivers of this test listen on 127.0.0.1 (allowed outside production only).
    webhookPolicy: { allowLoopback: true },
  });
  stops.push(() => runner.stop());
}

const row = (id: string) => database.db.alertDelivery.findUniqueOrThrow({ where: { id } });

function signatureValid(hit: Hit, secret: string): boolean {
  // What a receiver does: HMAC over "<timestamp header>.<raw body>" with its secret.
  const timestamp = String(hit.headers['x-coinview-timestamp'] ?? '');
  if (!/^\d{10}$/.test(timestamp)) return false;
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${hit.raw}`).digest('hex')}`;
  const got = String(hit.headers['x-coinview-signature'] ?? '');
  return got.length === expected.length && timingSafeEqual(Buffer.from(got), Buffer.from(expected));
}

describe('alert webhook', () => {
  it('retries a failing receiver until it accepts, with a signed JSON body', async () => {
    const hook = await receiver([503, 500]);
    const trader = await createTrader(database.db, { webhookUrl: hook.url });
    const { fireId, deliveries: d } = await fire(database.db, trader, ['webhook']);
    const id = d.webhook as string;
    await deliveries();
    await until(async () => (await row(id)).status === 'sent', { hurry: database.db });

    expect(hook.hits.map((h) => h.status)).toEqual([503, 500, 200]);
    const stored = await database.db.alertFire.findUniqueOrThrow({ where: { id: fireId } });
    for (const hit of hook.hits) {
      expect(hit.headers['content-type']).toBe('application/json');
      expect(hit.headers['x-coinview-delivery']).toBe(id);
      expect(signatureValid(hit, trader.secret)).toBe(true);
      expect(signatureValid(hit, 'another secret')).toBe(false);
      expect(JSON.parse(hit.raw)).toEqual({
        alert: 'RSI oversold',
        alertId: trader.ruleId,
        fireId,
        symbol: 'BTCUSDT',
        interval: '1m',
        close: '91234.50000000',
        message: 'BTCUSDT RSI 14 crossed below 30',
        firedAt: stored.firedAt.toISOString(),
        barTime: stored.barTime.toISOString(),
        values: { 'RSI 14': 29.4, Value: 30 },
      });
    }
    expect(await row(id)).toMatchObject({ attempts: 3, providerRef: 'HTTP 200', lastError: null });
  });

  it('gives up at once on a 400 and does not call again', async () => {
    const hook = await receiver([400]);
    const trader = await createTrader(database.db, { webhookUrl: hook.url });
    const id = (await fire(database.db, trader, ['webhook'])).deliveries.webhook as string;
    await deliveries();
    await until(async () => (await row(id)).status === 'failed', { hurry: database.db });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(hook.hits).toHaveLength(1);
    expect(await row(id)).toMatchObject({
      attempts: 1,
      lastError: 'webhook answered HTTP 400: nope',
    });
    expect(await queuedJobs(database.db)).toBe(0);
  });

  it('retries a 429', async () => {
    const hook = await receiver([429]);
    const trader = await createTrader(database.db, { webhookUrl: hook.url });
    const id = (await fire(database.db, trader, ['webhook'])).deliveries.webhook as string;
    await deliveries();
    await until(async () => (await row(id)).status === 'sent', { hurry: database.db });
    expect(hook.hits.map((h) => h.status)).toEqual([429, 200]);
  });

  it('retries a receiver that does not answer in time, then gives up after the last attempt', async () => {
    const slow = await receiver([], 1_000);
    const trader = await createTrader(database.db, { webhookUrl: slow.url });
    const id = (await fire(database.db, trader, ['webhook'], 2)).deliveries.webhook as string;
    await deliveries(100);
    await until(async () => (await row(id)).status === 'failed', { hurry: database.db });
    expect(slow.hits).toHaveLength(2);
    expect(await row(id)).toMatchObject({
      attempts: 2,
      lastError: 'webhook request failed: no answer within 100 ms',
    });
  });

  it('fails permanently when the user has no webhook URL', async () => {
    const trader = await createTrader(database.db);
    const id = (await fire(database.db, trader, ['webhook'])).deliveries.webhook as string;
    await deliveries();
    await until(async () => (await row(id)).status === 'failed');
    expect(await row(id)).toMatchObject({ attempts: 1, lastError: 'no webhook URL configured' });
  });
});
