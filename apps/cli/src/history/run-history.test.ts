import { readFile, writeFile, appendFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Candle } from '@coinview/core/candle';
import { type Interval, barOpenTime, barOpenTimes, nextBarOpen } from '@coinview/core/interval';
import { listCandles, upsertCandles } from '@coinview/db/candles';
import { createTestDatabase, type TestDatabase } from '@coinview/db/testing';
import { BinanceRestClient } from '@coinview/exchange/rest';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KLINE_CSV_COLUMNS, klineCsvRow } from './kline-csv';
import { runHistory } from './run-history';

const HOUR = 3_600_000;
const ANCHOR = Date.UTC(2031, 5, 1);
const NOW = ANCHOR + 400 * 24 * HOUR + 17 * 60_000; // frozen sim time, 17 minutes into an hour
const FROM = NOW - 2600 * HOUR; // not aligned: the first bar is the next hour
const silent = pino({ level: 'silent' });

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
  dir = await mkdtemp(path.join(tmpdir(), 'coinview-history-'));
});
afterAll(async () => {
  await sim.stop();
  await database.cleanup();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await database.db.candle.deleteMany();
});

const client = () => new BinanceRestClient({ baseUrl: sim.restUrl, logger: silent });
const served = (interval: Interval, openTimes: number[]): Candle[] =>
  openTimes.map((t) => sim.replay.bar('BTCUSDT', interval, t, NOW).candle);
const expectedOpenTimes = barOpenTimes(FROM, barOpenTime(NOW, '1h'), '1h');

async function csvRows(file: string): Promise<string[][]> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  expect(lines.at(-1)).toBe(''); // ends with a complete line
  expect(lines[0]).toBe(KLINE_CSV_COLUMNS.join(','));
  return lines.slice(1, -1).map((l) => l.split(','));
}

async function stored(): Promise<Candle[]> {
  return listCandles(database.db, { symbol: 'BTCUSDT', interval: '1h', limit: 100_000 });
}

describe('runHistory', () => {
  it('downloads into Postgres and CSV exactly what the exchange serves, forming bar excluded', async () => {
    const csvPath = path.join(dir, 'full.csv');
    const summary = await runHistory({
      symbol: 'BTCUSDT',
      interval: '1h',
      from: FROM,
      databaseUrl: database.url,
      csvPath,
      client: client(),
    });
    const want = served('1h', expectedOpenTimes);
    expect(want).toHaveLength(2599);
    expect(summary).toMatchObject({
      downloaded: 2599,
      pages: 3,
      storedInDb: 2599,
      writtenToCsv: 2599,
      gaps: [],
      interrupted: false,
      resumed: false,
    });
    expect(summary.requests).toBe(3 + 2); // pages, plus server time at the start and for the last page
    expect(await stored()).toEqual(want);
    expect(await csvRows(csvPath)).toEqual(want.map((c) => klineCsvRow(c).map(String)));
  });

  it('resumes after an interruption with no gaps or duplicates in the database and the CSV', async () => {
    const csvPath = path.join(dir, 'resume.csv');
    const controller = new AbortController();
    const first = await runHistory({
      symbol: 'BTCUSDT',
      interval: '1h',
      from: FROM,
      databaseUrl: database.url,
      csvPath,
      client: client(),
      pageSize: 200,
      signal: controller.signal,
      onPage: (pages) => pages === 4 && controller.abort(new Error('test stop')),
    });
    expect(first.interrupted).toBe(true);
    expect(first.downloaded).toBeGreaterThanOrEqual(800);
    expect(first.downloaded).toBeLessThan(2599);
    // Whatever was downloaded before the stop is stored.
    expect((await stored()).length).toBe(first.downloaded);
    expect((await csvRows(csvPath)).length).toBe(first.downloaded);

    const second = await runHistory({
      symbol: 'BTCUSDT',
      interval: '1h',
      from: FROM,
      databaseUrl: database.url,
      csvPath,
      client: client(),
    });
    expect(second).toMatchObject({
      resumed: true,
      interrupted: false,
      start: nextBarOpen(first.lastOpenTime!, '1h'),
    });
    expect(first.downloaded + second.downloaded).toBe(2599);
    const want = served('1h', expectedOpenTimes);
    expect(await stored()).toEqual(want);
    expect(await csvRows(csvPath)).toEqual(want.map((c) => klineCsvRow(c).map(String)));

    const third = await runHistory({
      symbol: 'BTCUSDT',
      interval: '1h',
      from: FROM,
      databaseUrl: database.url,
      csvPath,
      client: client(),
    });
    expect(third).toMatchObject({ downloaded: 0, resumed: true });
  });

  it('cuts an unfinished last CSV line (a killed run) and continues after the last complete one', async () => {
    const csvPath = path.join(dir, 'killed.csv');
    const to = barOpenTime(FROM, '1h') + 100 * HOUR;
    await runHistory({
      symbol: 'BTCUSDT',
      interval: '1h',
      from: FROM,
      to: to - 50 * HOUR,
      csvPath,
      client: client(),
    });
    await appendFile(csvPath, '1234567,1.0,2.0'); // half a row, as a kill mid-write leaves it
    const notes: string[] = [];
    const summary = await runHistory({
      symbol: 'BTCUSDT',
      interval: '1h',
      from: FROM,
      to,
      csvPath,
      client: client(),
      note: (m) => notes.push(m),
    });
    expect(summary).toMatchObject({ downloaded: 50, resumed: true });
    expect(notes.join('\n')).toMatch(/removed an unfinished last line \(15 bytes\)/);
    const rows = await csvRows(csvPath);
    expect(rows.map((r) => Number(r[0]))).toEqual(barOpenTimes(FROM, to, '1h'));
  });

  it('fills the history behind bars the live feed already stored instead of skipping it', async () => {
    // The worker stored the 10 newest bars: max(openTime) alone would wrongly mean "done".
    await upsertCandles(database.db, served('1h', expectedOpenTimes.slice(-10)));
    const notes: string[] = [];
    const summary = await runHistory({
      symbol: 'BTCUSDT',
      interval: '1h',
      from: FROM,
      databaseUrl: database.url,
      client: client(),
      note: (m) => notes.push(m),
    });
    expect(summary).toMatchObject({ downloaded: 2599, resumed: false });
    expect(notes.join('\n')).toMatch(/10 bars of the range stored but 2589 missing/);
    expect(await stored()).toEqual(served('1h', expectedOpenTimes));
  });

  it('refuses a CSV that is not a kline file rather than appending to it', async () => {
    const csvPath = path.join(dir, 'other.csv');
    await writeFile(csvPath, 'name,age\nann,3\n');
    await expect(
      runHistory({ symbol: 'BTCUSDT', interval: '1h', from: FROM, csvPath, client: client() }),
    ).rejects.toThrow(/not a kline CSV/);
    expect(await readFile(csvPath, 'utf8')).toBe('name,age\nann,3\n');
  });
});
