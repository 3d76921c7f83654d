// `coinview backtest` end to end: a child process runs the example strategies over real daily bars
// (BTCUSDT 1d, 2023-01-01 … 2023-09-07, from Binance's public data) and its output is compared with
// core's runBacktest on the same bars.
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { runBacktest } from '@coinview/core/backtest/engine';
import { strategySchema } from '@coinview/core/backtest/strategy';
import { describeRuleError } from '@coinview/core/rules/rule';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/run-cli';
import type { BacktestJson } from './backtest-json';
import { loadStrategy } from './load-strategy';
import { readCandles } from './read-candles';

const here = path.dirname(fileURLToPath(import.meta.url));
const examples = path.resolve(here, '../../../../examples/strategies');
const fixture = path.join(here, 'fixtures/btcusdt-1d-2023.csv');
const EXAMPLES = ['sma-10-30-cross', 'rsi-14-30-70', 'bollinger-20-2'];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'coinview-backtest-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const backtest = (args: string[]) => runCli(['backtest', ...args], {});

describe('coinview backtest', () => {
  it.each(EXAMPLES)(
    'runs examples/strategies/%s.json and prints the metrics table',
    async (name) => {
      const file = path.join(examples, `${name}.json`);
      const strategy = await loadStrategy(file);
      expect(strategy.sizing).toEqual({ mode: 'percentOfEquity', percent: 99 });
      expect(strategy.commissionPct).toBe(0.1);
      const json = path.join(dir, `${name}.json`);
      const run = backtest(['--strategy', file, '--csv', fixture, '--json', json]);
      expect(await run.exit).toEqual({ code: 0, signal: null });
      const out = run.stdout();
      expect(out).toMatch(/^BTCUSDT 1d: 250 bars, 2023-01-01T00:00:00.000Z – 2023-09-07/);
      for (const label of [
        'net profit',
        'net return',
        'CAGR',
        'max drawdown',
        'win rate',
        'profit factor',
        'expectancy',
        'Sharpe',
        'Sortino',
        'Calmar',
        'exposure',
        'commission',
        'trades',
        'avg bars in trade',
        'buy-and-hold return',
      ])
        expect(out).toMatch(new RegExp(`^${label} +\\S`, 'm'));

      // The JSON holds what core's engine computes over the same bars.
      const saved = JSON.parse(await readFile(json, 'utf8')) as BacktestJson;
      const direct = runBacktest(await readCandles(fixture, strategy), strategy);
      expect(direct.trades.length + (direct.open ? 1 : 0)).toBeGreaterThan(0);
      expect(saved.finalEquity).toBe(direct.finalEquity);
      expect(saved.trades).toEqual(direct.trades);
      expect(saved.open).toEqual(direct.open);
      expect(saved.strategy).toEqual(strategy);
      expect(saved.equity).toEqual(direct.times.map((t, i) => [t, direct.equity[i]]));
      expect(saved.metrics.trades).toBe(direct.trades.length);
      // buy-and-hold: initial capital bought at the first open, marked at the last close
      expect(saved.metrics.buyAndHoldReturn).toBeCloseTo(
        direct.buyAndHold.at(-1)! / 10_000 - 1,
        12,
      );
      expect(out).toMatch(
        new RegExp(
          `^final equity +${direct.finalEquity.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}$`,
          'm',
        ),
      );
    },
  );

  it('reads a gzipped CSV', async () => {
    const gz = path.join(dir, 'bars.csv.gz');
    await writeFile(gz, gzipSync(await readFile(fixture)));
    const strategy = path.join(examples, 'sma-10-30-cross.json');
    const plain = backtest(['--strategy', strategy, '--csv', fixture]);
    const zipped = backtest(['--strategy', strategy, '--csv', gz]);
    expect(await zipped.exit).toEqual({ code: 0, signal: null });
    expect(await plain.exit).toEqual({ code: 0, signal: null });
    expect(zipped.stdout()).toBe(plain.stdout());
  });

  it('refuses an invalid strategy with the schema message and the file name', async () => {
    const bad = JSON.parse(await readFile(path.join(examples, 'rsi-14-30-70.json'), 'utf8')) as {
      entry: { left: { params: { period: number } } };
    };
    bad.entry.left.params.period = 0;
    const file = path.join(dir, 'bad.json');
    await writeFile(file, JSON.stringify(bad));
    const parsed = strategySchema.safeParse(bad);
    expect(parsed.success).toBe(false);
    const message = describeRuleError(parsed.error!);
    expect(message).toMatch(/^entry\.left/);
    const run = backtest(['--strategy', file, '--csv', fixture]);
    expect(await run.exit).toEqual({ code: 1, signal: null });
    expect(run.stderr()).toContain(`coinview: ${file}: ${message}`);
    expect(run.stdout()).toBe('');
  });

  it('refuses a missing CSV with a clear message', async () => {
    const missing = path.join(dir, 'nope.csv');
    const run = backtest([
      '--strategy',
      path.join(examples, 'sma-10-30-cross.json'),
      '--csv',
      missing,
    ]);
    expect(await run.exit).toEqual({ code: 1, signal: null });
    expect(run.stderr()).toContain(`coinview: cannot read klines CSV ${missing}: no such file`);
  });
});
