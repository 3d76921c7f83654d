'use client';
// The TradingView-style line in the top-left corner: market, then O H L C V and the change of the
// bar under the crosshair (or of the last bar when the pointer is elsewhere).
import type { CSSProperties, ReactNode } from 'react';
import {
  barDirection,
  changePercent,
  formatChange,
  formatPrice,
  formatVolume,
  type ChartBar,
} from './bars';
import { useChartTheme } from './chart';

export interface ChartLegendProps {
  /** Market label shown first, e.g. "BTCUSDT · 1m". */
  title?: ReactNode;
  bar: ChartBar | undefined;
  prevClose?: number;
  precision?: number;
}

const legendStyle: CSSProperties = {
  position: 'absolute',
  top: 8,
  left: 12,
  zIndex: 3,
  // One line that clips on narrow charts instead of wrapping: indicator legends sit right below it.
  right: 72,
  height: 20,
  overflow: 'hidden',
  whiteSpace: 'nowrap',
  display: 'flex',
  alignItems: 'baseline',
  gap: '2px 10px',
  font: '12px/1.4 ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  // The legend is read, never clicked: the chart underneath keeps its crosshair and panning.
  pointerEvents: 'none',
  fontVariantNumeric: 'tabular-nums',
};

const titleStyle: CSSProperties = { fontWeight: 600, fontSize: 13 };

function Value({ label, value, color }: { label: string; value: string; color: string }) {
  return (
    <span>
      <span style={{ opacity: 0.7 }}>{label}</span> <span style={{ color }}>{value}</span>
    </span>
  );
}

export function ChartLegend({ title, bar, prevClose, precision = 2 }: ChartLegendProps) {
  const { palette } = useChartTheme();
  const color = bar && barDirection(bar) === 'down' ? palette.downText : palette.upText;
  const change = bar ? changePercent(bar.close, prevClose) : undefined;
  const changeColor = change !== undefined && change < 0 ? palette.downText : palette.upText;
  return (
    <div style={{ ...legendStyle, color: palette.text }} data-testid="chart-legend">
      {title !== undefined && (
        <span style={{ ...titleStyle, color: palette.textStrong }} data-testid="chart-legend-title">
          {title}
        </span>
      )}
      {bar && (
        <>
          <Value label="O" value={formatPrice(bar.open, precision)} color={color} />
          <Value label="H" value={formatPrice(bar.high, precision)} color={color} />
          <Value label="L" value={formatPrice(bar.low, precision)} color={color} />
          <Value label="C" value={formatPrice(bar.close, precision)} color={color} />
          <Value label="V" value={formatVolume(bar.volume)} color={color} />
          <span style={{ color: changeColor }}>{formatChange(change)}</span>
        </>
      )}
    </div>
  );
}
