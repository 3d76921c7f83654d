// Batch, textbook versions of TA-Lib's definitions, written independently of the incremental
// classes (plain arrays, every window re-scanned: O(n·period)). Tests compare the incremental
// indicators with these. NaN marks "no value" (warm-up). Test support only: not exported.
import type { Bar } from '../types';

type Series = number[];
const nan = (n: number): Series => new Array<number>(n).fill(Number.NaN);
const win = (xs: Series, i: number, p: number) => xs.slice(i - p + 1, i + 1);
const mean = (xs: Series) => xs.reduce((a, b) => a + b, 0) / xs.length;

export function sma(xs: Series, p: number): Series {
  return xs.map((_, i) => (i >= p - 1 ? mean(win(xs, i, p)) : Number.NaN));
}

/** TA-Lib EMA over xs, ignoring values before `start`; seeded with the SMA of p values. */
export function ema(xs: Series, p: number, start = 0): Series {
  const out = nan(xs.length);
  const k = 2 / (p + 1);
  const seedAt = start + p - 1;
  if (seedAt >= xs.length) return out;
  out[seedAt] = mean(xs.slice(start, seedAt + 1));
  for (let i = seedAt + 1; i < xs.length; i++) out[i] = (xs[i]! - out[i - 1]!) * k + out[i - 1]!;
  return out;
}

export function wma(xs: Series, p: number): Series {
  const d = (p * (p + 1)) / 2;
  return xs.map((_, i) =>
    i >= p - 1 ? win(xs, i, p).reduce((a, x, j) => a + (j + 1) * x, 0) / d : Number.NaN,
  );
}

export function stdDev(xs: Series, p: number): Series {
  return xs.map((_, i) => {
    if (i < p - 1) return Number.NaN;
    const w = win(xs, i, p);
    const m = mean(w);
    return Math.sqrt(w.reduce((a, x) => a + (x - m) ** 2, 0) / p);
  });
}

export function rsi(xs: Series, p: number): Series {
  const out = nan(xs.length);
  let g = 0;
  let l = 0;
  for (let i = 1; i < xs.length; i++) {
    const d = xs[i]! - xs[i - 1]!;
    const up = Math.max(d, 0);
    const down = Math.max(-d, 0);
    if (i < p) {
      g += up;
      l += down;
      continue;
    }
    if (i === p) {
      g = (g + up) / p;
      l = (l + down) / p;
    } else {
      g = (g * (p - 1) + up) / p;
      l = (l * (p - 1) + down) / p;
    }
    out[i] = Math.abs(g + l) < 1e-8 ? 0 : (100 * g) / (g + l);
  }
  return out;
}

export function macd(xs: Series, fast: number, slow: number, signal: number) {
  const f = ema(xs, fast, slow - fast);
  const s = ema(xs, slow);
  const line = xs.map((_, i) => f[i]! - s[i]!);
  const sig = nan(xs.length).concat();
  const seg = ema(line.slice(slow - 1), signal);
  seg.forEach((v, j) => (sig[slow - 1 + j] = v));
  const first = slow - 1 + signal - 1;
  return xs.map((_, i) =>
    i >= first
      ? { macd: line[i]!, signal: sig[i]!, histogram: line[i]! - sig[i]! }
      : { macd: Number.NaN, signal: Number.NaN, histogram: Number.NaN },
  );
}

export function trueRanges(bars: readonly Bar[]): Series {
  return bars.map((b, i) =>
    i === 0
      ? Number.NaN
      : Math.max(
          b.high - b.low,
          Math.abs(b.high - bars[i - 1]!.close),
          Math.abs(b.low - bars[i - 1]!.close),
        ),
  );
}

export function atr(bars: readonly Bar[], p: number): Series {
  const tr = trueRanges(bars);
  const out = nan(bars.length);
  if (bars.length <= p) return out;
  out[p] = mean(tr.slice(1, p + 1));
  for (let i = p + 1; i < bars.length; i++) out[i] = (out[i - 1]! * (p - 1) + tr[i]!) / p;
  return out;
}

export function highest(xs: Series, i: number, p: number): number {
  return Math.max(...win(xs, i, p));
}
export function lowest(xs: Series, i: number, p: number): number {
  return Math.min(...win(xs, i, p));
}

/** Raw %K of each value against windows of hi/lo. */
export function rawK(hi: Series, lo: Series, close: Series, p: number, from = 0): Series {
  return close.map((c, i) => {
    if (i < from + p - 1) return Number.NaN;
    const h = highest(hi, i, p);
    const l = lowest(lo, i, p);
    return h - l !== 0 ? (100 * (c - l)) / (h - l) : 0;
  });
}

/** SMA that skips the leading NaNs of its input. */
export function smaFrom(xs: Series, p: number): Series {
  const first = xs.findIndex((x) => !Number.isNaN(x));
  if (first < 0) return nan(xs.length);
  return nan(first).concat(sma(xs.slice(first), p));
}
