'use client';
// The ready-made price chart: candlesticks, volume and the legend on one pane. It draws what it is
// given and fetches nothing. The outer element carries data attributes that end-to-end tests read
// to see history arrive and the forming candle move.
import { useState, type CSSProperties, type ReactNode } from 'react';
import { emptyTape, type BarTape, type ChartBar } from './bars';
import { CandleSeries, type HoveredBar } from './candle-series';
import { Chart } from './chart';
import { ChartLegend } from './chart-legend';

export type { ChartBar };

export interface CandleChartProps {
  /** Closed history, oldest first, UTC seconds. Pass a new array only when history changes. */
  bars: readonly ChartBar[];
  /** Latest live bar of the same market as `bars`; reset it when the market changes. */
  liveBar?: ChartBar;
  /** Price decimals (scale, crosshair, legend). */
  precision?: number;
  /** Legend title, e.g. "BTCUSDT · 1m". */
  title?: ReactNode;
  /** Show the volume histogram (default true). */
  volume?: boolean;
  className?: string;
  style?: CSSProperties;
  /** More series or overlays drawn into the same chart (they can call useChart()). */
  children?: ReactNode;
}

export function CandleChart({
  bars,
  liveBar,
  precision = 2,
  title,
  volume = true,
  className,
  style,
  children,
}: CandleChartProps) {
  const [tape, setTape] = useState<BarTape>(emptyTape);
  const [hovered, setHovered] = useState<HoveredBar | null>(null);
  const shown = hovered ?? { bar: tape.last, prevClose: tape.prevClose };

  return (
    <Chart
      className={className}
      style={style}
      attributes={{
        'data-testid': 'candle-chart',
        'data-bar-count': tape.count,
        'data-last-time': tape.last?.time,
        'data-last-close': tape.last?.close,
      }}
    >
      <CandleSeries
        bars={bars}
        liveBar={liveBar}
        precision={precision}
        volume={volume}
        onTapeChange={setTape}
        onHover={setHovered}
      />
      <ChartLegend title={title} bar={shown.bar} prevClose={shown.prevClose} precision={precision} />
      {children}
    </Chart>
  );
}
