'use client';
// The chart's drawing editor (packages/ui's DrawingController) for one symbol, fed the stored
// drawings whenever they are (re)loaded from the server and handing every committed edit to the
// autosave of useChartDrawings. A failing save is told to the controller, whose DrawingLayer shows
// it on the chart with a Retry (a conflict has the workspace's banner instead).
import { DrawingController } from '@coinview/ui/drawings/drawing-controller';
import { useEffect, useMemo, useRef } from 'react';
import type { ChartDrawings } from './use-chart-drawings';

const newId = () => crypto.randomUUID().replaceAll('-', '').slice(0, 20);

export function useDrawingController(symbol: string, stored: ChartDrawings): DrawingController {
  const change = useRef(stored.change);
  change.current = stored.change;
  // One editor per symbol: its undo history belongs to that symbol's drawings.
  const controller = useMemo(
    () =>
      new DrawingController({
        createId: newId,
        onChange: (drawings) => change.current(drawings),
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new symbol is a new editor
    [symbol],
  );
  const drawings = useRef(stored.drawings);
  drawings.current = stored.drawings;
  useEffect(() => {
    controller.setDrawings(drawings.current);
  }, [controller, stored.revision]);
  // Shown from the first failure until a save goes through: not hidden while a retry is running.
  const { status, retry } = stored;
  const message = stored.error?.message ?? 'The server did not answer.';
  useEffect(() => {
    if (status === 'error') controller.setSaveProblem({ message, retry });
    else if (status === 'saved' || status === 'conflict') controller.setSaveProblem(null);
  }, [controller, status, message, retry]);
  return controller;
}
