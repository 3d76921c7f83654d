'use client';
// The market feeds and drawings of a layout's charts. A layout shows up to four charts, so there are
// always four slots (hooks cannot come and go with the grid): a slot the grid does not show fetches
// and subscribes to nothing. Drawings belong to the symbol, so two charts of one symbol share one
// set and one editor (the first slot with that symbol owns them); every live update comes over the
// tab's one live connection whatever the number of charts.
import type { ChartSettings } from '@coinview/core/layout';
import { MAX_LAYOUT_CHARTS } from '@coinview/core/layout';
import type { DrawingController } from '@coinview/ui/drawings/drawing-controller';
import { type ChartDrawings, useChartDrawings } from '../drawings/use-chart-drawings';
import { useDrawingController } from '../drawings/use-drawing-controller';
import { useMarketFeed } from '../use-market-feed';

export type MarketFeed = ReturnType<typeof useMarketFeed>;

export interface ChartSlot {
  feed: MarketFeed;
  drawings: ChartDrawings;
  controller: DrawingController;
}

/** The slots of the charts shown, in order. */
export function useChartSlots(shown: readonly ChartSettings[]): ChartSlot[] {
  const at = (i: number) => shown[i] ?? shown[0]!;
  // Four explicit calls: the same hooks in the same order on every render.
  const f0 = useMarketFeed(at(0).symbol, at(0).interval, true);
  const f1 = useMarketFeed(at(1).symbol, at(1).interval, shown.length > 1);
  const f2 = useMarketFeed(at(2).symbol, at(2).interval, shown.length > 2);
  const f3 = useMarketFeed(at(3).symbol, at(3).interval, shown.length > 3);
  // Drawings per slot; a slot whose symbol an earlier slot has (or that is not shown) reads the
  // same stored set as that one, but is never edited, so it never saves.
  const d0 = useChartDrawings(at(0).symbol);
  const d1 = useChartDrawings(at(1).symbol);
  const d2 = useChartDrawings(at(2).symbol);
  const d3 = useChartDrawings(at(3).symbol);
  const c0 = useDrawingController(at(0).symbol, d0);
  const c1 = useDrawingController(at(1).symbol, d1);
  const c2 = useDrawingController(at(2).symbol, d2);
  const c3 = useDrawingController(at(3).symbol, d3);
  const feeds = [f0, f1, f2, f3];
  const drawings = [d0, d1, d2, d3];
  const controllers = [c0, c1, c2, c3];
  return shown.slice(0, MAX_LAYOUT_CHARTS).map((chart, i) => {
    const owner = shown.findIndex((c) => c.symbol === chart.symbol);
    return { feed: feeds[i]!, drawings: drawings[owner]!, controller: controllers[owner]! };
  });
}
