// Cost of evaluating alert rules live: 100,000 active rules over 200 markets (500 each) with
// core's MarketRules (compiled rules, indicator instances shared per market, incremental updates),
// against the strongest straightforward baseline, measured in the same run and interleaved with
// it: on every bar close, compute each distinct (indicator, params) of a market once over the last
// 500 bars, then evaluate every rule's comparison from those values — with core's `compute`, and
// with technicalindicators' `calculate`. Per tick, the same for the indicators intrabar rules read,
// over 499 closed bars + the forming one.
//
// Every figure is the median and nearest-rank p95 of its own samples (≥ 20 each; --closes sets
// the number of bar closes, --ticks the ticks per bar). Rounds alternate baseline, engine,
// baseline, engine…, so load from other work on the machine falls on both.
//
// Markets are overlapping windows of the real recorded 1m bars the repo ships for exchange-sim
// (BTCUSDT and ETHUSDT, 4,320 bars each), named M000USDT… The rule mix (seeded, so every run has
// the same rules): RSI crosses of levels, Bollinger channel entering/exiting/outside, EMA crosses,
// price levels (half of them intrabar), MACD line/signal crosses, with a spread of parameters so
// instances are partly shared.
//
//   NODE_OPTIONS=--expose-gc npx pnpm --filter @coinview/bench exec tsx alerts.ts [--markets 200] [--rules 500] [--closes 30] [--ticks 10]
//   (--engine-only: a diagnostic that plays only the engine, no baseline in between)
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
    closes: { type: 'string', default: '30' },
    ticks: { type: 'string', default: '10' },
    // Diagnostic: play the engine's bars back to back, with no baseline between them.
    'engine-only': { type: 'boolean', default: false },
  },
});
const MARKETS = Number(args.markets);
const RULES = Number(args.rules);
const CLOSES = Number(args.closes);
const TICKS = Number(args.ticks);
const ENGINE_ONLY = args['engine-only'];
const WINDOW = 500;

// ---- data: windows of real 1m bars ----
// The replay files shipped in the repo for exchange-sim (any clone has them).
const FILES = [
  'btcusdt_1m_2025-10-29_2025-11-01.csv.gz',
  'ethusdt_1m_2025-10-29_2025-11-01.csv.gz',
];
function load(name: string): ChartBar[] {
  const csv = gunzipSync(
    readFileSync(new URL(`../apps/exchange-sim/data/${name}`, import.meta.url)),
  );
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
// Median: the middle value, or the mean of the two middle values for an even count.
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
};
// p95 by nearest rank: the ⌈0.95·n⌉-th smallest value (n = 20 → the 19th, not the maximum).
const p95 = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.ceil(0.95 * xs.length) - 1]!;
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

// ---- baseline: each distinct (indicator, params) of a market computed once over the last 500 bars ----
// The strongest straightforward implementation without incremental state: per market and bar,
// every distinct indicator instance the rules read is recomputed once over the window, then every
// rule's comparison is evaluated from those values (looked up by instance key).
interface Spec {
  key: string;
  id: string;
  params: Record<string, number>;
}
interface Ref {
  key: string;
  output: string;
}
interface PlainRule {
  ruleId: string;
  op: string;
  kind: BenchRule['kind'];
  left?: Ref;
  right?: Ref;
  level?: number;
  channel?: string;
}
interface Plan {
  all: Spec[]; // every distinct instance of the market (bar close)
  intrabar: Spec[]; // the ones intrabar rules read (ticks)
  rules: PlainRule[];
  intrabarRules: PlainRule[];
}
const keyOf = (id: string, params: Record<string, number>) =>
  `${id}(${Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join(',')})`;

function plan(m: Market): Plan {
  const all = new Map<string, Spec>();
  const intrabar = new Map<string, Spec>();
  const rules: PlainRule[] = [];
  const intrabarRules: PlainRule[] = [];
  m.rules.forEach((r, j) => {
    const c = r.rule.condition as unknown as {
      op: string;
      left: { kind: string; id: string; params: Record<string, number>; output: string };
      right?: {
        kind: string;
        id: string;
        params: Record<string, number>;
        output: string;
        value: number;
      };
      channel?: { id: string; params: Record<string, number> };
    };
    const specs: Spec[] = [];
    const ref = (x: { id: string; params: Record<string, number>; output?: string }): Ref => {
      const key = keyOf(x.id, x.params);
      specs.push({ key, id: x.id, params: x.params });
      return { key, output: x.output ?? 'value' };
    };
    const p: PlainRule = { ruleId: `r${j}`, op: c.op, kind: r.kind };
    if (r.kind === 'bb') p.channel = ref(c.channel!).key;
    else {
      if (c.left.kind === 'indicator') p.left = ref(c.left);
      if (c.right!.kind === 'value') p.level = c.right!.value;
      else p.right = ref(c.right!);
    }
    for (const s of specs) all.set(s.key, s);
    rules.push(p);
    if (r.rule.trigger === 'intrabar') {
      for (const s of specs) intrabar.set(s.key, s);
      intrabarRules.push(p);
    }
  });
  return { all: [...all.values()], intrabar: [...intrabar.values()], rules, intrabarRules };
}
const plans = markets.map(plan);
const distinct = plans.reduce((a, p) => a + p.all.length, 0);
const distinctTick = plans.reduce((a, p) => a + p.intrabar.length, 0);

/** The last two outputs of every instance, keyed by instance (core's output shapes). */
type Values = Map<string, readonly [unknown, unknown]>;

function computeCore(specs: Spec[], window: ChartBar[]): Values {
  const vals: Values = new Map();
  const n = window.length;
  for (const s of specs) {
    const out = createIndicator(s.id, s.params).compute(window);
    vals.set(s.key, [out[n - 2], out[n - 1]]);
  }
  return vals;
}

function computeTi(specs: Spec[], window: ChartBar[]): Values {
  const vals: Values = new Map();
  const values = window.map((b) => b.close);
  const last2 = <T>(xs: T[]) => [xs[xs.length - 2], xs[xs.length - 1]] as const;
  for (const s of specs) {
    const p = s.params;
    if (s.id === 'rsi') vals.set(s.key, last2(RSI.calculate({ period: p.period!, values })));
    else if (s.id === 'ema') vals.set(s.key, last2(EMA.calculate({ period: p.period!, values })));
    else if (s.id === 'bb')
      vals.set(
        s.key,
        last2(BollingerBands.calculate({ period: p.period!, stdDev: p.stdDev!, values })),
      );
    else {
      const m = MACD.calculate({
        fastPeriod: p.fast!,
        slowPeriod: p.slow!,
        signalPeriod: p.signal!,
        SimpleMAOscillator: false,
        SimpleMASignal: false,
        values,
      });
      const [m0, m1] = last2(m).map((x) => ({ macd: x?.MACD, signal: x?.signal }));
      vals.set(s.key, [m0, m1]);
    }
  }
  return vals;
}

function holds(r: PlainRule, vals: Values, closeThen: number, closeNow: number): boolean {
  const cross = (a0: number, b0: number, a: number, b: number) =>
    (r.op !== 'crosses-below' && a0 <= b0 && a > b) ||
    (r.op !== 'crosses-above' && a0 >= b0 && a < b);
  if (r.kind === 'price') return cross(closeThen, r.level!, closeNow, r.level!);
  if (r.kind === 'bb') {
    const [v0, v1] = vals.get(r.channel!)!;
    const zone = (x: number, v: unknown) => {
      const u = outputOf(v, 'upper');
      const l = outputOf(v, 'lower');
      return u == null || l == null ? null : x > u ? 1 : x < l ? -1 : 0;
    };
    const z0 = zone(closeThen, v0);
    const z1 = zone(closeNow, v1);
    if (z0 == null || z1 == null) return false;
    if (r.op === 'outside-channel') return z1 !== 0;
    return r.op === 'entering-channel' ? z0 !== 0 && z1 === 0 : z0 === 0 && z1 !== 0;
  }
  const [av0, av1] = vals.get(r.left!.key)!;
  const a0 = outputOf(av0, r.left!.output);
  const a1 = outputOf(av1, r.left!.output);
  let b0: number | null = r.level ?? null;
  let b1: number | null = r.level ?? null;
  if (r.right) {
    const [bv0, bv1] = vals.get(r.right.key)!;
    b0 = outputOf(bv0, r.right.output);
    b1 = outputOf(bv1, r.right.output);
  }
  if (a0 == null || a1 == null || b0 == null || b1 == null) return false;
  return cross(a0, b0, a1, b1);
}

type Compute = (specs: Spec[], window: ChartBar[]) => Values;
/** Baseline bar close of bar `idx` in every market; returns the "market:rule" that fire. */
function baselineClose(compute: Compute, idx: number): Set<string> {
  const fired = new Set<string>();
  markets.forEach((m, i) => {
    const p = plans[i]!;
    const window = m.bars.slice(idx + 1 - WINDOW, idx + 1);
    const vals = compute(p.all, window);
    const c0 = window[WINDOW - 2]!.close;
    const c1 = window[WINDOW - 1]!.close;
    for (const r of p.rules) if (holds(r, vals, c0, c1)) fired.add(`${m.symbol}:${r.ruleId}`);
  });
  return fired;
}
/** Baseline tick: the intrabar rules over the last 499 closed bars + the forming one. */
function baselineTick(idx: number, forming: ChartBar[]): number {
  let fires = 0;
  markets.forEach((m, i) => {
    const p = plans[i]!;
    if (p.intrabarRules.length === 0) return;
    const window = m.bars.slice(idx + 1 - WINDOW, idx);
    window.push(forming[i]!);
    const vals = computeCore(p.intrabar, window);
    const c0 = window[WINDOW - 2]!.close;
    const c1 = window[WINDOW - 1]!.close;
    for (const r of p.intrabarRules) if (holds(r, vals, c0, c1)) fires++;
  });
  return fires;
}

// ---- live, interleaved: per bar, TICKS × (baseline tick, engine tick), then
// (baseline close with core, baseline close with technicalindicators, engine close) ----
const engineCloseMs: number[] = [];
const engineTickMs: number[] = [];
const coreCloseMs: number[] = [];
const tiCloseMs: number[] = [];
const baseTickMs: number[] = [];
let closeFires = 0;
let tickFires = 0;
let agree = 0;
let agreeTi = 0;
let compared = 0;
const barCloseRule = markets.map((m) => m.rules.map((r) => r.rule.trigger === 'bar-close'));
const t0 = Date.now();
for (let s = 0; s < CLOSES; s++) {
  const idx = WARM + s;
  for (let t = 1; t <= TICKS; t++) {
    // A forming bar moving from the open towards the close, with its high/low so far.
    const forming = markets.map((m) => {
      const b = m.bars[idx]!;
      const price =
        b.open + ((b.close - b.open) * t) / TICKS + (t % 2 ? 1 : -1) * (b.high - b.low) * 0.3;
      return { ...b, close: price, high: Math.max(b.open, price), low: Math.min(b.open, price) };
    });
    if (!ENGINE_ONLY) baseTickMs.push(time(() => baselineTick(idx, forming)));
    engineTickMs.push(
      time(() => {
        markets.forEach((m, i) => {
          tickFires += m.book.tick(forming[i]!, 0).length;
        });
      }),
    );
  }
  // A full GC before each bar-close measurement, so one side's garbage is not collected on the
  // other's clock (ticks are not preceded by one: they allocate little).
  let coreFired = new Set<string>();
  let tiFired = new Set<string>();
  if (!ENGINE_ONLY) {
    gc?.();
    coreCloseMs.push(time(() => (coreFired = baselineClose(computeCore, idx))));
    gc?.();
    tiCloseMs.push(time(() => (tiFired = baselineClose(computeTi, idx))));
  }
  const engine = new Set<string>();
  gc?.();
  engineCloseMs.push(
    time(() => {
      for (const m of markets)
        for (const f of m.book.close(m.bars[idx]!, 0)) {
          closeFires++;
          if (f.trigger === 'bar-close') engine.add(`${m.symbol}:${f.ruleId}`);
        }
    }),
  );
  // Bar-close decisions (intrabar rules excluded: the engine may have fired them on a tick).
  markets.forEach((m, i) =>
    m.rules.forEach((_, j) => {
      if (ENGINE_ONLY || !barCloseRule[i]![j]) return;
      const key = `${m.symbol}:r${j}`;
      compared++;
      if (engine.has(key) === coreFired.has(key)) agree++;
      if (engine.has(key) === tiFired.has(key)) agreeTi++;
    }),
  );
}
const runS = (Date.now() - t0) / 1000;

const fmt2 = (xs: number[]) => `${fmt(median(xs))} / ${fmt(p95(xs))}`;
const engineClose = median(engineCloseMs);
const engineTick = median(engineTickMs);
const row = (name: string, xs: number[], per: number, unit: 'ns' | 'µs', ref: number) =>
  xs.length === 0
    ? `| ${name} | not run | | |`
    : `| ${name} | ${fmt2(xs)} | ${
        unit === 'ns'
          ? `${((median(xs) * 1e6) / per).toFixed(0)} ns`
          : `${((median(xs) * 1e3) / per).toFixed(1)} µs`
      } | ${(median(xs) / ref).toFixed(median(xs) / ref < 10 ? 1 : 0)}× |`;
console.log('');
console.log(
  `played ${CLOSES} bars × ${TICKS} ticks in ${runS.toFixed(0)} s; load avg now ${loadavg()[0]!.toFixed(2)}; baseline instances: ${distinct} per close (${(distinct / MARKETS).toFixed(1)} per market), ${distinctTick} per tick`,
);
console.log('');
console.log(
  `| per bar close, all ${MARKETS} markets (median / p95 of ${CLOSES}) | time | per rule | × engine |`,
);
console.log('| --- | ---: | ---: | ---: |');
console.log(row(`engine: MarketRules.close`, engineCloseMs, total, 'ns', engineClose));
console.log(
  row(
    `baseline: each distinct indicator once per market, core compute over last ${WINDOW} bars`,
    coreCloseMs,
    total,
    'µs',
    engineClose,
  ),
);
console.log(
  row(
    `baseline: each distinct indicator once per market, technicalindicators calculate over last ${WINDOW}`,
    tiCloseMs,
    total,
    'µs',
    engineClose,
  ),
);
console.log('');
console.log(
  `| per tick, all ${MARKETS} markets (median / p95 of ${engineTickMs.length}) | time | per intrabar rule | × engine |`,
);
console.log('| --- | ---: | ---: | ---: |');
console.log(row(`engine: MarketRules.tick`, engineTickMs, intrabarRules, 'ns', engineTick));
console.log(
  row(
    `baseline: distinct intrabar indicators once per market, core compute over 499 closed + forming`,
    baseTickMs,
    intrabarRules,
    'µs',
    engineTick,
  ),
);
console.log('');
console.log(
  `fires: ${closeFires} at close, ${tickFires} intrabar over ${CLOSES} bars; bar-close decisions, engine vs baseline (500-bar window): core ${agree}/${compared} agree (${((agree / compared) * 100).toFixed(3)}%), technicalindicators ${agreeTi}/${compared} (${((agreeTi / compared) * 100).toFixed(3)}%)`,
);
