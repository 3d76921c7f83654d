// Issue 11 "Fast enough to sweep", first slice: per-bar cost of Bollinger and Stochastic after the
// move from O(period) window scans to O(1) updates (running sums with a periodic exact re-sum;
// monotonic deques), against a copy of the previous O(period) code kept below as the baseline
// (`WindowScanBollinger`, `WindowScanStochastic`, verbatim from core before the change), in the same
// run: period 20 and 200, `update` (commit) and `peek` (forming bar), old and new interleaved in
// every round (order alternating), median of the rounds. No TA-Lib in this slice.
// Bars: the real BTCUSDT 1m bars the repo ships for exchange-sim, repeated.
//
//   pnpm --filter @coinview/bench exec tsx indicators-window.ts [--bars 200000] [--rounds 7]
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import type { ChartBar } from '@coinview/core/candle';
import { Bollinger, type BollingerOutput } from '@coinview/core/indicators/bollinger';
import { Ring } from '@coinview/core/indicators/ring';
import { SmaSeries } from '@coinview/core/indicators/sma';
import { Stochastic, fastK, type StochasticOutput } from '@coinview/core/indicators/stochastic';
import { StreamingIndicator, type Bar } from '@coinview/core/indicators/types';

const { values: args } = parseArgs({
  options: {
    bars: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '7' },
  },
});
const N = Number(args.bars);
const ROUNDS = Number(args.rounds);

// ---- Baseline: the previous O(period) implementations, as they were in core. ----

/** Previous Bollinger: window sum, then σ in a second pass over the ring, on every update/peek. */
class WindowScanBollinger extends StreamingIndicator<BollingerOutput> {
  readonly lookback: number;
  readonly ring: Ring;
  constructor(readonly params: { period: number; stdDev: number }) {
    super();
    this.lookback = params.period - 1;
    this.ring = new Ring(params.period);
  }
  next(bar: Bar, commit: boolean): BollingerOutput | null {
    const x = bar.close;
    const ring = this.ring;
    const n = this.params.period;
    let out: BollingerOutput | null = null;
    if (ring.size + 1 >= n) {
      const mean = ring.sumWith(x) / n;
      let d = x - mean;
      let ss = d * d;
      for (let i = ring.nextStart(); i < ring.size; i++) {
        d = ring.at(i) - mean;
        ss += d * d;
      }
      const band = this.params.stdDev * Math.sqrt(ss / n);
      out = { upper: mean + band, middle: mean, lower: mean - band };
    }
    if (commit) ring.push(x);
    return out;
  }
  reset(): void {
    this.ring.clear();
  }
}

/** Previous Stochastic: scans the window's rings for the highest high and lowest low. */
class WindowScanStochastic extends StreamingIndicator<StochasticOutput> {
  readonly lookback: number;
  readonly highs: Ring;
  readonly lows: Ring;
  private readonly slowK: SmaSeries;
  private readonly slowD: SmaSeries;
  constructor(readonly params: { kPeriod: number; kSmoothing: number; dPeriod: number }) {
    super();
    this.highs = new Ring(params.kPeriod);
    this.lows = new Ring(params.kPeriod);
    this.slowK = new SmaSeries(params.kSmoothing);
    this.slowD = new SmaSeries(params.dPeriod);
    this.lookback = params.kPeriod - 1 + this.slowK.lookback + this.slowD.lookback;
  }
  next(bar: Bar, commit: boolean): StochasticOutput | null {
    const ready = this.highs.size + 1 >= this.params.kPeriod;
    const hh = ready ? this.highs.maxWith(bar.high) : 0;
    const ll = ready ? this.lows.minWith(bar.low) : 0;
    if (commit) {
      this.highs.push(bar.high);
      this.lows.push(bar.low);
    }
    if (!ready) return null;
    const k = this.slowK.next(fastK(bar.close, hh, ll), commit);
    if (k === null) return null;
    const d = this.slowD.next(k, commit);
    return d === null ? null : { k, d };
  }
  reset(): void {
    this.highs.clear();
    this.lows.clear();
    this.slowK.reset();
    this.slowD.reset();
  }
}

// ---- Bars ----

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
// A forming bar per closed bar: the close 0.1% higher (what a tick would ask with peek).
const formingBars: ChartBar[] = bars.map((b) => {
  const close = b.close * 1.001;
  return { ...b, close, high: Math.max(b.high, close) };
});

// ---- Timing ----

type Ind = StreamingIndicator<unknown>;
let sink = 0;

/** ns per bar for N updates on a fresh indicator. */
function timeUpdates(make: () => Ind): number {
  const ind = make();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) if (ind.update(bars[i]!) !== null) sink++;
  return Number(process.hrtime.bigint() - t0) / N;
}

/** ns per bar for a peek at the forming bar before each of N updates; only the peeks are timed. */
function timePeeks(make: () => Ind): number {
  const ind = make();
  let ns = 0n;
  const CHUNK = 1000;
  for (let i = 0; i < N; i += CHUNK) {
    const end = Math.min(N, i + CHUNK);
    const t0 = process.hrtime.bigint();
    for (let j = i; j < end; j++) if (ind.peek(formingBars[j]!) !== null) sink++;
    ns += process.hrtime.bigint() - t0;
    for (let j = i; j < end; j++) ind.update(bars[j]!);
  }
  return Number(ns) / N;
}

interface Case {
  name: string;
  old: () => Ind;
  now: () => Ind;
}

const cases: Case[] = [20, 200].flatMap((p): Case[] => [
  {
    name: `Bollinger(${p}, 2)`,
    old: () => new WindowScanBollinger({ period: p, stdDev: 2 }),
    now: () => new Bollinger({ period: p, stdDev: 2, source: 'close' }),
  },
  {
    name: `Stochastic(${p}, 3, 3)`,
    old: () => new WindowScanStochastic({ kPeriod: p, kSmoothing: 3, dPeriod: 3 }),
    now: () => new Stochastic({ kPeriod: p, kSmoothing: 3, dPeriod: 3 }),
  },
]);

// Same values first (Stochastic identical, Bollinger within 1e-9 × price), so the speed compares
// like with like.
for (const c of cases) {
  const a = c.old().compute(bars.slice(0, 20_000));
  const b = c.now().compute(bars.slice(0, 20_000));
  let maxDiff = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Record<string, number> | null;
    const y = b[i] as Record<string, number> | null;
    if ((x === null) !== (y === null)) throw new Error(`${c.name}: warm-up differs at ${i}`);
    if (x && y)
      for (const k of Object.keys(x)) maxDiff = Math.max(maxDiff, Math.abs(x[k]! - y[k]!));
  }
  const limit = c.name.startsWith('Stochastic') ? 0 : 1e-9 * 200_000;
  if (maxDiff > limit) throw new Error(`${c.name}: old and new differ by ${maxDiff}`);
  console.log(`${c.name}: max |old − new| over 20,000 bars = ${maxDiff.toExponential(2)}`);
}

console.log(
  `indicators-window bench: ${N.toLocaleString()} bars × ${ROUNDS} rounds, load avg ${loadavg()[0]!.toFixed(2)}`,
);
// Warm the JIT on both implementations of every case.
for (const c of cases) {
  for (const make of [c.old, c.now]) {
    make().compute(bars.slice(0, 20_000));
  }
}

const samples = new Map<string, number[]>();
const add = (key: string, v: number) => samples.set(key, [...(samples.get(key) ?? []), v]);
for (let r = 0; r < ROUNDS; r++) {
  for (const c of cases) {
    const order = r % 2 === 0 ? (['old', 'now'] as const) : (['now', 'old'] as const);
    for (const which of order) {
      add(`${c.name}|${which}|update`, timeUpdates(c[which]));
      add(`${c.name}|${which}|peek`, timePeeks(c[which]));
    }
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const fmt = (ns: number) => `${ns.toFixed(0)} ns`;
const range = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
console.log(
  '| indicator | op | old O(period) median (range) | new O(1) median (range) | old ÷ new | per-round ratios |',
);
console.log('| --- | --- | ---: | ---: | ---: | --- |');
for (const c of cases) {
  for (const op of ['update', 'peek']) {
    const o = samples.get(`${c.name}|old|${op}`)!;
    const n = samples.get(`${c.name}|now|${op}`)!;
    const ratios = o.map((x, i) => (x / n[i]!).toFixed(1)).join(', ');
    console.log(
      `| ${c.name} | ${op} | ${fmt(median(o))} (${range(o)}) | ${fmt(median(n))} (${range(n)}) | ${(median(o) / median(n)).toFixed(1)}× | ${ratios} |`,
    );
  }
}
console.log(`(sink ${sink})`);
