import type { IChartApi, ISeriesApi, SeriesType } from 'lightweight-charts';
import { describe, expect, it } from 'vitest';
import { ChartSyncGroup } from './chart-sync';

/** A chart of hourly (or `step`-second) bars starting at t0, recording what the group asks of it. */
function fakeChart(t0: number, step: number, count: number) {
  const bars = Array.from({ length: count }, (_, i) => ({ time: t0 + i * step, close: 100 + i }));
  const calls: string[] = [];
  const api = {
    timeScale: () => ({
      timeToIndex: (time: number) => {
        if (time < t0) return 0;
        return Math.min(count - 1, Math.round((time - t0) / step));
      },
      setVisibleRange: (r: { from: number; to: number }) => calls.push(`range ${r.from}-${r.to}`),
    }),
    setCrosshairPosition: (price: number, time: number) => calls.push(`cross ${time} @${price}`),
    clearCrosshairPosition: () => calls.push('clear'),
  } as unknown as IChartApi;
  const series = {
    dataByIndex: (i: number) => bars[i],
  } as unknown as ISeriesApi<SeriesType>;
  return { api, series, calls };
}

const on = { crosshair: true, time: true };

describe('ChartSyncGroup', () => {
  it('puts the other charts’ crosshair on their bar holding the time, and clears it on leave', () => {
    const group = new ChartSyncGroup();
    const hourly = fakeChart(0, 3600, 100);
    const fourHourly = fakeChart(0, 14_400, 100);
    let cleared = 0;
    group.join('a', { ...hourly, options: () => on, cleared: () => undefined });
    group.join('b', { ...fourHourly, options: () => on, cleared: () => cleared++ });
    // 05:00 and 07:00 on the hourly chart are inside the 04:00 bar of the 4h chart (for 07:00 the
    // nearest bar is 08:00, after the time: the bar before it holds it).
    group.crosshair('a', 5 * 3600);
    group.crosshair('a', 7 * 3600);
    expect(fourHourly.calls).toEqual([`cross ${4 * 3600} @101`, `cross ${4 * 3600} @101`]);
    expect(hourly.calls).toEqual([]);
    group.crosshair('a', undefined);
    expect(fourHourly.calls.at(-1)).toBe('clear');
    expect(cleared).toBe(1);
  });

  it('passes the time range on only from the chart the trader is using, to charts syncing time', () => {
    const group = new ChartSyncGroup();
    const a = fakeChart(0, 60, 10);
    const b = fakeChart(0, 60, 10);
    const c = fakeChart(0, 60, 10);
    group.join('a', { ...a, options: () => on, cleared: () => undefined });
    group.join('b', { ...b, options: () => on, cleared: () => undefined });
    group.join('c', { ...c, options: () => ({ crosshair: true, time: false }), cleared: () => 0 });
    // No chart driven yet (a range change from loading data): nothing passed on.
    group.range('a', { from: 60, to: 300 });
    expect(b.calls).toEqual([]);
    group.drive('a');
    group.range('a', { from: 60, to: 300 });
    // The charts it moves report their own change back: not passed on (they are not driven).
    group.range('b', { from: 60, to: 300 });
    expect(b.calls).toEqual(['range 60-300']);
    expect(a.calls).toEqual([]);
    expect(c.calls).toEqual([]);
  });

  it('does nothing for a chart whose crosshair sync is off, and forgets charts that leave', () => {
    const group = new ChartSyncGroup();
    const a = fakeChart(0, 60, 10);
    const b = fakeChart(0, 60, 10);
    const leaveB = group.join('b', { ...b, options: () => on, cleared: () => undefined });
    group.join('a', { ...a, options: () => ({ crosshair: false, time: false }), cleared: () => 0 });
    group.crosshair('a', 120);
    expect(b.calls).toEqual([]);
    leaveB();
    group.crosshair('b', 120);
    expect(a.calls).toEqual([]);
  });
});
