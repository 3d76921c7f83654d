// The chart's drawing layer: a series primitive on the main price series that paints the drawings
// above the candles, in the pane's CSS pixels (the same pixels core's hit test and the controller
// use). Each frame it asks drawingCommands what to paint, over a mapping that places any time —
// between bars and in the future too (see chart-mapping) — and the renderer only executes that.
// The owner pushes state in (setDrawings, setSelected, setPreview, setTheme) and reads the
// mapping, viewport and bar under the pointer back out to feed the DrawingController.
import { hitTestAll, type Drawing, type MagnetBar, type Viewport } from '@coinview/core/drawings';
import type {
  IPrimitivePaneRenderer,
  IPrimitivePaneView,
  ISeriesPrimitive,
  ITimeScaleApi,
  Logical,
  PrimitiveHoveredItem,
  SeriesAttachedParameter,
  Time,
  UTCTimestamp,
} from 'lightweight-charts';
import { chartColors } from '../chart-theme';
import { closeOf } from '../main-series';
import { createDrawingMapping, type DrawingMapping, type TimeScaleReader } from './chart-mapping';
import {
  drawingCommands,
  FONT_SIZE,
  type DrawCommand,
  type DrawingFormat,
  type DrawingPalette,
  type Stroke,
} from './drawing-commands';

export {
  drawingCommands,
  formatDuration,
  withAlpha,
  type DrawCommand,
  type DrawingFormat,
  type DrawingPalette,
  type DrawingScene,
  type Stroke,
} from './drawing-commands';
export { createDrawingMapping, type DrawingMapping } from './chart-mapping';

type Target = Parameters<IPrimitivePaneRenderer['draw']>[0];
type TimeScale = Pick<
  ITimeScaleApi<Time>,
  'timeToIndex' | 'logicalToCoordinate' | 'coordinateToTime'
>;

/** The chart's time scale as chart-mapping reads it. */
export function timeScaleReader(timeScale: TimeScale): TimeScaleReader {
  const indexToX = (index: number) => timeScale.logicalToCoordinate(index as Logical);
  return {
    indexFrom: (time) => timeScale.timeToIndex(time as UTCTimestamp, true),
    // The library has no index-to-time; a point's own x maps back to exactly that point.
    timeAt(index) {
      const x = Number.isInteger(index) ? indexToX(index) : null;
      const time = x === null ? null : timeScale.coordinateToTime(x);
      return typeof time === 'number' ? time : null;
    },
    lastIndex: () => timeScale.timeToIndex(Number.MAX_SAFE_INTEGER as UTCTimestamp, true),
    indexToX,
  };
}

const DASHES = {
  solid: () => [],
  dashed: (width: number) => [4 + 2 * width, 2 + 2 * width],
  dotted: (width: number) => [width, 2 * width],
} as const;

/** A label's box, in pane pixels: left and top of its background (padding included). */
export interface LabelBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The background's padding around a label's text (px), left/right and top/bottom. */
export const LABEL_PAD_X = 4;
export const LABEL_PAD_Y = 3;

/**
 * Where a label of `textWidth` px goes: at its anchor as its align and baseline say, then moved
 * inward just enough to be whole inside the pane (a position drawn near the right edge keeps its
 * P&L readable instead of running under the price scale). A pane narrower than the label keeps
 * the label's start visible.
 */
export function placeLabel(
  c: Pick<Extract<DrawCommand, { type: 'text' }>, 'at' | 'align' | 'baseline'>,
  textWidth: number,
  pane: { width: number; height: number },
): LabelBox {
  const width = textWidth + 2 * LABEL_PAD_X;
  const height = FONT_SIZE + 2 * LABEL_PAD_Y;
  const textLeft =
    c.align === 'left'
      ? c.at.x
      : c.align === 'center'
        ? c.at.x - textWidth / 2
        : c.at.x - textWidth;
  const textTop =
    c.baseline === 'top'
      ? c.at.y
      : c.baseline === 'middle'
        ? c.at.y - FONT_SIZE / 2
        : c.at.y - FONT_SIZE;
  const inside = (start: number, size: number, room: number) =>
    Math.max(0, Math.min(start, room - size));
  return {
    left: inside(textLeft - LABEL_PAD_X, width, pane.width),
    top: inside(textTop - LABEL_PAD_Y, height, pane.height),
    width,
    height,
  };
}

/**
 * Executes draw commands on a canvas context in media (CSS pixel) coordinates. Texts with a
 * background are labels and are kept inside `pane` (placeLabel); other texts (a note, a level's
 * value) stay at their point, as the drawing they belong to does.
 */
export function paintCommands(
  context: CanvasRenderingContext2D,
  commands: readonly DrawCommand[],
  fontFamily = 'sans-serif',
  pane?: { width: number; height: number },
): void {
  context.save();
  context.lineCap = 'butt';
  context.lineJoin = 'round';
  context.font = `${FONT_SIZE}px ${fontFamily}`;
  for (const c of commands) {
    if (c.type === 'line') {
      context.beginPath();
      context.moveTo(c.from.x, c.from.y);
      context.lineTo(c.to.x, c.to.y);
      stroke(context, c.stroke);
    } else if (c.type === 'polygon') {
      const [first, ...rest] = c.points;
      if (!first) continue;
      context.beginPath();
      context.moveTo(first.x, first.y);
      for (const p of rest) context.lineTo(p.x, p.y);
      context.closePath();
      if (c.fill) {
        context.fillStyle = c.fill;
        context.fill();
      }
      if (c.stroke) stroke(context, c.stroke);
    } else if (c.background) {
      const width = context.measureText(c.text).width;
      const box = placeLabel(c, width, pane ?? { width: Infinity, height: Infinity });
      context.fillStyle = c.background;
      context.fillRect(box.left, box.top, box.width, box.height);
      context.textAlign = 'left';
      context.textBaseline = 'top';
      context.fillStyle = c.color;
      context.fillText(c.text, box.left + LABEL_PAD_X, box.top + LABEL_PAD_Y);
    } else {
      context.textAlign = c.align;
      context.textBaseline = c.baseline;
      context.fillStyle = c.color;
      context.fillText(c.text, c.at.x, c.at.y);
    }
  }
  context.restore();
}

function stroke(context: CanvasRenderingContext2D, s: Stroke) {
  context.strokeStyle = s.color;
  context.lineWidth = s.width;
  context.setLineDash(DASHES[s.dash](s.width));
  context.stroke();
}

export interface DrawingsPrimitiveOptions {
  /** The chart palette (useChartTheme().palette); default the dark one. */
  palette?: DrawingPalette;
  /** Price format and quote currency of labels (default: the series' own price format). */
  format?: DrawingFormat;
}

/**
 * Attach to the main price series: `series.attachPrimitive(new DrawingsPrimitive())`. It paints
 * what it is given; editing is the DrawingController's.
 */
export class DrawingsPrimitive implements ISeriesPrimitive<Time> {
  private param: SeriesAttachedParameter<Time> | null = null;
  private drawings: readonly Drawing[] = [];
  private selectedId: string | null = null;
  private preview: Drawing | null = null;
  private palette: DrawingPalette;
  private format: DrawingFormat;
  private commands: DrawCommand[] = [];
  private fontFamily = 'sans-serif';
  private readonly views: readonly IPrimitivePaneView[];
  private readonly viewListeners = new Set<() => void>();

  constructor(options: DrawingsPrimitiveOptions = {}) {
    this.palette = options.palette ?? chartColors;
    this.format = options.format ?? {};
    const renderer: IPrimitivePaneRenderer = {
      draw: (target: Target) =>
        target.useMediaCoordinateSpace(({ context, mediaSize }) =>
          paintCommands(context, this.commands, this.fontFamily, mediaSize),
        ),
    };
    // Above the series: drawings are on top of the candles, as on TradingView.
    this.views = [{ renderer: () => renderer, zOrder: () => 'top' }];
  }

  attached(param: SeriesAttachedParameter<Time>): void {
    this.param = param;
    this.fontFamily = param.chart.options().layout.fontFamily;
    param.requestUpdate();
  }

  detached(): void {
    this.param = null;
    this.commands = [];
  }

  setDrawings(drawings: readonly Drawing[]): void {
    this.drawings = drawings;
    this.redraw();
  }

  setSelected(id: string | null): void {
    this.selectedId = id;
    this.redraw();
  }

  setPreview(drawing: Drawing | null): void {
    this.preview = drawing;
    this.redraw();
  }

  setTheme(palette: DrawingPalette): void {
    this.palette = palette;
    this.redraw();
  }

  setFormat(format: DrawingFormat): void {
    this.format = format;
    this.redraw();
  }

  /** The chart's mapping now (null until attached): for the controller's pointer events. */
  mapping(): DrawingMapping | null {
    const p = this.param;
    if (!p) return null;
    return createDrawingMapping(timeScaleReader(p.chart.timeScale()), {
      priceToY: (price) => p.series.priceToCoordinate(price),
      yToPrice: (y) => p.series.coordinateToPrice(y),
    });
  }

  /** The price pane's size in CSS pixels (null until attached). */
  viewport(): Viewport | null {
    const p = this.param;
    if (!p) return null;
    return { width: p.chart.timeScale().width(), height: p.series.getPane().getHeight() };
  }

  /** The bar whose column contains `x` (pane pixels), for the magnet; undefined off the bars. */
  barAt(x: number): MagnetBar | undefined {
    const p = this.param;
    const index = p?.chart.timeScale().coordinateToLogical(x);
    if (!p || index === null || index === undefined) return undefined;
    return toMagnetBar(p.series.dataByIndex(index));
  }

  paneViews(): readonly IPrimitivePaneView[] {
    return this.views;
  }

  /**
   * Calls `listener` after each update of the views (a scroll, a zoom, new bars, new drawings), so
   * an overlay placed over a drawing (the floating style toolbar) follows it. Returns the unsubscribe.
   */
  onViewsUpdated(listener: () => void): () => void {
    this.viewListeners.add(listener);
    return () => this.viewListeners.delete(listener);
  }

  updateAllViews(): void {
    this.updateCommands();
    for (const listener of [...this.viewListeners]) listener();
  }

  private updateCommands(): void {
    const mapping = this.mapping();
    const viewport = this.viewport();
    if (!mapping || !viewport || !this.param) {
      this.commands = [];
      return;
    }
    const series = this.param.series;
    this.commands = drawingCommands({
      drawings: this.drawings,
      selectedId: this.selectedId,
      preview: this.preview,
      mapping,
      viewport,
      palette: this.palette,
      format: { formatPrice: (price) => series.priceFormatter().format(price), ...this.format },
    });
  }

  /** Tells the chart what is under the pointer: its cursor and the events' hoveredObjectId. */
  hitTest(x: number, y: number): PrimitiveHoveredItem | null {
    const mapping = this.mapping();
    const viewport = this.viewport();
    if (!mapping || !viewport) return null;
    const found = hitTestAll(this.drawings, { x, y }, mapping, viewport);
    if (!found) return null;
    const movable = found.hit.part === 'handle' && found.drawing.id === this.selectedId;
    return {
      externalId: found.drawing.id,
      zOrder: 'top',
      cursorStyle: movable && !found.drawing.locked ? 'move' : 'pointer',
    };
  }

  private redraw(): void {
    this.param?.requestUpdate();
  }
}

function toMagnetBar(data: unknown): MagnetBar | undefined {
  if (typeof data !== 'object' || data === null || !('time' in data)) return undefined;
  const time = data.time;
  if (typeof time !== 'number') return undefined;
  if ('open' in data && 'high' in data && 'low' in data && 'close' in data) {
    const { open, high, low, close } = data;
    if (
      typeof open === 'number' &&
      typeof high === 'number' &&
      typeof low === 'number' &&
      typeof close === 'number'
    )
      return { time, open, high, low, close };
  }
  // A line or area series: its close is every price the magnet can take.
  const close = closeOf(data);
  return close === undefined ? undefined : { time, open: close, high: close, low: close, close };
}
