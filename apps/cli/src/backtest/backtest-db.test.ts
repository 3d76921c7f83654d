// `coinview backtest --symbol`: a child process against a real exchange-sim and a real Postgres.
// Part of the range is stored beforehand; the run downloads only the rest, then reads every bar
// of the range from Postgres, and its JSON equals core's runBacktest over those stored bars.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBacktest } from '@coinview/core/backtest/engine';
import { toChartBar } from '@coinview/core/candle';
import { barOpenTimes } from '@coinview/core/interval';
import { listCandles, upsertCandles } from '@coinview/db/candles';
import { createTestDatabase, type TestDatabase } from '@coinview/db/testing';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/run-cli';
import type { BacktestJson } from './backtest-json';
import { loadStrategy } from './load-strategy';

const HOUR = 3_600_000;
const ANCHOR = Date.UTC(2031, 5, 1);
const NOW = ANCHOR + 400 * 24 * HOUR + 17 * 60_000;
const FROM = Date.UTC(2032, 4, 1); // 2032-05-01T00:00Z, before NOW
const TO = FROM + 1200 * HOUR; // 1,200 hourly bars
const silent = pino({ level: 'silent' });
const here = path.dirname(fileURLToPath(import.meta.url));
const strategyFile = path.resolve(here, '../../../../examples/strategies/sma-10-30-cross.json');

let sim: ExchangeSim;
let database: TestDatabase;
let dir: string;

beforeAll(async () => {
  sim = await startExchangeSim({
    port: 0,
    clock: { now: () => 1 },
    startTime: NOW,
    anchor: ANCHOR,
    logger: silent,
  });
  database = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'coinview-backtest-db-'));
});
afterAll(async () => {
  await sim.stop();
  await database.cleanup();
  await rm(dir, { recursive: true, force: true });
});

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);

describe('coinview backtest --symbol', () => {
  it('downloads the missing bars, runs over the stored range and writes JSON and HTML', async () => {
    expect(NOW).toBeGreaterThan(TO);
    const openTimes = barOpenTimes(FROM, TO - 1, '1h');
    expect(openTimes).toHaveLength(1200);
    // The first 500 bars are already stored.
    await upsertCandles(
      database.db,
      openTimes.slice(0, 500).map((t) => sim.replay.bar('BTCUSDT', '1h', t, NOW).candle),
    );
    const json = path.join(dir, 'run.json');
    const html = path.join(dir, 'run.html');
    const run = runCli(
      [
        'backtest',
        '--strategy',
        strategyFile,
        '--symbol',
        'btcusdt',
        '--interval',
        '1h',
        '--from',
        iso(FROM),
        '--to',
        iso(TO),
        '--json',
        json,
        '--html',
        html,
      ],
      { DATABASE_URL: database.url, BINANCE_REST_URL: sim.restUrl },
    );
    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(run.stderr()).toContain('downloaded 700 missing bars');
    expect(run.stdout()).toMatch(
      /^BTCUSDT 1h: 1,200 bars, 2032-05-01T00:00:00.000Z – 2032-06-19T23:00:00.000Z$/m,
    );

    const stored = await listCandles(database.db, {
      symbol: 'BTCUSDT',
      interval: '1h',
      limit: 10_000,
    });
    expect(stored.map((c) => c.openTime)).toEqual(openTimes);
    const strategy = await loadStrategy(strategyFile, { symbol: 'BTCUSDT', interval: '1h' });
    const direct = runBacktest(stored.map(toChartBar), strategy);
    const saved = JSON.parse(await readFile(json, 'utf8')) as BacktestJson;
    expect(saved.strategy).toEqual(strategy);
    expect(saved.bars).toBe(1200);
    expect(saved.trades).toEqual(direct.trades);
    expect(saved.finalEquity).toBe(direct.finalEquity);
    expect(direct.trades.length).toBeGreaterThan(0);
    const page = await readFile(html, 'utf8');
    expect(page).toContain('<title>BTCUSDT 1h backtest</title>');
    expect(page).toContain('LightweightCharts');

    // Everything is stored now: with --no-download it runs with the exchange unreachable.
    const offline = runCli(
      [
        'backtest',
        '--strategy',
        strategyFile,
        '--symbol',
        'BTCUSDT',
        '--interval',
        '1h',
        '--from',
        iso(FROM),
        '--to',
        iso(TO),
        '--no-download',
      ],
      { DATABASE_URL: database.url, BINANCE_REST_URL: 'http://127.0.0.1:9' },
    );
    expect(await offline.exit).toEqual({ code: 0, signal: null });
    expect(offline.stdout()).toBe(run.stdout());
  });

  it('refuses unclear bar sources with a message', async () => {
    const both = runCli(
      ['backtest', '--strategy', strategyFile, '--csv', 'x.csv', '--symbol', 'BTCUSDT'],
      {},
    );
    expect(await both.exit).toMatchObject({ code: 1 });
    expect(both.stderr()).toContain('give the bars either as --csv <file> or as --symbol');
    const noFrom = runCli(['backtest', '--strategy', strategyFile, '--symbol', 'BTCUSDT'], {});
    expect(await noFrom.exit).toMatchObject({ code: 1 });
    expect(noFrom.stderr()).toContain('--symbol needs --from <date>');
    const empty = runCli(
      [
        'backtest',
        '--strategy',
        strategyFile,
        '--symbol',
        'ETHUSDT',
        '--from',
        '2020-01-01',
        '--to',
        '2020-01-02',
        '--no-download',
      ],
      { DATABASE_URL: database.url },
    );
    expect(await empty.exit).toMatchObject({ code: 1 });
    expect(empty.stderr()).toContain('no ETHUSDT 1d bars stored between 2020-01-01T00:00:00.000Z');
  });
});
