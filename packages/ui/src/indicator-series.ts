// The lightweight-charts series of one indicator instance: a line per output (Parabolic SAR as
// dots, MACD's histogram as columns), the pane's dashed reference lines and fixed range. History
// goes in with setData, live bars with update of the points that changed; colour and visibility
// changes are options only.
import { outputOf, type CatalogEntry } from '@coinview/core/indicators';
import type { Interval } from '@coinview/core/interval';
import {
  HistogramSeries,
  LineSeries,
  LineStyle,
  type IChartApi,
  type IPriceLine,
  type ISeriesApi,
  type SeriesDataItemTypeMap,
  type Time,
} from 'lightweight-charts';
import { priceFormat, type ChartPalette } from './chart-theme';
import {
  plotPoints,
  pointAt,
  type HistogramColors,
  type Plot,
  type PlotPoint,
  withAlpha,
} from './indicator-points';
import { IchimokuCloud, type CloudStyle } from './indicator-cloud';

export interface IndicatorStyle {
  /** The instance's colours by output; the catalogue's defaults fill the gaps. */
  colors: Readonly<Record<string, string>>;
  visible: boolean;
  palette: ChartPalette;
  /** Price decimals of overlays (they share the price scale). */
  precision: number;
}

type PlotSeries = ISeriesApi<'Line'> | ISeriesApi<'Histogram'>;
type PlotData = SeriesDataItemTypeMap<Time>['Line'] | SeriesDataItemTypeMap<Time>['Histogram'];

export function outputColor(entry: CatalogEntry, style: IndicatorStyle, output: string): string {
  return style.colors[output] ?? entry.colors[output] ?? style.palette.text;
}

export class IndicatorSeries {
  private readonly series: PlotSeries[];
  private readonly priceLines: IPriceLine[] = [];
  private readonly cloud: { primitive: IchimokuCloud; on: PlotSeries } | null = null;
  private values: readonly unknown[] = [];
  /** The last point drawn per plot. */
  private readonly drawn: (PlotPoint | undefined)[] = [];
  private histogram: HistogramColors | undefined;
  /** Non-null points of the first plot: the legend's `data-points`. */
  count = 0;

  constructor(
    private readonly chart: IChartApi,
    private readonly entry: CatalogEntry,
    readonly plots: readonly Plot[],
    pane: number,
    style: IndicatorStyle,
  ) {
    const overlay = entry.placement === 'overlay';
    const range = entry.range;
    this.series = plots.map((plot) => {
      const common = {
        visible: style.visible,
        priceLineVisible: false,
        // Ichimoku's five lines and SAR's dots would crowd the price scale with labels.
        lastValueVisible: !overlay || (plot.kind === 'line' && entry.id !== 'ichimoku'),
        ...(overlay ? { priceFormat: priceFormat(style.precision) } : {}),
        ...(range
          ? {
              autoscaleInfoProvider: () => ({
                priceRange: { minValue: range[0], maxValue: range[1] },
              }),
            }
          : {}),
      };
      if (plot.kind === 'histogram') return chart.addSeries(HistogramSeries, common, pane);
      return chart.addSeries(LineSeries, { ...common, lineWidth: 1, ...dots(plot) }, pane);
    });
    const leadA = plots.findIndex((p) => p.output === 'leadA');
    const leadB = plots.findIndex((p) => p.output === 'leadB');
    if (leadA >= 0 && leadB >= 0) {
      const on = this.series[leadA]!;
      const primitive = new IchimokuCloud(
        () => this.values,
        plots[leadA]!.shift,
        cloudStyle(entry, style),
      );
      on.attachPrimitive(primitive);
      this.cloud = { primitive, on };
    }
    const first = this.series[0];
    if (first) {
      for (const price of entry.referenceLines) {
        this.priceLines.push(
          first.createPriceLine({
            price,
            color: style.palette.reference,
            lineWidth: 1,
            lineStyle: LineStyle.Dashed,
            axisLabelVisible: false,
            title: '',
          }),
        );
      }
    }
    this.restyle(style);
  }

  /** Colours and visibility; true when the histogram's colours changed (its data carries them). */
  restyle(style: IndicatorStyle): boolean {
    this.plots.forEach((plot, i) => {
      const color = outputColor(this.entry, style, plot.output);
      const format =
        this.entry.placement === 'overlay' ? { priceFormat: priceFormat(style.precision) } : {};
      this.series[i]!.applyOptions({ color, visible: style.visible, ...format });
    });
    for (const line of this.priceLines) line.applyOptions({ color: style.palette.reference });
    this.cloud?.primitive.restyle(cloudStyle(this.entry, style));
    const histogramPlot = this.plots.find((p) => p.kind === 'histogram');
    if (!histogramPlot) return false;
    const next = {
      positive: outputColor(this.entry, style, histogramPlot.output),
      negative: style.palette.down,
    };
    const changed =
      next.positive !== this.histogram?.positive || next.negative !== this.histogram.negative;
    this.histogram = next;
    return changed;
  }

  /** Every point from scratch (new history, new parameters, new histogram colours). */
  setAll(values: readonly unknown[], times: readonly number[], interval: Interval): void {
    this.values = values;
    this.fitPrecision(values);
    this.plots.forEach((plot, i) => {
      const colors = plot.kind === 'histogram' ? this.histogram : undefined;
      const { points, count } = plotPoints(values, plot, times, interval, colors);
      this.series[i]!.setData(points as PlotData[]);
      this.drawn[i] = points[points.length - 1];
      if (i === 0) {
        this.count = count;
        const last = points[points.length - 1];
        this.lastIndex = values.length - 1;
        this.lastCounted = last?.value !== undefined;
      }
    });
  }

  /** The points of bars `from`..last after a live step (the committed bar and the forming one). */
  drawFrom(
    values: readonly unknown[],
    from: number,
    times: readonly number[],
    interval: Interval,
  ): void {
    this.values = values;
    this.cloud?.primitive.redraw();
    for (let i = 0; i < this.plots.length; i++) {
      const plot = this.plots[i]!;
      const colors = plot.kind === 'histogram' ? this.histogram : undefined;
      for (let at = Math.max(0, from); at < values.length; at++) {
        const point = pointAt(values, at, plot, times, interval, colors);
        if (!point) continue;
        if (i === 0) this.recount(at, point.value !== undefined);
        // Most ticks move only some outputs (a kijun, a slow band): an unchanged point is skipped,
        // as each update costs the library a pass over its series.
        const drawn = this.drawn[i];
        if (
          drawn &&
          drawn.time === point.time &&
          drawn.value === point.value &&
          drawn.color === point.color
        )
          continue;
        this.drawn[i] = point;
        this.series[i]!.update(point as PlotData);
      }
    }
  }

  // The count follows the last bar drawn: a revised bar replaces its own contribution.
  private lastIndex = -1;
  private lastCounted = false;

  private recount(index: number, hasValue: boolean): void {
    if (index === this.lastIndex && this.lastCounted) this.count--;
    if (hasValue) this.count++;
    this.lastIndex = index;
    this.lastCounted = hasValue;
  }

  /**
   * An oscillator's own scale: two decimals, more for small magnitudes (a MACD of a cheap coin
   * would read 0.00 otherwise). Overlays share the price's precision; fixed ranges are 0–100-like.
   */
  private fitPrecision(values: readonly unknown[]): void {
    if (this.entry.placement !== 'pane' || this.entry.range) return;
    let largest = 0;
    for (let i = Math.max(0, values.length - 200); i < values.length; i++) {
      for (const plot of this.plots) {
        const v = outputOf(values[i], plot.output);
        if (v !== null && Math.abs(v) > largest) largest = Math.abs(v);
      }
    }
    const precision =
      largest === 0 || largest >= 1 ? 2 : Math.min(8, Math.ceil(-Math.log10(largest)) + 2);
    if (precision === this.precision) return;
    this.precision = precision;
    for (const s of this.series) s.applyOptions({ priceFormat: priceFormat(precision) });
  }

  private precision = 2;

  paneIndex(): number {
    return this.series[0]?.getPane().paneIndex() ?? 0;
  }

  moveToPane(pane: number): void {
    for (const s of this.series) s.moveToPane(pane);
  }

  remove(): void {
    if (this.cloud) this.cloud.on.detachPrimitive(this.cloud.primitive);
    for (const s of this.series) this.chart.removeSeries(s);
    this.series.length = 0;
  }
}

function cloudStyle(entry: CatalogEntry, style: IndicatorStyle): CloudStyle {
  return {
    bullish: withAlpha(outputColor(entry, style, 'leadA'), 0.15),
    bearish: withAlpha(outputColor(entry, style, 'leadB'), 0.15),
    visible: style.visible,
  };
}

function dots(plot: Plot) {
  if (plot.kind !== 'dots') return {};
  return { lineVisible: false, pointMarkersVisible: true, pointMarkersRadius: 1.5 };
}
