// Candlestick patterns as series markers on the price pane's main series: bullish below the bar
// with an arrow up, bearish above with an arrow down, neutral as a circle. The closed bars' markers
// are built once per history; a tick rebuilds the list only when the forming bar's patterns
// change. The main series is re-created on a chart type switch, so the markers re-attach to it.
import type { PatternDirection, PatternMatch } from '@coinview/core/indicators/patterns';
import {
  createSeriesMarkers,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type SeriesMarker,
  type SeriesType,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';

type Marker = SeriesMarker<Time>;

const SHORT: Record<string, string> = {
  'bullish-engulfing': 'BE',
  'bearish-engulfing': 'BE',
  hammer: 'H',
  'inverted-hammer': 'IH',
  'hanging-man': 'HM',
  'shooting-star': 'SS',
  doji: 'D',
  'dragonfly-doji': 'DD',
  'gravestone-doji': 'GD',
  'morning-star': 'MS',
  'evening-star': 'ES',
  'piercing-line': 'PL',
  'dark-cloud-cover': 'DC',
  'three-white-soldiers': '3WS',
  'three-black-crows': '3BC',
};

/** The short name printed by a marker ("BE" for an engulfing…). */
export function patternShortName(pattern: string): string {
  return SHORT[pattern] ?? pattern.slice(0, 3).toUpperCase();
}

/** The markers of one bar's patterns. */
export function patternMarkers(
  time: number,
  matches: unknown,
  colorOf: (direction: PatternDirection) => string,
): Marker[] {
  if (!Array.isArray(matches)) return [];
  return (matches as PatternMatch[]).map((m) => ({
    time: time as UTCTimestamp,
    position: m.direction === 'bullish' ? 'belowBar' : 'aboveBar',
    shape:
      m.direction === 'bullish' ? 'arrowUp' : m.direction === 'bearish' ? 'arrowDown' : 'circle',
    color: colorOf(m.direction),
    text: patternShortName(m.pattern),
    id: `${m.pattern}@${time}`,
  }));
}

function signature(matches: unknown): string {
  return Array.isArray(matches) ? (matches as PatternMatch[]).map((m) => m.pattern).join(',') : '';
}

export class IndicatorMarkers {
  private plugin: ISeriesMarkersPluginApi<Time> | null = null;
  private closed: Marker[] = [];
  private forming: Marker[] = [];
  private formingKey = '';
  private visible = true;
  /** Markers drawn (the legend's `data-points`). */
  count = 0;

  constructor(private colorOf: (direction: PatternDirection) => string) {}

  /** Attaches to the main series (null detaches): markers follow a chart type switch. */
  attach(series: ISeriesApi<SeriesType> | null): void {
    this.detach();
    if (series) this.plugin = createSeriesMarkers(series, this.list());
  }

  detach(): void {
    // The old main series may already be gone from the chart: nothing is left to clean then.
    try {
      this.plugin?.detach();
    } catch {
      // already removed with its series
    }
    this.plugin = null;
  }

  restyle(colorOf: (direction: PatternDirection) => string, visible: boolean): void {
    this.colorOf = colorOf;
    this.visible = visible;
  }

  /** Every marker from scratch: values per bar of `times` (the last may be the forming bar's). */
  setAll(values: readonly unknown[], times: readonly number[], formingIndex: number): void {
    this.closed = [];
    for (let i = 0; i < values.length && i < formingIndex; i++) {
      if (values[i]) this.closed.push(...patternMarkers(times[i]!, values[i], this.colorOf));
    }
    this.forming = [];
    this.formingKey = '';
    const formingValue = values[formingIndex];
    if (formingIndex < values.length) this.setForming(times[formingIndex]!, formingValue);
    this.flush();
  }

  /** After a live step: commit the bar that closed (if any), then the forming bar's patterns. */
  drawLive(
    closedTime: number | undefined,
    closedValue: unknown,
    time: number,
    value: unknown,
  ): void {
    let dirty = false;
    if (closedTime !== undefined) {
      this.forming = [];
      this.formingKey = '';
      const committed = patternMarkers(closedTime, closedValue, this.colorOf);
      if (committed.length > 0) this.closed.push(...committed);
      dirty = true;
    }
    const key = `${time}:${signature(value)}`;
    if (key !== this.formingKey) {
      this.setForming(time, value);
      dirty = true;
    }
    if (dirty) this.flush();
  }

  private setForming(time: number, value: unknown): void {
    this.formingKey = `${time}:${signature(value)}`;
    this.forming = patternMarkers(time, value, this.colorOf);
  }

  private list(): Marker[] {
    if (!this.visible) return [];
    return this.forming.length > 0 ? [...this.closed, ...this.forming] : this.closed.slice();
  }

  flush(): void {
    const list = this.list();
    this.count = list.length;
    this.plugin?.setMarkers(list);
  }
}
