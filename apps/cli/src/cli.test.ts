// The CLI end to end: child processes against a real exchange-sim and a real Postgres.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { barOpenTime, barOpenTimes } from '@coinview/core/interval';
import { listCandles } from '@coinview/db/candles';
import { createTestDatabase, type TestDatabase } from '@coinview/db/testing';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, waitFor } from '../test/run-cli';
import { KLINE_CSV_COLUMNS, klineCsvRow } from './history/kline-csv';

const HOUR = 3_600_000;
const ANCHOR = Date.UTC(2031, 5, 1);
const NOW = ANCHOR + 400 * 24 * HOUR + 17 * 60_000;
const silent = pino({ level: 'silent' });

let frozen: ExchangeSim;
let database: TestDatabase;
let dir: string;

beforeAll(async () => {
  frozen = await startExchangeSim({
    port: 0,
    clock: { now: () => 1 },
    startTime: NOW,
    anchor: ANCHOR,
    logger: silent,
  });
  database = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'coinview-cli-'));
});
afterAll(async () => {
  await frozen.stop();
  await database.cleanup();
  await rm(dir, { recursive: true, force: true });
});

const lines = async (file: string) => (await readFile(file, 'utf8')).split('\n');

describe('coinview history', () => {
  it('downloads into the database and a CSV and prints a summary', async () => {
    const csv = path.join(dir, 'eth-1d.csv');
    const from = new Date(NOW - 1500 * 24 * HOUR).toISOString().slice(0, 10);
    const run = runCli(['history', 'ethusdt', '1d', '--from', from, '--csv', csv], {
      DATABASE_URL: database.url,
      BINANCE_REST_URL: frozen.restUrl,
    });
    expect(await run.exit).toEqual({ code: 0, signal: null });
    const want = barOpenTimes(Date.parse(from), barOpenTime(NOW, '1d'), '1d').map(
      (t) => frozen.replay.bar('ETHUSDT', '1d', t, NOW).candle,
    );
    expect(
      await listCandles(database.db, { symbol: 'ETHUSDT', interval: '1d', limit: 10_000 }),
    ).toEqual(want);
    expect(await lines(csv)).toEqual([
      KLINE_CSV_COLUMNS.join(','),
      ...want.map((c) => klineCsvRow(c).join(',')),
      '',
    ]);
    expect(run.stdout()).toMatch(/ETHUSDT 1d: done/);
    expect(run.stdout()).toMatch(
      new RegExp(`candles\\s+${want.length.toLocaleString('en-US')} from`),
    );
    expect(run.stdout()).toMatch(/requests\s+4 \(0 retries\)/);
    expect(run.stdout()).toMatch(/gaps\s+none/);
  });

  it('stops cleanly on Ctrl-C and a re-run completes without gaps or duplicates', async () => {
    const csv = path.join(dir, 'btc-1m.csv');
    const from = NOW - 200_000 * 60_000;
    const args = ['history', 'BTCUSDT', '1m', '--from', String(from), '--csv', csv, '--no-db'];
    const env = { BINANCE_REST_URL: frozen.restUrl };
    const first = runCli(args, env);
    await waitFor(async () => ((await stat(csv).catch(() => undefined))?.size ?? 0) > 500_000);
    first.child.kill('SIGINT');
    expect(await first.exit).toEqual({ code: 130, signal: null });
    expect(first.stdout()).toMatch(/interrupted, everything downloaded so far is kept/);
    const partial = await lines(csv);
    expect(partial.length - 2).toBeLessThan(200_000);

    const second = runCli(args, env);
    expect(await second.exit).toEqual({ code: 0, signal: null });
    expect(second.stdout()).toMatch(/\(resumed\)/);
    const all = await lines(csv);
    expect(all.at(-1)).toBe('');
    const openTimes = all.slice(1, -1).map((l) => Number(l.split(',')[0]));
    expect(openTimes).toEqual(barOpenTimes(from, barOpenTime(NOW, '1m'), '1m'));
  });

  it('rejects bad arguments with a clear message', async () => {
    const run = runCli(['history', 'BTCUSDT', '7m', '--from', '2024-01-01'], {});
    expect((await run.exit).code).not.toBe(0);
    expect(run.stderr()).toMatch(/interval/i);
    const noSink = runCli(['history', 'BTCUSDT', '1h', '--from', '2024-01-01', '--no-db'], {});
    expect((await noSink.exit).code).not.toBe(0);
    expect(noSink.stderr()).toMatch(/--no-db needs --csv/);
  });
});
