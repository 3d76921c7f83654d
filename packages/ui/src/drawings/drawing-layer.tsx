'use client';
// The drawings on a <CandleChart>: a DrawingsPrimitive on the main series (re-attached when a chart
// type switch replaces the series) painting the controller's drawings, selection and preview, and
// the pointer events of the price pane handed to the controller. A press the controller takes (a
// tool placing a point, a handle or a drawing dragged) is kept from the chart — its default is
// prevented, which also stops the mouse events lightweight-charts pans and scales with — and the
// rest of that gesture is followed on the window. Presses it leaves (empty space with the cursor
// tool, a locked drawing) go to the chart as usual.
import { hitTestAll, type Drawing } from '@coinview/core/drawings';
import { useEffect, useMemo } from 'react';
import { useLatest } from '../use-latest';
import { useMainSeries } from '../candle-series';
import { useChart, useChartTheme } from '../chart';
import type { DrawingController, DrawingPointer } from './drawing-controller';
import { type DrawingMapping } from './chart-mapping';
import { DrawingsPrimitive, type DrawingFormat } from './drawing-primitive';
import { useDrawingState } from './drawing-toolbar';

export interface DrawingContextMenuEvent {
  drawing: Drawing;
  /** Pointer position relative to the chart element (px), to place a menu there. */
  x: number;
  y: number;
}

export function DrawingLayer({
  controller,
  format,
  precision,
  onContextMenu,
}: {
  controller: DrawingController;
  format?: DrawingFormat;
  /** Decimals of the symbol's price: points placed with the pointer land on its tick. */
  precision?: number;
  /** A right-click on a drawing (it is selected first); the chart's own menu is not shown then. */
  onContextMenu?: (e: DrawingContextMenuEvent) => void;
}) {
  const contextMenu = useLatest(onContextMenu);
  const chart = useChart();
  const series = useMainSeries();
  const { palette } = useChartTheme();
  const primitive = useMemo(() => new DrawingsPrimitive(), []);
  const state = useDrawingState(controller);

  useEffect(() => {
    if (!series) return;
    series.attachPrimitive(primitive);
    return () => {
      if (!chart.removed) series.detachPrimitive(primitive);
    };
  }, [chart, series, primitive]);

  useEffect(() => primitive.setTheme(palette), [primitive, palette]);
  useEffect(() => {
    if (format) primitive.setFormat(format);
  }, [primitive, format]);
  useEffect(() => {
    primitive.setDrawings(state.shown);
    primitive.setSelected(state.selectedId);
    primitive.setPreview(state.preview);
  }, [primitive, state.shown, state.selectedId, state.preview]);

  useEffect(() => {
    const element = chart.api.chartElement();
    /** The event in pane pixels with the chart's mapping now; null off the price pane. */
    const pointer = (e: PointerEvent): DrawingPointer | null => {
      const mapping = onTick(primitive.mapping(), precision);
      const viewport = primitive.viewport();
      if (!mapping || !viewport) return null;
      const box = element.getBoundingClientRect();
      const x = e.clientX - box.left;
      const y = e.clientY - box.top;
      return { x, y, mapping, viewport, bar: primitive.barAt(x) };
    };
    let dragging = false;
    const onMove = (e: PointerEvent) => {
      const p = pointer(e);
      if (p) controller.pointerMove(p);
    };
    const onUp = (e: PointerEvent) => {
      if (!dragging) return;
      dragging = false;
      window.removeEventListener('pointermove', onMove, true);
      window.removeEventListener('pointerup', onUp, true);
      const p = pointer(e);
      if (p) controller.pointerUp(p);
    };
    const onDown = (e: PointerEvent) => {
      if (e.button !== 0) return;
      const p = pointer(e);
      if (!p || p.x < 0 || p.y < 0 || p.x > p.viewport.width || p.y > p.viewport.height) return;
      if (!controller.pointerDown(p)) return;
      e.preventDefault();
      e.stopPropagation();
      dragging = true;
      window.addEventListener('pointermove', onMove, true);
      window.addEventListener('pointerup', onUp, true);
    };
    // Hover (a preview following the pointer while a tool waits for its next point).
    const onHover = (e: PointerEvent) => {
      if (dragging) return;
      const p = pointer(e);
      if (p) controller.pointerMove(p);
    };
    element.addEventListener('pointerdown', onDown, true);
    element.addEventListener('pointermove', onHover);
    return () => {
      element.removeEventListener('pointerdown', onDown, true);
      element.removeEventListener('pointermove', onHover);
      window.removeEventListener('pointermove', onMove, true);
      window.removeEventListener('pointerup', onUp, true);
    };
  }, [chart, controller, primitive, precision]);

  // Right-click on a drawing: its menu, not the price menu (whose listener is on the same element,
  // in the bubbling phase: stopped here in the capturing one).
  useEffect(() => {
    const element = chart.api.chartElement();
    const onMenu = (e: MouseEvent) => {
      const mapping = primitive.mapping();
      const viewport = primitive.viewport();
      if (!mapping || !viewport || !contextMenu.current) return;
      const box = element.getBoundingClientRect();
      const x = e.clientX - box.left;
      const y = e.clientY - box.top;
      const found = hitTestAll(controller.getState().shown, { x, y }, mapping, viewport);
      if (!found) return;
      e.preventDefault();
      e.stopPropagation();
      controller.select(found.drawing.id);
      contextMenu.current({ drawing: found.drawing, x, y });
    };
    element.addEventListener('contextmenu', onMenu, true);
    return () => element.removeEventListener('contextmenu', onMenu, true);
  }, [chart, controller, primitive, contextMenu]);

  // The pointer says what a press would do: place a point (crosshair), grab, or the chart's own.
  useEffect(() => {
    const element = chart.api.chartElement();
    element.dataset.drawingTool = state.tool;
    const cursor = state.cursor;
    element.style.cursor = cursor === 'default' ? '' : cursor;
  }, [chart, state.tool, state.cursor]);

  return null;
}

/** The mapping with prices read from the pointer rounded to `precision` decimals. */
function onTick(mapping: DrawingMapping | null, precision: number | undefined) {
  if (!mapping || precision === undefined) return mapping;
  return {
    ...mapping,
    yToPrice: (y: number) => {
      const price = mapping.yToPrice(y);
      return price === null ? null : Number(price.toFixed(precision));
    },
  };
}
