// Drawings for the chart benchmarks: a trader's worth of every tool (trend lines, rays, levels,
// boxes, channels, Fibonacci, positions, ranges, notes) spread over the bars they are drawn on,
// anchored on bars' highs, lows and closes, generated from a seed so every run draws the same
// ones. Some reach past the last bar or sit far outside the price range shown (off-screen), some
// carry labels. Every drawing is checked with core's schema, as the API checks what it stores.
import {
  DRAWING_KINDS,
  drawingSchema,
  type Drawing,
  type DrawingInput,
} from '@coinview/core/drawings';
import type { ChartBar } from '@coinview/core/candle';

const COLOURS = ['#2962ff', '#f7525f', '#22ab94', '#ff9800', '#9c27b0', '#b2b5be', '#ffeb3b'];
const LABELS = ['Support', 'Resistance', 'Breakout', 'Range high', 'Range low', 'Retest', 'Trend'];
const NOTES = ['Watch the open', 'Liquidity sweep\nbefore the move', 'FOMC', 'Fill the gap?'];

/** mulberry32: a small seeded generator, so the drawings are the same in every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` drawings over `bars`, cycling through the 14 tools (so each has count/14 of them), in
 * the order the kinds are listed; every fifth one reaches past the last bar or lies far outside
 * the price range (off-screen wherever the chart is panned).
 */
export function benchDrawings(bars: readonly ChartBar[], count: number, seed = 7): Drawing[] {
  const next = random(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  const last = bars.length - 1;
  const step = bars.length > 1 ? bars[1]!.time - bars[0]!.time : 60;
  /** A bar's time, or a slot in the future when `index` is past the last bar. */
  const timeAt = (index: number) =>
    index <= last ? bars[Math.max(0, index)]!.time : bars[last]!.time + (index - last) * step;
  const bar = (index: number) => bars[Math.min(last, Math.max(0, index))]!;
  const out: Drawing[] = [];
  for (let i = 0; i < count; i++) {
    const kind = DRAWING_KINDS[i % DRAWING_KINDS.length]!;
    const offScreen = i % 5 === 4;
    // Most drawings span tens to a few hundred bars; an off-screen one is drawn near the last bar
    // and reaches into the future (a projection, a target), or sits far from the prices shown.
    const start = offScreen ? int(last - 150, last - 20) : int(0, last - 20);
    const end = offScreen ? last + int(20, 200) : Math.min(last, start + int(10, 300));
    const a = bar(start);
    const b = bar(end);
    const up = b.close >= a.close;
    const low = up ? a.low : a.high;
    const high = up ? b.high : b.low;
    // Far outside the prices in view: a level drawn on last year's chart.
    const away = offScreen ? (next() < 0.5 ? 1.3 : 0.7) : 1;
    const style = {
      color: pick(COLOURS),
      width: int(1, 3),
      dash: next() < 0.75 ? ('solid' as const) : pick(['dashed', 'dotted'] as const),
      ...(next() < 0.35 && { label: pick(LABELS) }),
    };
    const common = { id: `bench-${i}`, style, locked: next() < 0.2, hidden: false };
    const p = (index: number, price: number) => ({ time: timeAt(index), price });
    const two = [p(start, low), p(end, high)] as const;
    const input: DrawingInput = (() => {
      switch (kind) {
        case 'trend-line':
        case 'ray':
        case 'extended-line':
        case 'rectangle':
        case 'price-range':
        case 'date-range':
          return { ...common, kind, anchors: [...two] };
        case 'horizontal-line':
        case 'horizontal-ray':
          return { ...common, kind, anchors: [p(start, pick([a.high, a.low, a.close]) * away)] };
        case 'vertical-line':
          return { ...common, kind, anchors: [p(offScreen ? end : start, a.close)] };
        case 'parallel-channel': {
          const width = Math.abs(a.high - a.low) * int(3, 12);
          return { ...common, kind, anchors: [...two, p(start, low + (up ? width : -width))] };
        }
        case 'fib-retracement':
          return {
            ...common,
            kind,
            anchors: [...two],
            ...(next() < 0.3 && { levels: [0, 0.236, 0.382, 0.5, 0.618, 0.786, 1, 1.618, 2.618] }),
          };
        case 'long-position':
        case 'short-position': {
          const sign = kind === 'long-position' ? 1 : -1;
          const entry = a.close;
          return {
            ...common,
            kind,
            anchors: [p(start, entry)],
            // A box of its own length, as the chart draws new positions (end after the entry).
            endTime: timeAt(Math.max(end, start + 1)),
            stop: entry * (1 - sign * (0.004 + next() * 0.01)),
            target: entry * (1 + sign * (0.008 + next() * 0.03)),
            ...(next() < 0.5 && { quantity: int(1, 50) / 100 }),
          };
        }
        case 'text':
          return { ...common, kind, anchors: [p(start, a.high * away)], text: pick(NOTES) };
      }
    })();
    out.push(drawingSchema.parse(input));
  }
  return out;
}
