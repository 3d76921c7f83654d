import { describe, expect, it } from 'vitest';
import { missingRanges } from './history-download';

const MIN = 60_000;
const T0 = Date.UTC(2025, 0, 1);
const at = (i: number) => T0 + i * MIN;
const NOW = at(1_000_000);

describe('missingRanges', () => {
  it('is empty when every bar of [from, to] is stored', () => {
    const present = Array.from({ length: 11 }, (_, i) => at(i));
    expect(missingRanges(present, '1m', at(0), at(10), NOW)).toEqual([]);
  });

  it('finds the holes, both ends inclusive', () => {
    // Stored: 0…3 and 6…8 of 0…10 → missing 4, 5 and 9, 10; the two holes are 3 bars apart
    // (< one 1000-bar page), so they are fetched as one range 4…10 (7 bars).
    const present = [0, 1, 2, 3, 6, 7, 8].map(at);
    expect(missingRanges(present, '1m', at(0), at(10), NOW)).toEqual([
      { from: at(4), to: at(10), bars: 7 },
    ]);
  });

  it('keeps holes a page or more apart as separate ranges', () => {
    // Bar 0 missing, 1…1000 stored (1000 bars), 1001 missing.
    const present = Array.from({ length: 1000 }, (_, i) => at(i + 1));
    expect(missingRanges(present, '1m', at(0), at(1001), NOW)).toEqual([
      { from: at(0), to: at(0), bars: 1 },
      { from: at(1001), to: at(1001), bars: 1 },
    ]);
  });

  it('starts at the first bar opening at or after `from`, and expects no unclosed bar', () => {
    // from is 30 s into bar 0 → first bar 1; now is inside bar 5 → bars 1…4 expected.
    expect(missingRanges([], '1m', at(0) + 30_000, at(10), at(5) + 1)).toEqual([
      { from: at(1), to: at(4), bars: 4 },
    ]);
  });
});
