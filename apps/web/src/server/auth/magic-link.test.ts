import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '@coinview/db/client';
import { listMailbox } from '@coinview/db/outbox';
import { createTestDatabase } from '@coinview/db/testing';
import type { EmailConfig } from 'next-auth/providers/email';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuthConfig } from './config';
import { createLoginLimiter } from './login-limiter';
import { Pool } from 'pg';
import { sendMagicLink } from './magic-link';

let db: Db;
let pool: Pool;
let cleanup: () => Promise<void>;
const log = pino({ level: 'silent' });
const url = (token: string) =>
  `http://localhost:3000/api/auth/callback/email?callbackUrl=%2Fchart&token=${token}&email=trader%40example.com`;
const expires = () => new Date(Date.now() + 30 * 60_000);

beforeAll(async () => {
  const testDb = await createTestDatabase();
  db = testDb.db;
  pool = new Pool({ connectionString: testDb.url, max: 2 });
  cleanup = async () => {
    await pool.end();
    await testDb.cleanup();
  };
});
afterAll(async () => {
  await cleanup();
});
beforeEach(async () => {
  await db.emailOutbox.deleteMany();
  await db.user.deleteMany();
});

describe('magic link via the next-auth email provider', () => {
  it('writes the link to the local mailbox when Resend is not configured', async () => {
    const user = await db.user.create({ data: { email: 'trader@example.com' } });
    const config = createAuthConfig({
      db,
      limiter: createLoginLimiter(pool),
      secret: 'x'.repeat(32),
      emailFrom: 'Coinview <login@coinview.local>',
      magicLinks: true,
      log,
    });
    const provider = config.providers.find(
      (p) => typeof p !== 'function' && p.id === 'email',
    ) as EmailConfig;
    expect(provider.type).toBe('email');

    await provider.sendVerificationRequest({
      identifier: 'trader@example.com',
      url: url('tok-1'),
      token: 'tok-1',
      expires: expires(),
      provider,
      theme: {},
      request: new Request('http://localhost:3000/api/auth/signin/email'),
    });

    // The per-address limit is the signIn callback's (auth-flows.test.ts), not the sender's.
    const mailbox = await listMailbox(db, { limit: 10 });
    expect(mailbox).toHaveLength(1);
    const [mail] = mailbox;
    expect(mail).toMatchObject({
      to: 'trader@example.com',
      from: 'Coinview <login@coinview.local>',
      subject: 'Sign in to Coinview',
      kind: 'magic-link',
      transport: 'mailbox',
      status: 'sent',
      userId: user.id,
    });
    expect(mail?.text).toContain(url('tok-1'));
    // The HTML link must survive escaping as a working href.
    expect(mail?.html).toContain(`href="${url('tok-1').replace(/&/g, '&#38;')}"`);
  });

  it('does not duplicate a message when the same token is sent twice', async () => {
    const delivery = { db, from: 'login@coinview.local', log };
    const request = {
      identifier: 'new@example.com',
      url: url('tok-2'),
      token: 'tok-2',
      expires: expires(),
    };
    const first = await sendMagicLink(delivery, request);
    const second = await sendMagicLink(delivery, request);
    expect(second.id).toBe(first.id);
    const mailbox = await listMailbox(db, { limit: 10 });
    expect(mailbox).toHaveLength(1);
    expect(mailbox[0]?.userId).toBeNull(); // not registered yet: the link creates the account
  });
});

describe('magic link through Resend', () => {
  let server: Server;
  let baseUrl: string;
  let requests: Array<{
    path: string;
    headers: IncomingHttpHeaders;
    body: Record<string, unknown>;
  }>;
  let fail = false;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        requests.push({
          path: req.url ?? '',
          headers: req.headers,
          body: JSON.parse(raw || '{}') as Record<string, unknown>,
        });
        res.setHeader('content-type', 'application/json');
        if (fail) {
          res.statusCode = 500;
          res.end(
            JSON.stringify({ name: 'internal_server_error', message: 'boom', statusCode: 500 }),
          );
        } else {
          res.end(JSON.stringify({ id: `resend-${requests.length}` }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    requests = [];
    fail = false;
  });

  it('sends at once with the outbox key as idempotency key and marks the row sent', async () => {
    const { id } = await sendMagicLink(
      { db, from: 'login@coinview.example', resend: { apiKey: 're_test', baseUrl }, log },
      { identifier: 'trader@example.com', url: url('tok-3'), token: 'tok-3', expires: expires() },
    );
    const row = await db.emailOutbox.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({
      transport: 'resend',
      status: 'sent',
      providerMessageId: 'resend-1',
    });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.path).toBe('/emails');
    expect(requests[0]?.headers['idempotency-key']).toBe(row.idempotencyKey);
    expect(requests[0]?.headers.authorization).toBe('Bearer re_test');
    expect(requests[0]?.body).toMatchObject({
      to: 'trader@example.com',
      subject: 'Sign in to Coinview',
    });
    // Resend messages are not in the local mailbox.
    expect(await listMailbox(db, { limit: 10 })).toHaveLength(0);
  });

  it('leaves the row pending for the dispatcher when Resend fails', async () => {
    fail = true;
    const { id } = await sendMagicLink(
      { db, from: 'login@coinview.example', resend: { apiKey: 're_test', baseUrl }, log },
      { identifier: 'trader@example.com', url: url('tok-4'), token: 'tok-4', expires: expires() },
    );
    expect(requests.length).toBeGreaterThanOrEqual(1);
    const row = await db.emailOutbox.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ transport: 'resend', status: 'pending', providerMessageId: null });
  });
});

describe('magic links when they cannot reach anyone', () => {
  it('has no email provider: next-auth refuses to issue a link, not only the form', () => {
    const config = createAuthConfig({
      db,
      limiter: createLoginLimiter(pool),
      secret: 'x'.repeat(32),
      emailFrom: 'Coinview <login@coinview.local>',
      magicLinks: false,
      log,
    });
    const ids = config.providers.map((p) => (typeof p === 'function' ? p().id : p.id));
    expect(ids).toEqual(['credentials']);
  });
});
