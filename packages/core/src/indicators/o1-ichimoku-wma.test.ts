// Ichimoku and WMA moved from O(period) window scans to O(1) updates (monotonic deques; running
// plain and weighted sums with a periodic exact re-sum). The previous implementations are kept
// below verbatim (ScanIchimoku, ScanWma) as the oracle: bar by bar with peeks of a forming bar in
// between, over the 2,000 real BTCUSDT 1m bars and a 50,000-bar random walk with jumps and flat
// runs, Ichimoku must be identical (highest/lowest are exact) and WMA within 1e-12 relative (the
// re-sum bounds the drift to ~2·period·2⁻⁵³).
import { describe, expect, it } from 'vitest';
import { loadBars } from '../../test/load-bars';
import { Ichimoku, type IchimokuOutput, type IchimokuParams } from './ichimoku';
import { Ring } from './ring';
import { StreamingIndicator, priceOf, type Bar } from './types';
import { Wma, type WmaParams } from './wma';

// ---- The previous O(period) implementations, verbatim. ----

class ScanIchimoku extends StreamingIndicator<IchimokuOutput> {
  readonly lookback: number;
  readonly highs: Ring;
  readonly lows: Ring;
  readonly leadsA: Ring; // NaN while a lead was not yet defined
  readonly leadsB: Ring;
  private seen = 0; // bars committed, capped at the longest period

  constructor(readonly params: IchimokuParams) {
    super();
    const longest = Math.max(params.tenkanPeriod, params.kijunPeriod, params.senkouBPeriod);
    this.highs = new Ring(longest);
    this.lows = new Ring(longest);
    const shift = Math.max(1, params.displacement - 1);
    this.leadsA = new Ring(shift);
    this.leadsB = new Ring(shift);
    this.lookback = params.tenkanPeriod - 1;
  }

  private mid(bar: Bar, period: number): number | null {
    if (this.seen + 1 < period) return null;
    return (this.highs.maxWith(bar.high, period) + this.lows.minWith(bar.low, period)) / 2;
  }

  next(bar: Bar, commit: boolean): IchimokuOutput | null {
    const { tenkanPeriod, kijunPeriod, senkouBPeriod, displacement } = this.params;
    const tenkan = this.mid(bar, tenkanPeriod);
    const kijun = this.mid(bar, kijunPeriod);
    const leadA = tenkan !== null && kijun !== null ? (tenkan + kijun) / 2 : null;
    const leadB = this.mid(bar, senkouBPeriod);
    let senkouA: number | null = null;
    let senkouB: number | null = null;
    if (displacement <= 1) {
      senkouA = leadA;
      senkouB = leadB;
    } else if (this.leadsA.full) {
      senkouA = nullIfNaN(this.leadsA.at(0));
      senkouB = nullIfNaN(this.leadsB.at(0));
    }
    if (commit) {
      this.highs.push(bar.high);
      this.lows.push(bar.low);
      this.leadsA.push(leadA ?? Number.NaN);
      this.leadsB.push(leadB ?? Number.NaN);
      if (this.seen < this.highs.capacity) this.seen++;
    }
    if (tenkan === null) return null;
    return { tenkan, kijun, senkouA, senkouB, leadA, leadB, chikou: bar.close };
  }

  reset(): void {
    this.highs.clear();
    this.lows.clear();
    this.leadsA.clear();
    this.leadsB.clear();
    this.seen = 0;
  }
}

function nullIfNaN(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}

class ScanWma extends StreamingIndicator<number> {
  readonly lookback: number;
  readonly ring: Ring;
  private readonly divisor: number;

  constructor(readonly params: WmaParams) {
    super();
    this.lookback = params.period - 1;
    this.ring = new Ring(params.period);
    this.divisor = (params.period * (params.period + 1)) / 2;
  }

  next(bar: Bar, commit: boolean): number | null {
    const x = priceOf(bar, this.params.source);
    const ring = this.ring;
    const ready = ring.size + 1 >= this.params.period;
    let out: number | null = null;
    if (ready) {
      // Weighted sum over the window after x is added: O(period), exact, no drift.
      let s = this.params.period * x;
      let w = 1;
      for (let i = ring.nextStart(); i < ring.size; i++) s += w++ * ring.at(i);
      out = s / this.divisor;
    }
    if (commit) ring.push(x);
    return out;
  }

  reset(): void {
    this.ring.clear();
  }
}

// ---- Data ----

/** Deterministic PRNG (mulberry32) so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random walk from 60,000 with calm and volatile stretches, jumps and flat runs. */
function randomWalk(count: number): Bar[] {
  const r = rng(23);
  const out: Bar[] = [];
  let price = 60_000;
  let flat = 0;
  for (let i = 0; i < count; i++) {
    if (flat === 0 && r() < 0.002) flat = 1 + Math.floor(r() * 300);
    const open = price;
    let close = open;
    let high = open;
    let low = open;
    if (flat > 0) {
      flat--;
    } else {
      const vol = i % 20_000 < 10_000 ? 0.001 : 0.01;
      close = open * (1 + (r() - 0.5) * 2 * vol + (r() < 0.001 ? (r() - 0.5) * 0.5 : 0));
      high = Math.max(open, close) * (1 + r() * vol);
      low = Math.min(open, close) * (1 - r() * vol);
    }
    out.push({ time: i * 60, open, high, low, close, volume: 1 });
    price = close;
  }
  return out;
}

const DATA: Record<string, Bar[]> = { real: loadBars(), walk: randomWalk(50_000) };

/** A forming bar: the closed bar as it stood halfway, touched by a tick at `price`. */
function forming(bar: Bar, price: number): Bar {
  return { ...bar, high: Math.max(bar.open, price), low: Math.min(bar.open, price), close: price };
}

/** Runs both with a peek of a forming bar before every update; calls check on each pair. */
function lockstep<O>(
  bars: Bar[],
  a: StreamingIndicator<O>,
  b: StreamingIndicator<O>,
  check: (x: O | null, y: O | null, where: string) => void,
): void {
  for (let i = 0; i < bars.length; i++) {
    const bar = bars[i]!;
    const tick = forming(bar, (bar.open + bar.close) / 2);
    check(a.peek(tick), b.peek(tick), `peek ${i}`);
    check(a.update(bar), b.update(bar), `bar ${i}`);
  }
}

describe('Ichimoku with monotonic deques equals the window scan', () => {
  const sets: IchimokuParams[] = [
    { tenkanPeriod: 9, kijunPeriod: 26, senkouBPeriod: 52, displacement: 26 },
    { tenkanPeriod: 1, kijunPeriod: 2, senkouBPeriod: 3, displacement: 1 },
    { tenkanPeriod: 30, kijunPeriod: 10, senkouBPeriod: 200, displacement: 2 },
  ];
  for (const params of sets)
    for (const [name, bars] of Object.entries(DATA))
      it(`${JSON.stringify(params)} on ${name} bars`, () => {
        let compared = 0;
        lockstep<IchimokuOutput>(
          bars,
          new Ichimoku(params),
          new ScanIchimoku(params),
          (x, y, at) => {
            if (JSON.stringify(x) !== JSON.stringify(y)) expect({ at, x }).toEqual({ at, x: y });
            if (x?.senkouB != null) compared++;
          },
        );
        expect(compared).toBeGreaterThan(bars.length);
      });
});

describe('WMA with running sums stays within 1e-12 of the window scan', () => {
  const sets: WmaParams[] = [
    { period: 1, source: 'close' },
    { period: 2, source: 'close' },
    { period: 20, source: 'hlc3' },
    { period: 250, source: 'close' },
    { period: 1000, source: 'close' },
  ];
  for (const params of sets)
    for (const [name, bars] of Object.entries(DATA))
      it(`${JSON.stringify(params)} on ${name} bars`, () => {
        let worst = 0;
        lockstep<number>(bars, new Wma(params), new ScanWma(params), (x, y, at) => {
          if ((x === null) !== (y === null)) expect({ at, x }).toEqual({ at, x: y });
          if (x !== null && y !== null) worst = Math.max(worst, Math.abs(x - y) / Math.abs(y));
        });
        expect(worst).toBeLessThanOrEqual(1e-12);
      });

  it('slides the weights by subtracting the plain sum (hand-computed, period 3)', () => {
    const wma = new Wma({ period: 3, source: 'close' });
    const bar = (close: number): Bar => ({
      time: 0,
      open: close,
      high: close,
      low: close,
      close,
      volume: 1,
    });
    expect(wma.update(bar(1))).toBeNull();
    expect(wma.update(bar(2))).toBeNull();
    // W = 1·1 + 2·2 + 3·3 = 14, divisor 3·4/2 = 6
    expect(wma.update(bar(3))).toBe(14 / 6);
    // W = 14 − S(1 + 2 + 3 = 6) + 3·4 = 20 = 1·2 + 2·3 + 3·4
    expect(wma.peek(bar(4))).toBe(20 / 6);
    // peek left the state alone: with 10 instead, W = 14 − 6 + 30 = 38
    expect(wma.update(bar(10))).toBe(38 / 6);
  });
});
