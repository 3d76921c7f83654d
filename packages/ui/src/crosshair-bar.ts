// The bar under the crosshair, for the legend: the main series' own values (OHLC, or only the close
// for the line types) completed from the bar drawn at that index, with its volume and the close
// before it.
import type { ISeriesApi, MouseEventParams, SeriesType, Time } from 'lightweight-charts';
import { useEffect, useRef, type RefObject } from 'react';
import type { ChartBar } from './bars';
import type { ChartHandle } from './chart';
import { closeOf } from './main-series';

/** The bar under the crosshair and the close before it (for the legend's change). */
export interface HoveredBar {
  bar: ChartBar;
  prevClose: number | undefined;
}

export interface CrosshairBarSource {
  chart: ChartHandle;
  main: RefObject<ISeriesApi<SeriesType> | null>;
  volumes: RefObject<ISeriesApi<'Histogram'> | null>;
  /** Exactly the bars drawn: the main series holds one point per bar, so indices match. */
  drawn: RefObject<readonly ChartBar[]>;
  /** Called as the crosshair moves; null when it leaves the bars. */
  onHover: (hovered: HoveredBar | null) => void;
}

function hoveredBar(data: { time: Time }, known: ChartBar | undefined): ChartBar | undefined {
  const time = Number(data.time);
  const drawn = known?.time === time ? known : undefined;
  if ('open' in data && 'high' in data && 'low' in data && 'close' in data) {
    const { open, high, low, close } = data as Record<'open' | 'high' | 'low' | 'close', number>;
    return { time, open, high, low, close, volume: drawn?.volume ?? 0 };
  }
  return drawn ? { ...drawn } : undefined;
}

export function useCrosshairBar(source: CrosshairBarSource): void {
  const latest = useRef(source);
  useEffect(() => {
    latest.current = source;
  });
  const { chart } = source;

  useEffect(() => {
    const handler = (param: MouseEventParams<Time>) => {
      const { main, volumes, drawn, onHover } = latest.current;
      const series = main.current;
      if (!series) return;
      const data = param.seriesData.get(series);
      const logical = param.logical;
      const bar =
        data && logical !== undefined ? hoveredBar(data, drawn.current[logical]) : undefined;
      if (!bar || logical === undefined) return onHover(null);
      const vol = volumes.current ? param.seriesData.get(volumes.current) : undefined;
      if (vol && 'value' in vol && typeof vol.value === 'number') bar.volume = vol.value;
      onHover({ bar, prevClose: closeOf(series.dataByIndex(logical - 1)) });
    };
    chart.api.subscribeCrosshairMove(handler);
    return () => {
      if (!chart.removed) chart.api.unsubscribeCrosshairMove(handler);
    };
  }, [chart]);
}
