// peek never changes state; update after any number of peeks equals update alone; compute equals
// bar-by-bar updates; state stays the same size however many bars go through.
import { describe, expect, it } from 'vitest';
import { loadBars } from '../../test/load-bars';
import { INDICATOR_IDS, createIndicator } from './catalog';
import type { Bar } from './types';

const bars = loadBars();

/** Numbers held by an object graph: typed-array lengths, array lengths, numeric fields. */
function stateSize(o: unknown, seen = new Set<unknown>()): number {
  if (o === null || typeof o !== 'object' || seen.has(o)) return 0;
  seen.add(o);
  if (ArrayBuffer.isView(o)) return (o as Float64Array).length;
  if (Array.isArray(o)) return o.length + o.reduce((a: number, x) => a + stateSize(x, seen), 0);
  return Object.values(o).reduce((a: number, x) => a + 1 + stateSize(x, seen), 0);
}

function forming(bar: Bar, price: number): Bar {
  return {
    ...bar,
    high: Math.max(bar.open, price),
    low: Math.min(bar.open, price),
    close: price,
    volume: bar.volume / 2,
  };
}

describe.each(INDICATOR_IDS)('%s', (id) => {
  it('peek does not change state; update after peeks equals update alone', () => {
    const live = createIndicator(id);
    const plain = createIndicator(id);
    for (let i = 0; i < bars.length; i++) {
      const bar = bars[i]!;
      // A forming bar ticking through prices around the real range, then its close.
      for (const f of [0.999, 1.002, 0.9995]) live.peek(forming(bar, bar.close * f));
      const peeked = live.peek(bar);
      const a = live.update(bar);
      const b = plain.update(bar);
      expect(a).toEqual(b);
      expect(peeked).toEqual(a);
    }
  });

  it('compute equals bar-by-bar updates and leaves the state at the last bar', () => {
    const batch = createIndicator(id);
    const stepwise = createIndicator(id);
    const out = batch.compute(bars.slice(0, 1500));
    expect(out).toEqual(bars.slice(0, 1500).map((b) => stepwise.update(b)));
    for (const b of bars.slice(1500)) expect(batch.update(b)).toEqual(stepwise.update(b));
  });

  // Twenty passes over the bars take ~2 s for the pattern set on an idle core; the limit is
  // generous because this checks memory, not speed (it timed out at 5 s with the machine loaded).
  it('holds bounded state', { timeout: 60_000 }, () => {
    const ind = createIndicator(id);
    ind.compute(bars.slice(0, 300));
    const before = stateSize(ind);
    for (let r = 0; r < 20; r++) for (const b of bars) ind.update(b);
    expect(stateSize(ind)).toBe(before);
  });
});
