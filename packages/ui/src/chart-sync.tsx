'use client';
// Charts of one layout following each other, as TradingView's sync options do: the crosshair
// (moved by the pointer on one chart, shown at the same time on the others, on the bar of each
// chart's own interval that holds that time) and the visible time range (scrolled or zoomed on one
// chart, the others show the same span). A ChartSyncGroup is shared by the charts; each chart joins
// it with a <ChartSyncLink> among its children. Only pointer-driven crosshair moves and range
// changes of the chart the trader is using are passed on, so the charts never echo each other.
import type { IChartApi, ISeriesApi, MouseEventParams, SeriesType, Time } from 'lightweight-charts';
import { useEffect } from 'react';
import { useClearHover } from './candle-chart';
import { useMainSeries } from './candle-series';
import { useChart } from './chart';
import { closeOf } from './main-series';
import { useLatest } from './use-latest';

interface Member {
  api: IChartApi;
  series: ISeriesApi<SeriesType>;
  options: () => { crosshair: boolean; time: boolean };
  /** The crosshair was removed by code: the legend goes back to the last bar. */
  cleared: () => void;
}

export class ChartSyncGroup {
  private readonly members = new Map<string, Member>();
  /** The chart the pointer was last on: the only one whose range changes are passed on. */
  private driver: string | null = null;

  join(id: string, member: Member): () => void {
    this.members.set(id, member);
    return () => {
      if (this.members.get(id) === member) this.members.delete(id);
      if (this.driver === id) this.driver = null;
    };
  }

  drive(id: string): void {
    this.driver = id;
  }

  /** The pointer's crosshair on chart `from` is at `time` (UTC seconds), or left the chart. */
  crosshair(from: string, time: number | undefined): void {
    if (!this.members.get(from)?.options().crosshair) return;
    for (const [id, m] of this.members) {
      if (id === from || !m.options().crosshair) continue;
      const at = time === undefined ? null : barAtOrBefore(m, time);
      if (at) {
        m.api.setCrosshairPosition(at.price, at.time as Time, m.series);
      } else {
        m.api.clearCrosshairPosition();
        m.cleared();
      }
    }
  }

  /** Chart `from` now shows [from, to] (UTC seconds). */
  range(fromId: string, range: { from: number; to: number }): void {
    if (this.driver !== fromId || !this.members.get(fromId)?.options().time) return;
    for (const [id, m] of this.members) {
      if (id === fromId || !m.options().time) continue;
      try {
        m.api.timeScale().setVisibleRange({ from: range.from as Time, to: range.to as Time });
      } catch {
        // A chart without bars yet has no time scale to set; it follows on the next change.
      }
    }
  }
}

/** The bar of the member's series that holds `time`: its open time and close. */
function barAtOrBefore(m: Member, time: number): { time: number; price: number } | null {
  const index = m.api.timeScale().timeToIndex(time as Time, true);
  if (index === null) return null;
  for (let i = index; i >= Math.max(0, index - 1); i--) {
    const point = m.series.dataByIndex(i);
    const price = closeOf(point);
    if (point && price !== undefined && Number(point.time) <= time)
      return { time: Number(point.time), price };
  }
  return null;
}

/** Joins the chart it is rendered in to `group`; crosshair and time say what it shares. */
export function ChartSyncLink(props: {
  group: ChartSyncGroup;
  id: string;
  crosshair: boolean;
  time: boolean;
}) {
  const chart = useChart();
  const series = useMainSeries();
  const options = useLatest({ crosshair: props.crosshair, time: props.time });
  const clearHover = useClearHover();
  const { group, id } = props;

  useEffect(() => {
    if (!series) return;
    const api = chart.api;
    const leave = group.join(id, {
      api,
      series,
      options: () => options.current,
      cleared: clearHover,
    });
    const onCrosshair = (param: MouseEventParams<Time>) => {
      // Positions set by the group carry no pointer event: not passed on again.
      if (!param.sourceEvent) return;
      group.crosshair(id, param.time === undefined ? undefined : Number(param.time));
    };
    const onRange = (range: { from: Time; to: Time } | null) => {
      if (range) group.range(id, { from: Number(range.from), to: Number(range.to) });
    };
    const element = api.chartElement();
    const drive = () => group.drive(id);
    const left = () => group.crosshair(id, undefined);
    api.subscribeCrosshairMove(onCrosshair);
    api.timeScale().subscribeVisibleTimeRangeChange(onRange);
    element.addEventListener('pointerdown', drive, true);
    element.addEventListener('pointerenter', drive);
    element.addEventListener('wheel', drive, { capture: true, passive: true });
    element.addEventListener('pointerleave', left);
    return () => {
      leave();
      element.removeEventListener('pointerdown', drive, true);
      element.removeEventListener('pointerenter', drive);
      element.removeEventListener('wheel', drive, { capture: true });
      element.removeEventListener('pointerleave', left);
      if (chart.removed) return;
      api.unsubscribeCrosshairMove(onCrosshair);
      api.timeScale().unsubscribeVisibleTimeRangeChange(onRange);
    };
  }, [chart, series, group, id, options, clearHover]);

  return null;
}
