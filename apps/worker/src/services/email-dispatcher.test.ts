// Integration: real outbox in Postgres → EmailDispatcher → the real Resend SDK → a local fake of
// Resend's HTTP API on 127.0.0.1.
import { type IncomingHttpHeaders, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { enqueueEmail } from '@coinview/db/outbox';
import { type TestDatabase, createTestDatabase } from '@coinview/db/testing';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ResendMailer } from '../adapters/resend-mailer';
import { EmailDispatcher } from './email-dispatcher';

const silent = pino({ level: 'silent' });

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** Answers POST /emails with the next scripted response (then 200 with a fresh id). */
async function fakeResend(script: { status: number; body: unknown }[]) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: JSON.parse(raw || '{}') as Record<string, unknown>,
      });
      const next = script.shift() ?? { status: 200, body: { id: `re_${received.length}` } };
      res.writeHead(next.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(next.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let database: TestDatabase;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await database.db.emailOutbox.deleteMany();
});
afterAll(() => database?.cleanup());

const email = (key: string, transport: 'resend' | 'mailbox' = 'resend') => ({
  kind: 'alert',
  to: 'trader@example.test',
  from: 'Coinview <alerts@coinview.local>',
  subject: `Alert ${key}`,
  text: 'BTCUSDT crossed 100000',
  html: '<p>BTCUSDT crossed 100000</p>',
  idempotencyKey: key,
  transport,
});

async function dispatcher(apiUrl: string | undefined) {
  const d = new EmailDispatcher({
    db: database.db,
    mailer: apiUrl ? new ResendMailer({ apiKey: 're_test_key', baseUrl: apiUrl }) : undefined,
    logger: silent,
    defaultFrom: 'Coinview <alerts@coinview.local>',
    pollMs: 25,
    retryPolicy: { baseDelayMs: 100, maxAttempts: 4 },
  });
  await d.start();
  stops.push(() => d.stop());
  return d;
}

async function statusOf(idempotencyKey: string) {
  return database.db.emailOutbox.findUniqueOrThrow({ where: { idempotencyKey } });
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('EmailDispatcher', () => {
  it('retries a 500 and then sends exactly once, with the outbox idempotency key', async () => {
    const api = await fakeResend([
      { status: 500, body: { statusCode: 500, name: 'internal_server_error', message: 'boom' } },
    ]);
    stops.push(api.close);
    await enqueueEmail(database.db, email('alert:rule-1:bar-42'));
    await enqueueEmail(database.db, email('magic-link:1', 'mailbox'));
    await dispatcher(api.url);

    await until(async () => (await statusOf('alert:rule-1:bar-42')).status === 'sent');
    await new Promise((r) => setTimeout(r, 300)); // several more polls: nothing else goes out
    expect(api.received).toHaveLength(2);
    for (const request of api.received) {
      expect(request).toMatchObject({ method: 'POST', url: '/emails' });
      expect(request.headers['idempotency-key']).toBe('alert:rule-1:bar-42');
      expect(request.headers.authorization).toBe('Bearer re_test_key');
      expect(request.body).toMatchObject({
        from: 'Coinview <alerts@coinview.local>',
        to: 'trader@example.test',
        subject: 'Alert alert:rule-1:bar-42',
        text: 'BTCUSDT crossed 100000',
        html: '<p>BTCUSDT crossed 100000</p>',
      });
    }
    const row = await statusOf('alert:rule-1:bar-42');
    expect(row).toMatchObject({
      status: 'sent',
      providerMessageId: 're_2',
      attempts: 2,
      lastError: null,
    });
    expect((await statusOf('magic-link:1')).status).toBe('sent');
  });

  it('gives up at once on a validation error', async () => {
    const api = await fakeResend([
      {
        status: 422,
        body: { statusCode: 422, name: 'validation_error', message: 'Invalid `from` field.' },
      },
    ]);
    stops.push(api.close);
    await enqueueEmail(database.db, email('bad-from'));
    await dispatcher(api.url);
    await until(async () => (await statusOf('bad-from')).status === 'failed');
    await new Promise((r) => setTimeout(r, 200));
    expect(api.received).toHaveLength(1);
    expect((await statusOf('bad-from')).lastError).toMatch(/Invalid `from` field/);
  });

  it('stays idle without an API key', async () => {
    await enqueueEmail(database.db, email('waiting'));
    await dispatcher(undefined);
    await new Promise((r) => setTimeout(r, 150));
    expect(await statusOf('waiting')).toMatchObject({ status: 'pending', attempts: 0 });
  });
});
