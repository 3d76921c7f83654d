// The worker process itself (src/main.ts as a child process) against the exchange-sim at 600x
// speed with garbage and disorder switched on: killed with SIGKILL mid-stream and started again,
// it must leave every closed candle of the period in Postgres exactly once, as the sim served it.
// And started while a web process holds a chart of a market it is not configured for, it asks
// for, backfills and streams that market.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Interval } from '@coinview/core/interval';
import { PgBus } from '@coinview/db/bus';
import { type TestDatabase, createTestDatabase } from '@coinview/db/testing';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import {
  candleTopic,
  MARKET_INTEREST_SYNC_TOPIC,
  MARKET_INTEREST_TOPIC,
} from '@coinview/db/bus-topics';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MarketRef, expectComplete, newestClosed, sleep, until } from '../test/feed-harness';
import { PgCandleStore } from './adapters/candle-store';

const WORKER_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];
const INTERVALS: Interval[] = ['1m', '5m'];
const MARKETS: MarketRef[] = SYMBOLS.flatMap((symbol) =>
  INTERVALS.map((interval) => ({ symbol, interval })),
);

let sim: ExchangeSim;
let database: TestDatabase;
let store: PgCandleStore;
const children: ChildProcess[] = [];

beforeAll(async () => {
  [sim, database] = await Promise.all([
    startExchangeSim({
      speed: 600,
      tickMs: 20,
      logger: pino({ level: 'silent' }),
      faultSeed: 11,
      symbols: SYMBOLS,
    }),
    createTestDatabase(),
  ]);
  store = new PgCandleStore(database.db);
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await sim?.stop();
  await database?.cleanup();
});

interface Worker {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

function startWorker(): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: WORKER_DIR,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: database.url,
      BINANCE_WS_URL: sim.wsUrl,
      BINANCE_REST_URL: sim.restUrl,
      MARKET_SYMBOLS: SYMBOLS.join(','),
      MARKET_INTERVALS: INTERVALS.join(','),
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

/** Newest stored open time per market. */
async function storedThrough(): Promise<number[]> {
  return Promise.all(
    MARKETS.map(async (m) => (await store.lastOpenTime(m.symbol, m.interval)) ?? 0),
  );
}

/** Every market stored through the newest bar closed at sim time `at`. */
async function storedUpTo(at: number): Promise<boolean> {
  const newest = await storedThrough();
  return MARKETS.every((m, i) => newest[i]! >= newestClosed(at, m.interval));
}

describe('worker process', () => {
  it('keeps the candles table complete across a SIGKILL and a restart mid-stream', async () => {
    sim.faults.malformedRate = 0.05;
    sim.faults.outOfOrder = 0.1;

    const first = startWorker();
    // Running and storing live closes: several 1m bars past the moment it caught up.
    await until(() => storedUpTo(sim.now()), 30_000, 'the first worker to catch up').catch(
      (err: unknown) => {
        throw new Error(`${String(err)}\n${first.output.join('')}`);
      },
    );
    const liveFrom = sim.now();
    await until(() => storedUpTo(liveFrom + 5 * 60_000), 10_000, 'live closes');
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe(null);
    const killedAt = sim.now();
    await sleep(800); // eight 1m bars the dead worker never sees

    const second = startWorker();
    await until(
      () => storedUpTo(killedAt + 10 * 60_000),
      30_000,
      'the restarted worker to catch up',
    ).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${second.output.join('')}`);
    });
    const checkpoint = sim.now();
    await until(() => storedUpTo(checkpoint), 10_000, 'the checkpoint');
    second.child.kill('SIGTERM');
    expect(await second.exited, second.output.join('')).toBe(0);

    const rows = await expectComplete(database.db, sim, MARKETS, checkpoint);
    // The first start backfilled 999 closed bars per market; the rest came live or after the restart.
    expect(rows).toBeGreaterThan(4 * 999);
  }, 90_000);

  it('streams the markets open charts hold, asking web processes for them when it starts', async () => {
    sim.faults.reset();
    const web = new PgBus(database.url);
    try {
      // A web process with an ETHUSDT 3m chart open, between two heartbeats: only its answer to
      // the worker's sync request can tell the starting worker about it.
      const lease = {
        kind: 'lease',
        symbol: 'ETHUSDT',
        interval: '3m',
        instanceId: 'web-1',
        leaseMs: 60_000,
      };
      await web.subscribe(MARKET_INTEREST_SYNC_TOPIC, () => {
        void web.publish(MARKET_INTEREST_TOPIC, lease);
      });
      let updates = 0;
      await web.subscribe(candleTopic('ETHUSDT', '3m'), () => updates++);

      const worker = startWorker();
      await until(
        async () => ((await store.lastOpenTime('ETHUSDT', '3m')) ?? 0) > 0 && updates > 5,
        30_000,
        'ETHUSDT 3m backfilled and live',
      ).catch((err: unknown) => {
        throw new Error(`${String(err)}\n${worker.output.join('')}`);
      });
      const checkpoint = sim.now();
      await until(
        async () =>
          ((await store.lastOpenTime('ETHUSDT', '3m')) ?? 0) >= newestClosed(checkpoint, '3m'),
        10_000,
        'the checkpoint',
      );
      worker.child.kill('SIGTERM');
      expect(await worker.exited, worker.output.join('')).toBe(0);
      const rows = await expectComplete(
        database.db,
        sim,
        [{ symbol: 'ETHUSDT', interval: '3m' }],
        checkpoint,
      );
      expect(rows).toBeGreaterThanOrEqual(999); // the chart has its history
    } finally {
      await web.close();
    }
  }, 60_000);
});
