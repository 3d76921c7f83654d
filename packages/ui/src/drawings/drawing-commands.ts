// What the drawing layer paints, as plain data: every drawing becomes lines, polygons and texts in
// pane pixels, so what a trader sees is tested without a canvas and the renderer only executes the
// list. Geometry (channel lines, Fibonacci prices, position stats, measures, clipping) is core's.
import {
  channelLines,
  clipToBox,
  dateRange,
  fibLevels,
  handleAnchors,
  positionStats,
  priceRange,
  type Anchor,
  type ChartMapping,
  type Drawing,
  type DrawingOf,
  type LineDash,
  type Point,
  type Viewport,
} from '@coinview/core/drawings';
import type { Interval } from '@coinview/core/interval';
import type { ChartPalette } from '../chart-theme';

export interface Stroke {
  color: string;
  width: number;
  dash: LineDash;
}

export type TextAlign = 'left' | 'center' | 'right';
export type TextBaseline = 'top' | 'middle' | 'bottom';

export type DrawCommand =
  | { type: 'line'; from: Point; to: Point; stroke: Stroke }
  | { type: 'polygon'; points: readonly Point[]; fill?: string; stroke?: Stroke }
  | {
      type: 'text';
      at: Point;
      text: string;
      color: string;
      align: TextAlign;
      baseline: TextBaseline;
      /** A box behind the text (padded by the renderer), for labels over candles. */
      background?: string;
    };

/** The chart colours the drawings use besides their own. */
export type DrawingPalette = Pick<
  ChartPalette,
  'background' | 'textStrong' | 'up' | 'down' | 'upText' | 'downText' | 'overlay'
>;

export interface DrawingFormat {
  /** A price as the chart shows it (default: two decimals). */
  formatPrice?: (price: number) => string;
  /** Written after a position's profit and loss ("USDT"). */
  quoteCurrency?: string;
  /** The bars' interval: the date range counts bars with it (else from the bars on the chart). */
  interval?: Interval;
}

export interface DrawingScene {
  drawings: readonly Drawing[];
  /** The selected drawing shows its handles. */
  selectedId?: string | null;
  /** The drawing being drawn: painted last, with its handles. */
  preview?: Drawing | null;
  /** With timeToLogical (DrawingMapping has it), a date range counts the bars on the chart. */
  mapping: ChartMapping & { timeToLogical?: (time: number) => number | null };
  viewport: Viewport;
  palette: DrawingPalette;
  format?: DrawingFormat;
}

/** Text size the renderer uses, and the hit test's estimate of a note's line height. */
export const FONT_SIZE = 12;
export const LINE_HEIGHT = 16;
export const HANDLE_SIZE = 8;
const FILL_ALPHA = 0.15;
const PAD = 6;

/** Everything to paint, bottom first: the drawings in order, then the preview. */
export function drawingCommands(scene: DrawingScene): DrawCommand[] {
  const out: DrawCommand[] = [];
  const painter = new Painter(scene, out);
  for (const d of scene.drawings) {
    if (d.hidden || wellOffScreen(d, scene)) continue;
    painter.drawing(d);
    if (d.id === scene.selectedId) painter.handles(d);
  }
  if (scene.preview) {
    painter.drawing(scene.preview);
    painter.handles(scene.preview);
  }
  return out;
}

/** Drawings that end somewhere in time (the others reach an edge of the chart). */
const BOUNDED_IN_TIME = new Set<Drawing['kind']>([
  'trend-line',
  'rectangle',
  'parallel-channel',
  'fib-retracement',
  'price-range',
  'date-range',
  'text',
  'vertical-line',
]);

/** Characters of the longest text a drawing writes beside its points (a generous bound). */
function textChars(d: Drawing): number {
  const label = d.style.label?.length ?? 0;
  switch (d.kind) {
    case 'text':
      return Math.max(label, ...d.text.split('\n').map((line) => line.length));
    case 'fib-retracement':
    case 'price-range':
    case 'date-range':
      // Level and price, or the measure's change / duration, beside the label.
      return label + 40;
    case 'long-position':
    case 'short-position':
      // "Target 123456.78 (+12.34%) P&L +1234567.89 USDT", centred on the box.
      return label + 60;
    default:
      return label;
  }
}

/**
 * A drawing bounded in time whose points (and any text written beside them, at most one em per
 * character) lie wholly left or right of the pane: nothing of it would show, so nothing is built.
 * Panning a chart with many drawings in its history paints only the ones in view.
 */
export function wellOffScreen(d: Drawing, scene: DrawingScene): boolean {
  const end = d.kind === 'long-position' || d.kind === 'short-position' ? d.endTime : undefined;
  if (end === undefined && !BOUNDED_IN_TIME.has(d.kind)) return false;
  let min = Infinity;
  let max = -Infinity;
  const times = d.anchors.map((a) => a.time);
  if (end !== undefined) times.push(end);
  for (const time of times) {
    const x = scene.mapping.timeToX(time);
    if (x === null) return false;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  const margin = HANDLE_SIZE + 2 * PAD + textChars(d) * FONT_SIZE;
  return max < -margin || min > scene.viewport.width + margin;
}

const alphaCache = new Map<string, string>();

/** #rrggbb or #rrggbbaa as rgba() with its alpha multiplied by `alpha`; other colours unchanged. */
export function withAlpha(colour: string, alpha: number): string {
  const key = `${colour}/${alpha}`;
  const cached = alphaCache.get(key);
  if (cached !== undefined) return cached;
  const out = computeAlpha(colour, alpha);
  // Colours come from a palette and the drawings' styles: a handful, but never let it grow unbounded.
  if (alphaCache.size > 512) alphaCache.clear();
  alphaCache.set(key, out);
  return out;
}

function computeAlpha(colour: string, alpha: number): string {
  const match = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(colour);
  if (!match?.[1]) return colour;
  const rgb = parseInt(match[1], 16);
  const own = match[2] ? parseInt(match[2], 16) / 255 : 1;
  const a = Math.round(own * alpha * 1000) / 1000;
  return `rgba(${(rgb >> 16) & 255}, ${(rgb >> 8) & 255}, ${rgb & 255}, ${a})`;
}

const DURATION_UNITS = [
  ['d', 86_400],
  ['h', 3_600],
  ['m', 60],
  ['s', 1],
] as const;

/** A signed duration in its two largest units: "2d 3h", "3h 20m", "45m", "-30s". */
export function formatDuration(seconds: number): string {
  let rest = Math.round(Math.abs(seconds));
  const counts = DURATION_UNITS.map(([unit, size]) => {
    const count = Math.floor(rest / size);
    rest -= count * size;
    return { unit, count };
  });
  const first = counts.findIndex((c) => c.count > 0);
  if (first < 0) return '0s';
  // The unit after the largest only when it is not zero: "1d", not "1d 0h".
  const shown = counts.slice(first, first + 2).filter((c) => c.count > 0);
  return (seconds < 0 ? '-' : '') + shown.map((c) => `${c.count}${c.unit}`).join(' ');
}

const signed = (n: number, text: string) => (n > 0 ? `+${text}` : n < 0 ? `-${text}` : text);
// One formatter for every frame: toLocaleString with options builds a new one per call (measured:
// most of the drawings' paint time with a dozen positions, bench/drawings-pan.ts).
const moneyFormat = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const money = (n: number) => moneyFormat.format(Math.abs(n));

class Painter {
  private readonly pane;
  private readonly formatPrice: (price: number) => string;

  constructor(
    private readonly scene: DrawingScene,
    private readonly out: DrawCommand[],
  ) {
    const { width, height } = scene.viewport;
    this.pane = { left: 0, top: 0, right: width, bottom: height };
    this.formatPrice = scene.format?.formatPrice ?? ((p) => p.toFixed(2));
  }

  drawing(d: Drawing): void {
    switch (d.kind) {
      case 'trend-line':
        return this.sloped(d, 0, 1);
      case 'ray':
        return this.sloped(d, 0, Infinity);
      case 'extended-line':
        return this.sloped(d, -Infinity, Infinity);
      case 'horizontal-line':
      case 'horizontal-ray':
        return this.level(d);
      case 'vertical-line':
        return this.vertical(d);
      case 'rectangle':
        return this.rectangle(d);
      case 'parallel-channel':
        return this.channel(d);
      case 'fib-retracement':
        return this.fib(d);
      case 'long-position':
      case 'short-position':
        return this.position(d);
      case 'price-range':
        return this.priceRange(d);
      case 'date-range':
        return this.dateRange(d);
      case 'text':
        return this.note(d);
    }
  }

  /** Small squares at the drawing's handles, in handleAnchors' order. */
  handles(d: Drawing): void {
    const half = HANDLE_SIZE / 2;
    for (const anchor of handleAnchors(d)) {
      const at = this.point(anchor);
      if (!at) continue;
      const { x, y } = at;
      this.out.push({
        type: 'polygon',
        points: [
          { x: x - half, y: y - half },
          { x: x + half, y: y - half },
          { x: x + half, y: y + half },
          { x: x - half, y: y + half },
        ],
        fill: this.scene.palette.background,
        stroke: { color: d.style.color, width: 1, dash: 'solid' },
      });
    }
  }

  private point(anchor: Anchor): Point | null {
    const x = this.scene.mapping.timeToX(anchor.time);
    const y = this.scene.mapping.priceToY(anchor.price);
    return x === null || y === null ? null : { x, y };
  }

  private stroke(d: Drawing, dash: LineDash = d.style.dash): Stroke {
    return { color: d.style.color, width: d.style.width, dash };
  }

  /** The part of a + t(b − a), t in [from, to], inside the pane; false when none is. */
  private clippedLine(a: Point, b: Point, from: number, to: number, stroke: Stroke) {
    const part = clipToBox(a, b, from, to, this.pane);
    if (part) this.out.push({ type: 'line', from: part[0], to: part[1], stroke });
    return part;
  }

  private text(
    at: Point,
    text: string,
    color: string,
    align: TextAlign,
    baseline: TextBaseline,
    background?: string,
  ): void {
    this.out.push({ type: 'text', at, text, color, align, baseline, background });
  }

  private label(d: Drawing, at: Point, align: TextAlign, baseline: TextBaseline = 'bottom') {
    if (d.style.label) this.text(at, d.style.label, d.style.color, align, baseline);
  }

  private box(a: Point, b: Point, fill: string, stroke?: Stroke): void {
    const points = [a, { x: b.x, y: a.y }, b, { x: a.x, y: b.y }];
    this.out.push({ type: 'polygon', points, fill, ...(stroke && { stroke }) });
  }

  private sloped(d: DrawingOf<'trend-line' | 'ray' | 'extended-line'>, from: number, to: number) {
    const [a, b] = d.anchors.map((p) => this.point(p));
    if (!a || !b) return;
    const part = this.clippedLine(a, b, from, to, this.stroke(d));
    if (part) {
      const mid = { x: (part[0].x + part[1].x) / 2, y: (part[0].y + part[1].y) / 2 - 4 };
      this.label(d, mid, 'center');
    }
  }

  private level(d: DrawingOf<'horizontal-line' | 'horizontal-ray'>): void {
    const [anchor] = d.anchors;
    const y = this.scene.mapping.priceToY(anchor.price);
    if (y === null || y < this.pane.top || y > this.pane.bottom) return;
    const { right } = this.pane;
    if (d.kind === 'horizontal-line') {
      this.out.push({
        type: 'line',
        from: { x: 0, y },
        to: { x: right, y },
        stroke: this.stroke(d),
      });
      this.label(d, { x: right - PAD, y: y - 4 }, 'right');
      return;
    }
    const x = this.scene.mapping.timeToX(anchor.time);
    if (x === null || x > right) return;
    const left = Math.max(0, x);
    this.out.push({
      type: 'line',
      from: { x: left, y },
      to: { x: right, y },
      stroke: this.stroke(d),
    });
    this.label(d, { x: left + PAD, y: y - 4 }, 'left');
  }

  private vertical(d: DrawingOf<'vertical-line'>): void {
    const x = this.scene.mapping.timeToX(d.anchors[0].time);
    if (x === null || x < this.pane.left || x > this.pane.right) return;
    const { bottom } = this.pane;
    this.out.push({
      type: 'line',
      from: { x, y: 0 },
      to: { x, y: bottom },
      stroke: this.stroke(d),
    });
    this.label(d, { x: x + PAD, y: PAD }, 'left', 'top');
  }

  private rectangle(d: DrawingOf<'rectangle'>): void {
    const [a, b] = d.anchors.map((p) => this.point(p));
    if (!a || !b) return;
    this.box(a, b, withAlpha(d.style.color, FILL_ALPHA), this.stroke(d));
    this.label(d, { x: Math.min(a.x, b.x) + PAD, y: Math.min(a.y, b.y) + PAD }, 'left', 'top');
  }

  private channel(d: DrawingOf<'parallel-channel'>): void {
    const { upper, lower, middle } = channelLines(d);
    const [u0, u1, l0, l1, m0, m1] = [...upper.anchors, ...lower.anchors, ...middle.anchors].map(
      (p) => this.point(p),
    );
    if (!u0 || !u1 || !l0 || !l1 || !m0 || !m1) return;
    this.out.push({
      type: 'polygon',
      points: [u0, u1, l1, l0],
      fill: withAlpha(d.style.color, FILL_ALPHA),
    });
    const top = this.clippedLine(u0, u1, 0, 1, this.stroke(d));
    this.clippedLine(l0, l1, 0, 1, this.stroke(d));
    this.clippedLine(m0, m1, 0, 1, { ...this.stroke(d, 'dashed'), width: 1 });
    if (top) {
      const mid = { x: (top[0].x + top[1].x) / 2, y: (top[0].y + top[1].y) / 2 - 4 };
      this.label(d, mid, 'center');
    }
  }

  private fib(d: DrawingOf<'fib-retracement'>): void {
    const [a, b] = d.anchors.map((p) => this.point(p));
    if (!a || !b) return;
    const left = Math.min(a.x, b.x);
    const right = Math.max(a.x, b.x);
    const levels = fibLevels(d)
      .map((l) => ({ ...l, y: this.scene.mapping.priceToY(l.price) }))
      .filter((l): l is typeof l & { y: number } => l.y !== null)
      .sort((p, q) => p.level - q.level);
    // Bands between neighbouring levels, alternately lighter and darker so each reads apart.
    levels.slice(1).forEach((l, i) => {
      const prev = levels[i];
      if (!prev) return;
      const alpha = i % 2 === 0 ? 0.08 : 0.14;
      this.box({ x: left, y: prev.y }, { x: right, y: l.y }, withAlpha(d.style.color, alpha));
    });
    this.out.push({
      type: 'line',
      from: a,
      to: b,
      stroke: { ...this.stroke(d, 'dashed'), width: 1 },
    });
    for (const l of levels) {
      const y = l.y;
      this.out.push({
        type: 'line',
        from: { x: left, y },
        to: { x: right, y },
        stroke: this.stroke(d),
      });
      const text = `${l.level} (${this.formatPrice(l.price)})`;
      this.text({ x: left + 4, y: y - 2 }, text, d.style.color, 'left', 'bottom');
    }
    const top = Math.min(...levels.map((l) => l.y));
    if (Number.isFinite(top))
      this.label(d, { x: (left + right) / 2, y: top - PAD - LINE_HEIGHT }, 'center');
  }

  private position(d: DrawingOf<'long-position' | 'short-position'>): void {
    const { mapping, palette } = this.scene;
    const [entry] = d.anchors;
    const x = mapping.timeToX(entry.time);
    const entryY = mapping.priceToY(entry.price);
    const stopY = mapping.priceToY(d.stop);
    const targetY = mapping.priceToY(d.target);
    const endX = d.endTime === undefined ? this.pane.right : mapping.timeToX(d.endTime);
    if (endX === null) return;
    const right = Math.min(endX, this.pane.right);
    if (x === null || entryY === null || stopY === null || targetY === null || x > right) return;
    // The zones run from the entry to the box's end (or the right edge), as core's hit test has them.
    this.box({ x, y: entryY }, { x: right, y: targetY }, withAlpha(palette.up, 0.2));
    this.box({ x, y: entryY }, { x: right, y: stopY }, withAlpha(palette.down, 0.2));
    this.out.push({
      type: 'line',
      from: { x, y: entryY },
      to: { x: right, y: entryY },
      stroke: this.stroke(d),
    });
    const s = positionStats(d);
    const quote = this.scene.format?.quoteCurrency ? ` ${this.scene.format.quoteCurrency}` : '';
    const midX = (Math.max(x, 0) + right) / 2;
    const fp = this.formatPrice;
    const pct = (n: number) => signed(n, `${Math.abs(n).toFixed(2)}%`);
    const long = s.side === 'long';
    // Target and stop are labelled just beyond their zones, so thin zones do not stack labels.
    const beyond = (y: number): { y: number; baseline: TextBaseline } =>
      y < entryY ? { y: y - PAD, baseline: 'bottom' } : { y: y + PAD, baseline: 'top' };
    const atTarget = beyond(targetY);
    const atStop = beyond(stopY);
    this.text(
      { x: midX, y: atTarget.y },
      `Target ${fp(d.target)} (${pct(long ? s.rewardPercent : -s.rewardPercent)}) P&L ${signed(s.pnlAtTarget, money(s.pnlAtTarget))}${quote}`,
      palette.upText,
      'center',
      atTarget.baseline,
      palette.overlay,
    );
    this.text(
      { x: midX, y: atStop.y },
      `Stop ${fp(d.stop)} (${pct(long ? -s.riskPercent : s.riskPercent)}) P&L ${signed(s.pnlAtStop, money(s.pnlAtStop))}${quote}`,
      palette.downText,
      'center',
      atStop.baseline,
      palette.overlay,
    );
    const head = [d.style.label, long ? 'Long' : 'Short', `R:R ${s.riskReward.toFixed(2)}`];
    if (d.quantity !== undefined) head.push(`Qty ${d.quantity}`);
    this.text(
      { x: midX, y: entryY },
      head.filter(Boolean).join('  '),
      palette.textStrong,
      'center',
      'middle',
      palette.overlay,
    );
  }

  private priceRange(d: DrawingOf<'price-range'>): void {
    const [a, b] = d.anchors.map((p) => this.point(p));
    if (!a || !b) return;
    this.box(a, b, withAlpha(d.style.color, FILL_ALPHA));
    const midX = (a.x + b.x) / 2;
    this.arrow({ x: midX, y: a.y }, { x: midX, y: b.y }, this.stroke(d, 'solid'));
    const r = priceRange(d);
    const change = signed(r.change, this.formatPrice(Math.abs(r.change)));
    const percent =
      r.percent === null ? '' : ` (${signed(r.percent, Math.abs(r.percent).toFixed(2))}%)`;
    const up = b.y <= a.y;
    const y = up ? Math.min(a.y, b.y) - PAD : Math.max(a.y, b.y) + PAD;
    const text = [d.style.label, `${change}${percent}`].filter(Boolean).join('  ');
    this.text(
      { x: midX, y },
      text,
      this.scene.palette.textStrong,
      'center',
      up ? 'bottom' : 'top',
      this.scene.palette.overlay,
    );
  }

  private dateRange(d: DrawingOf<'date-range'>): void {
    const [a, b] = d.anchors.map((p) => this.point(p));
    if (!a || !b) return;
    this.box(a, b, withAlpha(d.style.color, FILL_ALPHA));
    const midY = (a.y + b.y) / 2;
    this.arrow({ x: a.x, y: midY }, { x: b.x, y: midY }, this.stroke(d, 'solid'));
    const { interval } = this.scene.format ?? {};
    const range = dateRange(d, interval);
    let bars = range.bars;
    const toLogical = this.scene.mapping.timeToLogical;
    if (bars === null && toLogical) {
      const from = toLogical(d.anchors[0].time);
      const to = toLogical(d.anchors[1].time);
      if (from !== null && to !== null) bars = Math.round(to - from);
    }
    const parts = [d.style.label, formatDuration(range.seconds)];
    if (bars !== null) parts.push(`${bars} ${Math.abs(bars) === 1 ? 'bar' : 'bars'}`);
    this.text(
      { x: (a.x + b.x) / 2, y: Math.max(a.y, b.y) + PAD },
      parts.filter(Boolean).join(', '),
      this.scene.palette.textStrong,
      'center',
      'top',
      this.scene.palette.overlay,
    );
  }

  /** A line from `from` to `to` with an arrowhead at `to`. */
  private arrow(from: Point, to: Point, stroke: Stroke): void {
    this.out.push({ type: 'line', from, to, stroke });
    const length = Math.hypot(to.x - from.x, to.y - from.y);
    if (length < 1) return;
    const ux = (to.x - from.x) / length;
    const uy = (to.y - from.y) / length;
    const size = Math.min(8, length / 2);
    const back = { x: to.x - ux * size, y: to.y - uy * size };
    this.out.push({
      type: 'polygon',
      points: [
        to,
        { x: back.x - uy * size * 0.5, y: back.y + ux * size * 0.5 },
        { x: back.x + uy * size * 0.5, y: back.y - ux * size * 0.5 },
      ],
      fill: stroke.color,
    });
  }

  private note(d: DrawingOf<'text'>): void {
    const at = this.point(d.anchors[0]);
    if (!at) return;
    // The point is the text's top-left corner, as core's hit test takes it.
    d.text.split('\n').forEach((line, i) => {
      this.text({ x: at.x, y: at.y + i * LINE_HEIGHT }, line, d.style.color, 'left', 'top');
    });
  }
}
