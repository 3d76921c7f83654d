// Sub-bars synthesised inside a real coarser bar: the 24 hours of a recorded day that has no
// recorded hours, the 60 minutes of an hour that has no recorded minutes. Deterministic per seed
// (symbol + time, see market-timeline.ts) and exact, so every interval aggregated from the result
// gives back the parent to the last unit:
//   - the first child opens at the parent's open, the last closes at its close, each child opens
//     at the previous one's close; one child reaches the parent's high and one its low (the first
//     extreme is the low on a rising bar, the high on a falling one), every price on the tick grid
//     and inside [low, high];
//   - trades, base volume, quote volume and the taker-buy columns are split so that they add up
//     exactly to the parent's (1e-8 units); volumes on the lot grid where the parent's is; a child
//     with volume has at least one trade and the taker-buy part never exceeds its volume.
// splitTrades alone (no prices) is what market-timeline.ts runs for every hour at start to number
// aggregate trades; splitBar uses the very same split, so the two always agree.
import { mulberry32 } from './intrabar-path';
import { aggTradeCount } from './trade-tape';

/** A bar in exact integer units (1e-8): float64 where values stay below 2^53, bigint for quotes. */
export interface UnitBar {
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  takerBuyBase: number;
  quoteVolume: bigint;
  takerBuyQuote: bigint;
  trades: number;
}

export interface UnitSteps {
  /** Tick (1e-8 units). */
  price: number;
  /** Lot (1e-8 units). */
  volume: number;
}

/**
 * How busy each child is: positive weights, a few busy children among many quiet ones. This runs
 * for every hour of nine years at start, so mulberry32 (intrabar-path.ts) is inlined here rather
 * than created per call, and x / (1.1 - x) for uniform x stands in for an exponential's logarithm.
 */
function activity(seed: number, k: number, out = new Float64Array(k)): Float64Array {
  let a = seed >>> 0;
  for (let i = 0; i < k; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const x = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    out[i] = 0.25 + x / (1.1 - x);
  }
  return out;
}

/** `n` (a safe integer) split into parts proportional to `w`, adding up to `n` exactly. */
function apportion(n: number, w: ArrayLike<number>, out: Float64Array, add = 0): void {
  let total = 0;
  for (let i = 0; i < w.length; i++) total += w[i]!;
  let given = 0;
  let largest = 0;
  for (let i = 0; i < w.length; i++) {
    const part = total > 0 ? Math.floor((n * w[i]!) / total) : i === 0 ? n : 0;
    out[i] = add + part;
    given += part;
    if (w[i]! > w[largest]!) largest = i;
  }
  // Flooring leaves fewer than k over (float rounding, rarely, a few too many): settle them.
  let rest = n - given;
  for (let i = 0; rest > 0; i = (i + 1) % w.length) {
    if (w[i]! > 0 || total === 0) {
      out[i]! += 1;
      rest--;
    }
  }
  while (rest < 0) {
    const take = Math.min(-rest, out[largest]! - add);
    out[largest]! -= take;
    rest += take;
    largest = (largest + 1) % w.length;
  }
}

/**
 * `n` split like apportion, for bigint totals (quote volumes); `w` are non-negative floats. Shares
 * are computed in float64 (cheap) and the rounding left over, a few units either way, settled on
 * the largest part, so the parts add up to `n` exactly.
 */
function apportionBig(n: bigint, w: ArrayLike<number>): bigint[] {
  let total = 0;
  let largest = 0;
  for (let i = 0; i < w.length; i++) {
    total += w[i]!;
    if (w[i]! > w[largest]!) largest = i;
  }
  const whole = Number(n);
  const parts: bigint[] = [];
  let sum = 0n;
  for (let i = 0; i < w.length; i++) {
    const part = total > 0 ? BigInt(Math.floor((whole * w[i]!) / total)) : i === 0 ? n : 0n;
    parts.push(part);
    sum += part;
  }
  parts[largest]! += n - sum;
  if (parts[largest]! < 0n) {
    // Only when the largest share is a few units: hand the whole total to it instead.
    parts.fill(0n);
    parts[largest] = n;
  }
  return parts;
}

/** The trade counts of the `k` children of a parent with `trades` trades (exact sum). */
export function splitTrades(
  trades: number,
  k: number,
  seed: number,
  out = new Float64Array(k),
): Float64Array {
  if (k === 1) {
    out[0] = trades;
    return out;
  }
  const w = activity(seed, k, k === scratchWeights.length ? scratchWeights : undefined);
  if (trades >= k) {
    apportion(trades - k, w, out, 1);
  } else {
    // Fewer trades than children: the busiest children get one each, the rest stay empty.
    out.fill(0);
    const order = Array.from({ length: k }, (_, i) => i).sort((a, b) => w[b]! - w[a]!);
    for (let i = 0; i < trades; i++) out[order[i]!] = 1;
  }
  return out;
}

const scratchWeights = new Float64Array(60);
const scratchTrades = new Float64Array(60);

/** Aggregate trades (trade-tape.ts) of the children splitTrades gives (k <= 60). */
export function splitAggTrades(trades: number, k: number, seed: number): number {
  const parts = splitTrades(
    trades,
    k,
    seed,
    k === scratchTrades.length ? scratchTrades : undefined,
  );
  let sum = 0;
  for (let i = 0; i < k; i++) sum += aggTradeCount(parts[i]!);
  return sum;
}

const onGrid = (units: number, step: number) => Math.round(units / step) * step;

/** Open/close of each child: a noisy path from the open through both extremes to the close. */
function pricePath(
  parent: UnitBar,
  k: number,
  random: () => number,
  step: number,
): { bounds: Float64Array; iHigh: number; iLow: number } {
  const { open, high, low, close } = parent;
  const bounds = new Float64Array(k + 1);
  const a = Math.floor(random() * k);
  let b = Math.floor(random() * k);
  if (k > 1 && a === b) b = (a + 1 + Math.floor(random() * (k - 1))) % k;
  const [first, second] = a < b ? [a, b] : [b, a];
  const rising = close >= open;
  const iLow = rising ? first : second;
  const iHigh = rising ? second : first;
  // Waypoints at child centres; between two of them a random walk pinned at both ends (a Brownian
  // bridge), so the path wanders like a market instead of zig-zagging around a straight line.
  const points = [
    { at: 0, price: open },
    { at: first + 0.5, price: rising ? low : high },
    { at: second + 0.5, price: rising ? high : low },
    { at: k, price: close },
  ];
  const range = high - low;
  bounds[0] = open;
  bounds[k] = close;
  const walk: number[] = [];
  for (let seg = 0; seg < 3; seg++) {
    const p = points[seg]!;
    const q = points[seg + 1]!;
    const from = Math.max(1, Math.floor(p.at) + 1);
    const to = Math.min(k - 1, Math.ceil(q.at) - 1);
    if (to < from) continue;
    const steps = to - from + 2;
    walk.length = 0;
    let w = 0;
    for (let i = 0; i < steps; i++) walk.push((w += 2 * random() - 1));
    const scale = (range * 0.5) / Math.sqrt(steps);
    for (let j = from; j <= to; j++) {
      const i = j - from;
      const t = (j - p.at) / (q.at - p.at);
      const bridge = walk[i]! - ((i + 1) / steps) * walk[steps - 1]!;
      const price = onGrid(p.price + (q.price - p.price) * t + bridge * scale, step);
      bounds[j] = Math.min(high, Math.max(low, price));
    }
  }
  return { bounds, iHigh, iLow };
}

/**
 * The `k` children of `parent` (see the header). `k === 1` gives the parent itself. Prices of the
 * parent must be on the grid `steps.price`.
 */
export function splitBar(parent: UnitBar, k: number, seed: number, steps: UnitSteps): UnitBar[] {
  if (k === 1) return [{ ...parent }];
  const random = mulberry32(seed ^ 0x2545f491);
  const trades = splitTrades(parent.trades, k, seed);
  const { bounds, iHigh, iLow } = pricePath(parent, k, random, steps.price);

  // Volume goes to the children with trades (all of them if the parent has none), in lots.
  const lot = steps.volume;
  const active = new Float64Array(k);
  let activeCount = 0;
  for (let i = 0; i < k; i++) {
    active[i] = parent.trades === 0 || trades[i]! > 0 ? trades[i]! + 1 : 0;
    if (active[i]! > 0) {
      active[i] = active[i]! * (0.7 + 0.6 * random());
      activeCount++;
    }
  }
  const lots = Math.floor(parent.volume / lot);
  const volumeLots = new Float64Array(k);
  if (lots >= activeCount) {
    apportion(lots - activeCount, active, volumeLots);
    for (let i = 0; i < k; i++) if (active[i]! > 0) volumeLots[i]! += 1;
  } else apportion(lots, active, volumeLots);
  // Taker-buy lots in proportion to volume, never above a child's volume.
  const takerLots = new Float64Array(k);
  const takerTotalLots = Math.floor(parent.takerBuyBase / lot);
  apportion(takerTotalLots, volumeLots, takerLots);
  let over = 0;
  for (let i = 0; i < k; i++) {
    if (takerLots[i]! > volumeLots[i]!) {
      over += takerLots[i]! - volumeLots[i]!;
      takerLots[i] = volumeLots[i]!;
    }
  }
  for (let i = 0; over > 0 && i < k; i++) {
    const room = Math.min(over, volumeLots[i]! - takerLots[i]!);
    takerLots[i]! += room;
    over -= room;
  }
  const volumeRest = parent.volume - lots * lot;
  const takerRest = parent.takerBuyBase - takerTotalLots * lot;

  const children: UnitBar[] = [];
  let busiest = 0;
  let roomiest = 0;
  for (let i = 0; i < k; i++) {
    const o = bounds[i]!;
    const c = bounds[i + 1]!;
    const top = Math.max(o, c);
    const bottom = Math.min(o, c);
    // Wicks: mostly small, at most about what one child moves (the parent's range / sqrt(k)), and
    // never past the parent's extremes.
    const reach = ((parent.high - parent.low) * 0.6) / Math.sqrt(k);
    const up = onGrid(Math.min(parent.high - top, reach) * random() * random(), steps.price);
    const down = onGrid(Math.min(bottom - parent.low, reach) * random() * random(), steps.price);
    children.push({
      open: o,
      close: c,
      high: i === iHigh ? parent.high : Math.min(parent.high, top + up),
      low: i === iLow ? parent.low : Math.max(parent.low, bottom - down),
      volume: volumeLots[i]! * lot,
      takerBuyBase: takerLots[i]! * lot,
      quoteVolume: 0n,
      takerBuyQuote: 0n,
      trades: trades[i]!,
    });
    if (volumeLots[i]! > volumeLots[busiest]!) busiest = i;
    if (volumeLots[i]! - takerLots[i]! > volumeLots[roomiest]! - takerLots[roomiest]!) roomiest = i;
  }
  // Sub-lot remainders (a parent off the lot grid) go whole to one child, so sums stay exact.
  children[busiest]!.volume += volumeRest;
  children[busiest === roomiest || takerRest <= volumeRest ? busiest : roomiest]!.takerBuyBase +=
    takerRest;
  const typical = (b: UnitBar) => (b.open + b.high + b.low + b.close) / 4;
  const quotes = apportionBig(
    parent.quoteVolume,
    children.map((b) => b.volume * typical(b)),
  );
  const takerQuotes = apportionBig(
    parent.takerBuyQuote,
    children.map((b) => b.takerBuyBase * typical(b)),
  );
  for (let i = 0; i < k; i++) {
    children[i]!.quoteVolume = quotes[i]!;
    children[i]!.takerBuyQuote = takerQuotes[i]!;
  }
  return children;
}

/** Totals of consecutive bars (earlier first). */
export function aggregateUnitBars(bars: readonly UnitBar[]): UnitBar {
  const first = bars[0]!;
  const out = { ...first };
  for (let i = 1; i < bars.length; i++) {
    const b = bars[i]!;
    out.high = Math.max(out.high, b.high);
    out.low = Math.min(out.low, b.low);
    out.close = b.close;
    out.volume += b.volume;
    out.takerBuyBase += b.takerBuyBase;
    out.quoteVolume += b.quoteVolume;
    out.takerBuyQuote += b.takerBuyQuote;
    out.trades += b.trades;
  }
  return out;
}

/**
 * A parent of which only children [from, from + real.length) of `k` are recorded: the missing ones
 * are synthesised from what the parent has left (its volumes minus the recorded ones, its
 * extremes where the recorded children do not reach them), opening or closing on the recorded
 * prices so that the path stays continuous. `seedOf(i)` seeds the run starting at child i.
 */
export function fillAround(
  parent: UnitBar,
  k: number,
  from: number,
  real: readonly UnitBar[],
  seedOf: (i: number) => number,
  steps: UnitSteps,
  parentRecorded = true,
): UnitBar[] {
  const head = from;
  const tail = k - from - real.length;
  if (real.length === 0) return splitBar(parent, k, seedOf(0), steps);
  const seen = aggregateUnitBars(real);
  const missing = head + tail;
  if (missing === 0) return [...real];
  const left = (total: number, used: number) =>
    parentRecorded ? Math.max(0, total - used) : (total * missing) / k;
  const leftBig = (total: bigint, used: bigint) =>
    parentRecorded ? (total > used ? total - used : 0n) : (total * BigInt(missing)) / BigInt(k);
  const share = (i: number) => (i === 0 ? head : tail) / missing;
  const residual = (part: 0 | 1, open: number, close: number): UnitBar => {
    const s = share(part);
    const volume = Math.round(left(parent.volume, seen.volume) * s);
    const taker = Math.min(volume, Math.round(left(parent.takerBuyBase, seen.takerBuyBase) * s));
    const weight = BigInt(Math.round(s * 1e6));
    // The unreached high goes to the head (if any), the unreached low to the tail (if any).
    const wantsHigh = seen.high < parent.high && (part === 0 || head === 0);
    const wantsLow = seen.low > parent.low && (part === 1 || tail === 0);
    const top = Math.max(open, close);
    const bottom = Math.min(open, close);
    return {
      open,
      close,
      high: wantsHigh ? parent.high : top,
      low: wantsLow ? parent.low : bottom,
      volume,
      takerBuyBase: taker,
      quoteVolume: (leftBig(parent.quoteVolume, seen.quoteVolume) * weight) / 1_000_000n,
      takerBuyQuote: (leftBig(parent.takerBuyQuote, seen.takerBuyQuote) * weight) / 1_000_000n,
      trades: Math.round(left(parent.trades, seen.trades) * s),
    };
  };
  const out: UnitBar[] = [];
  if (head > 0)
    out.push(...splitBar(residual(0, parent.open, real[0]!.open), head, seedOf(0), steps));
  out.push(...real);
  if (tail > 0) {
    const start = from + real.length;
    out.push(
      ...splitBar(residual(1, real.at(-1)!.close, parent.close), tail, seedOf(start), steps),
    );
  }
  return out;
}
