// Cost of core's incremental indicators against technicalindicators 3.1.0, in the same run:
//   1. per update: core `update` (and `peek`), technicalindicators' streaming `nextValue`, and the
//      naive baseline — recompute the indicator over the last 500 bars on every bar (as the
//      original tutorial's bot did), with technicalindicators' `calculate` and with core's compute;
//   2. batch over 1M bars: core `compute` vs technicalindicators' `calculate`;
//   3. heap growth over 1M streaming updates (with --expose-gc the figures are exact).
// Bars are real BTCUSDT 1m (the 4,320 bars of 2025-10-29..11-01 the repo ships for exchange-sim),
// repeated to 1M.
//
//   pnpm --filter @coinview/bench exec tsx indicators.ts [--bars 1000000]
//   (heap figures: NODE_OPTIONS=--expose-gc pnpm --filter @coinview/bench exec tsx indicators.ts)
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import type { ChartBar } from '@coinview/core/candle';
import { createIndicator } from '@coinview/core/indicators';
import { BollingerBands, EMA, MACD, RSI } from 'technicalindicators';

const { values: args } = parseArgs({ options: { bars: { type: 'string', default: '1000000' } } });
const N = Number(args.bars);

const csv = gunzipSync(
  readFileSync(
    new URL('../apps/exchange-sim/data/btcusdt_1m_2025-10-29_2025-11-01.csv.gz', import.meta.url),
  ),
).toString('utf8');
const base: ChartBar[] = csv
  .trim()
  .split('\n')
  .slice(1)
  .map((r) => {
    const [t, o, h, l, c, v] = r.split(',').map(Number);
    return { time: t! / 1000, open: o!, high: h!, low: l!, close: c!, volume: v! };
  });
const bars: ChartBar[] = Array.from({ length: N }, (_, i) => {
  const b = base[i % base.length]!;
  return { ...b, time: b.time + Math.floor(i / base.length) * 3_000_000 };
});
const closes = bars.map((b) => b.close);

const gc = (globalThis as { gc?: () => void }).gc;
function heap(): number {
  gc?.();
  return process.memoryUsage().heapUsed;
}

function time(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6; // ms
}

interface Case {
  name: string;
  core: { id: string; params: Record<string, unknown> };
  tiStream: () => { nextValue(x: number): unknown };
  tiBatch: (values: number[]) => unknown[];
}

const cases: Case[] = [
  {
    name: 'EMA(20)',
    core: { id: 'ema', params: { period: 20 } },
    tiStream: () => new EMA({ period: 20, values: [] }),
    tiBatch: (values) => EMA.calculate({ period: 20, values }),
  },
  {
    name: 'RSI(14)',
    core: { id: 'rsi', params: { period: 14 } },
    tiStream: () => new RSI({ period: 14, values: [] }),
    tiBatch: (values) => RSI.calculate({ period: 14, values }),
  },
  {
    name: 'BB(20,2)',
    core: { id: 'bb', params: { period: 20, stdDev: 2 } },
    tiStream: () => new BollingerBands({ period: 20, stdDev: 2, values: [] }),
    tiBatch: (values) => BollingerBands.calculate({ period: 20, stdDev: 2, values }),
  },
  {
    name: 'MACD(12,26,9)',
    core: { id: 'macd', params: { fast: 12, slow: 26, signal: 9 } },
    tiStream: () =>
      new MACD({
        fastPeriod: 12,
        slowPeriod: 26,
        signalPeriod: 9,
        SimpleMAOscillator: false,
        SimpleMASignal: false,
        values: [],
      }),
    tiBatch: (values) =>
      MACD.calculate({
        fastPeriod: 12,
        slowPeriod: 26,
        signalPeriod: 9,
        SimpleMAOscillator: false,
        SimpleMASignal: false,
        values,
      }),
  },
];

const NAIVE_UPDATES = 2_000;
const WINDOW = 500;
console.log(
  `indicators bench: ${N.toLocaleString()} bars, load avg ${loadavg()[0]!.toFixed(2)}, gc ${gc ? 'on' : 'off'}`,
);
const rows: string[] = [];
for (const c of cases) {
  // Warm the JIT on a slice first, so each figure is steady-state code.
  createIndicator(c.core.id, c.core.params).compute(bars.slice(0, 50_000));
  const s0 = c.tiStream();
  for (let i = 0; i < 50_000; i++) s0.nextValue(closes[i]!);

  const core = createIndicator(c.core.id, c.core.params);
  let h0 = heap();
  const coreMs = time(() => {
    for (let i = 0; i < N; i++) core.update(bars[i]!);
  });
  const coreHeap = heap() - h0;
  const peekMs = time(() => {
    for (let i = 0; i < N; i++) core.peek(bars[i]!);
  });

  const stream = c.tiStream();
  h0 = heap();
  const tiMs = time(() => {
    for (let i = 0; i < N; i++) stream.nextValue(closes[i]!);
  });
  const tiHeap = heap() - h0;

  const naiveTiMs = time(() => {
    for (let i = WINDOW; i < WINDOW + NAIVE_UPDATES; i++) c.tiBatch(closes.slice(i - WINDOW, i));
  });
  const naiveCoreMs = time(() => {
    const ind = createIndicator(c.core.id, c.core.params);
    for (let i = WINDOW; i < WINDOW + NAIVE_UPDATES; i++) ind.compute(bars.slice(i - WINDOW, i));
  });

  const batchCoreMs = time(() => void createIndicator(c.core.id, c.core.params).compute(bars));
  const batchTiMs = time(() => void c.tiBatch(closes));

  const ns = (ms: number, n: number) => `${((ms * 1e6) / n).toFixed(0)} ns`;
  const us = (ms: number, n: number) => `${((ms * 1e3) / n).toFixed(1)} µs`;
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
  rows.push(
    `| ${c.name} | ${ns(coreMs, N)} | ${ns(peekMs, N)} | ${ns(tiMs, N)} | ${us(naiveTiMs, NAIVE_UPDATES)} | ${us(naiveCoreMs, NAIVE_UPDATES)} | ${batchCoreMs.toFixed(0)} ms | ${batchTiMs.toFixed(0)} ms | ${mb(coreHeap)} | ${mb(tiHeap)} |`,
  );
}
console.log(
  '| indicator | core update | core peek | ti nextValue | naive: ti over last 500 | naive: core over last 500 | batch 1M core | batch 1M ti | heap Δ core (1M updates) | heap Δ ti stream |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) console.log(r);
