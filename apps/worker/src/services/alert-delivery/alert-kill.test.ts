// Kill-safety: a delivery process is SIGKILLed after Resend accepted the email but before the
// delivery was marked sent. The restarted process releases the dead worker's lock
// (releaseLocksAtStart; otherwise graphile-worker does it after 4 hours), retries the job, and
// Resend's idempotency key keeps the email single.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PgBus } from '@coinview/db/bus';
import { type TestDatabase, createTestDatabase } from '@coinview/db/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeResend, startFakeResend } from './fake-resend';
import { startAlertDeliveries } from './start-alert-deliveries';
import { createTrader, fire, until } from './test-setup';

let database: TestDatabase;
let api: FakeResend;
let child: ChildProcess | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  api = await startFakeResend({ holdAnswer: (_key, n) => n === 1 });
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await api?.close();
  await database?.cleanup();
});

function startProcess(): Promise<ChildProcess> {
  const script = fileURLToPath(new URL('./deliveries-process.ts', import.meta.url));
  const proc = spawn(process.execPath, ['--import', 'tsx', script, database.url, api.url], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`delivery process exited with ${code}`)));
    proc.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(proc);
    });
  });
}

it('sends one email when the process dies between sending and marking it sent', async () => {
  const trader = await createTrader(database.db);
  const id = (await fire(database.db, trader, ['email'])).deliveries.email as string;
  child = await startProcess();
  await until(() => api.delivered.length === 1, { timeoutMs: 20_000 });
  child.kill('SIGKILL');
  await new Promise((resolve) => child?.once('exit', resolve));

  // Killed mid-attempt: the email is out, the row still says pending, the job is locked by the
  // dead worker.
  expect(await database.db.alertDelivery.findUniqueOrThrow({ where: { id } })).toMatchObject({
    status: 'pending',
    providerRef: null,
  });
  const [locked] = await database.db.$queryRawUnsafe<{ n: number }[]>(
    'SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE locked_by IS NOT NULL',
  );
  expect(locked?.n).toBe(1);

  const bus = new PgBus(database.url);
  const runner = await startAlertDeliveries({
    connectionString: database.url,
    db: database.db,
    bus,
    email: {
      transport: 'resend',
      apiKey: 're_test_key',
      baseUrl: api.url,
      from: 'a@coinview.local',
    },
    logger: pino({ level: 'silent' }),
    pollInterval: 50,
    releaseLocksAtStart: true, // the restarted (only) delivery process takes the job back
  });
  try {
    await until(
      async () =>
        (await database.db.alertDelivery.findUniqueOrThrow({ where: { id } })).status === 'sent',
      { hurry: database.db },
    );
  } finally {
    await runner.stop();
    await bus.close();
  }
  expect(api.requests.map((r) => r.key)).toEqual([`alert-delivery/${id}`, `alert-delivery/${id}`]);
  expect(api.delivered).toHaveLength(1);
  expect(await database.db.alertDelivery.findUniqueOrThrow({ where: { id } })).toMatchObject({
    status: 'sent',
    attempts: 2,
    providerRef: api.delivered[0]?.id,
  });
});
