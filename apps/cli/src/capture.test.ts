// `coinview capture` as a child process against an exchange-sim playing a minute every 0.1 s.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { combinedFrameSchema, klineEventSchema } from '@coinview/core/binance';
import { type ExchangeSim, startExchangeSim } from '@coinview/exchange-sim/server';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, waitFor } from '../test/run-cli';
import { aggTradeEventSchema, multiplyDecimals, tradeEventSchema } from './capture/stream-events';
import { KLINE_CSV_COLUMNS } from './history/kline-csv';

let sim: ExchangeSim;
let dir: string;

beforeAll(async () => {
  sim = await startExchangeSim({
    port: 0,
    speed: 600,
    tickMs: 20,
    logger: pino({ level: 'silent' }),
  });
  dir = await mkdtemp(path.join(tmpdir(), 'coinview-capture-'));
});
afterAll(async () => {
  await sim.stop();
  await rm(dir, { recursive: true, force: true });
});

async function completeLines(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
}

describe('coinview capture', () => {
  it('records combined-stream frames as received and writes closed candles as CSV', async () => {
    const out = path.join(dir, 'dataset.ndjson');
    const run = runCli(
      [
        'capture',
        'btcusdt@kline_1m',
        'ethusdt@kline_1m',
        '--out',
        out,
        '--csv',
        '--duration',
        '2.5',
      ],
      { BINANCE_WS_URL: sim.wsUrl },
    );
    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(run.stdout()).toMatch(/capture stopped \(duration reached\)/);

    const frames = (await completeLines(out)).map((l) => combinedFrameSchema.parse(JSON.parse(l)));
    expect(frames.length).toBeGreaterThan(50);
    const streams = new Set(frames.map((f) => f.stream));
    expect(streams).toEqual(new Set(['btcusdt@kline_1m', 'ethusdt@kline_1m']));
    const closedBtc = frames
      .filter((f) => f.stream === 'btcusdt@kline_1m')
      .map((f) => klineEventSchema.parse(f.data).k)
      .filter((k) => k.x);
    expect(closedBtc.length).toBeGreaterThan(5);

    const csv = await completeLines(path.join(dir, 'dataset.btcusdt@kline_1m.csv'));
    expect(csv[0]).toBe(KLINE_CSV_COLUMNS.join(','));
    // One row per closed candle, in Binance's kline column order, with the closing message's values.
    expect(csv.slice(1)).toEqual(
      closedBtc.map((k) => [k.t, k.o, k.h, k.l, k.c, k.v, k.T, k.q, k.n, k.V, k.Q].join(',')),
    );
    const openTimes = csv.slice(1).map((l) => Number(l.split(',')[0]));
    for (let i = 1; i < openTimes.length; i++)
      expect(openTimes[i]! - openTimes[i - 1]!).toBe(60_000);
  });

  it('writes trades and aggTrades in Binance column order, consistent with the frames', async () => {
    const out = path.join(dir, 'trades.ndjson');
    const run = runCli(
      ['capture', 'ethusdt@trade', 'ethusdt@aggTrade', '--out', out, '--csv', '--duration', '1.5'],
      { BINANCE_WS_URL: sim.wsUrl },
    );
    expect(await run.exit).toEqual({ code: 0, signal: null });
    const frames = (await completeLines(out)).map((l) => combinedFrameSchema.parse(JSON.parse(l)));
    const trades = frames
      .filter((f) => f.stream === 'ethusdt@trade')
      .map((f) => tradeEventSchema.parse(f.data));
    const aggs = frames
      .filter((f) => f.stream === 'ethusdt@aggTrade')
      .map((f) => aggTradeEventSchema.parse(f.data));
    expect(trades.length).toBeGreaterThan(10);
    expect(aggs.length).toBeGreaterThan(10);
    const tradeCsv = await completeLines(path.join(dir, 'trades.ethusdt@trade.csv'));
    expect(tradeCsv[0]).toBe('id,price,qty,quote_qty,time,is_buyer_maker,is_best_match');
    expect(tradeCsv.slice(1)).toEqual(
      trades.map((t) =>
        [
          t.t,
          t.p,
          t.q,
          multiplyDecimals(t.p, t.q),
          t.T,
          t.m ? 'True' : 'False',
          t.M === false ? 'False' : 'True',
        ].join(','),
      ),
    );
    const aggCsv = await completeLines(path.join(dir, 'trades.ethusdt@aggTrade.csv'));
    expect(aggCsv[0]).toBe(
      'agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker,is_best_match',
    );
    expect(aggCsv.length - 1).toBe(aggs.length);
    expect(aggCsv[1]!.split(',').slice(0, 6)).toEqual(
      [aggs[0]!.a, aggs[0]!.p, aggs[0]!.q, aggs[0]!.f, aggs[0]!.l, aggs[0]!.T].map(String),
    );
  });

  it('records a single raw stream and flushes everything on Ctrl-C', async () => {
    const out = path.join(dir, 'raw.ndjson');
    const run = runCli(['capture', 'btcusdt@kline_1m', '--out', out], {
      BINANCE_WS_URL: sim.wsUrl,
    });
    await waitFor(
      () => run.stderr().includes('captured') && /captured [1-9]\d{1,} messages/.test(run.stderr()),
    );
    run.child.kill('SIGINT');
    expect(await run.exit).toEqual({ code: 0, signal: null });
    const messages = (await completeLines(out)).map((l) => klineEventSchema.parse(JSON.parse(l)));
    const reported = Number(
      /capture stopped \(signal\): ([\d,]+) messages/.exec(run.stdout())?.[1]?.replaceAll(',', ''),
    );
    expect(messages.length).toBe(reported);
    expect(messages.length).toBeGreaterThanOrEqual(10);
  });
});
