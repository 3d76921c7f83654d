// The fast path (signals from cached columns) against the reference path (MarketRules, the live
// evaluator, bar by bar): byte-identical results for hundreds of generated strategies on real
// data, covering every operator, every comparable indicator and output, every price field,
// constants, channels of bands and of lines, moving by value and percent, and all/any groups.
import { describe, expect, it } from 'vitest';
import { loadBars } from '../../test/load-bars';
import type { ChartBar } from '../candle';
import { INDICATORS, INDICATOR_IDS } from '../indicators/catalog';
import { PRICE_SOURCES } from '../indicators/types';
import {
  CHANNEL_OPERATORS,
  COMPARE_OPERATORS,
  CROSS_OPERATORS,
  MOVE_OPERATORS,
  PRICE_FIELDS,
  type Comparison,
  type Condition,
  type Operand,
} from '../rules/rule';
import { indicatorColumn, lineColumn, prepareBacktest, priceColumn } from './columns';
import { runBacktest, strategySignals } from './engine';
import { strategySchema, type StrategyInput } from './strategy';

const real = loadBars();
const prepared = prepareBacktest(real);

/** mulberry32: a small seeded generator, so every run tests the same strategies. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMPARABLE = INDICATOR_IDS.filter((id) => INDICATORS[id].placement !== 'markers');
const BANDS = COMPARABLE.filter((id) => {
  const o = INDICATORS[id].outputs;
  return o.includes('upper') && o.includes('lower');
});

class Generator {
  readonly used = new Set<string>();
  /** lines: overlays are drawn lines a third of the time (a separate test, so the main one's
   *  random sequence, and thus its strategies, stay as they were). */
  constructor(
    private readonly r: () => number,
    private readonly lines = false,
  ) {}

  /** A line through the closes of two bars (or at one close), of a random kind. */
  line(): Operand & { kind: 'line' } {
    const kind = this.pick([
      'trend-line',
      'ray',
      'extended-line',
      'horizontal-line',
      'horizontal-ray',
    ] as const);
    this.used.add(`line.${kind}`);
    const at = () => {
      const bar = real[Math.floor(this.r() * real.length)]!;
      return { time: bar.time, price: bar.close };
    };
    if (kind === 'horizontal-line' || kind === 'horizontal-ray')
      return { kind: 'line', line: { kind, anchors: [at()] } };
    let a = at();
    let b = at();
    while (b.time === a.time) b = at();
    if (this.r() < 0.3) [a, b] = [b, a]; // a ray pointing back in time, too
    return { kind: 'line', line: { kind, anchors: [a, b] } };
  }

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)]!;
  }

  params(id: (typeof COMPARABLE)[number]): Record<string, number | string> {
    const defaults = INDICATORS[id].params.parse({}) as Record<string, unknown>;
    const out: Record<string, number | string> = {};
    if ('period' in defaults) out.period = 2 + Math.floor(this.r() * 29);
    if ('source' in defaults && this.r() < 0.5) out.source = this.pick(PRICE_SOURCES);
    if ('stdDev' in defaults) out.stdDev = this.pick([1, 1.5, 2, 2.5]);
    return out;
  }

  indicator(overlay?: boolean): Operand & { kind: 'indicator' } {
    const ids = COMPARABLE.filter(
      (id) => overlay === undefined || (INDICATORS[id].placement === 'overlay') === overlay,
    );
    const id = this.pick(ids);
    const output = this.pick(INDICATORS[id].outputs);
    this.used.add(`${id}.${output}`);
    return { kind: 'indicator', id, params: this.params(id), output };
  }

  price(): Operand & { kind: 'price' } {
    const field = this.pick(PRICE_FIELDS.filter((f) => f !== 'volume'));
    this.used.add(`price.${field}`);
    return { kind: 'price', field };
  }

  /** A series on the price scale (prices and overlay indicators). */
  overlay(): Operand {
    if (this.lines && this.r() < 0.35) return this.line();
    return this.r() < 0.4 ? this.price() : this.indicator(true);
  }

  column(op: Operand): Float64Array {
    if (op.kind === 'price') return priceColumn(prepared, op.field);
    if (op.kind === 'indicator') return indicatorColumn(prepared, op.id, op.params, op.output);
    if (op.kind === 'line') return lineColumn(prepared, op.line);
    return new Float64Array(real.length).fill(op.value);
  }

  /** A constant the series takes at some bar, so comparisons with it flip now and then. */
  level(op: Operand): Operand & { kind: 'value' } {
    const col = this.column(op);
    for (let tries = 0; tries < 50; tries++) {
      const v = col[Math.floor(this.r() * col.length)]!;
      if (Number.isFinite(v)) return { kind: 'value', value: v };
    }
    return { kind: 'value', value: 0 };
  }

  comparison(): Comparison {
    const kind = this.r();
    if (kind < 0.45) {
      const op = this.pick([...CROSS_OPERATORS, ...COMPARE_OPERATORS]);
      this.used.add(op);
      const shape = this.r();
      if (shape < 0.3) {
        const left =
          this.r() < 0.2
            ? { kind: 'price' as const, field: 'volume' as const }
            : this.indicator(false);
        if (left.kind === 'price') this.used.add('price.volume');
        return { op, left, right: this.level(left) };
      }
      if (shape < 0.4) {
        // a constant on the left
        const right = this.indicator(false);
        return { op, left: this.level(right), right };
      }
      if (shape < 0.8) return { op, left: this.overlay(), right: this.overlay() };
      const left = this.overlay();
      return { op, left, right: this.level(left) };
    }
    if (kind < 0.75) {
      const op = this.pick(CHANNEL_OPERATORS);
      this.used.add(op);
      const shape = this.r();
      if (shape < 0.5) {
        const id = this.pick(BANDS);
        this.used.add(`channel.${id}`);
        return {
          op,
          left: this.overlay(),
          channel: { kind: 'bands', id, params: this.params(id) },
        };
      }
      if (shape < 0.75) {
        this.used.add('channel.lines');
        return {
          op,
          left: this.overlay(),
          channel: { kind: 'lines', upper: this.overlay(), lower: this.overlay() },
        };
      }
      // RSI between two levels (given in either order)
      this.used.add('channel.levels');
      const left = this.indicator(false);
      return {
        op,
        left,
        channel: { kind: 'lines', upper: this.level(left), lower: this.level(left) },
      };
    }
    const op = this.pick(MOVE_OPERATORS);
    this.used.add(op);
    const left = this.r() < 0.5 ? this.overlay() : this.indicator(false);
    const bars = 1 + Math.floor(this.r() * 8);
    const unit = this.pick(['value', 'percent'] as const);
    this.used.add(`move.${unit}`);
    const col = this.column(left);
    // a move the series makes at some bar over that many bars
    let by = 0;
    for (let tries = 0; tries < 50 && !(by > 0); tries++) {
      const i = bars + Math.floor(this.r() * (col.length - bars));
      const d = Math.abs(col[i]! - col[i - bars]!);
      by = unit === 'value' ? d : (d / Math.abs(col[i - bars]!)) * 100;
    }
    return { op, left, by: by > 0 && Number.isFinite(by) ? by : 0.1, unit, bars };
  }

  condition(depth = 0): Condition {
    const r = this.r();
    if (depth >= 2 || r < 0.6) return this.comparison();
    const items = Array.from({ length: 1 + Math.floor(this.r() * 3) }, () =>
      this.condition(depth + 1),
    );
    this.used.add(r < 0.8 ? 'all' : 'any');
    return r < 0.8 ? { all: items } : { any: items };
  }

  strategy(): StrategyInput {
    return {
      symbol: 'BTCUSDT',
      interval: '1m',
      entry: this.condition(),
      exit: this.condition(),
      stopLossPct: this.r() < 0.3 ? 0.5 : null,
      takeProfitPct: this.r() < 0.3 ? 0.7 : null,
      fill: this.r() < 0.5 ? 'nextOpen' : 'close',
    };
  }
}

const same = (candles: readonly ChartBar[], s: StrategyInput) => {
  const fast = runBacktest(candles, s);
  const reference = runBacktest(candles, s, { signals: 'reference' });
  return { fast, reference, equal: JSON.stringify(fast) === JSON.stringify(reference) };
};

describe('fast signals equal MarketRules', () => {
  it('gives byte-identical results for 300 generated strategies on real 1m bars', () => {
    const g = new Generator(rng(11));
    let firing = 0;
    for (let n = 0; n < 300; n++) {
      const s = g.strategy();
      const { fast, reference, equal } = same(prepared.candles, s);
      if (!equal) {
        // the first difference, for the failure message
        expect({ strategy: s, signals: fast.signals }).toEqual({
          strategy: s,
          signals: reference.signals,
        });
      }
      expect(equal).toBe(true);
      if (fast.signals.entry.length > 0 && fast.signals.exit.length > 0) firing++;
    }
    // most strategies fire both ways: the comparison is not between empty bitmaps
    expect(firing).toBeGreaterThan(150);
    // coverage: every operator, every comparable indicator output, every price field
    const want = [
      ...CROSS_OPERATORS,
      ...COMPARE_OPERATORS,
      ...CHANNEL_OPERATORS,
      ...MOVE_OPERATORS,
      ...COMPARABLE.flatMap((id) => INDICATORS[id].outputs.map((o) => `${id}.${o}`)),
      ...PRICE_FIELDS.map((f) => `price.${f}`),
      ...BANDS.map((id) => `channel.${id}`),
      'channel.lines',
      'channel.levels',
      'move.value',
      'move.percent',
      'all',
      'any',
    ];
    expect(want.filter((w) => !g.used.has(w))).toEqual([]);
  }, 120_000);

  it('gives byte-identical results with drawn lines (every kind) among the series', () => {
    const g = new Generator(rng(23), true);
    let firing = 0;
    for (let n = 0; n < 120; n++) {
      const s = g.strategy();
      const { fast, reference, equal } = same(prepared.candles, s);
      if (!equal)
        expect({ strategy: s, signals: fast.signals }).toEqual({
          strategy: s,
          signals: reference.signals,
        });
      expect(equal).toBe(true);
      if (fast.signals.entry.length > 0 && fast.signals.exit.length > 0) firing++;
    }
    expect(firing).toBeGreaterThan(40);
    const kinds = ['trend-line', 'ray', 'extended-line', 'horizontal-line', 'horizontal-ray'];
    expect(kinds.filter((k) => !g.used.has(`line.${k}`))).toEqual([]);
  }, 120_000);

  it('skips bars at or before the last one as MarketRules does (duplicates, out of order)', () => {
    const bars = real.slice(0, 400);
    const messy = [...bars.slice(0, 100), bars[99]!, bars[50]!, ...bars.slice(100)];
    const g = new Generator(rng(5));
    for (let n = 0; n < 30; n++) expect(same(messy, g.strategy()).equal).toBe(true);
    const s: StrategyInput = {
      symbol: 'BTCUSDT',
      interval: '1m',
      entry: {
        op: 'moving-up',
        left: { kind: 'price', field: 'close' },
        by: 0.0001,
        unit: 'percent',
        bars: 1,
      },
      exit: {
        op: 'moving-down',
        left: { kind: 'price', field: 'close' },
        by: 0.0001,
        unit: 'percent',
        bars: 1,
      },
    };
    expect(same(messy, s).equal).toBe(true);
    // close moved at all: fires on most bars, never on the repeated ones (indexes 100 and 101)
    const { entry, exit } = strategySignals(prepareBacktest(messy), strategySchema.parse(s));
    expect(entry.reduce((a, b) => a + b, 0) + exit.reduce((a, b) => a + b, 0)).toBeGreaterThan(300);
    expect([entry[100], entry[101], exit[100], exit[101]]).toEqual([0, 0, 0, 0]);
  });

  it('caches each indicator instance once, with all its outputs', () => {
    const p = prepareBacktest(real.slice(0, 100));
    const upper = indicatorColumn(p, 'bb', { period: 20 }, 'upper');
    // defaults filled in and keys sorted: the same instance
    expect(indicatorColumn(p, 'bb', { stdDev: 2, period: 20, source: 'close' }, 'upper')).toBe(
      upper,
    );
    expect([...p.cache.keys()].filter((k) => k.startsWith('i:bb'))).toHaveLength(3);
    // warming up: NaN before the 20th bar, a number from it on
    expect(Number.isNaN(upper[18]!)).toBe(true);
    expect(Number.isFinite(upper[19]!)).toBe(true);
  });
});
