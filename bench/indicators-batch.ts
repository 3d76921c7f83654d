// Issue 11 "Fast enough to sweep": core's batch path (`indicatorBatch` over Float64Array columns)
// against core's incremental path (`createIndicator(...).compute(bars)`), technicalindicators'
// `calculate` and TA-Lib, on 1M bars, in the same run. TA-Lib is timed two ways:
//   - "TA-Lib C": its C functions alone, by bench/talib/core-timing.c (no JavaScript involved);
//   - "talib npm": the npm `talib` binding's `execute`, which also copies the JS arrays into C
//     and the results back into JS arrays.
// TA-Lib stays out of the product's install: bench/talib/ is its own npm project (not in
// pnpm-workspace.yaml), installed here on first use with `npm install --prefix bench/talib`.
// The npm tarball of talib 2.0.5 ships macOS arm64 object files in src/lib/temp/ that make takes as
// up to date (the link then fails: "archive has no index"), so the install skips the build
// script, deletes those objects and runs `npm rebuild talib`; node-gyp takes the headers of the
// running node (npm_config_nodedir) instead of downloading them.
// Rounds are interleaved (every variant of every indicator once per round, the order rotated each
// round); the table gives the median and min–max of the rounds and the ratios of medians. Before
// timing, core batch is checked against TA-Lib's values (max abs / rel difference per output).
// Bars: the real BTCUSDT 1m files of ../shared/data (or, without them, the 4,320 bars the repo
// ships for exchange-sim), repeated to --bars, every other repetition played backwards so each one
// continues from the last close (no jump at the seams, prices stay in the real range).
//
//   pnpm --filter @coinview/bench indicators-batch [--bars 1000000] [--rounds 5] [--data DIR]
//     [--no-ti] [--no-talib]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gunzipSync } from 'node:zlib';
import type { ChartBar } from '@coinview/core/candle';
import { createIndicator } from '@coinview/core/indicators';
import { barColumns, indicatorBatch } from '@coinview/core/indicators/batch/index';
import {
  ADX,
  ATR,
  BollingerBands,
  CCI,
  EMA,
  MACD,
  MFI,
  OBV,
  PSAR,
  RSI,
  SMA,
  Stochastic,
  StochasticRSI,
  WMA,
  WilliamsR,
} from 'technicalindicators';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    bars: { type: 'string', default: '1000000' },
    rounds: { type: 'string', default: '5' },
    data: { type: 'string' },
    'no-ti': { type: 'boolean', default: false },
    'no-talib': { type: 'boolean', default: false },
  },
});
const N = Number(args.bars);
const ROUNDS = Number(args.rounds);

// ---- Bars ----

function parseCsv(text: string): ChartBar[] {
  const rows = text.trim().split('\n');
  if (rows[0]?.startsWith('open_time')) rows.shift();
  return rows.map((r) => {
    const [t, o, h, l, c, v] = r.split(',').map(Number);
    return { time: t! / 1000, open: o!, high: h!, low: l!, close: c!, volume: v! };
  });
}

/** ../shared/data beside the checkout (/work/main → /work/shared; /work/wt/x → /work/shared). */
function sharedData(): string {
  if (args.data) return args.data;
  const near = [resolve(here, '../../shared/data'), resolve(here, '../../../shared/data')];
  return near.find((d) => existsSync(d)) ?? near[0]!;
}

function realBars(): { bars: ChartBar[]; from: string } {
  const dir = sharedData();
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => /^btcusdt_1m_.*\.csv(\.gz)?$/.test(f))
        .sort()
    : [];
  if (files.length > 0) {
    const bars = files.flatMap((f) => {
      const raw = readFileSync(join(dir, f));
      return parseCsv((f.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8'));
    });
    return { bars, from: files.join(', ') };
  }
  const f = resolve(here, '../apps/exchange-sim/data/btcusdt_1m_2025-10-29_2025-11-01.csv.gz');
  return { bars: parseCsv(gunzipSync(readFileSync(f)).toString('utf8')), from: f };
}

/** Repeats the real bars, every other repetition backwards in time (open and close swapped), so
 *  each seam continues from the last close: no jumps, and prices stay in the real range. */
function extend(base: ChartBar[], count: number): ChartBar[] {
  const out: ChartBar[] = new Array<ChartBar>(count);
  const t0 = base[0]!.time;
  const n = base.length;
  for (let i = 0; i < count; i++) {
    const rep = Math.floor(i / n);
    const k = i % n;
    const b = rep % 2 === 0 ? base[k]! : base[n - 1 - k]!;
    const [open, close] = rep % 2 === 0 ? [b.open, b.close] : [b.close, b.open];
    out[i] = { time: t0 + i * 60, open, high: b.high, low: b.low, close, volume: b.volume };
  }
  return out;
}

const real = realBars();
const bars = extend(real.bars, N);
const cols = barColumns(bars);
const plain = {
  open: Array.from(cols.open),
  high: Array.from(cols.high),
  low: Array.from(cols.low),
  close: Array.from(cols.close),
  volume: Array.from(cols.volume),
};

// ---- TA-Lib (installed and built on demand, outside the workspace) ----

interface TalibResult {
  begIndex: number;
  nbElement: number;
  result: Record<string, number[]>;
}
interface Talib {
  execute(params: Record<string, unknown>): TalibResult;
  version: string;
}

const talibDir = join(here, 'talib');
const harness = join(talibDir, 'build', 'core-timing');

function deleteFiles(dir: string, suffix: string): void {
  if (!existsSync(dir)) return;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) deleteFiles(p, suffix);
    else if (e.name.endsWith(suffix)) rmSync(p);
  }
}

function setUpTalib(): { talib: Talib } | { reason: string } {
  const pkg = join(talibDir, 'node_modules', 'talib');
  const lib = join(pkg, 'src', 'lib');
  try {
    if (!existsSync(join(pkg, 'build', 'Release', 'talib.node'))) {
      const nodedir = resolve(dirname(process.execPath), '..');
      const env = { ...process.env, npm_config_nodedir: nodedir };
      const npm = (...a: string[]) => execFileSync('npm', a, { env, stdio: 'inherit' });
      console.log('installing TA-Lib into bench/talib (npm install + build, ~1 min)…');
      npm('install', '--prefix', talibDir, '--ignore-scripts', '--no-audit', '--no-fund');
      deleteFiles(join(lib, 'temp'), '.o');
      deleteFiles(join(lib, 'lib'), '.a');
      npm('rebuild', 'talib', '--prefix', talibDir);
    }
    const source = join(talibDir, 'core-timing.c');
    if (!existsSync(harness) || statSync(harness).mtimeMs < statSync(source).mtimeMs) {
      execFileSync('mkdir', ['-p', dirname(harness)]);
      execFileSync('gcc', [
        '-O2',
        `-I${join(lib, 'include')}`,
        source,
        join(lib, 'lib', 'libta_libc_csr.a'),
        '-lm',
        '-o',
        harness,
      ]);
    }
    const talib = createRequire(join(talibDir, 'package.json'))('talib') as Talib;
    return { talib };
  } catch (e) {
    return { reason: e instanceof Error ? e.message : String(e) };
  }
}

const setup = args['no-talib'] ? { reason: '--no-talib' } : setUpTalib();
const talib = 'talib' in setup ? setup.talib : null;

/** Writes the columns for the C harness: int64 n, then n doubles per column. */
function writeColumns(): string {
  const file = join(tmpdir(), `coinview-indicators-batch-${process.pid}.bin`);
  const header = Buffer.alloc(8);
  header.writeBigInt64LE(BigInt(N));
  const parts = [cols.open, cols.high, cols.low, cols.close, cols.volume].map((c) =>
    Buffer.from(c.buffer, c.byteOffset, c.byteLength),
  );
  writeFileSync(file, Buffer.concat([header, ...parts]));
  return file;
}
const columnsFile = talib ? writeColumns() : null;

/** One run of the C harness per TA-Lib function name: ms of wall and CPU time, output buffers
 *  reused (already written) and freshly allocated. */
interface CoreTimes {
  reused: Sample;
  fresh: Sample;
}
function talibCoreRound(): Map<string, CoreTimes> {
  const out = execFileSync(harness, [columnsFile!], { encoding: 'utf8' });
  return new Map(
    out
      .trim()
      .split('\n')
      .map((line) => {
        const [name, rw, fw, rc, fc] = line.split(' ');
        const t = {
          reused: { wall: Number(rw), cpu: Number(rc) },
          fresh: { wall: Number(fw), cpu: Number(fc) },
        };
        return [name!, t] as const;
      }),
  );
}

// ---- Cases ----

interface Sample {
  wall: number;
  cpu: number;
}

interface TalibCall {
  name: string;
  inputs: Partial<Record<'inReal' | 'open' | 'high' | 'low' | 'close' | 'volume', number[]>>;
  opts: Record<string, number>;
  /** core output name → TA-Lib output name (extra TA-Lib calls for outputs it computes apart). */
  outputs: Record<
    string,
    string | { name: string; output: string }
  >; /** The C harness's entry that computes every output core returns, when `name` computes only
   *  some (ADX: ADX + PLUS_DI + MINUS_DI); timed too and shown as a row of its own. */
  allOutputs?: string;
}

interface Case {
  label: string;
  id: string;
  params: Record<string, unknown>;
  talib?: TalibCall;
  ti?: () => unknown;
}

const { open, high, low, close, volume } = plain;
void open;
const hlc = { high, low, close };
const CASES: Case[] = [
  {
    label: 'SMA(20)',
    id: 'sma',
    params: { period: 20 },
    talib: {
      name: 'SMA',
      inputs: { inReal: close },
      opts: { optInTimePeriod: 20 },
      outputs: { value: 'outReal' },
    },
    ti: () => SMA.calculate({ period: 20, values: close }),
  },
  {
    label: 'EMA(20)',
    id: 'ema',
    params: { period: 20 },
    talib: {
      name: 'EMA',
      inputs: { inReal: close },
      opts: { optInTimePeriod: 20 },
      outputs: { value: 'outReal' },
    },
    ti: () => EMA.calculate({ period: 20, values: close }),
  },
  {
    label: 'WMA(20)',
    id: 'wma',
    params: { period: 20 },
    talib: {
      name: 'WMA',
      inputs: { inReal: close },
      opts: { optInTimePeriod: 20 },
      outputs: { value: 'outReal' },
    },
    ti: () => WMA.calculate({ period: 20, values: close }),
  },
  {
    label: 'RSI(14)',
    id: 'rsi',
    params: { period: 14 },
    talib: {
      name: 'RSI',
      inputs: { inReal: close },
      opts: { optInTimePeriod: 14 },
      outputs: { value: 'outReal' },
    },
    ti: () => RSI.calculate({ period: 14, values: close }),
  },
  {
    label: 'BB(20,2)',
    id: 'bb',
    params: { period: 20, stdDev: 2 },
    talib: {
      name: 'BBANDS',
      inputs: { inReal: close },
      opts: { optInTimePeriod: 20, optInNbDevUp: 2, optInNbDevDn: 2, optInMAType: 0 },
      outputs: {
        upper: 'outRealUpperBand',
        middle: 'outRealMiddleBand',
        lower: 'outRealLowerBand',
      },
    },
    ti: () => BollingerBands.calculate({ period: 20, stdDev: 2, values: close }),
  },
  {
    label: 'MACD(12,26,9)',
    id: 'macd',
    params: { fast: 12, slow: 26, signal: 9 },
    talib: {
      name: 'MACD',
      inputs: { inReal: close },
      opts: { optInFastPeriod: 12, optInSlowPeriod: 26, optInSignalPeriod: 9 },
      outputs: { macd: 'outMACD', signal: 'outMACDSignal', histogram: 'outMACDHist' },
    },
    ti: () =>
      MACD.calculate({
        values: close,
        fastPeriod: 12,
        slowPeriod: 26,
        signalPeriod: 9,
        SimpleMAOscillator: false,
        SimpleMASignal: false,
      }),
  },
  {
    label: 'Stoch(14,3,3)',
    id: 'stoch',
    params: { kPeriod: 14, kSmoothing: 3, dPeriod: 3 },
    talib: {
      name: 'STOCH',
      inputs: hlc,
      opts: {
        optInFastK_Period: 14,
        optInSlowK_Period: 3,
        optInSlowK_MAType: 0,
        optInSlowD_Period: 3,
        optInSlowD_MAType: 0,
      },
      outputs: { k: 'outSlowK', d: 'outSlowD' },
    },
    ti: () => Stochastic.calculate({ ...hlc, period: 14, signalPeriod: 3 }),
  },
  {
    label: 'StochRSI(14,14,1,3)',
    id: 'stochrsi',
    params: { rsiPeriod: 14, stochPeriod: 14, kSmoothing: 1, dSmoothing: 3 },
    talib: {
      name: 'STOCHRSI',
      inputs: { inReal: close },
      opts: {
        optInTimePeriod: 14,
        optInFastK_Period: 14,
        optInFastD_Period: 3,
        optInFastD_MAType: 0,
      },
      outputs: { k: 'outFastK', d: 'outFastD' },
    },
    ti: () =>
      StochasticRSI.calculate({
        values: close,
        rsiPeriod: 14,
        stochasticPeriod: 14,
        kPeriod: 1,
        dPeriod: 3,
      }),
  },
  {
    label: 'ATR(14)',
    id: 'atr',
    params: { period: 14 },
    talib: {
      name: 'ATR',
      inputs: hlc,
      opts: { optInTimePeriod: 14 },
      outputs: { value: 'outReal' },
    },
    ti: () => ATR.calculate({ ...hlc, period: 14 }),
  },
  {
    label: 'ADX(14)',
    id: 'adx',
    params: { period: 14 },
    talib: {
      name: 'ADX',
      inputs: hlc,
      opts: { optInTimePeriod: 14 },
      allOutputs: 'ADX+DI',
      outputs: {
        adx: 'outReal',
        plusDI: { name: 'PLUS_DI', output: 'outReal' },
        minusDI: { name: 'MINUS_DI', output: 'outReal' },
      },
    },
    ti: () => ADX.calculate({ ...hlc, period: 14 }),
  },
  {
    label: 'CCI(20)',
    id: 'cci',
    params: { period: 20 },
    talib: {
      name: 'CCI',
      inputs: hlc,
      opts: { optInTimePeriod: 20 },
      outputs: { value: 'outReal' },
    },
    ti: () => CCI.calculate({ ...hlc, period: 20 }),
  },
  {
    label: 'OBV',
    id: 'obv',
    params: {},
    talib: {
      name: 'OBV',
      inputs: { inReal: close, volume },
      opts: {},
      outputs: { value: 'outReal' },
    },
    ti: () => OBV.calculate({ close, volume }),
  },
  {
    label: 'MFI(14)',
    id: 'mfi',
    params: { period: 14 },
    talib: {
      name: 'MFI',
      inputs: { ...hlc, volume },
      opts: { optInTimePeriod: 14 },
      outputs: { value: 'outReal' },
    },
    ti: () => MFI.calculate({ ...hlc, volume, period: 14 }),
  },
  {
    label: 'Williams %R(14)',
    id: 'willr',
    params: { period: 14 },
    talib: {
      name: 'WILLR',
      inputs: hlc,
      opts: { optInTimePeriod: 14 },
      outputs: { value: 'outReal' },
    },
    ti: () => WilliamsR.calculate({ ...hlc, period: 14 }),
  },
  {
    label: 'PSAR(0.02,0.2)',
    id: 'psar',
    params: { acceleration: 0.02, maximum: 0.2 },
    talib: {
      name: 'SAR',
      inputs: { high, low },
      opts: { optInAcceleration: 0.02, optInMaximum: 0.2 },
      outputs: { value: 'outReal' },
    },
    ti: () => PSAR.calculate({ high, low, step: 0.02, max: 0.2 }),
  },
  { label: 'Keltner(20,10,2)', id: 'keltner', params: {} },
  { label: 'Ichimoku(9,26,52,26)', id: 'ichimoku', params: {} },
  { label: 'VWAP (UTC day)', id: 'vwap', params: {} },
];

function talibExecute(t: Talib, call: TalibCall, name = call.name): TalibResult {
  return t.execute({ name, startIdx: 0, endIdx: N - 1, ...call.inputs, ...call.opts });
}

// ---- Values: core batch vs TA-Lib ----

interface Diff {
  output: string;
  maxAbs: number;
  maxRel: number;
  mismatched: number; // bars defined on one side only
  compared: number;
  /** Max relative distance of core and of TA-Lib from a per-window recomputation, where one
   *  exists (the indicators whose two implementations keep running sums differently). */
  scan?: { core: number; talib: number };
}

/** Each bar's window recomputed from scratch in doubles (sum left to right; σ in two passes):
 *  a few ulps from exact, the reference for indicators both sides compute with running sums. */
function windowScan(id: string, x: Float64Array, n: number): Record<string, Float64Array> | null {
  if (id !== 'sma' && id !== 'wma' && id !== 'bb') return null;
  const mean = new Float64Array(N).fill(Number.NaN);
  const wma = new Float64Array(N).fill(Number.NaN);
  const upper = new Float64Array(N).fill(Number.NaN);
  const lower = new Float64Array(N).fill(Number.NaN);
  for (let i = n - 1; i < N; i++) {
    let s = 0;
    let w = 0;
    for (let k = 0; k < n; k++) {
      s += x[i - n + 1 + k]!;
      w += (k + 1) * x[i - n + 1 + k]!;
    }
    const m = s / n;
    let ss = 0;
    for (let k = i - n + 1; k <= i; k++) ss += (x[k]! - m) * (x[k]! - m);
    const band = 2 * Math.sqrt(ss / n);
    mean[i] = m;
    wma[i] = w / ((n * (n + 1)) / 2);
    upper[i] = m + band;
    lower[i] = m - band;
  }
  if (id === 'sma') return { value: mean };
  if (id === 'wma') return { value: wma };
  return { upper, middle: mean, lower };
}

function compareValues(t: Talib, c: Case): Diff[] {
  const call = c.talib!;
  const ours = indicatorBatch({ id: c.id, params: c.params }, cols);
  const results = new Map<string, TalibResult>();
  const diffs: Diff[] = [];
  const scan = windowScan(c.id, cols.close, Number(c.params.period));
  for (const [output, to] of Object.entries(call.outputs)) {
    const name = typeof to === 'string' ? call.name : to.name;
    const key = typeof to === 'string' ? to : to.output;
    let res = results.get(name);
    if (!res) results.set(name, (res = talibExecute(t, call, name)));
    const theirs = res.result[key]!;
    const col = ours[output]!;
    const d: Diff = { output, maxAbs: 0, maxRel: 0, mismatched: 0, compared: 0 };
    const ref = scan?.[output];
    if (ref) d.scan = { core: 0, talib: 0 };
    for (let i = 0; i < N; i++) {
      const j = i - res.begIndex;
      const b = j >= 0 && j < res.nbElement ? theirs[j]! : Number.NaN;
      const a = col[i]!;
      if (Number.isNaN(a) || Number.isNaN(b)) {
        if (Number.isNaN(a) !== Number.isNaN(b)) d.mismatched++;
        continue;
      }
      d.compared++;
      const abs = Math.abs(a - b);
      if (abs > d.maxAbs) d.maxAbs = abs;
      // Relative to values of at least 1 (oscillators near 0 make any ratio meaningless).
      if (Math.abs(b) >= 1 && abs / Math.abs(b) > d.maxRel) d.maxRel = abs / Math.abs(b);
      if (ref && d.scan) {
        const r = ref[i]!;
        d.scan.core = Math.max(d.scan.core, Math.abs(a - r) / Math.abs(r));
        d.scan.talib = Math.max(d.scan.talib, Math.abs(b - r) / Math.abs(r));
      }
    }
    diffs.push(d);
  }
  return diffs;
}

// ---- Timing ----

type Variant = 'batch' | 'incremental' | 'ti' | 'talibNpm';
type Series = Variant | 'talibReused' | 'talibFresh' | 'talibAllReused' | 'talibAllFresh';
const SERIES: Series[] = [
  'batch',
  'incremental',
  'ti',
  'talibNpm',
  'talibReused',
  'talibFresh',
  'talibAllReused',
  'talibAllFresh',
];
const samples = new Map<string, Record<Series, Sample[]>>();
for (const c of CASES)
  samples.set(
    c.label,
    Object.fromEntries(SERIES.map((k) => [k, [] as Sample[]])) as Record<Series, Sample[]>,
  );

// Each timed call starts on a collected heap with the collector's helper threads idle: a full GC,
// then a pause for concurrent sweeping to finish. Without it a call pays for the garbage of the
// variant timed before it (technicalindicators and the npm binding allocate millions of objects),
// which showed as 10–30× spikes in the max column and moved medians by 2–3×.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
async function settle(): Promise<void> {
  collect();
  await sleep(40);
}

/** Wall-clock ms and this process's CPU ms (user + system, every thread) of one call. */
function time(fn: () => unknown): Sample {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  fn();
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

function variants(c: Case): [Variant, () => unknown][] {
  const v: [Variant, () => unknown][] = [
    ['batch', () => indicatorBatch({ id: c.id, params: c.params }, cols)],
    ['incremental', () => createIndicator(c.id, c.params).compute(bars)],
  ];
  if (c.ti && !args['no-ti']) v.push(['ti', c.ti]);
  if (c.talib && talib) v.push(['talibNpm', () => talibExecute(talib, c.talib!)]);
  return v;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const cell = (xs: number[]) =>
  xs.length === 0 ? '—' : `${fmt(median(xs))} (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))})`;
const ratio = (a: number[], b: number[]) =>
  a.length && b.length ? `${(median(a) / median(b)).toFixed(2)}×` : '—';

// ---- Run ----

const load0 = loadavg();
console.log(
  `# indicators-batch: ${N.toLocaleString('en')} bars (real BTCUSDT 1m: ${real.bars.length.toLocaleString('en')} bars from ${real.from}, repeated), ${ROUNDS} rounds`,
);
console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}`);
console.log(
  talib
    ? `npm talib ${(JSON.parse(readFileSync(join(talibDir, 'node_modules/talib/package.json'), 'utf8')) as { version: string }).version} (TA-Lib's C core built from the source it bundles)`
    : `TA-Lib: not measured (${(setup as { reason: string }).reason})`,
);
console.log(`load average at start: ${load0.map((x) => x.toFixed(2)).join(' ')}\n`);

if (talib) {
  console.log('## Values: core batch vs TA-Lib (bars where both are defined)\n');
  console.log(
    '| indicator | output | bars compared | max abs diff | max rel diff (where TA-Lib ≥ 1 in size) | defined on one side only | core vs window scan (max rel) | TA-Lib vs window scan (max rel) |',
  );
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const c of CASES) {
    if (!c.talib) continue;
    for (const d of compareValues(talib, c))
      console.log(
        `| ${c.label} | ${d.output} | ${d.compared.toLocaleString('en')} | ${d.maxAbs.toExponential(2)} | ${d.maxRel.toExponential(2)} | ${d.mismatched} | ${d.scan ? d.scan.core.toExponential(2) : '—'} | ${d.scan ? d.scan.talib.toExponential(2) : '—'} |`,
      );
  }
  console.log('');
}

// One untimed round first, so every variant is compiled by the JIT before it is measured.
for (const c of CASES) for (const [, fn] of variants(c)) fn();

for (let r = 0; r < ROUNDS; r++) {
  for (const c of CASES) {
    const v = variants(c);
    const rot = r % v.length;
    for (const [name, fn] of [...v.slice(rot), ...v.slice(0, rot)]) {
      await settle();
      samples.get(c.label)![name].push(time(fn));
    }
  }
  if (talib) {
    const core = talibCoreRound();
    for (const c of CASES) {
      const t = c.talib && core.get(c.talib.name);
      if (!t) continue;
      samples.get(c.label)!.talibReused.push(t.reused);
      samples.get(c.label)!.talibFresh.push(t.fresh);
      const all = c.talib?.allOutputs && core.get(c.talib.allOutputs);
      if (all) {
        samples.get(c.label)!.talibAllReused.push(all.reused);
        samples.get(c.label)!.talibAllFresh.push(all.fresh);
      }
    }
  }
  process.stderr.write(`round ${r + 1}/${ROUNDS} done\n`);
}

for (const metric of ['cpu', 'wall'] as const) {
  console.log(
    `## ${metric === 'cpu' ? 'CPU time (user + system)' : 'Wall-clock time'} per call on the whole series, ms: median (min–max) of the rounds\n`,
  );
  console.log(
    '| indicator | core batch | TA-Lib C, buffers reused | TA-Lib C, fresh buffers | batch ÷ C reused | batch ÷ C fresh | talib npm | core incremental | technicalindicators | incremental ÷ batch | ti ÷ batch |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const c of CASES) {
    const s = samples.get(c.label)!;
    const m = (k: Series) => s[k].map((x) => x[metric]);
    console.log(
      `| ${c.label} | ${cell(m('batch'))} | ${cell(m('talibReused'))} | ${cell(m('talibFresh'))} | ${ratio(m('batch'), m('talibReused'))} | ${ratio(m('batch'), m('talibFresh'))} | ${cell(m('talibNpm'))} | ${cell(m('incremental'))} | ${cell(m('ti'))} | ${ratio(m('incremental'), m('batch'))} | ${ratio(m('ti'), m('batch'))} |`,
    );
    if (c.talib?.allOutputs && s.talibAllFresh.length)
      console.log(
        `| ${c.label} vs TA-Lib ${c.talib.allOutputs.replace('+', ' + ')} (every output core returns) | ${cell(m('batch'))} | ${cell(m('talibAllReused'))} | ${cell(m('talibAllFresh'))} | ${ratio(m('batch'), m('talibAllReused'))} | ${ratio(m('batch'), m('talibAllFresh'))} | — | — | — | — | — |`,
      );
  }
  console.log('');
}
console.log(
  `load average at end: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
if (columnsFile) rmSync(columnsFile, { force: true });
