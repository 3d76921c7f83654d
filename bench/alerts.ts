// Cost of evaluating alert rules live: 100,000 active rules over 200 markets (500 each) with
// core's MarketRules (compiled rules, indicator instances shared per market, incremental updates),
// against the naive baseline measured in the same run: for every rule, on every bar close,
// recompute its indicators over the last 500 bars (as the original tutorial's bot did) — with
// core's `compute`, and with technicalindicators' `calculate` (what that bot used) on a sample.
//
// Markets are windows of real recorded 1m bars (BTCUSDT ×3 months, ETHUSDT ×2), named M000USDT…
// The rule mix (seeded, so every run has the same rules): RSI crosses of levels, Bollinger channel
// entering/exiting/outside, EMA crosses, price levels (half of them intrabar), MACD line/signal
// crosses, with a spread of parameters so instances are partly shared.
//
//   pnpm --filter @coinview/bench exec tsx alerts.ts [--markets 200] [--rules 500] [--closes 20] [--ticks 10]
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import type { ChartBar } from '@coinview/core/candle';
import { outputOf, createIndicator } from '@coinview/core/indicators';
import { MarketRules } from '@coinview/core/rules/market-rules';
import { alertRuleSchema, type AlertRule, type Condition } from '@coinview/core/rules/rule';
import { BollingerBands, EMA, MACD, RSI } from 'technicalindicators';

const { values: args } = parseArgs({
  options: {
    markets: { type: 'string', default: '200' },
    rules: { type: 'string', default: '500' },
    closes: { type: 'string', default: '20' },
    ticks: { type: 'string', default: '10' },
    'naive-closes': { type: 'string', default: '2' },
    'ti-markets': { type: 'string', default: '20' },
  },
});
const MARKETS = Number(args.markets);
const RULES = Number(args.rules);
const CLOSES = Number(args.closes);
const TICKS = Number(args.ticks);
const NAIVE_CLOSES = Number(args['naive-closes']);
const TI_MARKETS = Math.min(MARKETS, Number(args['ti-markets']));
const WINDOW = 500;

// ---- data: windows of real 1m bars ----
const FILES = [
  'btcusdt_1m_2024-10-01_2024-11-04.csv.gz',
  'btcusdt_1m_2024-11-30_2024-12-29.csv.gz',
  'btcusdt_1m_2025-01-01_2025-02-04.csv.gz',
  'ethusdt_1m_2024-10-01_2024-11-04.csv.gz',
  'ethusdt_1m_2025-01-01_2025-02-04.csv.gz',
];
function load(name: string): ChartBar[] {
  const csv = gunzipSync(readFileSync(new URL(`../../shared/data/${name}`, import.meta.url)));
  return csv
    .toString('utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((r) => {
      const [t, o, h, l, c, v] = r.split(',').map(Number);
      return { time: t! / 1000, open: o!, high: h!, low: l!, close: c!, volume: v! };
    });
}
const sources = FILES.map(load);

// ---- rules: a seeded mix ----
let seed = 42;
function rand(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const ind = (id: string, params: Record<string, number>, output = 'value') =>
  ({ kind: 'indicator', id, params, output }) as const;
const close = { kind: 'price', field: 'close' } as const;
const value = (v: number) => ({ kind: 'value', value: v }) as const;

interface BenchRule {
  rule: AlertRule;
  kind: 'rsi' | 'bb' | 'ema' | 'price' | 'macd';
}

function makeRule(symbol: string, price: number): BenchRule {
  const r = rand();
  let condition: Condition;
  let kind: BenchRule['kind'];
  let intrabar = false;
  if (r < 0.3) {
    kind = 'rsi';
    const below = rand() < 0.5;
    condition = {
      op: below ? 'crosses-below' : 'crosses-above',
      left: ind('rsi', { period: pick([7, 14, 14, 21]) }),
      right: value(below ? pick([20, 25, 30]) : pick([70, 75, 80])),
    };
    intrabar = rand() < 1 / 3;
  } else if (r < 0.5) {
    kind = 'bb';
    condition = {
      op: pick(['entering-channel', 'exiting-channel', 'outside-channel'] as const),
      left: close,
      channel: {
        kind: 'bands',
        id: 'bb',
        params: { period: pick([20, 20, 50]), stdDev: pick([2, 2, 2.5, 3]) },
      },
    };
  } else if (r < 0.7) {
    kind = 'ema';
    condition = {
      op: pick(['crosses', 'crosses-above', 'crosses-below'] as const),
      left: ind('ema', { period: pick([9, 12, 20]) }),
      right: ind('ema', { period: pick([26, 50, 100, 200]) }),
    };
  } else if (r < 0.9) {
    kind = 'price';
    const up = rand() < 0.5;
    const pct = 0.0005 + rand() * 0.01;
    condition = {
      op: up ? 'crosses-above' : 'crosses-below',
      left: close,
      right: value(Math.round(price * (up ? 1 + pct : 1 - pct) * 100) / 100),
    };
    intrabar = rand() < 0.5;
  } else {
    kind = 'macd';
    const p = pick([
      { fast: 12, slow: 26, signal: 9 },
      { fast: 8, slow: 21, signal: 5 },
      { fast: 5, slow: 35, signal: 5 },
    ]);
    condition = {
      op: pick(['crosses-above', 'crosses-below'] as const),
      left: ind('macd', p, 'macd'),
      right: ind('macd', p, 'signal'),
    };
  }
  const rule = alertRuleSchema.parse({
    symbol,
    interval: '1m',
    condition,
    trigger: intrabar ? 'intrabar' : 'bar-close',
    frequency: intrabar ? 'once-per-bar' : 'once-per-bar-close',
  });
  return { rule, kind };
}

const time = (fn: () => void): number => {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;
const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;

// ---- setup ----
interface Market {
  symbol: string;
  bars: ChartBar[];
  rules: BenchRule[];
  book: MarketRules;
}
const WARM = 1000; // EMA 200's warm-up (MarketRules caps every warm-up at 1,000 bars)
const need = WARM + CLOSES + 1;
const markets: Market[] = [];
for (let i = 0; i < MARKETS; i++) {
  const src = sources[i % sources.length]!;
  const perFile = Math.ceil(MARKETS / sources.length);
  const step = Math.floor((src.length - need) / perFile);
  const start = Math.floor(i / sources.length) * step;
  const bars = src.slice(start, start + need);
  const symbol = `M${String(i).padStart(3, '0')}USDT`;
  const price = bars[WARM]!.close;
  const rules = Array.from({ length: RULES }, () => makeRule(symbol, price));
  markets.push({ symbol, bars, rules, book: new MarketRules(symbol, '1m') });
}
const total = MARKETS * RULES;
const intrabarRules = markets.reduce(
  (a, m) => a + m.rules.filter((r) => r.rule.trigger === 'intrabar').length,
  0,
);

console.log(
  `alerts bench: ${total.toLocaleString()} rules over ${MARKETS} markets (${RULES} each, ${intrabarRules.toLocaleString()} intrabar), ${CLOSES} closes × ${TICKS} ticks, load avg ${loadavg()[0]!.toFixed(2)}`,
);

const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  gc?.();
  return process.memoryUsage().heapUsed;
};
const heap0 = heap();
const addMs = time(() => {
  for (const m of markets) m.rules.forEach((r, j) => m.book.add(`r${j}`, r.rule));
});
const warmupBars = Math.max(...markets.map((m) => m.book.warmupBars()));
const warmMs = time(() => {
  for (const m of markets) m.book.warm(m.bars.slice(0, WARM - 1));
});
// One unmeasured close (bar WARM − 1): builds the books' evaluation lists and warms the JIT.
for (const m of markets) m.book.close(m.bars[WARM - 1]!, 0);
const instances = markets.reduce((a, m) => a + m.book.indicatorCount, 0);
const heapMB = (heap() - heap0) / 1024 / 1024;
console.log(
  `add ${total.toLocaleString()} rules (zod-validated + compiled): ${fmt(addMs)}; warm ${WARM} bars × ${MARKETS} markets: ${fmt(warmMs)} (books ask for ${warmupBars}); ${instances} shared indicator instances (${(instances / MARKETS).toFixed(1)} per market); heap +${heapMB.toFixed(0)} MB${gc ? '' : ' (gc off: includes garbage)'}`,
);

// ---- live: ticks then the close, for CLOSES bars ----
const closeMs: number[] = [];
const tickMs: number[] = [];
let closeFires = 0;
let tickFires = 0;
const engineFiresAt = new Map<number, Set<string>>(); // step → "market:rule" fired at close
for (let s = 0; s < CLOSES; s++) {
  const idx = WARM + s;
  for (let t = 1; t <= TICKS; t++) {
    const ms = time(() => {
      for (const m of markets) {
        const b = m.bars[idx]!;
        // A forming bar moving from the open towards the close, with its high/low so far.
        const price =
          b.open + ((b.close - b.open) * t) / TICKS + (t % 2 ? 1 : -1) * (b.high - b.low) * 0.3;
        const forming = {
          ...b,
          close: price,
          high: Math.max(b.open, price),
          low: Math.min(b.open, price),
        };
        tickFires += m.book.tick(forming, 0).length;
      }
    });
    tickMs.push(ms);
  }
  const fired = new Set<string>();
  closeMs.push(
    time(() => {
      for (const m of markets)
        for (const f of m.book.close(m.bars[idx]!, 0)) {
          closeFires++;
          if (f.trigger === 'bar-close') fired.add(`${m.symbol}:${f.ruleId}`);
        }
    }),
  );
  engineFiresAt.set(s, fired);
}

// ---- naive baseline: recompute every rule's indicators over the last 500 bars ----
type Series = (number | null)[];
function naiveCore(r: BenchRule, window: ChartBar[]): boolean {
  const c = r.rule.condition as Condition & { op: string };
  const n = window.length;
  const closeNow = window[n - 1]!.close;
  const closeThen = window[n - 2]!.close;
  const cross = (a0: number, b0: number, a: number, b: number) =>
    (c.op !== 'crosses-below' && a0 <= b0 && a > b) ||
    (c.op !== 'crosses-above' && a0 >= b0 && a < b);
  if (r.kind === 'price') {
    const level = (c as unknown as { right: { value: number } }).right.value;
    return cross(closeThen, level, closeNow, level);
  }
  if (r.kind === 'bb') {
    const ch = (c as unknown as { channel: { id: string; params: Record<string, number> } })
      .channel;
    const out = createIndicator('bb', ch.params).compute(window);
    const zone = (x: number, v: unknown) => {
      const u = outputOf(v, 'upper')!;
      const l = outputOf(v, 'lower')!;
      return x > u ? 1 : x < l ? -1 : 0;
    };
    const z0 = zone(closeThen, out[n - 2]);
    const z1 = zone(closeNow, out[n - 1]);
    if (c.op === 'outside-channel') return z1 !== 0;
    return c.op === 'entering-channel' ? z0 !== 0 && z1 === 0 : z0 === 0 && z1 !== 0;
  }
  const { left, right } = c as unknown as {
    left: { id: string; params: Record<string, number>; output: string };
    right: {
      kind: string;
      id: string;
      params: Record<string, number>;
      output: string;
      value: number;
    };
  };
  const a: Series = createIndicator(left.id, left.params)
    .compute(window)
    .map((v) => outputOf(v, left.output));
  const b: Series =
    right.kind === 'value'
      ? [right.value, right.value]
      : createIndicator(right.id, right.params)
          .compute(window)
          .map((v) => outputOf(v, right.output));
  const [a0, a1] = [a[a.length - 2], a[a.length - 1]];
  const [b0, b1] = [b[b.length - 2], b[b.length - 1]];
  if (a0 == null || a1 == null || b0 == null || b1 == null) return false;
  return cross(a0, b0, a1, b1);
}

function naiveTi(r: BenchRule, window: ChartBar[]): boolean {
  const c = r.rule.condition as Condition & { op: string };
  const values = window.map((b) => b.close);
  const last2 = <T>(xs: T[]) => [xs[xs.length - 2], xs[xs.length - 1]] as const;
  const cross = (a0: number, b0: number, a: number, b: number) =>
    (c.op !== 'crosses-below' && a0 <= b0 && a > b) ||
    (c.op !== 'crosses-above' && a0 >= b0 && a < b);
  const [c0, c1] = last2(values);
  if (r.kind === 'price') {
    const level = (c as unknown as { right: { value: number } }).right.value;
    return cross(c0!, level, c1!, level);
  }
  if (r.kind === 'bb') {
    const p = (c as unknown as { channel: { params: { period: number; stdDev: number } } }).channel
      .params;
    const [v0, v1] = last2(
      BollingerBands.calculate({ period: p.period, stdDev: p.stdDev, values }),
    );
    const zone = (x: number, v: { upper: number; lower: number }) =>
      x > v.upper ? 1 : x < v.lower ? -1 : 0;
    const z0 = zone(c0!, v0!);
    const z1 = zone(c1!, v1!);
    if (c.op === 'outside-channel') return z1 !== 0;
    return c.op === 'entering-channel' ? z0 !== 0 && z1 === 0 : z0 === 0 && z1 !== 0;
  }
  const { left, right } = c as unknown as {
    left: { params: { period: number; fast: number; slow: number; signal: number } };
    right: { kind: string; value: number; params: { period: number } };
  };
  if (r.kind === 'rsi') {
    const [a0, a1] = last2(RSI.calculate({ period: left.params.period, values }));
    return cross(a0!, right.value, a1!, right.value);
  }
  if (r.kind === 'ema') {
    const [a0, a1] = last2(EMA.calculate({ period: left.params.period, values }));
    const [b0, b1] = last2(EMA.calculate({ period: right.params.period, values }));
    return cross(a0!, b0!, a1!, b1!);
  }
  const m = MACD.calculate({
    fastPeriod: left.params.fast,
    slowPeriod: left.params.slow,
    signalPeriod: left.params.signal,
    SimpleMAOscillator: false,
    SimpleMASignal: false,
    values,
  });
  const [m0, m1] = last2(m);
  return cross(m0!.MACD!, m0!.signal!, m1!.MACD!, m1!.signal!);
}

const naiveMs: number[] = [];
let agree = 0;
let compared = 0;
for (let s = 0; s < NAIVE_CLOSES; s++) {
  const idx = WARM + s;
  const fired = new Set<string>();
  naiveMs.push(
    time(() => {
      for (const m of markets) {
        const window = m.bars.slice(idx + 1 - WINDOW, idx + 1);
        m.rules.forEach((r, j) => {
          if (naiveCore(r, window)) fired.add(`${m.symbol}:r${j}`);
        });
      }
    }),
  );
  const engine = engineFiresAt.get(s)!;
  // Bar-close decisions of the two (intrabar rules excluded: the engine may have fired them on a tick).
  for (const m of markets)
    m.rules.forEach((r, j) => {
      if (r.rule.trigger === 'intrabar') return;
      const key = `${m.symbol}:r${j}`;
      compared++;
      if (engine.has(key) === fired.has(key)) agree++;
    });
}
const tiSampleMs = time(() => {
  for (const m of markets.slice(0, TI_MARKETS)) {
    const window = m.bars.slice(WARM + 1 - WINDOW, WARM + 1);
    for (const r of m.rules) naiveTi(r, window);
  }
});
const tiMs = (tiSampleMs * MARKETS) / TI_MARKETS;

// Naive per tick: the intrabar rules recomputed over the last 499 closed bars + the forming one.
const naiveTickMs = time(() => {
  for (const m of markets) {
    const b = m.bars[WARM + CLOSES]!;
    const window = [
      ...m.bars.slice(WARM + CLOSES + 1 - WINDOW, WARM + CLOSES),
      { ...b, close: b.open },
    ];
    for (const r of m.rules) if (r.rule.trigger === 'intrabar') naiveCore(r, window);
  }
});

const engineClose = median(closeMs);
const engineTick = median(tickMs);
const naiveClose = median(naiveMs);
console.log('');
console.log('| per bar close, all markets | time | per rule | × engine |');
console.log('| --- | ---: | ---: | ---: |');
console.log(
  `| engine: MarketRules.close × ${MARKETS} (median / p95 of ${CLOSES}) | ${fmt(engineClose)} / ${fmt(p95(closeMs))} | ${((engineClose * 1e6) / total).toFixed(0)} ns | 1 |`,
);
console.log(
  `| naive: core compute over last ${WINDOW} bars per rule (median of ${NAIVE_CLOSES}) | ${fmt(naiveClose)} | ${((naiveClose * 1e3) / total).toFixed(1)} µs | ${(naiveClose / engineClose).toFixed(0)}× |`,
);
console.log(
  `| naive: technicalindicators calculate over last ${WINDOW} (${TI_MARKETS} markets, scaled) | ${fmt(tiMs)} | ${((tiMs * 1e3) / total).toFixed(1)} µs | ${(tiMs / engineClose).toFixed(0)}× |`,
);
console.log('');
console.log(
  '| per tick (one forming-bar update of every market) | time | per intrabar rule | × engine |',
);
console.log('| --- | ---: | ---: | ---: |');
console.log(
  `| engine: MarketRules.tick × ${MARKETS} (median / p95 of ${tickMs.length}) | ${fmt(engineTick)} / ${fmt(p95(tickMs))} | ${((engineTick * 1e6) / intrabarRules).toFixed(0)} ns | 1 |`,
);
console.log(
  `| naive: core compute over 499 closed + forming bar per intrabar rule | ${fmt(naiveTickMs)} | ${((naiveTickMs * 1e3) / intrabarRules).toFixed(1)} µs | ${(naiveTickMs / engineTick).toFixed(0)}× |`,
);
console.log('');
console.log(
  `fires: ${closeFires} at close, ${tickFires} intrabar over ${CLOSES} bars; bar-close decisions engine vs naive (core, 500-bar window): ${agree}/${compared} agree (${((agree / compared) * 100).toFixed(3)}%)`,
);
