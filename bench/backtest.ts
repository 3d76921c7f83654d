// Issue 11 benchmark (1): one year of 1m bars (525,600) through an RSI + Bollinger strategy — buy
// when RSI 14 is below 30, sell when the close is above the upper Bollinger band (20, 2); 99% of
// equity per entry, 0.1% commission, fills at the next bar's open.
//
// Engine alone: core's runBacktest (signals from the rule language, every metric's inputs) against
// two hand-written bots measured in the same run, interleaved, order alternating per round:
// - "naive": at every bar the indicators are recomputed over the window a bot fetches (the last
//   250 closes for RSI, the last 20 for the bands) with technicalindicators' calculate(), the
//   way a loop over `fetch klines → compute → decide` does it (the baseline);
// - "streaming": technicalindicators' nextValue() per bar, one pass — the strongest
//   straightforward loop a competent engineer writes with that library.
// Both bots trade like the engine (next-open fills, same sizing and commission), so their final
// equity is printed beside the engine's as a check (the naive RSI over a 250-bar window differs a
// little from Wilder's RSI over all history).
//
// End to end: the same year stored in a fresh embedded Postgres; the product path is the CLI's
// loadCandles (float8 columns, 100k-row pages) + runBacktest + computeMetrics; the baseline reads
// the rows as a bot does (one SELECT of the numeric columns as text, Number() each) and runs the
// streaming bot.
//
//   pnpm --filter @coinview/bench exec tsx backtest.ts [--bars 525600] [--rounds 5] [--naive-rounds 3]
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadCandles } from '@coinview/cli/db-candles';
import { runBacktest } from '@coinview/core/backtest/engine';
import { computeMetrics } from '@coinview/core/backtest/metrics';
import type { StrategyInput } from '@coinview/core/backtest/strategy';
import type { ChartBar } from '@coinview/core/candle';
import { copyCandles } from '@coinview/db/candles-bulk';
import { allowTraversal, startEmbeddedPostgres } from '@coinview/db/embedded';
import { migrate } from '@coinview/db/migrate';
import pg from 'pg';
import { BollingerBands, RSI } from 'technicalindicators';
import { benchBars, storedCandles } from './backtest-bars';
import { type BotResult, trade } from './bots';

const { values: args } = parseArgs({
  options: {
    bars: { type: 'string', default: '525600' },
    rounds: { type: 'string', default: '5' },
    'naive-rounds': { type: 'string', default: '3' },
    'naive-bars': { type: 'string', default: '52560' },
    'skip-db': { type: 'boolean', default: false },
  },
});
const N = Number(args.bars);
const ROUNDS = Number(args.rounds);
const NAIVE_ROUNDS = Number(args['naive-rounds']);
// The naive bot costs ~0.35 ms a bar (three minutes for the year): it is timed on the first
// NAIVE_BARS bars and scaled to the whole count (its cost per bar is constant: fixed windows).
const NAIVE_BARS = Math.min(N, Number(args['naive-bars']));

export const RSI_BB: StrategyInput = {
  symbol: 'BTCUSDT',
  interval: '1m',
  entry: {
    op: 'less-than',
    left: { kind: 'indicator', id: 'rsi', params: { period: 14 } },
    right: { kind: 'value', value: 30 },
  },
  exit: {
    op: 'greater-than',
    left: { kind: 'price', field: 'close' },
    right: { kind: 'indicator', id: 'bb', params: { period: 20, stdDev: 2 }, output: 'upper' },
  },
  sizing: { mode: 'percentOfEquity', percent: 99 },
  commissionPct: 0.1,
  initialCapital: 10_000,
};

const RSI_WINDOW = 250;

function naiveBot(bars: readonly ChartBar[]): BotResult {
  const closes = bars.map((b) => b.close);
  return trade(bars, (i, close) => {
    const rsiValues = RSI.calculate({
      period: 14,
      values: closes.slice(Math.max(0, i - RSI_WINDOW + 1), i + 1),
    });
    const bands = BollingerBands.calculate({
      period: 20,
      stdDev: 2,
      values: closes.slice(Math.max(0, i - 19), i + 1),
    });
    const rsi = rsiValues.at(-1);
    const upper = bands.at(-1)?.upper;
    return {
      entry: rsi !== undefined && rsi < 30,
      exit: upper !== undefined && close > upper,
    };
  });
}

function streamingBot(bars: readonly ChartBar[]): BotResult {
  const rsi = new RSI({ period: 14, values: [] });
  const bb = new BollingerBands({ period: 20, stdDev: 2, values: [] });
  return trade(bars, (_i, close) => {
    const r = rsi.nextValue(close);
    const band = bb.nextValue(close);
    return {
      entry: r !== undefined && r < 30,
      exit: band !== undefined && close > band.upper,
    };
  });
}

function engine(bars: readonly ChartBar[]): BotResult {
  const result = runBacktest(bars, RSI_BB);
  computeMetrics(result, '1m');
  return { finalEquity: result.finalEquity, trades: result.trades.length };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (x: number) => `${x.toFixed(0)} ms`;
const spread = (xs: number[]) => `${ms(Math.min(...xs))}–${ms(Math.max(...xs))}`;

function timed<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

async function timedAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/** One line: median and spread; for a baseline, how many times the product's time it takes. */
function report(name: string, times: number[], product: number[] | null, check: string): void {
  const ratio = product ? `  = ${(median(times) / median(product)).toFixed(1)}× the product's` : '';
  console.log(
    `${name.padEnd(40)} median ${ms(median(times)).padStart(9)}  (${spread(times)}, n=${times.length})${ratio}  ${check}`,
  );
}
const outcome = (r: BotResult) => `final equity ${r.finalEquity.toFixed(2)}, ${r.trades} trades`;

async function main(): Promise<void> {
  const bars = await benchBars(N);
  console.log(
    `node ${process.version}; ${bars.length.toLocaleString('en-US')} BTCUSDT 1m bars (bench/data, stitched); load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  // Warm-up: JIT the three paths once on a slice.
  engine(bars.slice(0, 20_000));
  streamingBot(bars.slice(0, 20_000));
  naiveBot(bars.slice(0, 2_000));

  const t = { engine: [] as number[], streaming: [] as number[], naive: [] as number[] };
  const check: Record<keyof typeof t, BotResult | null> = {
    engine: null,
    streaming: null,
    naive: null,
  };
  for (let r = 0; r < ROUNDS; r++) {
    const order: (keyof typeof t)[] =
      r % 2 === 0 ? ['engine', 'streaming', 'naive'] : ['naive', 'streaming', 'engine'];
    for (const name of order) {
      if (name === 'naive' && t.naive.length >= NAIVE_ROUNDS) continue;
      const fn = name === 'engine' ? engine : name === 'streaming' ? streamingBot : naiveBot;
      const input = name === 'naive' ? bars.slice(0, NAIVE_BARS) : bars;
      const run = timed(() => fn(input));
      t[name].push(name === 'naive' ? (run.ms * bars.length) / NAIVE_BARS : run.ms);
      check[name] = run.value;
    }
  }
  console.log('\nEngine alone (the candles in memory):');
  report('core runBacktest + metrics', t.engine, null, outcome(check.engine!));
  report('baseline: streaming bot', t.streaming, t.engine, outcome(check.streaming!));
  report(
    `baseline: naive bot (recompute)${NAIVE_BARS < bars.length ? ' *' : ''}`,
    t.naive,
    t.engine,
    NAIVE_BARS < bars.length
      ? `* timed on ${NAIVE_BARS.toLocaleString('en-US')} bars, scaled ×${(bars.length / NAIVE_BARS).toFixed(1)}`
      : outcome(check.naive!),
  );

  if (args['skip-db']) return;
  const dir = await mkdtemp(path.join(tmpdir(), 'coinview-bench-bt-'));
  await allowTraversal(dir);
  const server = await startEmbeddedPostgres({
    dataDir: dir,
    port: 55_000 + Math.floor(Math.random() * 5000),
    database: 'bench',
  });
  try {
    await migrate(server.url);
    await copyCandles(server.url, storedCandles(bars));
    const from = bars[0]!.time * 1000;
    const to = bars.at(-1)!.time * 1000 + 60_000;
    const product = async () => {
      const loaded = await loadCandles(server.url, {
        symbol: 'BTCUSDT',
        interval: '1m',
        from,
        to,
      });
      return engine(loaded);
    };
    const bot = async () => {
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      try {
        const { rows } = await client.query<Record<string, string>>(
          `SELECT "openTime", "open", "high", "low", "close", "volume" FROM "Candle"
           WHERE "symbol" = 'BTCUSDT' AND "interval" = '1m' ORDER BY "openTime"`,
        );
        const loaded = rows.map((r) => ({
          time: 0,
          open: Number(r.open),
          high: Number(r.high),
          low: Number(r.low),
          close: Number(r.close),
          volume: Number(r.volume),
        }));
        return streamingBot(loaded);
      } finally {
        await client.end();
      }
    };
    await product();
    await bot();
    const e2e = { product: [] as number[], bot: [] as number[] };
    let productCheck: BotResult | null = null;
    let botCheck: BotResult | null = null;
    for (let r = 0; r < ROUNDS; r++) {
      const first = r % 2 === 0;
      if (first) {
        const run = await timedAsync(product);
        e2e.product.push(run.ms);
        productCheck = run.value;
      }
      const b = await timedAsync(bot);
      e2e.bot.push(b.ms);
      botCheck = b.value;
      if (!first) {
        const run = await timedAsync(product);
        e2e.product.push(run.ms);
        productCheck = run.value;
      }
    }
    console.log('\nEnd to end (candles loaded from Postgres, then run):');
    report('product: loadCandles + engine', e2e.product, null, outcome(productCheck!));
    report('baseline: SELECT text + streaming bot', e2e.bot, e2e.product, outcome(botCheck!));
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
