'use client';
// Lines over time that are not prices: a backtest's equity against buy-and-hold, its drawdown in a
// pane of its own, or two runs' equity side by side. One chart (created once, as every chart here)
// whose series add and remove themselves; times come in epoch milliseconds as the results store
// them and go to lightweight-charts in seconds. A legend over the chart names each line, since the
// canvas says nothing to a screen reader.
import {
  AreaSeries,
  LineSeries,
  type ISeriesApi,
  type LineData,
  type UTCTimestamp,
} from 'lightweight-charts';
import { useEffect, useMemo, useRef, type CSSProperties } from 'react';
import { Chart, useChart } from './chart';
import type { Theme } from './chart-theme';
import { chartTimeOptions } from './chart-time';

export interface CurveLine {
  /** Stable per line: a changed id is a new series. */
  id: string;
  label: string;
  color: string;
  /** Epoch ms, ascending. */
  times: readonly number[];
  values: readonly number[];
  /** 0 = the main pane (default); 1 = a second pane under it. */
  pane?: 0 | 1;
  /** An area filled down to the bottom (drawdown) instead of a line. */
  area?: boolean;
  /** Values are fractions shown as percents (0.12 → "12.00%"). */
  percent?: boolean;
}

/** Chart points in seconds; a time repeated (it cannot be drawn twice) keeps its last value. */
export function curvePoints(
  times: readonly number[],
  values: readonly number[],
  scale = 1,
): LineData<UTCTimestamp>[] {
  const out: LineData<UTCTimestamp>[] = [];
  const n = Math.min(times.length, values.length);
  for (let i = 0; i < n; i++) {
    const time = Math.floor(times[i]! / 1000) as UTCTimestamp;
    const value = values[i]! * scale;
    const last = out[out.length - 1];
    if (last && last.time >= time) {
      if (last.time === time) last.value = value;
      continue;
    }
    out.push({ time, value });
  }
  return out;
}

function CurveSeries({ line }: { line: CurveLine }) {
  const { api } = useChart();
  const series = useRef<ISeriesApi<'Line'> | ISeriesApi<'Area'> | null>(null);
  const { id, color, area = false, pane = 0, percent = false } = line;

  useEffect(() => {
    const priceFormat = percent
      ? { type: 'custom' as const, formatter: (v: number) => `${v.toFixed(2)}%`, minMove: 0.01 }
      : { type: 'price' as const, precision: 2, minMove: 0.01 };
    const created = area
      ? api.addSeries(
          AreaSeries,
          {
            lineColor: color,
            topColor: `${color}10`,
            bottomColor: `${color}55`,
            lineWidth: 1,
            invertFilledArea: true,
            priceFormat,
          },
          pane,
        )
      : api.addSeries(LineSeries, { color, lineWidth: 2, priceFormat }, pane);
    series.current = created;
    return () => {
      series.current = null;
      try {
        api.removeSeries(created);
      } catch {
        // removed with its chart
      }
    };
  }, [api, id, color, area, pane, percent]);

  const data = useMemo(
    () => curvePoints(line.times, line.values, percent ? 100 : 1),
    [line.times, line.values, percent],
  );
  useEffect(() => {
    series.current?.setData(data);
    // The whole run in view: a curve is read end to end (zoom and scroll stay the user's).
    api?.timeScale().fitContent();
  }, [api, id, color, area, pane, percent, data]);
  return null;
}

export interface CurveChartProps {
  lines: readonly CurveLine[];
  /** IANA zone of the time axis (default UTC). */
  timeZone?: string;
  theme?: Theme;
  className?: string;
  style?: CSSProperties;
  /** Accessible name of the chart. */
  label: string;
}

export function CurveChart({
  lines,
  timeZone = 'UTC',
  theme = 'dark',
  className,
  style,
  label,
}: CurveChartProps) {
  const options = useMemo(() => {
    const base = chartTimeOptions(timeZone);
    // A year of points fits the width (the library's default minimum is 0.5 px a point).
    return { ...base, timeScale: { ...base.timeScale, minBarSpacing: 0.001 } };
  }, [timeZone]);
  return (
    <figure className={className} style={style} aria-label={label} data-testid="curve-chart">
      <figcaption className="flex flex-wrap gap-x-4 gap-y-1 pb-1 text-xs text-muted">
        {lines.map((l) => (
          <span key={l.id} className="inline-flex items-center gap-1.5" data-testid="curve-legend">
            <span aria-hidden className="inline-block h-0.5 w-3" style={{ background: l.color }} />
            {l.label}
          </span>
        ))}
      </figcaption>
      <Chart theme={theme} options={options} className="h-[calc(100%-1.5rem)] min-h-40">
        {lines.map((l) => (
          <CurveSeries key={l.id} line={l} />
        ))}
      </Chart>
    </figure>
  );
}
