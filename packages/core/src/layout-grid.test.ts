import { describe, expect, it } from 'vitest';
import { defaultLayoutState, layoutStateSchema, type LayoutState } from './layout';
import { addIndicator, setChartType } from './layout-edit';
import {
  activeChart,
  chartAt,
  chartCount,
  editChart,
  setActiveChart,
  setChartMarket,
  setGrid,
  setSync,
  shownCharts,
} from './layout-grid';

const valid = (s: LayoutState) => layoutStateSchema.parse(s);

describe('layout grids', () => {
  it('reads a layout saved before grids as one chart', () => {
    const s = defaultLayoutState();
    expect(chartCount(s)).toBe(1);
    expect(activeChart(s)).toBe(0);
    expect(shownCharts(s)).toEqual([
      {
        symbol: 'BTCUSDT',
        interval: '1h',
        chartType: 'candles',
        priceScale: 'normal',
        indicators: [],
        paneHeights: [1],
      },
    ]);
  });

  it('adds charts that copy the active chart’s market and look, without its indicators', () => {
    let s = addIndicator(setChartType(defaultLayoutState(), 'bars'), 'rsi').state;
    s = setGrid(s, '4');
    valid(s);
    expect(chartCount(s)).toBe(4);
    const [first, ...others] = shownCharts(s);
    expect(first!.indicators).toHaveLength(1);
    for (const c of others) {
      expect(c).toMatchObject({ symbol: 'BTCUSDT', interval: '1h', chartType: 'bars' });
      expect(c.indicators).toEqual([]);
      expect(c.paneHeights).toEqual([1]);
    }
  });

  it('keeps charts beyond the grid for when it grows again, and clamps the active chart', () => {
    let s = setGrid(defaultLayoutState(), '4');
    s = setChartMarket(s, 3, { symbol: 'ETHUSDT' });
    s = setActiveChart(s, 3);
    s = setGrid(s, '2h');
    valid(s);
    expect(activeChart(s)).toBe(1);
    expect(shownCharts(s)).toHaveLength(2);
    s = setGrid(s, '4');
    expect(chartAt(s, 3).symbol).toBe('ETHUSDT');
    const single = setGrid(s, '1');
    valid(single);
    expect(single.active).toBeUndefined();
    expect(single.charts).toHaveLength(3);
  });

  it('edits one chart with the layout edits, leaving the others and the theme', () => {
    let s = setGrid({ ...defaultLayoutState(), theme: 'light' }, '2v');
    s = editChart(s, 1, (c) => addIndicator(c, 'macd').state);
    valid(s);
    expect(chartAt(s, 0).indicators).toEqual([]);
    expect(chartAt(s, 1).indicators.map((i) => i.id)).toEqual(['macd']);
    expect(chartAt(s, 1).paneHeights).toHaveLength(2);
    expect(s.theme).toBe('light');
  });

  it('moves only the chart changed unless symbol or interval sync is on', () => {
    let s = setGrid(defaultLayoutState(), '3');
    s = setChartMarket(s, 1, { symbol: 'ETHUSDT', interval: '4h' });
    expect(shownCharts(s).map((c) => `${c.symbol} ${c.interval}`)).toEqual([
      'BTCUSDT 1h',
      'ETHUSDT 4h',
      'BTCUSDT 1h',
    ]);
    s = setSync(s, 'interval', true);
    s = setChartMarket(s, 2, { interval: '1d', symbol: 'SOLUSDT' });
    expect(shownCharts(s).map((c) => `${c.symbol} ${c.interval}`)).toEqual([
      'BTCUSDT 1d',
      'ETHUSDT 1d',
      'SOLUSDT 1d',
    ]);
    valid(s);
  });

  it('turning symbol sync on gives every chart shown the active chart’s symbol', () => {
    let s = setGrid(defaultLayoutState(), '4');
    s = setChartMarket(s, 2, { symbol: 'ETHUSDT', interval: '15m' });
    s = setActiveChart(s, 2);
    s = setSync(s, 'symbol', true);
    expect(shownCharts(s).map((c) => `${c.symbol} ${c.interval}`)).toEqual([
      'ETHUSDT 1h',
      'ETHUSDT 1h',
      'ETHUSDT 15m',
      'ETHUSDT 1h',
    ]);
    expect(s.sync).toEqual({ symbol: true, interval: false, crosshair: true, time: false });
  });

  it('refuses an active chart that is not shown and a grid without its charts', () => {
    const s = setGrid(defaultLayoutState(), '2h');
    expect(() => setActiveChart(s, 2)).toThrow('This layout shows 2 charts');
    expect(layoutStateSchema.safeParse({ ...s, active: 3 }).success).toBe(false);
    const broken = layoutStateSchema.safeParse({ ...s, grid: '4' });
    expect(broken.success).toBe(false);
    expect(broken.error?.issues[0]?.message).toBe('a 4 grid needs 4 charts');
  });

  it('checks every chart’s indicators against the catalogue', () => {
    const s = setGrid(defaultLayoutState(), '2h');
    const bad = {
      ...s,
      charts: [
        {
          ...chartAt(s, 1),
          indicators: [
            {
              id: 'rsi',
              instanceId: 'r',
              params: { period: -3 },
              colors: {},
              visible: true,
              pane: 1,
            },
          ],
        },
      ],
    };
    const result = layoutStateSchema.safeParse(bad);
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('charts.0.indicators.0.params.period');
    expect(paths).toContain('charts.0.indicators.0.pane');
  });
});
