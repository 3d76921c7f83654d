// Kill-safety: the worker is SIGKILLed after the exchange accepted an order but before its answer
// arrived (exchange-sim holds the answer). The restarted executor releases the dead worker's lock,
// finds the order by its client id instead of sending it again, and records it: exactly one order
// on the exchange and in the history.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type TestDatabase, createTestDatabase } from '@coinview/db/testing';
import { type ExchangeSim, DEMO_API_KEY, startExchangeSim } from '@coinview/exchange-sim/server';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { until } from '../alert-delivery/test-setup';
import { createSimTrader, secretBoxKey, startExecutor, ticket } from './test-trading';

let database: TestDatabase;
let sim: ExchangeSim;
let child: ChildProcess | undefined;

beforeAll(async () => {
  [database, sim] = await Promise.all([
    createTestDatabase(),
    startExchangeSim({ symbols: ['BTCUSDT'], logger: pino({ level: 'silent' }) }),
  ]);
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await sim?.stop();
  await database?.cleanup();
});

function startProcess(): Promise<ChildProcess> {
  const script = fileURLToPath(new URL('./executor-process.ts', import.meta.url));
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', script, database.url, sim.restUrl, secretBoxKey],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`executor process exited with ${code}`)));
    proc.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(proc);
    });
  });
}

it('places one order when the worker dies between sending it and hearing the answer', async () => {
  const trader = await createSimTrader(database.db);
  const id = await ticket(database.db, trader, { quantity: '0.002' });
  const placedBefore = sim.exchange.placedCount;
  sim.faults.orders = { delayMs: 60_000 }; // the order is placed; its answer waits a minute
  child = await startProcess();
  await until(() => sim.exchange.placedCount === placedBefore + 1, { timeoutMs: 30_000 });
  child.kill('SIGKILL');
  await new Promise((resolve) => child?.once('exit', resolve));
  sim.faults.orders = null;

  // Killed mid-attempt: the order is on the exchange, the history still says PENDING with one
  // attempt, and the job is locked by the dead worker.
  const before = await database.db.order.findUniqueOrThrow({ where: { id } });
  expect(before).toMatchObject({ status: 'PENDING', attempts: 1, exchangeOrderId: null });
  const [locked] = await database.db.$queryRawUnsafe<{ n: number }[]>(
    'SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE locked_by IS NOT NULL',
  );
  expect(locked?.n).toBe(1);

  const runner = await startExecutor({
    url: database.url,
    db: database.db,
    restUrl: sim.restUrl,
    logger: pino({ level: 'silent' }),
    releaseLocksAtStart: true, // the restarted (only) worker takes the job back
  });
  try {
    await until(
      async () =>
        (await database.db.order.findUniqueOrThrow({ where: { id } })).status === 'FILLED',
      { timeoutMs: 30_000 },
    );
  } finally {
    await runner.stop();
  }
  const after = await database.db.order.findUniqueOrThrow({ where: { id } });
  const onSim = sim.exchange.get(DEMO_API_KEY, 'BTCUSDT', { clientOrderId: after.clientOrderId });
  expect(sim.exchange.placedCount - placedBefore).toBe(1);
  expect(after.exchangeOrderId).toBe(String(onSim.orderId));
  expect(after.executedQty.toFixed()).toBe('0.002');
  expect(await database.db.order.count({ where: { userId: trader.userId } })).toBe(1);
}, 90_000);
