// The error shape a browser sees, through tRPC's real fetch handler: an internal error (here a
// real Prisma unique violation, whose text names the table, the query and the data) reaches the
// client as a generic sentence with an error id, and the log line with the full error carries the
// same id. Client errors keep their own message and field errors.
import { createTestDatabase, type TestDatabase } from '@coinview/db/testing';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

const logLines: Record<string, unknown>[] = [];
vi.mock('~/server/logger', () => ({
  logger: pino(
    { level: 'info' },
    { write: (line: string) => logLines.push(JSON.parse(line) as Record<string, unknown>) },
  ),
}));

const { createInnerTRPCContext, createTRPCRouter, protectedProcedure, publicProcedure } =
  await import('./trpc');
const { sessionFor } = await import('./testing');

let testDb: TestDatabase;
let userId: string;

const router = createTRPCRouter({
  duplicate: protectedProcedure.mutation(async ({ ctx }) => {
    await ctx.db.user.create({ data: { email: 'secret-address@example.test' } });
    await ctx.db.user.create({ data: { email: 'secret-address@example.test' } });
  }),
  echo: publicProcedure.input(z.object({ text: z.string().max(5) })).query(({ input }) => input),
});

async function call(path: string, init: { method: string; body?: string; query?: string }) {
  const url = `http://localhost/api/trpc/${path}${init.query ?? ''}`;
  const res = await fetchRequestHandler({
    endpoint: '/api/trpc',
    req: new Request(url, {
      method: init.method,
      body: init.body,
      headers: { 'content-type': 'application/json' },
    }),
    router,
    createContext: () =>
      createInnerTRPCContext({ db: testDb.db, session: sessionFor({ id: userId }) }),
  });
  return { status: res.status, text: await res.text() };
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  userId = (await testDb.db.user.create({ data: { email: 'owner@example.test' } })).id;
});
afterAll(async () => {
  await testDb?.cleanup();
});

describe('errors sent to the client', () => {
  it('an internal error is a generic message with an id; the log has the details and the id', async () => {
    const { status, text } = await call('duplicate', { method: 'POST', body: '{}' });
    expect(status).toBe(500);
    const body = JSON.parse(text) as {
      error: { json: { message: string; data: { errorId: string; code: string } } };
    };
    const { message, data } = body.error.json;
    expect(message).toMatch(/^Something went wrong on our side \(error id [0-9a-f]{12}\)\.$/);
    expect(message).toContain(data.errorId);
    expect(data.code).toBe('INTERNAL_SERVER_ERROR');
    for (const secret of ['prisma', 'Unique', 'secret-address', userId, 'stack', '.ts:'])
      expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
    const logged = logLines.find((line) => line.errorId === data.errorId);
    expect(logged).toMatchObject({ path: 'duplicate', msg: 'internal error' });
    expect(JSON.stringify(logged)).toMatch(/Unique constraint/i);
  });

  it('a client error keeps its message and field errors, without a stack', async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { text: 'too long' } }));
    const { status, text } = await call('echo', { method: 'GET', query: `?input=${input}` });
    expect(status).toBe(400);
    const body = JSON.parse(text) as {
      error: { json: { data: { zodError: { fieldErrors: Record<string, string[]> } } } };
    };
    expect(body.error.json.data.zodError.fieldErrors.text).toHaveLength(1);
    expect(text).not.toContain('"stack"');
  });

  it('refuses NUL characters and absurd nesting before any schema runs', async () => {
    const nul = encodeURIComponent(JSON.stringify({ json: { text: 'a\u0000' } }));
    const nulAnswer = await call('echo', { method: 'GET', query: `?input=${nul}` });
    expect(nulAnswer.status).toBe(400);
    expect(nulAnswer.text).toContain('Text cannot contain NUL characters.');
    let deep: unknown = 'x';
    for (let i = 0; i < 1000; i++) deep = [deep];
    const deepInput = encodeURIComponent(JSON.stringify({ json: { text: deep } }));
    const deepAnswer = await call('echo', { method: 'GET', query: `?input=${deepInput}` });
    expect(deepAnswer.status).toBe(400);
    expect(deepAnswer.text).toContain('The request is nested too deeply.');
  });
});
