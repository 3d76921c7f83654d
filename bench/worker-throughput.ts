// How many kline messages per second the worker's market feed takes, per core, against the
// baseline of Binance's real rate for a full connection of 1024 kline streams (each pushes an
// update every 2 s, web-socket-streams.md: 1024 / 2 = 512 msg/s; bar closes add ~1/min per 1m
// stream, under 4% more).
//
//   1. parse only: JSON + zod validation + consistency checks of real frames (parseStreamFrame)
//   2. parse + apply + publish without I/O: MarketSync ordering/dedupe with a no-op store and
//      publisher, one update per market per tick as the exchange sends them, each one published
//   3. the same with the real sinks: closes upserted into Postgres, a NOTIFY per update
//   4. end to end: exchange-sim in its own process at full speed (every stream updated each ms,
//      2 symbols × 15 intervals = 30 streams) → WebSocket → MarketFeed → Postgres upserts of closes
//      + a NOTIFY per published update, on a fresh embedded Postgres with durable settings.
//      Worker CPU is this process's (the sim and Postgres run in other processes).
//
//   pnpm --filter @coinview/bench exec tsx worker-throughput.ts [--seconds 10] [--speed 60]
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { klineEventToCandle, candleToKlineEvent, klineStreamName } from '@coinview/core/binance';
import { INTERVALS, barOpenTime } from '@coinview/core/interval';
import type { EventPublisher } from '@coinview/core/ports';
import { PgBus } from '@coinview/db/bus';
import { createDb } from '@coinview/db/client';
import { allowTraversal, startEmbeddedPostgres } from '@coinview/db/embedded';
import { migrate } from '@coinview/db/migrate';
import { BinanceRestClient } from '@coinview/exchange/rest';
import { startExchangeSim } from '@coinview/exchange-sim/server';
import { type CandleStore, PgCandleStore } from '@coinview/worker/candle-store';
import { MarketFeed } from '@coinview/worker/market-feed';
import { type KlineRest, MarketSync } from '@coinview/worker/market-sync';
import { parseStreamFrame } from '@coinview/worker/stream-frame';
import { pino } from 'pino';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    speed: { type: 'string', default: '60' },
  },
});
const SECONDS = Number(values.seconds);
const SPEED = Number(values.speed);
const BINANCE_RATE = 1024 / 2;
const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];
const MARKETS = SYMBOLS.flatMap((symbol) => INTERVALS.map((interval) => ({ symbol, interval })));
const silent = pino({ level: 'silent' });
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const row = (name: string, rate: number, extra = '') =>
  console.log(
    `${name.padEnd(58)} ${fmt(rate).padStart(10)} msg/s  ${(rate / BINANCE_RATE).toFixed(0).padStart(5)}× Binance  ${extra}`,
  );

/** Realistic frames: every market's update every 2 s of exchange time, a bar's close first when it ends. */
async function recordedFrames(ticks: number): Promise<string[]> {
  const sim = await startExchangeSim({ port: 0, logger: silent, symbols: SYMBOLS });
  try {
    const start = sim.now() - ticks * 2_000;
    const lastOpen = new Map<string, number>();
    const frames: string[] = [];
    for (let i = 0; i < ticks; i++) {
      const at = start + i * 2_000;
      for (const { symbol, interval } of MARKETS) {
        const stream = klineStreamName(symbol, interval);
        const open = barOpenTime(at, interval);
        const previous = lastOpen.get(stream);
        const frame = (openTime: number) =>
          JSON.stringify({
            stream,
            data: candleToKlineEvent(sim.replay.bar(symbol, interval, openTime, at).candle, at),
          });
        if (previous !== undefined && previous < open) frames.push(frame(previous));
        lastOpen.set(stream, open);
        frames.push(frame(open));
      }
    }
    return frames;
  } finally {
    await sim.stop();
  }
}

function parseOnly(frames: string[]): number {
  let n = 0;
  let valid = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 3_000) {
    for (const f of frames) if (parseStreamFrame(f)?.kind === 'kline') valid++;
    n += frames.length;
  }
  if (valid !== n) throw new Error(`only ${valid} of ${n} frames parsed`);
  return n / ((performance.now() - t0) / 1000);
}

interface Sinks {
  store: CandleStore;
  publisher: EventPublisher;
}

/**
 * Feeds the recorded frames through one MarketSync per market, a tick's frames at a time (one
 * update per market, as they arrive from the exchange), waiting for each tick to be fully stored
 * and published: no conflation, every update goes out.
 */
async function pipeline(
  frames: string[],
  sinks?: Sinks,
): Promise<{ rate: number; published: number }> {
  const abort = new AbortController();
  const rest: KlineRest = { serverTime: async () => 0, klines: async () => [] };
  let published = 0;
  const deps = {
    store: sinks?.store ?? {
      lastOpenTime: async () => undefined,
      upsert: async (c: readonly unknown[]) => c.length,
    },
    rest,
    publisher: {
      publish: async (topic: string, payload: unknown) => {
        await sinks?.publisher.publish(topic, payload);
        published++;
      },
    },
    logger: silent,
    initialBars: 0,
    maxBackfillBars: 1,
    retry: { minMs: 10, maxMs: 10 },
    maxBuffered: 10_000,
    signal: abort.signal,
  };
  const markets = new Map(
    MARKETS.map((m) => [
      klineStreamName(m.symbol, m.interval),
      new MarketSync(m.symbol, m.interval, deps),
    ]),
  );
  for (const m of markets.values()) m.connect();
  await Promise.all([...markets.values()].map((m) => m.settled()));
  let n = 0;
  const t0 = performance.now();
  for (let i = 0; i < frames.length; i += MARKETS.length) {
    for (const text of frames.slice(i, i + MARKETS.length)) {
      const frame = parseStreamFrame(text);
      if (frame?.kind !== 'kline') continue;
      markets
        .get(frame.stream)!
        .push({ candle: klineEventToCandle(frame.event), eventTime: frame.event.E });
      n++;
    }
    await Promise.all([...markets.values()].map((m) => m.settled()));
  }
  const rate = n / ((performance.now() - t0) / 1000);
  abort.abort();
  await Promise.all([...markets.values()].map((m) => m.dispose()));
  return { rate, published };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

async function startSimProcess(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: path.join(REPO, 'apps', 'exchange-sim'),
    env: {
      PATH: process.env.PATH,
      SIM_PORT: String(port),
      SIM_SPEED: String(SPEED),
      SIM_TICK_MS: '1',
      SIM_SYMBOLS: SYMBOLS.join(','),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/v3/ping`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the sim did not start');
}

async function endToEnd(frames: string[]): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'coinview-bench-pg-'));
  await allowTraversal(dir);
  const pg = await startEmbeddedPostgres({
    dataDir: dir,
    port: await freePort(),
    database: 'bench',
  });
  const simPort = await freePort();
  const sim = await startSimProcess(simPort);
  const db = createDb(pg.url);
  const bus = new PgBus(pg.url);
  let notifies = 0;
  const feed = new MarketFeed({
    store: new PgCandleStore(db),
    publisher: {
      publish: async (topic, payload) => {
        await bus.publish(topic, payload);
        notifies++;
      },
    },
    rest: new BinanceRestClient({ baseUrl: `http://127.0.0.1:${simPort}` }),
    wsUrl: `ws://127.0.0.1:${simPort}`,
    markets: MARKETS,
    logger: silent,
    initialBackfillBars: 100,
  });
  try {
    await migrate(pg.url);
    const direct = await pipeline(frames, { store: new PgCandleStore(db), publisher: bus });
    row(
      'parse + order/dedupe + upsert closes + NOTIFY every update',
      direct.rate,
      `${fmt(direct.published)} NOTIFYs, Postgres on this machine`,
    );
    await db.$executeRaw`TRUNCATE "Candle"`;

    await feed.start();
    const t = Date.now();
    while (!MARKETS.every((m) => feed.market(m.symbol, m.interval)?.live)) {
      if (Date.now() - t > 30_000) throw new Error('the feed did not go live');
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 2_000)); // warm-up
    const before = { ...feed.stats, notifies, cpu: process.cpuUsage(), at: performance.now() };
    await new Promise((r) => setTimeout(r, SECONDS * 1_000));
    const after = {
      ...feed.stats,
      notifies,
      cpu: process.cpuUsage(before.cpu),
      at: performance.now(),
    };
    const wall = (after.at - before.at) / 1000;
    const cpu = (after.cpu.user + after.cpu.system) / 1e6;
    const received = after.events - before.events;
    console.log(
      `\nend to end against the sim (speed ${SPEED}, tick 1 ms, ${MARKETS.length} streams), ${SECONDS} s:`,
    );
    row(
      '  received, parsed and applied (wall clock)',
      received / wall,
      `${fmt(received)} msgs, ${((cpu / wall) * 100).toFixed(0)}% of a core`,
    );
    row('  per core (messages per CPU-second of the worker)', received / cpu);
    console.log(
      `  published (NOTIFY) ${fmt((after.notifies - before.notifies) / wall)}/s, conflated ${fmt((after.conflated - before.conflated) / wall)}/s, ` +
        `closes stored ${fmt(after.stored - before.stored)}, stale ${fmt(after.stale - before.stale)}, malformed ${after.malformed - before.malformed}`,
    );
  } finally {
    await feed.stop();
    await bus.close();
    await db.$disconnect();
    sim.kill('SIGTERM');
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

const frames = await recordedFrames(2_000);
console.log(
  `node ${process.version}, ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)}`,
);
console.log(
  `${fmt(frames.length)} recorded kline frames of ${MARKETS.length} streams; baseline: Binance, 1024 kline streams = ${BINANCE_RATE} msg/s\n`,
);
row('parse only (JSON + zod + consistency), one core', parseOnly(frames));
const noIo = await pipeline(frames);
row(
  'parse + order/dedupe + publish, no I/O, one core',
  noIo.rate,
  `${fmt(noIo.published)} published`,
);
await endToEnd(frames);
