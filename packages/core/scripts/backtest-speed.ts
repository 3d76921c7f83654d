// Times the backtest engine on a year of 1m bars (525,600) and a 528-combination sweep over
// 100,000 bars. Not a test and not part of the package: run from the repo root with
//   bench/node_modules/.bin/tsx packages/core/scripts/backtest-speed.ts
// The bars are the real BTCUSDT 1m files of ../shared/data (146,081 bars) laid end to end and
// repeated until there are 525,600, re-stamped one minute apart and each copy scaled to start at
// the previous one's last close (so the joins are not price jumps).
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { gunzipSync } from 'node:zlib';
import type { ChartBar } from '../src/candle';
import { prepareBacktest } from '../src/backtest/columns';
import { runBacktest } from '../src/backtest/engine';
import type { StrategyInput } from '../src/backtest/strategy';
import { parseSweep, runSweepSlice, sweepSize } from '../src/backtest/sweep';

const DATA = new URL('../../../../../shared/data/', import.meta.url);
const FILES = [
  'btcusdt_1m_2024-10-01_2024-11-04.csv.gz',
  'btcusdt_1m_2024-11-30_2024-12-29.csv.gz',
  'btcusdt_1m_2025-01-01_2025-02-04.csv.gz',
  'btcusdt_1m_2025-10-29_2025-11-01_full.csv',
];

function readBars(name: string): ChartBar[] {
  const raw = readFileSync(new URL(name, DATA));
  const text = (name.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  return text
    .trim()
    .split('\n')
    .filter((line) => /^\d/.test(line))
    .map((line) => {
      const [t, o, h, l, c, v] = line.split(',').map(Number);
      return { time: t! / 1000, open: o!, high: h!, low: l!, close: c!, volume: v! };
    });
}

function year(): ChartBar[] {
  const real = FILES.flatMap(readBars);
  const out: ChartBar[] = [];
  let time = real[0]!.time;
  let scale = 1;
  while (out.length < 525_600) {
    for (const b of real) {
      if (out.length === 525_600) break;
      out.push({
        time,
        open: b.open * scale,
        high: b.high * scale,
        low: b.low * scale,
        close: b.close * scale,
        volume: b.volume,
      });
      time += 60;
    }
    scale = out[out.length - 1]!.close / real[0]!.open;
  }
  console.log(
    `${real.length} real bars → ${out.length} bars; load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  return out;
}

const strategy: StrategyInput = {
  symbol: 'BTCUSDT',
  interval: '1m',
  entry: {
    op: 'less-than',
    left: { kind: 'indicator', id: 'rsi', params: { period: 14 }, output: 'value' },
    right: { kind: 'value', value: 30 },
  },
  exit: {
    op: 'greater-than',
    left: { kind: 'price', field: 'close' },
    right: { kind: 'indicator', id: 'bb', params: { period: 20, stdDev: 2 }, output: 'upper' },
  },
  sizing: { mode: 'percentOfEquity', percent: 99 },
};

/** Wall time since t0 and the process's CPU time since c0 (the machine may be shared). */
const ms = (t0: number, c0: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(c0);
  return `${(performance.now() - t0).toFixed(0)} ms (cpu ${((c.user + c.system) / 1000).toFixed(0)} ms)`;
};
const bars = year();

for (let run = 1; run <= 3; run++) {
  let t = performance.now();
  let c = process.cpuUsage();
  const prepared = prepareBacktest(bars);
  const cold = runBacktest(prepared, strategy);
  const coldMs = ms(t, c);
  t = performance.now();
  c = process.cpuUsage();
  runBacktest(prepared, strategy);
  const warmMs = ms(t, c);
  console.log(
    `run ${run}: engine, columns computed: ${coldMs}; columns cached: ${warmMs} ` +
      `(${cold.trades.length} trades, ${cold.signals.entry.length} entry signals)`,
  );
}
let t = performance.now();
let c = process.cpuUsage();
runBacktest(bars, strategy, { signals: 'reference' });
console.log(`reference path (MarketRules bar by bar): ${ms(t, c)}`);

const window = bars.slice(0, 100_000);
const sweep = parseSweep(
  {
    parameters: [
      { path: 'entry.left.params.period', from: 7, to: 28, step: 1 },
      { path: 'entry.right.value', from: 20, to: 31.5, step: 0.5 },
    ],
    metric: 'sharpe',
  },
  strategy,
);
t = performance.now();
c = process.cpuUsage();
const rows = runSweepSlice(prepareBacktest(window), strategy, sweep, 0, sweepSize(sweep));
const seconds = (performance.now() - t) / 1000;
const cpu = process.cpuUsage(c);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(
  `sweep: ${rows.length} combinations over ${window.length} bars in ${seconds.toFixed(2)} s ` +
    `= ${(rows.length / seconds).toFixed(0)} combinations/s on one core ` +
    `(cpu ${cpuSeconds.toFixed(2)} s = ${(rows.length / cpuSeconds).toFixed(0)}/s)`,
);
