// More batch textbook definitions (see textbook.ts). Test support only.
import type { Bar } from '../types';
import { highest, lowest } from './textbook';

type Series = number[];
const nan = (n: number): Series => new Array<number>(n).fill(Number.NaN);

export function adx(bars: readonly Bar[], p: number) {
  const n = bars.length;
  const pdm = nan(n);
  const mdm = nan(n);
  const tr = nan(n);
  for (let i = 1; i < n; i++) {
    const b = bars[i]!;
    const a = bars[i - 1]!;
    const up = b.high - a.high;
    const down = a.low - b.low;
    pdm[i] = up > 0 && up > down ? up : 0;
    mdm[i] = down > 0 && down > up ? down : 0;
    tr[i] = Math.max(b.high - b.low, Math.abs(b.high - a.close), Math.abs(b.low - a.close));
  }
  // Wilder-smoothed sums: first the plain sum of period − 1 values, then s − s/p + x.
  const smooth = (xs: Series): Series => {
    const out = nan(n);
    let s = 0;
    for (let i = 1; i < p; i++) s += xs[i]!;
    for (let i = p; i < n; i++) out[i] = s = s - s / p + xs[i]!;
    return out;
  };
  const sp = smooth(pdm);
  const sm = smooth(mdm);
  const st = smooth(tr);
  const out: { adx: number; plusDI: number; minusDI: number }[] = [];
  let adxPrev = Number.NaN;
  let sumDX = 0;
  for (let i = 0; i < n; i++) {
    if (i < p) {
      out.push({ adx: Number.NaN, plusDI: Number.NaN, minusDI: Number.NaN });
      continue;
    }
    const pdi = (100 * sp[i]!) / st[i]!;
    const mdi = (100 * sm[i]!) / st[i]!;
    const dx = (100 * Math.abs(pdi - mdi)) / (pdi + mdi);
    if (i < 2 * p - 1) sumDX += dx;
    else if (i === 2 * p - 1) adxPrev = (sumDX + dx) / p;
    else adxPrev = (adxPrev * (p - 1) + dx) / p;
    out.push({ adx: i >= 2 * p - 1 ? adxPrev : Number.NaN, plusDI: pdi, minusDI: mdi });
  }
  return out;
}

export function cci(bars: readonly Bar[], p: number): Series {
  const tp = bars.map((b) => (b.high + b.low + b.close) / 3);
  return tp.map((x, i) => {
    if (i < p - 1) return Number.NaN;
    const w = tp.slice(i - p + 1, i + 1);
    const m = w.reduce((a, b) => a + b, 0) / p;
    const md = w.reduce((a, b) => a + Math.abs(b - m), 0) / p;
    return md === 0 || x === m ? 0 : (x - m) / (0.015 * md);
  });
}

export function obv(bars: readonly Bar[]): Series {
  const out: Series = [];
  bars.forEach((b, i) => {
    if (i === 0) return out.push(b.volume);
    const prev = bars[i - 1]!.close;
    const sign = b.close > prev ? 1 : b.close < prev ? -1 : 0;
    out.push(out[i - 1]! + sign * b.volume);
  });
  return out;
}

export function mfi(bars: readonly Bar[], p: number): Series {
  const tp = bars.map((b) => (b.high + b.low + b.close) / 3);
  return bars.map((_, i) => {
    if (i < p) return Number.NaN;
    let pos = 0;
    let neg = 0;
    for (let j = i - p + 1; j <= i; j++) {
      const flow = tp[j]! * bars[j]!.volume;
      if (tp[j]! > tp[j - 1]!) pos += flow;
      else if (tp[j]! < tp[j - 1]!) neg += flow;
    }
    return pos + neg < 1 ? 0 : (100 * pos) / (pos + neg);
  });
}

export function willr(bars: readonly Bar[], p: number): Series {
  const hi = bars.map((b) => b.high);
  const lo = bars.map((b) => b.low);
  return bars.map((b, i) => {
    if (i < p - 1) return Number.NaN;
    const h = highest(hi, i, p);
    const l = lowest(lo, i, p);
    return h === l ? 0 : (-100 * (h - b.close)) / (h - l);
  });
}

export function vwap(bars: readonly Bar[]): Series {
  return bars.map((b, i) => {
    const day = Math.floor(b.time / 86400);
    let pv = 0;
    let v = 0;
    for (let j = i; j >= 0 && Math.floor(bars[j]!.time / 86400) === day; j--) {
      const c = bars[j]!;
      pv += ((c.high + c.low + c.close) / 3) * c.volume;
      v += c.volume;
    }
    return v > 0 ? pv / v : Number.NaN;
  });
}

/** Midpoint of the highest high and lowest low over p bars ending at i. */
export function midpoint(bars: readonly Bar[], i: number, p: number): number {
  if (i < p - 1) return Number.NaN;
  const hi = bars.slice(i - p + 1, i + 1).map((b) => b.high);
  const lo = bars.slice(i - p + 1, i + 1).map((b) => b.low);
  return (Math.max(...hi) + Math.min(...lo)) / 2;
}

/** TA-Lib's SAR, step by step over arrays. */
export function sar(bars: readonly Bar[], acc: number, max: number): Series {
  const out = nan(bars.length);
  if (bars.length < 2) return out;
  const [b0, b1] = [bars[0]!, bars[1]!];
  const dm = b0.low - b1.low;
  let long = !(dm > 0 && b1.high - b0.high < dm);
  let af = acc;
  let ep = long ? b1.high : b1.low;
  let s = long ? b0.low : b0.high;
  for (let i = 1; i < bars.length; i++) {
    const b = bars[i]!;
    const prev = i === 1 ? b : bars[i - 1]!;
    if (long && b.low <= s) {
      long = false;
      s = Math.max(ep, prev.high, b.high);
      out[i] = s;
      af = acc;
      ep = b.low;
      s = Math.max(s + af * (ep - s), prev.high, b.high);
    } else if (long) {
      out[i] = s;
      if (b.high > ep) [ep, af] = [b.high, Math.min(af + acc, max)];
      s = Math.min(s + af * (ep - s), prev.low, b.low);
    } else if (b.high >= s) {
      long = true;
      s = Math.min(ep, prev.low, b.low);
      out[i] = s;
      af = acc;
      ep = b.high;
      s = Math.min(s + af * (ep - s), prev.low, b.low);
    } else {
      out[i] = s;
      if (b.low < ep) [ep, af] = [b.low, Math.min(af + acc, max)];
      s = Math.max(s + af * (ep - s), prev.high, b.high);
    }
  }
  return out;
}
