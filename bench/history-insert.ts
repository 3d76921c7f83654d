// How fast history gets into Postgres: candles/s of the bulk path (COPY + INSERT … SELECT, used by
// `coinview history`) against the existing multi-row `upsertCandles` (unnest) and a Prisma upsert
// per row, all in one run on a fresh embedded Postgres with its default (durable) settings; then the
// end-to-end download rate from an exchange-sim (REST pages of 1000 + bulk insert).
//
//   pnpm --filter @coinview/bench exec tsx history-insert.ts [--rows 200000] [--prisma-rows 2000] [--download-bars 200000] [--repeats 3]
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runHistory } from '@coinview/cli/history';
import type { Candle } from '@coinview/core/candle';
import { upsertCandles } from '@coinview/db/candles';
import { copyCandles } from '@coinview/db/candles-bulk';
import { createDb, type Db } from '@coinview/db/client';
import { allowTraversal, startEmbeddedPostgres } from '@coinview/db/embedded';
import { migrate } from '@coinview/db/migrate';
import { BinanceRestClient, klinePages } from '@coinview/exchange/rest';
import { startExchangeSim } from '@coinview/exchange-sim/server';
import pg from 'pg';
import { pino } from 'pino';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '200000' },
    'prisma-rows': { type: 'string', default: '2000' },
    'download-bars': { type: 'string', default: '200000' },
    repeats: { type: 'string', default: '3' },
  },
});
const ROWS = Number(values.rows);
const PRISMA_ROWS = Number(values['prisma-rows']);
const DOWNLOAD_BARS = Number(values['download-bars']);
const MIN = 60_000;
const silent = pino({ level: 'silent' });

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const REPEATS = Number(values.repeats);

/**
 * Runs `work` REPEATS times (each after `prepare`) and prints the median and best rate: this
 * machine has 2 cores that other work may share, and the best run is the least disturbed one.
 */
async function measure(
  name: string,
  rows: number,
  prepare: () => Promise<unknown>,
  work: () => Promise<unknown>,
): Promise<void> {
  const rates: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    await prepare();
    const t0 = performance.now();
    await work();
    rates.push(rows / ((performance.now() - t0) / 1000));
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)]!;
  console.log(
    `${name.padEnd(62)} ${fmt(rows).padStart(9)} ${fmt(median).padStart(10)} ${fmt(rates.at(-1)!).padStart(10)}`,
  );
}

async function truncate(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('TRUNCATE "Candle"');
  await client.query('VACUUM ANALYZE "Candle"');
  await client.end();
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
  try {
    await migrate(server.url);
    db = createDb(server.url);
    // Real recorded market data, as the sim serves it: consecutive closed 1m bars up to now.
    const newest = Math.floor(sim.now() / MIN) * MIN - MIN;
    const bars = (n: number, symbol = 'BTCUSDT'): Candle[] =>
      Array.from(
        { length: n },
        (_, i) => sim.replay.bar(symbol, '1m', newest - (n - 1 - i) * MIN, sim.now()).candle,
      );
    const candles = bars(ROWS);
    console.log(
      `Postgres ${server.url.replace(/:[^:@/]+@/, ':***@')} (fresh cluster, default durable settings)`,
    );
    console.log(
      `node ${process.version}, ${ROWS} candles of BTCUSDT 1m, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}\n`,
    );

    const fresh = () => truncate(server.url);
    const filled = async () => {
      await truncate(server.url);
      await copyCandles(server.url, candles);
    };
    console.log(
      `${'candles/s (median, best of ' + REPEATS + ')'.padEnd(20)}`.padEnd(62),
      '     rows     median       best',
    );
    await measure(
      'prisma upsert, one row per statement (baseline)',
      PRISMA_ROWS,
      fresh,
      async () => {
        for (const c of candles.slice(0, PRISMA_ROWS)) {
          const row = {
            closeTime: new Date(c.closeTime),
            open: c.open,
            high: c.high,
            low: c.low,
            close: c.close,
            volume: c.volume,
            quoteVolume: c.quoteVolume,
            trades: c.trades,
            takerBuyBaseVolume: c.takerBuyBaseVolume,
            takerBuyQuoteVolume: c.takerBuyQuoteVolume,
          };
          const key = { symbol: c.symbol, interval: c.interval, openTime: new Date(c.openTime) };
          await db!.candle.upsert({
            where: { symbol_interval_openTime: key },
            create: { ...key, ...row },
            update: row,
          });
        }
      },
    );
    await measure('upsertCandles (multi-row unnest, 5,000 per statement), empty', ROWS, fresh, () =>
      upsertCandles(db!, candles),
    );
    await measure('upsertCandles, all rows already stored and identical', ROWS, filled, () =>
      upsertCandles(db!, candles),
    );
    await measure('copyCandles, one batch, empty table (direct COPY)', ROWS, fresh, () =>
      copyCandles(server.url, candles),
    );
    await measure(
      'copyCandles, all stored and identical (COPY + INSERT…SELECT)',
      ROWS,
      filled,
      () => copyCandles(server.url, candles),
    );
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    await measure(
      'copyCandles in batches of 50,000 (as history does), empty',
      ROWS,
      fresh,
      async () => {
        for (let i = 0; i < candles.length; i += 50_000)
          await copyCandles(client, candles.slice(i, i + 50_000));
      },
    );
    await client.end();

    // End to end: REST pages from the sim (same process, same 2 cores) into Postgres / a CSV.
    const from = newest - (DOWNLOAD_BARS - 1) * MIN;
    const rest = new BinanceRestClient({ baseUrl: sim.restUrl, logger: silent });
    const csvDir = await mkdtemp(path.join(tmpdir(), 'coinview-bench-csv-'));
    let n = 0;
    console.log('');
    await measure(
      'history ETHUSDT 1m: REST pages only (no writing)',
      DOWNLOAD_BARS,
      async () => undefined,
      async () => {
        for await (const page of klinePages(rest, 'ETHUSDT', '1m', {
          from,
          to: from + DOWNLOAD_BARS * MIN,
        }))
          void page;
      },
    );
    await measure(
      'history ETHUSDT 1m → Postgres (runHistory, empty table)',
      DOWNLOAD_BARS,
      fresh,
      () =>
        runHistory({
          symbol: 'ETHUSDT',
          interval: '1m',
          from,
          to: from + DOWNLOAD_BARS * MIN,
          databaseUrl: server.url,
          client: rest,
        }),
    );
    await measure(
      'history ETHUSDT 1m → CSV only (runHistory, new file)',
      DOWNLOAD_BARS,
      async () => undefined,
      () =>
        runHistory({
          symbol: 'ETHUSDT',
          interval: '1m',
          from,
          to: from + DOWNLOAD_BARS * MIN,
          csvPath: path.join(csvDir, `eth-${n++}.csv`),
          client: rest,
        }),
    );
    await rm(csvDir, { recursive: true, force: true });
    console.log(
      `\nload average at the end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await db?.$disconnect();
    await sim.stop();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
