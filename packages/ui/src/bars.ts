// Bookkeeping for what the chart shows: which bar is last, how many bars there are, and how a live
// bar relates to them. Pure, so the chart components stay thin and the rules are tested directly.
import type { ChartBar } from '@coinview/core/candle';

export type { ChartBar };

/** What the chart currently draws, summarised: enough for the legend and the e2e attributes. */
export interface BarTape {
  count: number;
  /** Oldest bar drawn: where older history would be prepended. */
  first: ChartBar | undefined;
  last: ChartBar | undefined;
  /** Close of the bar before `last`: the base of the change shown in the legend. */
  prevClose: number | undefined;
  /** Places where consecutive bars are not one interval apart (0 when no step is known). */
  gaps: number;
}

/** Time (UTC seconds) of the bar after the one at `time`; knows the interval (months vary). */
export type NextBarTime = (time: number) => number;

/** How a live bar lands: a new bar, the forming bar revised in place, or too old to draw. */
export type LiveBarAction = 'append' | 'replace' | 'ignore';

export const emptyTape: BarTape = {
  count: 0,
  first: undefined,
  last: undefined,
  prevClose: undefined,
  gaps: 0,
};

/** Pairs of neighbours in `bars` that are not exactly one bar apart. */
export function countGaps(bars: readonly ChartBar[], nextTime: NextBarTime | undefined): number {
  if (!nextTime) return 0;
  let gaps = 0;
  for (let i = 1; i < bars.length; i++) {
    if (nextTime(bars[i - 1]!.time) !== bars[i]!.time) gaps++;
  }
  return gaps;
}

export function tapeOf(bars: readonly ChartBar[], nextTime?: NextBarTime): BarTape {
  return {
    count: bars.length,
    first: bars[0],
    last: bars[bars.length - 1],
    prevClose: bars[bars.length - 2]?.close,
    gaps: countGaps(bars, nextTime),
  };
}

export function classifyLiveBar(tape: BarTape, bar: ChartBar): LiveBarAction {
  if (!tape.last || bar.time > tape.last.time) return 'append';
  if (bar.time === tape.last.time) return 'replace';
  // lightweight-charts refuses to update a bar older than its last one; a late event is stale.
  return 'ignore';
}

export function advanceTape(tape: BarTape, bar: ChartBar, nextTime?: NextBarTime): BarTape {
  switch (classifyLiveBar(tape, bar)) {
    case 'append': {
      const gap = tape.last && nextTime && nextTime(tape.last.time) !== bar.time ? 1 : 0;
      return {
        count: tape.count + 1,
        first: tape.first ?? bar,
        last: bar,
        prevClose: tape.last?.close,
        gaps: tape.gaps + gap,
      };
    }
    case 'replace':
      return { ...tape, last: bar };
    case 'ignore':
      return tape;
  }
}

/** Index of the first bar at or after `time` in bars sorted by time. */
function lowerBound(bars: readonly ChartBar[], time: number): number {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bars[mid]!.time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * New history in place of the old, keeping the live bars drawn after it: the bars to draw, and how
 * many of them were prepended before the previously oldest bar (the shift that keeps the view
 * still). History that does not contain the previous oldest bar shifts nothing.
 */
export function mergeHistory(
  drawn: readonly ChartBar[],
  history: readonly ChartBar[],
): { bars: ChartBar[]; prepended: number } {
  const historyLast = history[history.length - 1];
  const liveTail = historyLast ? drawn.slice(lowerBound(drawn, historyLast.time + 1)) : [...drawn];
  const bars = [...history, ...liveTail];
  const oldFirst = drawn[0];
  if (!oldFirst) return { bars, prepended: 0 };
  const at = lowerBound(bars, oldFirst.time);
  return { bars, prepended: bars[at]?.time === oldFirst.time ? at : 0 };
}

export type Direction = 'up' | 'down';

export function barDirection(bar: Pick<ChartBar, 'open' | 'close'>): Direction {
  return bar.close >= bar.open ? 'up' : 'down';
}

/** Change of `close` against the previous close, in percent; undefined without a base. */
export function changePercent(close: number, prevClose: number | undefined): number | undefined {
  if (prevClose === undefined || prevClose === 0) return undefined;
  return ((close - prevClose) / prevClose) * 100;
}

export function formatPrice(value: number, precision: number): string {
  return value.toLocaleString('en-US', {
    minimumFractionDigits: precision,
    maximumFractionDigits: precision,
  });
}

/** Volumes the way traders read them: 1.23K, 4.56M, 7.89B. */
export function formatVolume(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (abs >= 1e3) return `${(value / 1e3).toFixed(2)}K`;
  return value.toFixed(abs >= 100 ? 0 : 2);
}

export function formatChange(percent: number | undefined): string {
  if (percent === undefined || !Number.isFinite(percent)) return '—';
  const rounded = percent.toFixed(2);
  // A change that rounds to zero is shown as such, never as "-0.00%".
  if (Number(rounded) === 0) return '0.00%';
  return `${percent > 0 ? '+' : ''}${rounded}%`;
}
