'use client';
// Brings a span of time into view on the chart it is a child of: a click on a backtest trade
// shows that trade's bars, with some context either side, without changing the zoom more than
// needed to fit it. Works in bar indexes (logical range), which every series of the chart shares.
import { useEffect, useRef } from 'react';
import type { ChartBar } from './bars';
import { useChart } from './chart';

/** At least this many bars either side of the span. */
const CONTEXT_BARS = 20;

/**
 * The logical range showing bars [from, to] (UTC seconds) of `bars` with context either side;
 * null when the span is not in `bars`.
 */
export function focusRange(
  bars: readonly ChartBar[],
  from: number,
  to: number,
): { from: number; to: number } | null {
  let first = -1;
  let last = -1;
  for (let i = 0; i < bars.length; i++) {
    const t = bars[i]!.time;
    if (t < from) continue;
    if (t > to) break;
    if (first < 0) first = i;
    last = i;
  }
  if (first < 0) return null;
  const pad = Math.max(CONTEXT_BARS, Math.round((last - first) / 2));
  return { from: first - pad, to: last + pad };
}

export interface ChartFocusProps {
  bars: readonly ChartBar[];
  /** UTC seconds; `key` changes on every request, so a second click on one trade scrolls again. */
  focus: { from: number; to: number; key: number } | null;
}

export function ChartFocus({ bars, focus }: ChartFocusProps) {
  const { api } = useChart();
  // Each request scrolls once: bars arriving later (paging back) must not pull the view back to
  // it, but a request for bars not held yet waits for them.
  const done = useRef<number | null>(null);
  useEffect(() => {
    if (!focus || done.current === focus.key) return;
    const range = focusRange(bars, focus.from, focus.to);
    if (!range) return;
    done.current = focus.key;
    api.timeScale().setVisibleLogicalRange(range);
  }, [api, bars, focus]);
  return null;
}
