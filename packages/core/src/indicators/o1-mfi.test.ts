// MFI moved from re-adding its window on every update and peek (O(period)) to compensated running
// sums (O(1)). The previous implementation is kept below verbatim (ScanMfi) as the oracle: bar by
// bar with peeks of a forming bar in between, over the 2,000 real BTCUSDT 1m bars and a 50,000-bar
// random walk whose volumes span 1e-4 to 1e4 (flows entering and leaving the window differ by up to
// 1e8), the outputs must agree within 1e-12 of the 0–100 scale.
import { describe, expect, it } from 'vitest';
import { loadBars } from '../../test/load-bars';
import { Mfi, twoSum } from './mfi';
import { Ring } from './ring';
import { StreamingIndicator, type Bar } from './types';

// ---- The previous O(period) implementation, verbatim. ----

class ScanMfi extends StreamingIndicator<number> {
  readonly lookback: number;
  readonly pos: Ring;
  readonly neg: Ring;
  private started = false;
  private prevTp = 0;

  constructor(readonly params: { period: number }) {
    super();
    this.lookback = params.period;
    this.pos = new Ring(params.period);
    this.neg = new Ring(params.period);
  }

  next(bar: Bar, commit: boolean): number | null {
    const tp = (bar.high + bar.low + bar.close) / 3;
    if (!this.started) {
      if (commit) {
        this.started = true;
        this.prevTp = tp;
      }
      return null;
    }
    const flow = tp * bar.volume;
    const up = tp > this.prevTp ? flow : 0;
    const down = tp < this.prevTp ? flow : 0;
    let out: number | null = null;
    if (this.pos.size + 1 >= this.params.period) {
      const p = this.pos.sumWith(up);
      const total = p + this.neg.sumWith(down);
      out = total < 1 ? 0 : 100 * (p / total);
    }
    if (commit) {
      this.prevTp = tp;
      this.pos.push(up);
      this.neg.push(down);
    }
    return out;
  }

  reset(): void {
    this.started = false;
    this.prevTp = 0;
    this.pos.clear();
    this.neg.clear();
  }
}

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

/** Random walk with volumes from 1e-4 to 1e4 and flat runs (equal typical prices: no flow). */
function randomWalk(count: number): Bar[] {
  const r = rng(5);
  const out: Bar[] = [];
  let price = 60_000;
  let flat = 0;
  for (let i = 0; i < count; i++) {
    if (flat === 0 && r() < 0.003) flat = 1 + Math.floor(r() * 100);
    const open = price;
    let close = open;
    if (flat > 0) flat--;
    else close = open * (1 + (r() - 0.5) * 0.004);
    const high = Math.max(open, close) * (flat > 0 ? 1 : 1 + r() * 0.001);
    const low = Math.min(open, close) * (flat > 0 ? 1 : 1 - r() * 0.001);
    out.push({ time: i * 60, open, high, low, close, volume: 10 ** (r() * 8 - 4) });
    price = close;
  }
  return out;
}

const DATA: Record<string, Bar[]> = { real: loadBars(), walk: randomWalk(50_000) };

describe('MFI with compensated running sums stays within 1e-12 of the window re-add', () => {
  for (const period of [1, 2, 14, 100, 1000])
    for (const [name, bars] of Object.entries(DATA))
      it(`period ${period} on ${name} bars`, () => {
        const a = new Mfi({ period });
        const b = new ScanMfi({ period });
        let worst = 0;
        let compared = 0;
        for (let i = 0; i < bars.length; i++) {
          const bar = bars[i]!;
          const tick = { ...bar, close: (bar.open + bar.close) / 2 };
          const pairs: [number | null, number | null][] = [
            [a.peek(tick), b.peek(tick)],
            [a.update(bar), b.update(bar)],
          ];
          for (const [x, y] of pairs) {
            if ((x === null) !== (y === null)) expect({ i, x }).toEqual({ i, x: y });
            if (x === null || y === null) continue;
            worst = Math.max(worst, Math.abs(x - y));
            compared++;
          }
        }
        expect(compared).toBeGreaterThan(0);
        expect(worst).toBeLessThanOrEqual(1e-10); // 1e-12 × the 0–100 scale
      });

  it('twoSum keeps what a plain sum rounds away (hand-computed)', () => {
    // 1e16 + 1 rounds to 1e16 in doubles (spacing 2 there); the error term keeps the 1.
    expect(twoSum(1e16, 1)).toEqual([1e16, 1]);
    // A flow of 1e16 entering and leaving leaves exactly the small flows behind.
    const [s1, e1] = twoSum(3, 1e16);
    const [s2, e2] = twoSum(s1, -1e16);
    expect(s2 + (e1 + e2)).toBe(3);
  });

  it('gives TA-Lib’s value on a hand-computed window (period 2)', () => {
    const mfi = new Mfi({ period: 2 });
    const bar = (tp: number, volume: number): Bar => ({
      time: 0,
      open: tp,
      high: tp,
      low: tp,
      close: tp,
      volume,
    });
    expect(mfi.update(bar(10, 1))).toBeNull();
    expect(mfi.update(bar(11, 2))).toBeNull(); // up: 11·2 = 22
    // down: 9·3 = 27 → 100·22 / (22 + 27)
    expect(mfi.update(bar(9, 3))).toBe(100 * (22 / 49));
    // up: 12·1 = 12; the 22 leaves → 100·12 / (12 + 27)
    expect(mfi.update(bar(12, 1))).toBe(100 * (12 / 39));
  });
});
