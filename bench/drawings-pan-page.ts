// The page drawings-pan.ts opens, bundled with esbuild: a lightweight-charts chart set up like
// the product's CandleChart (its theme options, candles and volume on one pane) with the product's
// DrawingsPrimitive on the candle series, and a pan loop that times every frame's work.
//
// lightweight-charts renders in a requestAnimationFrame callback it schedules when the view
// changes; this page wraps window.requestAnimationFrame before the chart exists, so that callback
// is timed, and then reads a pixel of every canvas of the chart: Chromium records canvas calls and
// rasterises them later, and a read forces that work into the timed span. The pan loop itself
// schedules its frames with the unwrapped function.
import type { Drawing } from '@coinview/core/drawings';
import type { ChartBar } from '@coinview/core/candle';
import {
  candleScaleMargins,
  candleSeriesOptions,
  chartColors,
  chartOptions,
  volumeScaleMargins,
  volumeSeriesOptions,
} from '@coinview/ui/chart-theme';
import {
  drawingCommands,
  DrawingsPrimitive,
  type DrawCommand,
} from '@coinview/ui/drawings/drawing-primitive';
import {
  CandlestickSeries,
  createChart,
  HistogramSeries,
  type IChartApi,
  type ISeriesApi,
  type UTCTimestamp,
} from 'lightweight-charts';

export interface PanRound {
  drawings: boolean;
  frames: number;
  /** Where the round starts on the pan path, in bars (the path goes back and forth). */
  phase: number;
  /** Bars moved per frame. */
  step: number;
}

/** One round's frames, all in ms: each array has one entry per frame. */
export interface PanTimes {
  /** scrollToPosition: the pan call itself. */
  scroll: number[];
  /** The chart's render callback: updateAllViews, every pane and axis painted. */
  render: number[];
  /** Reading back a pixel of each canvas: the rasterisation of what was painted. */
  flush: number[];
  /** Of render: the DrawingsPrimitive's updateAllViews (commands built) and its draw (painted). */
  primitiveUpdate: number[];
  primitiveDraw: number[];
  /** requestAnimationFrame timestamp deltas (capped by the display's refresh). */
  raf: number[];
}

/** What the primitive paints at one view, from drawingCommands over its own mapping. */
export interface SceneStats {
  /** Drawings that produced at least one command, and those with one inside the pane. */
  painted: number;
  visible: number;
  commands: Record<DrawCommand['type'], number>;
  /** Commands with no part inside the pane (the canvas clips them away), and by tool. */
  outside: number;
  outsideByKind: Partial<Record<Drawing['kind'], number>>;
  /** Area of the filled polygons inside the pane, in panes (1 = the whole pane once). */
  filledPanes: number;
  /** Of that, the long and short positions' zones. */
  positionPanes: number;
  /** The primitive's hitTest at four points of the pane: lightweight-charts calls it on every
   * pointer move, a drag included (ms, mean of 200 calls). */
  hitTestMs: number;
}

export interface DrawingsPanPage {
  setup(bars: readonly ChartBar[], drawings: readonly Drawing[]): void;
  round(round: PanRound): Promise<PanTimes>;
  scene(phase: number): Promise<SceneStats>;
  /** An experiment: Number#toLocaleString through one cached Intl.NumberFormat per option set. */
  cacheNumberFormats(): void;
}

declare global {
  interface Window {
    drawingsPan?: DrawingsPanPage;
  }
}

const nativeFrame = window.requestAnimationFrame.bind(window);
/** Set while a round runs: where the timed render callbacks add their times. */
let timing: { render: number; flush: number; renders: number } | null = null;
let canvases: CanvasRenderingContext2D[] = [];

window.requestAnimationFrame = (callback) =>
  nativeFrame((time) => {
    if (!timing) return callback(time);
    const t0 = performance.now();
    callback(time);
    const t1 = performance.now();
    for (const context of canvases) context.getImageData(0, 0, 1, 1);
    timing.render += t1 - t0;
    timing.flush += performance.now() - t1;
    timing.renders++;
  });

let chart: IChartApi | null = null;
let candles: ISeriesApi<'Candlestick'> | null = null;
let primitive: DrawingsPrimitive | null = null;
let attached = false;
let barCount = 0;
let shown: readonly Drawing[] = [];
const spent = { update: 0, draw: 0 };

/** Times the primitive's two per-frame entry points without changing what they do. */
function timed(p: DrawingsPrimitive): DrawingsPrimitive {
  const update = p.updateAllViews.bind(p);
  p.updateAllViews = () => {
    const t0 = performance.now();
    update();
    spent.update += performance.now() - t0;
  };
  for (const view of p.paneViews()) {
    const renderer = view.renderer();
    if (!renderer) continue;
    const draw = renderer.draw.bind(renderer);
    renderer.draw = (target) => {
      const t0 = performance.now();
      draw(target);
      spent.draw += performance.now() - t0;
    };
  }
  return p;
}

function setup(bars: readonly ChartBar[], drawings: readonly Drawing[]): void {
  const host = document.getElementById('chart')!;
  chart = createChart(host, chartOptions('dark'));
  candles = chart.addSeries(CandlestickSeries, candleSeriesOptions(2));
  candles.priceScale().applyOptions({ scaleMargins: candleScaleMargins });
  const volume = chart.addSeries(HistogramSeries, volumeSeriesOptions);
  volume.priceScale().applyOptions({ scaleMargins: volumeScaleMargins });
  candles.setData(bars.map((b) => ({ ...b, time: b.time as UTCTimestamp })));
  volume.setData(
    bars.map((b) => ({
      time: b.time as UTCTimestamp,
      value: b.volume,
      color: b.close >= b.open ? chartColors.upVolume : chartColors.downVolume,
    })),
  );
  barCount = bars.length;
  // As DrawingLayer does: one primitive, handed the shown drawings, nothing selected.
  primitive = timed(new DrawingsPrimitive());
  primitive.setDrawings(drawings);
  shown = drawings;
  primitive.setSelected(null);
  primitive.setPreview(null);
  canvases = [...host.querySelectorAll('canvas')].map((c) => c.getContext('2d')!);
}

/** The right offset (bars from the last bar, negative into history) at `bars` along the path. */
function pathPosition(bars: number, span: number): number {
  const t = ((bars % (2 * span)) + 2 * span) % (2 * span);
  return -(t <= span ? t : 2 * span - t);
}

/** Attaches or detaches the primitive: the chart with or without its drawings. */
function showDrawings(drawings: boolean): void {
  if (drawings === attached) return;
  if (drawings) candles!.attachPrimitive(primitive!);
  else candles!.detachPrimitive(primitive!);
  attached = drawings;
}

async function round({ drawings, frames, phase, step }: PanRound): Promise<PanTimes> {
  if (!chart || !candles || !primitive) throw new Error('setup() first');
  showDrawings(drawings);
  const timeScale = chart.timeScale();
  // Back and forth over the history, leaving a screen's width at the oldest end.
  const span = barCount - 300;
  timeScale.scrollToPosition(pathPosition(phase, span), false);
  await new Promise((resolve) => nativeFrame(() => nativeFrame(resolve)));
  const times: PanTimes = {
    scroll: [],
    render: [],
    flush: [],
    primitiveUpdate: [],
    primitiveDraw: [],
    raf: [],
  };
  return new Promise((resolve) => {
    let frame = 0;
    let scrollMs = 0;
    let previous: number | null = null;
    const tick = (now: number) => {
      // This frame's render callback (scheduled by the previous frame's scroll) has run.
      if (timing && frame > 0) {
        times.scroll.push(scrollMs);
        times.render.push(timing.render);
        times.flush.push(timing.flush);
        times.primitiveUpdate.push(spent.update);
        times.primitiveDraw.push(spent.draw);
        if (previous !== null) times.raf.push(now - previous);
      }
      previous = now;
      if (frame === frames) {
        timing = null;
        resolve(times);
        return;
      }
      timing = { render: 0, flush: 0, renders: 0 };
      spent.update = 0;
      spent.draw = 0;
      const t0 = performance.now();
      timeScale.scrollToPosition(pathPosition(phase + (frame + 1) * step, span), false);
      scrollMs = performance.now() - t0;
      frame++;
      nativeFrame(tick);
    };
    nativeFrame(tick);
  });
}

async function scene(phase: number): Promise<SceneStats> {
  if (!chart || !candles || !primitive) throw new Error('setup() first');
  showDrawings(true);
  chart.timeScale().scrollToPosition(pathPosition(phase, barCount - 300), false);
  await new Promise((resolve) => nativeFrame(() => nativeFrame(resolve)));
  const mapping = primitive.mapping()!;
  const pane = primitive.viewport()!;
  const format = { formatPrice: (p: number) => candles!.priceFormatter().format(p) };
  const stats: SceneStats = {
    painted: 0,
    visible: 0,
    commands: { line: 0, polygon: 0, text: 0 },
    outside: 0,
    outsideByKind: {},
    filledPanes: 0,
    positionPanes: 0,
    hitTestMs: 0,
  };
  // The middle and near three corners: a hit stops at the first drawing found, a miss tests all.
  const probes = [
    [pane.width / 2, pane.height / 2],
    [10, 10],
    [pane.width - 10, 10],
    [10, pane.height - 10],
  ] as const;
  const t0 = performance.now();
  for (let i = 0; i < 50; i++) for (const [x, y] of probes) primitive.hitTest(x, y);
  stats.hitTestMs = (performance.now() - t0) / (50 * probes.length);
  for (const drawing of shown) {
    const commands = drawingCommands({
      drawings: [drawing],
      mapping,
      viewport: pane,
      palette: chartColors,
      format,
    });
    if (commands.length > 0) stats.painted++;
    let inside = false;
    for (const c of commands) {
      stats.commands[c.type]++;
      const points = c.type === 'line' ? [c.from, c.to] : c.type === 'text' ? [c.at] : c.points;
      const xs = points.map((p) => p.x);
      const ys = points.map((p) => p.y);
      const left = Math.max(0, Math.min(...xs));
      const right = Math.min(pane.width, Math.max(...xs));
      const top = Math.max(0, Math.min(...ys));
      const bottom = Math.min(pane.height, Math.max(...ys));
      // A text's extent is unknown here: only its anchor is checked.
      if (left > right || top > bottom) {
        stats.outside++;
        stats.outsideByKind[drawing.kind] = (stats.outsideByKind[drawing.kind] ?? 0) + 1;
        continue;
      }
      inside = true;
      if (c.type === 'polygon' && c.fill) {
        const area = ((right - left) * (bottom - top)) / (pane.width * pane.height);
        stats.filledPanes += area;
        if (drawing.kind.endsWith('-position')) stats.positionPanes += area;
      }
    }
    if (inside) stats.visible++;
  }
  return stats;
}

function cacheNumberFormats(): void {
  const formats = new Map<string, Intl.NumberFormat>();
  Number.prototype.toLocaleString = function (
    this: number,
    locales?: Intl.LocalesArgument,
    options?: Intl.NumberFormatOptions,
  ) {
    const key = JSON.stringify([locales, options]);
    let format = formats.get(key);
    if (!format) formats.set(key, (format = new Intl.NumberFormat(locales, options)));
    return format.format(this);
  };
}

window.drawingsPan = { setup, round, scene, cacheNumberFormats };
