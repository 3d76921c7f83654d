// Bookkeeping for what the chart shows: which bar is last, how many bars there are, and how a live
// bar relates to them. Pure, so the chart components stay thin and the rules are tested directly.
import type { ChartBar } from '@coinview/core/candle';

export type { ChartBar };

/** What the chart currently draws, summarised: enough for the legend and the e2e attributes. */
export interface BarTape {
  count: number;
  last: ChartBar | undefined;
  /** Close of the bar before `last`: the base of the change shown in the legend. */
  prevClose: number | undefined;
}

/** How a live bar lands: a new bar, the forming bar revised in place, or too old to draw. */
export type LiveBarAction = 'append' | 'replace' | 'ignore';

export const emptyTape: BarTape = { count: 0, last: undefined, prevClose: undefined };

export function tapeOf(bars: readonly ChartBar[]): BarTape {
  return {
    count: bars.length,
    last: bars[bars.length - 1],
    prevClose: bars[bars.length - 2]?.close,
  };
}

export function classifyLiveBar(tape: BarTape, bar: ChartBar): LiveBarAction {
  if (!tape.last || bar.time > tape.last.time) return 'append';
  if (bar.time === tape.last.time) return 'replace';
  // lightweight-charts refuses to update a bar older than its last one; a late event is stale.
  return 'ignore';
}

export function advanceTape(tape: BarTape, bar: ChartBar): BarTape {
  switch (classifyLiveBar(tape, bar)) {
    case 'append':
      return { count: tape.count + 1, last: bar, prevClose: tape.last?.close };
    case 'replace':
      return { ...tape, last: bar };
    case 'ignore':
      return tape;
  }
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
