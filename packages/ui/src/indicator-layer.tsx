'use client';
// A layout's indicators drawn into the surrounding <CandleChart>: overlays on the price pane,
// oscillators in panes of their own below it, candlestick patterns as markers on the candles, and
// a legend row for each. History is computed once per history change (setData); a live bar only
// advances each indicator's incremental state (update/peek, see indicator-live) and updates the
// points that changed. A parameter change rebuilds that instance alone; colours, visibility and
// theme are options only. The legend follows at most once per animation frame.
import type { Interval } from '@coinview/core/interval';
import type { LayoutIndicator } from '@coinview/core/layout';
import type { MouseEventParams, Time } from 'lightweight-charts';
import { useEffect, useRef, useState } from 'react';
import { useLatest } from './use-latest';
import type { ChartBar } from './bars';
import { useMainSeries } from './candle-series';
import { useChart, useChartTheme } from './chart';
import { computeKey, IndicatorInstance } from './indicator-instance';
import { IndicatorLegend, type LegendRow } from './indicator-legend';
import {
  legendLabel,
  legendValues,
  patternLegendValues,
  valuesJson,
} from './indicator-legend-format';
import { LiveBars } from './indicator-live';
import { heightsFromStretch, paneLayout, stretchFactors, type PaneLayout } from './pane-layout';
import { applyStretch, arrangePanes, observePanes, readPaneTops, readStretch } from './pane-sync';

export interface IndicatorLayerProps {
  indicators: readonly LayoutIndicator[];
  /** The closed history CandleSeries gets; a new array = new history, recomputed from scratch. */
  bars: readonly ChartBar[];
  /** The latest live bar: the forming one, or a new one that just opened. */
  liveBar?: ChartBar;
  /** Places points ahead of the last bar (Ichimoku's leading spans). */
  interval: Interval;
  /** Relative pane heights, index = layout pane number (0 = price). */
  paneHeights: readonly number[];
  /** The user resized panes by dragging a separator. */
  onPaneHeightsChange?: (heights: number[]) => void;
  /** Price decimals of overlays. */
  precision?: number;
  onToggleVisible?: (instanceId: string) => void;
  onEdit?: (instanceId: string) => void;
  onRemove?: (instanceId: string) => void;
  /** Create an alert on this indicator (the legend shows a bell). */
  onAlert?: (instanceId: string) => void;
}

interface Model {
  bars: LiveBars;
  loaded: readonly ChartBar[] | null;
  interval: Interval | null;
  instances: Map<string, IndicatorInstance>;
  layout: PaneLayout;
  /** Crosshair time, null when the pointer is off the bars. */
  hoverTime: number | null;
}

export function IndicatorLayer(props: IndicatorLayerProps) {
  const { indicators, bars, liveBar, interval, paneHeights, precision = 2 } = props;
  const chart = useChart();
  const { palette } = useChartTheme();
  const mainSeries = useMainSeries();
  const latest = useLatest({ props, mainSeries });
  const model = useRef<Model>({
    bars: new LiveBars(),
    loaded: null,
    interval: null,
    instances: new Map(),
    layout: { paneOf: new Map(), layoutPanes: [] },
    hoverTime: null,
  });
  const [legend, setLegend] = useState<{ rows: LegendRow[]; tops: number[] }>({
    rows: [],
    tops: [],
  });
  const [hovered, setHovered] = useState<string | undefined>(undefined);
  const rowElements = useRef(new Map<string, HTMLElement>());
  const frame = useRef<number | null>(null);
  const resizer = useRef<ResizeObserver | null>(null);
  const observed = useRef(new Set<Element>());
  const tops = useRef<{ dirty: boolean; value: number[] }>({ dirty: true, value: [] });
  const alive = useRef(true);

  const publish = (): void => {
    const m = model.current;
    const last = m.bars.times.length - 1;
    const at = m.hoverTime === null ? last : m.bars.indexOf(m.hoverTime);
    const index = at < 0 ? last : at;
    const { precision = 2 } = latest.current.props;
    const rows: LegendRow[] = [];
    for (const inst of m.instances.values()) {
      const { lay, values } = inst;
      const overlay = inst.entry?.placement === 'overlay';
      rows.push({
        instanceId: lay.instanceId,
        indicator: lay.id,
        pane: m.layout.paneOf.get(lay.instanceId) ?? 0,
        label: legendLabel(lay),
        visible: lay.visible,
        values:
          inst.entry?.placement === 'markers'
            ? patternLegendValues(values[index], inst.colorOf)
            : legendValues(
                values,
                index,
                inst.plots,
                inst.colorOf,
                overlay ? precision : undefined,
              ),
        points: inst.points,
        valuesJson: valuesJson(
          inst.entry?.placement === 'markers' ? (values[last] ?? []) : values[last],
          inst.entry?.outputs ?? [],
        ),
        error: inst.error,
      });
    }
    // Measuring forces a layout: only after something moved the panes, not on every tick.
    if (tops.current.dirty) {
      observePanes(chart.api, resizer.current, observed.current);
      tops.current = { dirty: false, value: readPaneTops(chart.api) };
    }
    setLegend({ rows, tops: tops.current.value });
  };

  const schedule = (panesMoved = false): void => {
    if (panesMoved) tops.current.dirty = true;
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      if (!chart.removed && alive.current) publish();
    });
  };

  // History, indicator list, parameters, colours, theme: reconcile what is drawn.
  useEffect(() => {
    const m = model.current;
    if (m.interval !== interval) {
      m.bars = new LiveBars();
      m.loaded = null;
      m.interval = interval;
    }
    const reload = m.loaded !== bars;
    if (reload) {
      m.bars.load(bars);
      m.loaded = bars;
    }
    const layout = paneLayout(indicators);
    m.layout = layout;
    const wanted = new Set(indicators.map((l) => l.instanceId));
    for (const [id, inst] of m.instances) {
      if (!wanted.has(id)) {
        inst.dispose();
        m.instances.delete(id);
      }
    }
    const next = new Map<string, IndicatorInstance>();
    for (const lay of indicators) {
      const style = { colors: lay.colors, visible: lay.visible, palette, precision };
      const pane = layout.paneOf.get(lay.instanceId) ?? 0;
      let inst = m.instances.get(lay.instanceId);
      if (inst && inst.key !== computeKey(lay)) {
        inst.dispose();
        inst = undefined;
      }
      if (!inst) {
        inst = new IndicatorInstance(chart.api, lay, pane, style, latest.current.mainSeries);
        inst.load(m.bars, interval);
      } else {
        if (reload) inst.load(m.bars, interval);
        inst.restyle(lay, style, m.bars, interval);
      }
      next.set(lay.instanceId, inst);
    }
    m.instances = next;
    arrangePanes(
      [...next.values()].map((thing) => ({
        thing,
        pane: layout.paneOf.get(thing.lay.instanceId) ?? 0,
      })),
    );
    applyStretch(chart.api, stretchFactors(layout, latest.current.props.paneHeights));
    schedule(true);
    // Pane sizes settle in the library's next frame: publish the legend's positions once more.
    requestAnimationFrame(() => schedule(true));
    // Reads the rest through refs; these are what change what is drawn.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chart, indicators, bars, interval, palette, precision]);

  useEffect(() => {
    applyStretch(chart.api, stretchFactors(model.current.layout, paneHeights));
    schedule(true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chart, paneHeights]);

  // A tick: one incremental step per indicator, never a recomputation.
  useEffect(() => {
    if (!liveBar) return;
    const m = model.current;
    const step = m.bars.step(liveBar);
    if (step.kind === 'ignore' || m.interval === null) return;
    for (const inst of m.instances.values()) inst.live(step, m.bars, m.interval);
    schedule();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [liveBar]);

  // Markers live on the main series, which a chart type switch re-creates.
  const attachedTo = useRef(mainSeries);
  useEffect(() => {
    if (attachedTo.current === mainSeries) return;
    attachedTo.current = mainSeries;
    for (const inst of model.current.instances.values()) inst.attachMarkers(mainSeries);
  }, [mainSeries]);

  useEffect(() => {
    const api = chart.api;
    const m = model.current;
    const onCrosshair = (param: MouseEventParams<Time>) => {
      const time = param.time === undefined ? null : Number(param.time);
      if (time === model.current.hoverTime) return;
      model.current.hoverTime = time;
      schedule();
    };
    // Separator drags change stretch factors inside the library, which has no event for them:
    // look once the pointer is released, and follow the panes while a button is held.
    const onRelease = () =>
      requestAnimationFrame(() => {
        if (chart.removed) return;
        const { paneHeights, onPaneHeightsChange } = latest.current.props;
        const changed = heightsFromStretch(model.current.layout, paneHeights, readStretch(api));
        if (changed) onPaneHeightsChange?.(changed);
        schedule(true);
      });
    const element = api.chartElement();
    const onMove = (event: PointerEvent) => {
      if (event.buttons !== 0) schedule(true);
      let over: string | undefined;
      for (const [id, row] of rowElements.current) {
        const r = row.getBoundingClientRect();
        const inside =
          event.clientX >= r.left &&
          event.clientX <= r.right &&
          event.clientY >= r.top &&
          event.clientY <= r.bottom;
        if (inside) over = id;
      }
      setHovered(over);
    };
    const onLeave = () => setHovered(undefined);
    alive.current = true;
    // The panes' sizes change on a chart resize, a separator drag or a pane added or removed.
    const resize =
      typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => schedule(true));
    resizer.current = resize;
    observed.current.clear();
    resize?.observe(element);
    api.subscribeCrosshairMove(onCrosshair);
    window.addEventListener('pointerup', onRelease, true);
    window.addEventListener('touchend', onRelease, true);
    element.addEventListener('pointermove', onMove);
    element.addEventListener('pointerleave', onLeave);
    return () => {
      alive.current = false;
      resize?.disconnect();
      window.removeEventListener('pointerup', onRelease, true);
      window.removeEventListener('touchend', onRelease, true);
      element.removeEventListener('pointermove', onMove);
      element.removeEventListener('pointerleave', onLeave);
      if (frame.current !== null) cancelAnimationFrame(frame.current);
      frame.current = null;
      if (chart.removed) return;
      api.unsubscribeCrosshairMove(onCrosshair);
      for (const inst of m.instances.values()) inst.dispose();
      m.instances.clear();
    };
    // Once per chart: the handlers read refs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chart]);

  return (
    <IndicatorLegend
      rows={legend.rows}
      tops={legend.tops}
      hovered={hovered}
      onToggleVisible={props.onToggleVisible}
      onEdit={props.onEdit}
      onRemove={props.onRemove}
      onAlert={props.onAlert}
      rowRef={(id, el) => {
        if (el) rowElements.current.set(id, el);
        else rowElements.current.delete(id);
      }}
    />
  );
}
