'use client';
// The drawings on a <CandleChart>: a DrawingsPrimitive on the main series (re-attached when a chart
// type switch replaces the series) painting the controller's drawings, selection and preview, and
// the pointer events of the price pane handed to the controller. A press the controller takes (a
// tool placing a point, a handle or a drawing dragged) is kept from the chart — its default is
// prevented, which also stops the mouse events lightweight-charts pans and scales with — and the
// rest of that gesture is followed on the window. Presses it leaves (empty space with the cursor
// tool, a locked drawing) go to the chart as usual.
//
// Over the pane it also renders what belongs to the drawings: the floating style toolbar of the
// selected drawing (following it as the chart scrolls), its settings dialog (also opened by a
// double-click on a drawing), and a note when saving the drawings fails.
import {
  handleAnchors,
  hitTestAll,
  type ChartMapping,
  type Drawing,
  type Viewport,
} from '@coinview/core/drawings';
import { useEffect, useId, useMemo, useState } from 'react';
import { useLatest } from '../use-latest';
import { useMainSeries } from '../candle-series';
import { useChart, useChartTheme } from '../chart';
import type { DrawingController, DrawingPointer } from './drawing-controller';
import { type DrawingMapping } from './chart-mapping';
import { DrawingFloatingToolbar, type ScreenBox } from './drawing-floating-toolbar';
import { DrawingsPrimitive, type DrawingFormat } from './drawing-primitive';
import { DrawingSaveStatus } from './drawing-save-status';
import { DrawingSettings } from './drawing-settings-dialog';
import { useDrawingState } from './drawing-toolbar';

export interface DrawingContextMenuEvent {
  drawing: Drawing;
  /** The editor the drawing is in, for the menu's actions (lock, remove). */
  controller: DrawingController;
  /** Opens the drawing's settings on this chart. */
  openSettings: () => void;
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
  // This chart, among others that may share the controller (two charts of one symbol).
  const origin = useId();

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
      const id = found.drawing.id;
      const openSettings = () => controller.openSettings(id, origin);
      contextMenu.current({ drawing: found.drawing, controller, openSettings, x, y });
    };
    element.addEventListener('contextmenu', onMenu, true);
    return () => element.removeEventListener('contextmenu', onMenu, true);
  }, [chart, controller, primitive, contextMenu, origin]);

  // A double-click on a drawing opens its settings, as on TradingView.
  useEffect(() => {
    const element = chart.api.chartElement();
    const onDoubleClick = (e: MouseEvent) => {
      const mapping = primitive.mapping();
      const viewport = primitive.viewport();
      if (!mapping || !viewport || controller.getState().tool !== 'cursor') return;
      const box = element.getBoundingClientRect();
      const point = { x: e.clientX - box.left, y: e.clientY - box.top };
      const found = hitTestAll(controller.getState().shown, point, mapping, viewport);
      if (!found) return;
      e.preventDefault();
      e.stopPropagation();
      controller.openSettings(found.drawing.id, origin);
    };
    element.addEventListener('dblclick', onDoubleClick, true);
    return () => element.removeEventListener('dblclick', onDoubleClick, true);
  }, [chart, controller, primitive, origin]);

  const view = useSelectedView(controller, primitive);

  // The pointer says what a press would do: place a point (crosshair), grab, or the chart's own.
  useEffect(() => {
    const element = chart.api.chartElement();
    element.dataset.drawingTool = state.tool;
    const cursor = state.cursor;
    element.style.cursor = cursor === 'default' ? '' : cursor;
  }, [chart, state.tool, state.cursor]);

  const selected = state.shown.find((d) => d.id === state.selectedId);
  // Not while drawing, dragging (it would sit under the pointer) or with the drawing hidden.
  const toolbar =
    selected && !selected.hidden && view && state.tool === 'cursor' && state.cursor !== 'grabbing';
  return (
    <>
      {toolbar && (
        <DrawingFloatingToolbar
          controller={controller}
          drawing={selected}
          box={view.box}
          pane={view.pane}
          origin={origin}
        />
      )}
      <DrawingSettings controller={controller} origin={origin} />
      {state.saveProblem && <DrawingSaveStatus problem={state.saveProblem} />}
    </>
  );
}

interface SelectedView {
  box: ScreenBox | null;
  pane: Viewport;
}

/** Room for a stats label beyond a drawing's edge: padding, a text line and its box. */
const LABEL_ROOM = 24;

/**
 * Where the selected drawing is on screen, in pane pixels: its handles' extent, and for a position
 * or a range the stats labels painted beyond it (the floating toolbar must not cover them).
 */
export function screenBox(d: Drawing, mapping: ChartMapping): ScreenBox | null {
  const box = handlesBox(d, mapping);
  if (!box) return null;
  const labelled = ['long-position', 'short-position', 'price-range'].includes(d.kind);
  return {
    ...box,
    top: labelled ? box.top - LABEL_ROOM : box.top,
    bottom: labelled || d.kind === 'date-range' ? box.bottom + LABEL_ROOM : box.bottom,
  };
}

function handlesBox(d: Drawing, mapping: ChartMapping): ScreenBox | null {
  let box: ScreenBox | null = null;
  for (const anchor of handleAnchors(d)) {
    const x = mapping.timeToX(anchor.time);
    const y = mapping.priceToY(anchor.price);
    if (x === null || y === null) continue;
    box = box
      ? {
          left: Math.min(box.left, x),
          top: Math.min(box.top, y),
          right: Math.max(box.right, x),
          bottom: Math.max(box.bottom, y),
        }
      : { left: x, top: y, right: x, bottom: y };
  }
  return box;
}

const sameView = (a: SelectedView | null, b: SelectedView | null) =>
  JSON.stringify(a) === JSON.stringify(b);

/**
 * The selected drawing's place and the pane's size, kept current as the drawings change and as
 * the chart repaints (scroll, zoom, resize); null without a selection. Rounded to whole pixels,
 * so sub-pixel repaints do not re-render.
 */
function useSelectedView(
  controller: DrawingController,
  primitive: DrawingsPrimitive,
): SelectedView | null {
  const [view, setView] = useState<SelectedView | null>(null);
  useEffect(() => {
    const update = () => {
      const { drawings, selectedId } = controller.getState();
      const d = drawings.find((x) => x.id === selectedId);
      const mapping = primitive.mapping();
      const viewport = primitive.viewport();
      const box = d && mapping ? screenBox(d, mapping) : null;
      const next =
        d && viewport
          ? {
              box: box && {
                left: Math.round(box.left),
                top: Math.round(box.top),
                right: Math.round(box.right),
                bottom: Math.round(box.bottom),
              },
              pane: { width: Math.round(viewport.width), height: Math.round(viewport.height) },
            }
          : null;
      setView((prev) => (sameView(prev, next) ? prev : next));
    };
    update();
    const offViews = primitive.onViewsUpdated(update);
    const offState = controller.subscribe(update);
    return () => {
      offViews();
      offState();
    };
  }, [controller, primitive]);
  return view;
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
