'use client';
// The user's fills drawn on the price pane: a buy as an up arrow under its bar, a sell as a down
// arrow over it, labelled with side, quantity and price. Fills are placed on the bar whose interval
// contains them (lightweight-charts needs a bar time); several fills of one bar are one marker each.
// The markers are a second markers plugin on the main series (the indicator layer's pattern markers
// have their own), re-attached when a chart type switch replaces the series. The canvas says
// nothing to a screen reader, so the same marker texts are listed in a visually hidden list.
import { barOpenTime, type Interval } from '@coinview/core/interval';
import {
  createSeriesMarkers,
  type ISeriesMarkersPluginApi,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import { useEffect, useMemo, useRef } from 'react';
import { useMainSeries } from './candle-series';
import { useChartTheme } from './chart';
import type { ChartPalette } from './chart-theme';

export interface ChartFill {
  /** Unique per fill (order id + trade id). */
  id: string;
  side: 'BUY' | 'SELL';
  /** Epoch milliseconds, as the exchange reports it. */
  time: number;
  /** Decimal strings, shown as given. */
  price: string;
  quantity: string;
}

/** One marker per fill on its bar, oldest first (the markers plugin wants them sorted by time). */
export function fillMarkers(
  fills: readonly ChartFill[],
  interval: Interval,
  palette: Pick<ChartPalette, 'up' | 'down'>,
): SeriesMarker<Time>[] {
  return [...fills]
    .sort((a, b) => a.time - b.time || a.id.localeCompare(b.id))
    .map((fill) => ({
      id: `fill:${fill.id}`,
      time: (barOpenTime(fill.time, interval) / 1000) as UTCTimestamp,
      position: fill.side === 'BUY' ? 'belowBar' : 'aboveBar',
      shape: fill.side === 'BUY' ? 'arrowUp' : 'arrowDown',
      color: fill.side === 'BUY' ? palette.up : palette.down,
      text: `${fill.side === 'BUY' ? 'Buy' : 'Sell'} ${fill.quantity} @ ${fill.price}`,
    }));
}

export interface FillMarkersProps {
  fills: readonly ChartFill[];
  interval: Interval;
}

/**
 * A child of CandleChart: draws `fills` on its main series, and lists what it drew (the markers'
 * texts) for screen readers, since the canvas says nothing to them.
 */
export function FillMarkers({ fills, interval }: FillMarkersProps) {
  const series = useMainSeries();
  const { palette } = useChartTheme();
  const plugin = useRef<ISeriesMarkersPluginApi<Time> | null>(null);
  const markers = useMemo(() => fillMarkers(fills, interval, palette), [fills, interval, palette]);

  useEffect(() => {
    if (!series) return;
    const created = createSeriesMarkers(series, []);
    plugin.current = created;
    return () => {
      plugin.current = null;
      // The series may already be gone with a chart type switch: nothing left to clean then.
      try {
        created.detach();
      } catch {
        // removed with its series
      }
    };
  }, [series]);

  useEffect(() => {
    plugin.current?.setMarkers(markers);
  }, [series, markers]);

  if (!series || markers.length === 0) return null;
  return (
    <ul className="sr-only" aria-label="Your fills on this chart" data-testid="fill-markers">
      {markers.map((m) => (
        <li
          key={m.id}
          data-testid="fill-marker"
          data-time={typeof m.time === 'number' ? m.time : undefined}
        >
          {m.text}
        </li>
      ))}
    </ul>
  );
}
