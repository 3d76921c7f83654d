// Issue 11 benchmark (2), one core: a parameter sweep of an RSI strategy over 100,000 1m bars —
// RSI period 7…28 (22 values) × entry level 20…35 step 3 (6) × exit level 65…80 step 3 (6) = 792
// combinations; buy when RSI(period) < entry level, sell when RSI(period) > exit level, 99% of
// equity, 0.1% commission. Combinations per second of core's sweep (runSweepSlice: indicator columns computed
// once per distinct indicator and shared, signals as bitmaps, equity-only runs) against two
// hand-written loops run combination by combination, measured in the same run on a sample of the
// same combinations (evenly spread, so every RSI period is in it):
// - "streaming": technicalindicators' RSI.nextValue() over the bars for each combination, then the
//   trade loop — what a competent engineer writes for one backtest, put in a loop;
// - "naive": RSI recomputed over the last 250 closes at every bar (a bot's fetch → compute →
//   decide loop), timed on the first 10,000 bars and scaled to 100,000 (its cost per bar is
//   constant).
// Rounds interleave the three, order alternating; medians and spreads printed.
//
//   pnpm --filter @coinview/bench exec tsx sweep.ts [--bars 100000] [--rounds 3]
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { prepareBacktest } from '@coinview/core/backtest/columns';
import {
  parseSweep,
  runSweepSlice,
  sweepCombination,
  sweepSize,
} from '@coinview/core/backtest/sweep';
import type { ChartBar } from '@coinview/core/candle';
import { RSI } from 'technicalindicators';
import { benchBars } from './backtest-bars';
import { trade } from './bots';
import { RSI_LEVELS, RSI_SWEEP } from './sweep-config';

const { values: args } = parseArgs({
  options: {
    bars: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '3' },
    sample: { type: 'string', default: '24' },
    'naive-bars': { type: 'string', default: '10000' },
  },
});
const N = Number(args.bars);
const ROUNDS = Number(args.rounds);

/** Combination `index`: the RSI period (entry and exit) and the two levels. */
function comboParams(index: number): { period: number; entry: number; exit: number } {
  const sweep = parseSweep(RSI_SWEEP, RSI_LEVELS);
  const [period, entry, exit] = sweepCombination(RSI_LEVELS, sweep, index).values as [
    number,
    number,
    number,
  ];
  return { period, entry, exit };
}

function streamingCombo(bars: readonly ChartBar[], index: number): number {
  const { period, entry, exit } = comboParams(index);
  const rsi = new RSI({ period, values: [] });
  return trade(bars, (_i, close) => {
    const r = rsi.nextValue(close);
    return { entry: r !== undefined && r < entry, exit: r !== undefined && r > exit };
  }).finalEquity;
}

function naiveCombo(bars: readonly ChartBar[], index: number): number {
  const { period, entry, exit } = comboParams(index);
  const closes = bars.map((b) => b.close);
  const window = (i: number) => closes.slice(Math.max(0, i - 249), i + 1);
  return trade(bars, (i) => {
    const r = RSI.calculate({ period, values: window(i) }).at(-1);
    return { entry: r !== undefined && r < entry, exit: r !== undefined && r > exit };
  }).finalEquity;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  const bars = await benchBars(N);
  const sweep = parseSweep(RSI_SWEEP, RSI_LEVELS);
  const size = sweepSize(sweep);
  const sample = Array.from({ length: Math.min(size, Number(args.sample)) }, (_, k) =>
    Math.floor((k * size) / Number(args.sample)),
  );
  const naiveBars = bars.slice(0, Number(args['naive-bars']));
  const naiveSample = sample.slice(0, 3);
  console.log(
    `node ${process.version}; ${bars.length.toLocaleString('en-US')} BTCUSDT 1m bars (bench/data, stitched); ${size} combinations; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const rate = { core: [] as number[], streaming: [] as number[], naive: [] as number[] };
  const runs = {
    core: () => {
      const t0 = performance.now();
      // Prepared inside the timing: the columns are part of the sweep's cost.
      const rows = runSweepSlice(prepareBacktest(bars), RSI_LEVELS, sweep, 0, size);
      if (rows.length !== size || rows.some((r) => r.error)) throw new Error('sweep rows');
      return size / ((performance.now() - t0) / 1000);
    },
    streaming: () => {
      const t0 = performance.now();
      for (const i of sample) streamingCombo(bars, i);
      return sample.length / ((performance.now() - t0) / 1000);
    },
    naive: () => {
      const t0 = performance.now();
      for (const i of naiveSample) naiveCombo(naiveBars, i);
      const perComboFull = ((performance.now() - t0) / naiveSample.length) * (N / naiveBars.length);
      return 1000 / perComboFull;
    },
  };
  for (let r = 0; r < ROUNDS; r++) {
    const order: (keyof typeof runs)[] =
      r % 2 === 0 ? ['core', 'streaming', 'naive'] : ['naive', 'streaming', 'core'];
    for (const name of order) rate[name].push(runs[name]());
  }
  const line = (name: string, xs: number[]) =>
    console.log(
      `${name.padEnd(48)} ${median(xs).toFixed(2).padStart(10)} combinations/s  (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}, n=${xs.length})  core = ${(median(rate.core) / median(xs)).toFixed(1)}×`,
    );
  console.log('\nOne core, one process:');
  line(`core runSweepSlice, all ${size}`, rate.core);
  line(`baseline: streaming loop, ${sample.length} of them`, rate.streaming);
  line(
    `baseline: naive loop, ${naiveSample.length} of them on ${naiveBars.length.toLocaleString('en-US')} bars, scaled`,
    rate.naive,
  );
}

await main();
