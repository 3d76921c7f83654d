// The worker process (src/main.ts as a child, as in main.test.ts) with an RSI rule, against the
// exchange-sim at 600x speed: SIGKILLed while it evaluates and records fires, restarted after
// bars it never saw were traded, then stopped cleanly. The fires recorded across both runs must be
// exactly the crossings an offline RSI finds in the stored candles, none missing, none twice.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listCandles } from '@coinview/db/candles';
import { type TestDatabase, createTestDatabase } from '@coinview/db/testing';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newestClosed, sleep, until } from '../../../test/feed-harness';
import { PgCandleStore } from '../../adapters/candle-store';
import { createUser, firesOf, insertRule, offlineRsiCrossings, rsiCrossesBelow } from './testing';

const WORKER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

let sim: ExchangeSim;
let database: TestDatabase;
const children: ChildProcess[] = [];

beforeAll(async () => {
  [sim, database] = await Promise.all([
    startExchangeSim({
      speed: 600,
      tickMs: 20,
      logger: pino({ level: 'silent' }),
      symbols: ['BTCUSDT'],
    }),
    createTestDatabase(),
  ]);
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await sim?.stop();
  await database?.cleanup();
});

function startWorker() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: WORKER_DIR,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: database.url,
      BINANCE_WS_URL: sim.wsUrl,
      BINANCE_REST_URL: sim.restUrl,
      MARKET_SYMBOLS: 'BTCUSDT',
      MARKET_INTERVALS: '1m',
      // The sim runs ahead of the wall clock the worker judges "too old to alert" by.
      ALERT_CATCH_UP_MINUTES: '10080',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const output: string[] = [];
  child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, output, exited };
}

describe('rule engine across a worker crash', () => {
  it('records every crossing exactly once across a SIGKILL and a restart', async () => {
    const { db } = database;
    const store = new PgCandleStore(db);
    const stored = async () => (await store.lastOpenTime('BTCUSDT', '1m')) ?? 0;
    const userId = await createUser(db);
    const from = sim.now() - 6 * 3_600_000;
    const ruleId = await insertRule(db, {
      userId,
      definition: rsiCrossesBelow('BTCUSDT'),
      updatedAt: from,
    });

    const first = startWorker();
    const fail = (w: { output: string[] }) => (err: unknown) => {
      throw new Error(`${String(err)}\n${w.output.join('')}`);
    };
    // Killed as soon as it records its first fire: it is then still evaluating the stored
    // backfill, so bars stored before the crash were never evaluated.
    await until(async () => (await firesOf(db, ruleId)).length > 0, 30_000, 'a first fire').catch(
      fail(first),
    );
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe(null);
    const firedBeforeKill = (await firesOf(db, ruleId)).length;
    const killedAt = sim.now();
    await sleep(1_000); // ten 1m bars the dead worker never sees

    const second = startWorker();
    await until(
      async () => (await stored()) >= newestClosed(killedAt + 60 * 60_000, '1m'),
      30_000,
      'the restarted worker to catch up and run on',
    ).catch(fail(second));
    second.child.kill('SIGTERM'); // a clean stop evaluates every bar stored before it
    expect(await second.exited, second.output.join('')).toBe(0);

    const candles = await listCandles(db, { symbol: 'BTCUSDT', interval: '1m', limit: 100_000 });
    const expected = offlineRsiCrossings(candles)
      .filter((x) => x.openTime + 60_000 > from)
      .map((x) => x.openTime);
    const fires = await firesOf(db, ruleId);
    expect(fires.map((f) => f.barTime)).toEqual(expected);
    expect(fires.length).toBeGreaterThan(firedBeforeKill); // the restarted worker fired too
    // None twice: the rule counted each fire once, and each has exactly one in-app delivery.
    const rule = await db.alertRule.findUniqueOrThrow({ where: { id: ruleId } });
    expect(rule.fireCount).toBe(fires.length);
    const deliveries = await db.alertDelivery.groupBy({
      by: ['fireId'],
      where: { fire: { ruleId } },
      _count: true,
    });
    expect(deliveries).toHaveLength(fires.length);
    expect(deliveries.every((d) => d._count === 1)).toBe(true);
  }, 90_000);
});
