'use client';
// The user's executions drawn on the price pane: a buy as an up arrow under its bar, a sell as a
// down arrow over it, labelled with its signed quantity (side, quantity and price in the list).
// Fills are placed on the bar whose interval contains them (lightweight-charts needs a bar time), and the fills of one order on one
// bar are one marker — its total quantity at its volume-weighted average price — as TradingView and
// the exchanges draw them: a market order that walked five book levels is one execution, not five
// stacked arrows whose labels the price axis cuts. Different orders on one bar stay separate.
// The markers are a second markers plugin on the main series (the indicator layer's pattern markers
// have their own), re-attached when a chart type switch replaces the series. The canvas says
// nothing to a screen reader, so the same marker texts are listed in a visually hidden list.
import { barOpenTime, type Interval } from '@coinview/core/interval';
import { money, sumAmounts, toDecimalString } from '@coinview/core/trading/money';
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
  /** The order it executes: an order's fills on one bar are drawn as one marker. */
  orderId: string;
  side: 'BUY' | 'SELL';
  /** Epoch milliseconds, as the exchange reports it. */
  time: number;
  /** Decimal strings, shown as given. */
  price: string;
  quantity: string;
}

/**
 * Decimals an average price is shown with: those of the fills' own prices (the symbol's tick, as
 * the exchange quotes them) and two more, so an average that falls between two ticks still shows
 * where; trailing zeros are dropped.
 */
const AVERAGE_EXTRA_DECIMALS = 2;

interface Execution {
  orderId: string;
  side: ChartFill['side'];
  /** Bar open time, epoch seconds. */
  bar: number;
  fills: [ChartFill, ...ChartFill[]];
}

/**
 * One marker per order per bar, oldest first (the markers plugin wants them sorted by time): its
 * side, its total quantity and its volume-weighted average price.
 */
export function fillMarkers(
  fills: readonly ChartFill[],
  interval: Interval,
  palette: Pick<ChartPalette, 'up' | 'down'>,
  options: { compact?: boolean } = {},
): SeriesMarker<Time>[] {
  // Fills in time order, so executions enter the map (and come out) in the order of their first fill.
  const executions = new Map<string, Execution>();
  for (const fill of [...fills].sort(byTime)) {
    const bar = barOpenTime(fill.time, interval) / 1000;
    const key = `${fill.orderId}:${bar}`;
    const execution = executions.get(key);
    if (execution) execution.fills.push(fill);
    else executions.set(key, { orderId: fill.orderId, side: fill.side, bar, fills: [fill] });
  }
  return [...executions.values()].map(({ orderId, side, bar, fills: own }) => {
    const { quantity, price } = totals(own);
    return {
      id: `fill:${orderId}:${bar}`,
      time: bar as UTCTimestamp,
      position: side === 'BUY' ? 'belowBar' : 'aboveBar',
      shape: side === 'BUY' ? 'arrowUp' : 'arrowDown',
      color: side === 'BUY' ? palette.up : palette.down,
      // On the canvas only the signed quantity ("+0.001"): the arrow and its colour say the side,
      // and a whole "Buy 0.001 @ 107344.7957" under the newest bar ran into the price axis. The
      // full text is what the list beside the canvas says.
      text: options.compact
        ? `${side === 'BUY' ? '+' : '−'}${quantity}`
        : `${side === 'BUY' ? 'Buy' : 'Sell'} ${quantity} @ ${price}`,
    };
  });
}

function byTime(a: ChartFill, b: ChartFill): number {
  return a.time - b.time || a.id.localeCompare(b.id);
}

/** Total quantity and Σ price × quantity / Σ quantity; a lone fill's amounts as given. */
function totals(fills: readonly [ChartFill, ...ChartFill[]]): { quantity: string; price: string } {
  if (fills.length === 1) return { quantity: fills[0].quantity, price: fills[0].price };
  const quantity = sumAmounts(fills.map((f) => f.quantity));
  const notional = sumAmounts(fills.map((f) => money(f.price).times(money(f.quantity))));
  const decimals =
    Math.max(...fills.map((f) => money(f.price).decimalPlaces())) + AVERAGE_EXTRA_DECIMALS;
  return {
    quantity: toDecimalString(quantity),
    price: toDecimalString(notional.div(quantity).toDecimalPlaces(decimals)),
  };
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
  const drawn = useMemo(
    () => fillMarkers(fills, interval, palette, { compact: true }),
    [fills, interval, palette],
  );

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
    plugin.current?.setMarkers(drawn);
  }, [series, drawn]);

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
