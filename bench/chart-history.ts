// How long it takes to serve 5,000 candles to the chart: the market.candles procedure (database
// query, gap check, bars packed in typed-array columns) with superjson serialisation, through
// createCaller and over HTTP (tRPC's standalone adapter with the app's router, and the browser's
// batch-stream link), next to baselines measured in the same run: a naive Prisma findMany (Decimal
// objects), the same page as an array of bar objects (the previous wire format), and five pages of
// 1,000. Also the cold case: 5,000 bars the database does not hold, filled from exchange-sim.
//
//   pnpm --filter @coinview/bench exec tsx --tsconfig ../apps/web/tsconfig.json chart-history.ts [--runs 30] [--bars 5000]
//
// (--tsconfig: the web app's modules, imported from its source as the app has no package exports,
// reach each other through its `~/` path alias.)
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Candle, type ChartBar, toChartBar } from '@coinview/core/candle';
import { type ChartColumns, columnsToBars } from '@coinview/core/chart-columns';
import { barOpenTime } from '@coinview/core/interval';
import { listCandles, upsertCandles } from '@coinview/db/candles';
import { createDb, type Db } from '@coinview/db/client';
import { allowTraversal, startEmbeddedPostgres } from '@coinview/db/embedded';
import { migrate } from '@coinview/db/migrate';
import { BinanceRestClient } from '@coinview/exchange/rest';
import { startExchangeSim } from '@coinview/exchange-sim/server';
import { createTRPCClient, httpBatchStreamLink } from '@trpc/client';
import { createHTTPServer } from '@trpc/server/adapters/standalone';
import pg from 'pg';
import { pino } from 'pino';
import superjson from 'superjson';
import { createMarketRouter } from '../apps/web/src/server/api/routers/market';
import {
  createCallerFactory,
  createInnerTRPCContext,
  createTRPCRouter,
} from '../apps/web/src/server/api/trpc';
import { CandleHistory } from '../apps/web/src/server/market/candle-history';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '30' }, bars: { type: 'string', default: '5000' } },
});
const RUNS = Number(values.runs);
const BARS = Number(values.bars);
const STORED = 4 * BARS;
const PAGE = 1000;
const MIN = 60_000;
const silent = pino({ level: 'silent' });

interface Case {
  section: string;
  name: string;
  /** Returns the serialised size in bytes when it measures one. */
  work: () => Promise<number | void>;
  times: number[];
  bytes?: number;
}
const cases: Case[] = [];
let section = '';

function add(name: string, work: () => Promise<number | void>): void {
  cases.push({ section, name, work, times: [] });
}

/**
 * Warms every case up (3 runs), then runs RUNS rounds of all cases in turn: on a shared machine a
 * burst of load then hits every case alike instead of whichever happened to be running.
 */
async function runCases(): Promise<void> {
  for (const c of cases) for (let i = 0; i < 3; i++) c.bytes = (await c.work()) ?? undefined;
  for (let round = 0; round < RUNS; round++) {
    for (const c of cases) {
      const t0 = performance.now();
      await c.work();
      c.times.push(performance.now() - t0);
    }
  }
  let current = '';
  for (const c of cases) {
    if (c.section !== current) console.log(`\n${(current = c.section)}`);
    report(c.name, c.times, c.bytes);
  }
}

function report(name: string, times: number[], bytes?: number): void {
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
  const size = bytes === undefined ? '' : `  ${(bytes / 1024).toFixed(0).padStart(5)} KiB`;
  console.log(
    `${name.padEnd(66)} median ${median.toFixed(2).padStart(7)} ms   p95 ${p95.toFixed(2).padStart(7)} ms${size}`,
  );
}

/** Bars (or their time column) are `count` consecutive minutes: every case serves the same thing. */
function check(page: readonly ChartBar[] | ChartColumns, count: number): void {
  const times = 'time' in page ? page.time : page.map((b) => b.time);
  if (times.length !== count) throw new Error(`expected ${count} bars, got ${times.length}`);
  for (let i = 1; i < times.length; i++) {
    if (times[i]! - times[i - 1]! !== 60) throw new Error(`gap after ${times[i - 1]}`);
  }
}

/** `count` closed 1m bars before `before` as the exchange serves them, oldest first. */
async function exchangeBars(
  rest: BinanceRestClient,
  before: number,
  count: number,
): Promise<Candle[]> {
  const out: Candle[] = [];
  let end = before - 1;
  while (out.length < count) {
    const page = await rest.klines('BTCUSDT', '1m', {
      endTime: end,
      limit: Math.min(PAGE, count - out.length),
    });
    out.unshift(...page);
    end = page[0]!.openTime - 1;
  }
  return out;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'coinview-bench-pg-'));
  await allowTraversal(dir);
  const server = await startEmbeddedPostgres({
    dataDir: dir,
    port: 55_000 + Math.floor(Math.random() * 5000),
    database: 'bench',
  });
  const sim = await startExchangeSim({ port: 0, logger: silent });
  let db: Db | undefined;
  let http: ReturnType<typeof createHTTPServer> | undefined;
  try {
    await migrate(server.url);
    db = createDb(server.url);
    const rest = new BinanceRestClient({ baseUrl: sim.restUrl, logger: silent });
    const end = barOpenTime(sim.now(), '1m');
    await upsertCandles(db, await exchangeBars(rest, end, STORED));

    // The app's market router; its history is the stored bars, with "now" at their end, and an
    // exchange that must never be asked (any call would show in the figures as an error).
    const history = new CandleHistory({
      exchange: {
        klines: () => Promise.reject(new Error('warm bench: the exchange must not be called')),
      },
      now: () => end,
    });
    const router = createTRPCRouter({
      market: createMarketRouter({
        getBus: () => Promise.reject(new Error('no live updates in this bench')),
        getHistory: () => history,
        // The bench serves history only; no live subscription holds a market.
        getInterest: () => ({ hold: () => () => undefined }),
      }),
    });
    const session = {
      user: { id: 'bench', email: 'bench@example.test', name: null },
      expires: new Date(Date.now() + 864e5).toISOString(),
    };
    const ctx = createInnerTRPCContext({ db, session });
    const caller = createCallerFactory(router)(ctx);

    http = createHTTPServer({ router, createContext: () => ctx });
    await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const client = createTRPCClient<typeof router>({
      links: [httpBatchStreamLink({ url, transformer: superjson })],
    });

    console.log(
      `Postgres (embedded, fresh cluster), ${STORED.toLocaleString('en-US')} stored BTCUSDT 1m candles; node ${process.version}`,
    );
    console.log(
      `Serving ${BARS.toLocaleString('en-US')} candles; ${RUNS} interleaved rounds after 3 warm-ups`,
    );
    section = 'market.candles, 5,000 bars in one call';
    const input = { symbol: 'BTCUSDT', interval: '1m' as const, limit: BARS };

    add('listCandles only (SQL, decimal strings)', async () => {
      const rows = await listCandles(db!, { symbol: 'BTCUSDT', interval: '1m', limit: BARS });
      if (rows.length !== BARS) throw new Error('short read');
    });
    add('market.candles via createCaller (walk + chart bars)', async () => {
      check((await caller.market.candles(input)).bars, BARS);
    });
    add('market.candles via createCaller + superjson.stringify', async () => {
      const page = await caller.market.candles(input);
      check(page.bars, BARS);
      return superjson.stringify(page).length;
    });
    add('market.candles over HTTP (tRPC batch-stream link, superjson)', async () => {
      check((await client.market.candles.query(input)).bars, BARS);
    });
    add('  the same + unpacking to bar objects for the chart', async () => {
      const bars = columnsToBars((await client.market.candles.query(input)).bars);
      check(bars, BARS);
    });

    section = 'Baselines';
    const raw = new pg.Client({ connectionString: server.url });
    await raw.connect();
    add("for scale: listCandles' SQL through node-postgres directly", async () => {
      const { rows } = await raw.query(
        `SELECT (extract(epoch FROM "openTime") * 1000)::bigint::text AS open_time, "open"::text, "high"::text,
                "low"::text, "close"::text, "volume"::text, "quoteVolume"::text, "trades",
                "takerBuyBaseVolume"::text, "takerBuyQuoteVolume"::text, "closeTime"
         FROM "Candle" WHERE "symbol" = $1 AND "interval" = $2 ORDER BY "openTime" DESC LIMIT $3`,
        ['BTCUSDT', '1m', BARS],
      );
      if (rows.length !== BARS) throw new Error('short read');
    });
    add('naive Prisma findMany (Decimal objects) + chart bars + superjson', async () => {
      const rows = await db!.candle.findMany({
        where: { symbol: 'BTCUSDT', interval: '1m' },
        orderBy: { openTime: 'desc' },
        take: BARS,
      });
      const bars = rows.reverse().map((r) =>
        toChartBar({
          openTime: r.openTime.getTime(),
          open: r.open.toString(),
          high: r.high.toString(),
          low: r.low.toString(),
          close: r.close.toString(),
          volume: r.volume.toString(),
        }),
      );
      check(bars, BARS);
      return superjson.stringify({ bars, hasMore: true }).length;
    });
    add('market.candles via createCaller, bars as objects + superjson', async () => {
      const page = await caller.market.candles(input);
      const asObjects = { bars: columnsToBars(page.bars), hasMore: page.hasMore };
      check(asObjects.bars, BARS);
      return superjson.stringify(asObjects).length;
    });
    add(
      `${BARS / PAGE} pages of ${PAGE} via createCaller + superjson, one after another`,
      async () => {
        let before: number | undefined;
        const bars: ChartBar[] = [];
        let bytes = 0;
        for (let i = 0; i < BARS / PAGE; i++) {
          const page = await caller.market.candles({ ...input, limit: PAGE, before });
          bytes += superjson.stringify(page).length;
          bars.unshift(...columnsToBars(page.bars));
          before = page.bars.time[0]! * 1000;
        }
        check(bars, BARS);
        return bytes;
      },
    );
    add(`${BARS / PAGE} pages of ${PAGE} over HTTP, one after another`, async () => {
      let before: number | undefined;
      const bars: ChartBar[] = [];
      for (let i = 0; i < BARS / PAGE; i++) {
        const page = await client.market.candles.query({ ...input, limit: PAGE, before });
        bars.unshift(...columnsToBars(page.bars));
        before = page.bars.time[0]! * 1000;
      }
      check(bars, BARS);
    });

    await runCases();
    await raw.end();

    console.log(
      '\nCold: none of the bars stored, filled from exchange-sim (REST pages of 1000 + upsert)',
    );
    const cold = new CandleHistory({ exchange: rest, now: () => end });
    let before = end - STORED * MIN; // older than anything stored
    const coldTimes: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      const page = await cold.page(db, { symbol: 'BTCUSDT', interval: '1m', before, limit: BARS });
      coldTimes.push(performance.now() - t0);
      check(page.candles.map(toChartBar), BARS);
      if (page.fetched !== BARS) throw new Error(`expected ${BARS} fetched, got ${page.fetched}`);
      before = page.candles[0]!.openTime;
    }
    report(
      `CandleHistory.page, ${BARS.toLocaleString('en-US')} bars, empty range (sim on localhost)`,
      coldTimes,
    );
  } finally {
    http?.close();
    await db?.$disconnect();
    await sim.stop();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
