'use client';
// Right-click on the price pane reports the price under the pointer, so the owner can offer
// TradingView's "Add alert at <price>". Rendered as a child of <CandleChart> (it needs the chart
// and its main series); it draws nothing. Right-clicks below the price pane (indicator panes, the
// time scale) keep the browser's own menu.
import { useEffect } from 'react';
import { useChart } from './chart';
import { useMainSeries } from './candle-series';
import { useLatest } from './use-latest';

export interface PriceContextMenuEvent {
  price: number;
  /** Pointer position relative to the chart element (px), to place a menu there. */
  x: number;
  y: number;
}

/** The price at `y` px from the top of the price pane, or null outside it. */
export function priceAt(
  y: number,
  paneHeight: number,
  coordinateToPrice: (y: number) => number | null,
): number | null {
  if (y < 0 || y > paneHeight) return null;
  const price = coordinateToPrice(y);
  return price === null || !Number.isFinite(price) ? null : price;
}

export function PriceContextMenu({ onPrice }: { onPrice: (e: PriceContextMenuEvent) => void }) {
  const chart = useChart();
  const series = useMainSeries();
  const latest = useLatest(onPrice);

  useEffect(() => {
    if (!series) return;
    const element = chart.api.chartElement();
    const handler = (e: MouseEvent) => {
      const rect = element.getBoundingClientRect();
      const x = e.clientX - rect.left;
      const y = e.clientY - rect.top;
      const paneHeight = chart.api.panes()[0]?.getHeight() ?? 0;
      const price = priceAt(y, paneHeight, (at) => series.coordinateToPrice(at));
      if (price === null) return;
      e.preventDefault();
      latest.current({ price, x, y });
    };
    element.addEventListener('contextmenu', handler);
    return () => element.removeEventListener('contextmenu', handler);
  }, [chart, series, latest]);

  return null;
}
