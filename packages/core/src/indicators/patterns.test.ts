import { describe, expect, it } from 'vitest';
import { loadBars } from '../../test/load-bars';
import { PATTERNS, detectPatterns } from './patterns';

const bars = loadBars();

describe('candlestick patterns on real data', () => {
  const hits = detectPatterns(bars);
  const count = (id: string) => hits.filter((h) => h.pattern === id).length;

  it('finds the common patterns in 2,000 real 1m bars, each on a real bar time', () => {
    const times = new Set(bars.map((b) => b.time));
    for (const h of hits) expect(times.has(h.time)).toBe(true);
    for (const id of [
      'bullish-engulfing',
      'bearish-engulfing',
      'doji',
      'hammer',
      'shooting-star',
    ]) {
      expect(count(id), id).toBeGreaterThan(0);
    }
    // Each pattern stays an event, not a label on most bars.
    for (const p of PATTERNS) expect(count(p.id), p.id).toBeLessThan(bars.length / 4);
  });

  it('a bullish engulfing bar really engulfs the previous bearish body', () => {
    const byTime = new Map(bars.map((b, i) => [b.time, i]));
    const engulfing = hits.filter((h) => h.pattern === 'bullish-engulfing');
    for (const h of engulfing) {
      const i = byTime.get(h.time)!;
      const [prev, cur] = [bars[i - 1]!, bars[i]!];
      expect(prev.close).toBeLessThan(prev.open);
      expect(cur.close).toBeGreaterThan(cur.open);
      expect(cur.close).toBeGreaterThanOrEqual(prev.open);
      expect(h.direction).toBe('bullish');
    }
  });

  it('can be limited to some patterns', () => {
    const only = detectPatterns(bars, ['doji']);
    expect(only.length).toBe(count('doji'));
    expect(new Set(only.map((h) => h.pattern))).toEqual(new Set(['doji']));
  });
});
