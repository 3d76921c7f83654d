// How a 1m bar forms between its open and its close. The recording only has the final OHLCV, so the
// price walks a deterministic synthetic path: from the open to one extreme, to the other, ending on
// the recorded close, with a few wiggles that never leave [low, high]. The synthetic trades of the
// bar (trade-tape.ts) are printed along this path, and the forming kline is built from them.
// Deterministic per seed: REST and the streams agree at every instant.
import { maxUnits, minUnits, roundToStep } from '../data/decimal';
import type { RecordedBar } from '../data/recording';

export const BAR_MS = 60_000;

export interface IntrabarSteps {
  /** Price grid (1e-8 units); synthesized prices land on it. */
  price: bigint;
  /** Base-quantity grid (1e-8 units). */
  volume: bigint;
}

export interface Waypoint {
  at: number;
  price: bigint;
}

/** Small, fast, well-distributed 32-bit PRNG; deterministic per seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seed for the bar of `symbol` that opens at `openTime`. */
export function barSeed(symbol: string, openTime: number): number {
  let h = 2166136261;
  for (let i = 0; i < symbol.length; i++) h = Math.imul(h ^ symbol.charCodeAt(i), 16777619);
  return (h ^ Math.floor(openTime / BAR_MS)) >>> 0;
}

export function interpolate(a: Waypoint, b: Waypoint, at: number): bigint {
  if (b.at === a.at) return b.price;
  return a.price + ((b.price - a.price) * BigInt(at - a.at)) / BigInt(b.at - a.at);
}

/** The path's corners, from (0, open) to (BAR_MS, close); every price within [low, high]. */
export function intrabarPath(bar: RecordedBar, steps: IntrabarSteps, seed: number): Waypoint[] {
  const random = mulberry32(seed);
  const between = (lo: number, hi: number) => Math.floor(lo + random() * (hi - lo));
  // A rising bar usually dips first and rallies into the close; a falling one the reverse.
  const rising = bar.close >= bar.open;
  const corners: Waypoint[] = [
    { at: 0, price: bar.open },
    { at: between(6_000, 27_000), price: rising ? bar.low : bar.high },
    { at: between(33_000, 54_000), price: rising ? bar.high : bar.low },
    { at: BAR_MS, price: bar.close },
  ];
  const range = bar.high - bar.low;
  const path: Waypoint[] = [corners[0]!];
  for (let i = 1; i < corners.length; i++) {
    const from = corners[i - 1]!;
    const to = corners[i]!;
    if (to.at - from.at > 2_000 && range > 0n) {
      const at = between(from.at + 1_000, to.at - 1_000);
      const noise = (range * BigInt(Math.round((random() - 0.5) * 500))) / 1000n; // ±25% of the range
      const price = roundToStep(interpolate(from, to, at) + noise, steps.price);
      path.push({ at, price: minUnits(bar.high, maxUnits(bar.low, price)) });
    }
    path.push(to);
  }
  return path;
}

/** The path's price `at` ms after the open, on the price grid and within [low, high]. */
export function priceAt(
  path: readonly Waypoint[],
  at: number,
  bar: RecordedBar,
  step: bigint,
): bigint {
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1]!;
    const b = path[i]!;
    if (at <= b.at)
      return minUnits(bar.high, maxUnits(bar.low, roundToStep(interpolate(a, b, at), step)));
  }
  return path.at(-1)!.price;
}
