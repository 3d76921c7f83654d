// Ichimoku's cloud: the area between leading spans A and B, green where A is above, red where
// below, drawn as a series primitive on the leadA series (so it lives in its pane, scrolls with it
// and is drawn under the lines). Only the bars in view are walked on each redraw.
import type {
  IPrimitivePaneRenderer,
  IPrimitivePaneView,
  ISeriesPrimitive,
  Logical,
  SeriesAttachedParameter,
  Time,
} from 'lightweight-charts';
import { outputOf } from '@coinview/core/indicators';

type Target = Parameters<IPrimitivePaneRenderer['draw']>[0];

/** One band between two neighbouring bars, in pixels: x0/x1 and the two spans at each. */
export interface CloudQuad {
  x0: number;
  x1: number;
  a0: number;
  b0: number;
  a1: number;
  b1: number;
  /** Span A above span B (in price) on this band. */
  bullish: boolean;
}

/**
 * The bands of the cloud for bars `from`..`to` of the chart (logical indices), where values[k]
 * is drawn at index k + shift. Gaps (a span still warming up, a point off-scale) break the cloud.
 */
export function cloudQuads(
  values: readonly unknown[],
  shift: number,
  from: number,
  to: number,
  toX: (logical: number) => number | null,
  toY: (price: number) => number | null,
): CloudQuad[] {
  const quads: CloudQuad[] = [];
  const first = Math.max(0, Math.floor(from) - shift - 1);
  const last = Math.min(values.length - 1, Math.ceil(to) - shift + 1);
  let prev: { x: number; a: number; b: number; pa: number; pb: number } | null = null;
  for (let k = first; k <= last; k++) {
    const pa = outputOf(values[k], 'leadA');
    const pb = outputOf(values[k], 'leadB');
    const x = toX(k + shift);
    const a = pa === null ? null : toY(pa);
    const b = pb === null ? null : toY(pb);
    if (x === null || a === null || b === null || pa === null || pb === null) {
      prev = null;
      continue;
    }
    if (prev) {
      const bullish = prev.pa + pa >= prev.pb + pb;
      quads.push({ x0: prev.x, x1: x, a0: prev.a, b0: prev.b, a1: a, b1: b, bullish });
    }
    prev = { x, a, b, pa, pb };
  }
  return quads;
}

export interface CloudStyle {
  bullish: string;
  bearish: string;
  visible: boolean;
}

export class IchimokuCloud implements ISeriesPrimitive<Time> {
  private attachedTo: SeriesAttachedParameter<Time> | null = null;
  private quads: CloudQuad[] = [];
  private readonly view: IPrimitivePaneView;

  constructor(
    private readonly values: () => readonly unknown[],
    private readonly shift: number,
    private style: CloudStyle,
  ) {
    const renderer: IPrimitivePaneRenderer = {
      draw: () => undefined,
      drawBackground: (target: Target) => this.draw(target),
    };
    this.view = { renderer: () => renderer, zOrder: () => 'bottom' };
  }

  attached(param: SeriesAttachedParameter<Time>): void {
    this.attachedTo = param;
  }

  detached(): void {
    this.attachedTo = null;
  }

  restyle(style: CloudStyle): void {
    this.style = style;
    this.redraw();
  }

  /** New values: the library redraws at its next frame. */
  redraw(): void {
    this.attachedTo?.requestUpdate();
  }

  paneViews(): readonly IPrimitivePaneView[] {
    return [this.view];
  }

  updateAllViews(): void {
    const p = this.attachedTo;
    const range = p?.chart.timeScale().getVisibleLogicalRange();
    if (!p || !range || !this.style.visible) {
      this.quads = [];
      return;
    }
    const timeScale = p.chart.timeScale();
    this.quads = cloudQuads(
      this.values(),
      this.shift,
      range.from,
      range.to,
      (logical) => timeScale.logicalToCoordinate(logical as Logical),
      (price) => p.series.priceToCoordinate(price),
    );
  }

  private draw(target: Target): void {
    if (this.quads.length === 0) return;
    target.useMediaCoordinateSpace(({ context }) => {
      for (const bullish of [true, false]) {
        context.beginPath();
        for (const q of this.quads) {
          if (q.bullish !== bullish) continue;
          context.moveTo(q.x0, q.a0);
          context.lineTo(q.x1, q.a1);
          context.lineTo(q.x1, q.b1);
          context.lineTo(q.x0, q.b0);
          context.closePath();
        }
        context.fillStyle = bullish ? this.style.bullish : this.style.bearish;
        context.fill();
      }
    });
  }
}
