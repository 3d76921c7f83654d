// One indicator instance of a layout on the chart: its incremental indicator (from core's
// catalogue), its values over the chart's bars, and what draws them (series for lines and panes,
// markers for candlestick patterns). The layer keeps one per instance id and rebuilds it only when
// the indicator or its parameters change.
import { createIndicator, type CatalogEntry } from '@coinview/core/indicators';
import type { PatternDirection } from '@coinview/core/indicators/patterns';
import type { Interval } from '@coinview/core/interval';
import type { LayoutIndicator } from '@coinview/core/layout';
import type { IChartApi, ISeriesApi, SeriesType } from 'lightweight-charts';
import { IndicatorRun, type LiveBars, type LiveStep } from './indicator-live';
import { IndicatorMarkers } from './indicator-markers';
import { catalogEntry, plotsOf, type Plot } from './indicator-points';
import { IndicatorSeries, outputColor, type IndicatorStyle } from './indicator-series';

/** What decides the values: a change means a rebuild; anything else is a restyle. */
export function computeKey(lay: Pick<LayoutIndicator, 'id' | 'params'>): string {
  const params = Object.keys(lay.params)
    .sort()
    .map((k) => [k, lay.params[k]]);
  return `${lay.id}:${JSON.stringify(params)}`;
}

export class IndicatorInstance {
  readonly key: string;
  readonly entry: CatalogEntry | undefined;
  readonly plots: readonly Plot[];
  /** Why the instance draws nothing (unknown id, parameters out of range). */
  readonly error: string | undefined;
  private readonly run: IndicatorRun | null = null;
  private readonly series: IndicatorSeries | null = null;
  private readonly markers: IndicatorMarkers | null = null;

  constructor(
    chart: IChartApi,
    public lay: LayoutIndicator,
    pane: number,
    private style: IndicatorStyle,
    mainSeries: ISeriesApi<SeriesType> | null,
  ) {
    this.key = computeKey(lay);
    this.entry = catalogEntry(lay.id);
    this.plots = plotsOf(lay.id, lay.params);
    let run: IndicatorRun | null = null;
    let error: string | undefined;
    try {
      run = new IndicatorRun(createIndicator(lay.id, lay.params));
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    this.error = error;
    if (!run || !this.entry) return;
    this.run = run;
    if (this.entry.placement === 'markers') {
      this.markers = new IndicatorMarkers(this.directionColor(style));
      this.markers.restyle(this.directionColor(style), lay.visible);
      this.markers.attach(mainSeries);
    } else {
      this.series = new IndicatorSeries(chart, this.entry, this.plots, pane, style);
    }
  }

  get values(): readonly unknown[] {
    return this.run?.values ?? [];
  }

  /** Non-null points (markers) drawn for the first output. */
  get points(): number {
    return this.series?.count ?? this.markers?.count ?? 0;
  }

  colorOf = (output: string): string =>
    this.entry ? outputColor(this.entry, this.style, output) : this.style.palette.text;

  private directionColor(style: IndicatorStyle) {
    return (direction: PatternDirection) =>
      this.entry ? outputColor(this.entry, style, direction) : style.palette.text;
  }

  /** Recomputes the whole history and draws it. */
  load(bars: LiveBars, interval: Interval): void {
    if (!this.run) return;
    this.run.load(bars);
    this.drawAll(bars, interval);
  }

  private drawAll(bars: LiveBars, interval: Interval): void {
    const values = this.values;
    this.series?.setAll(values, bars.times, interval);
    this.markers?.setAll(values, bars.times, bars.closed.length);
  }

  /** Follows a live step already taken by `bars`: only the bars that changed are drawn. */
  live(step: LiveStep, bars: LiveBars, interval: Interval): void {
    if (!this.run) return;
    const from = this.run.apply(step);
    if (from < 0) return;
    this.series?.drawFrom(this.values, from, bars.times, interval);
    if (this.markers) {
      const values = this.values;
      const last = values.length - 1;
      const closed = step.kind === 'advance' && step.closed ? last - 1 : -1;
      this.markers.drawLive(
        closed >= 0 ? bars.times[closed] : undefined,
        values[closed],
        bars.times[last]!,
        values[last],
      );
    }
  }

  /** New colours, visibility, name or theme: options only, no recomputation. */
  restyle(lay: LayoutIndicator, style: IndicatorStyle, bars: LiveBars, interval: Interval): void {
    const same =
      lay === this.lay &&
      style.palette === this.style.palette &&
      style.precision === this.style.precision;
    if (same) return;
    const colorsChanged =
      style.palette !== this.style.palette ||
      JSON.stringify(lay.colors) !== JSON.stringify(this.lay.colors);
    const visibilityChanged = lay.visible !== this.lay.visible;
    this.lay = lay;
    this.style = style;
    if (this.series && this.series.restyle(style) && this.run) {
      // The histogram's columns carry their colour: redraw them from the values already computed.
      this.series.setAll(this.values, bars.times, interval);
    }
    if (this.markers && (colorsChanged || visibilityChanged)) {
      this.markers.restyle(this.directionColor(style), lay.visible);
      this.markers.setAll(this.values, bars.times, bars.closed.length);
    }
  }

  attachMarkers(mainSeries: ISeriesApi<SeriesType> | null): void {
    this.markers?.attach(mainSeries);
  }

  paneIndex(): number | undefined {
    return this.series?.paneIndex();
  }

  moveToPane(pane: number): void {
    this.series?.moveToPane(pane);
  }

  dispose(): void {
    this.series?.remove();
    this.markers?.detach();
  }
}
