import { describe, expect, it } from 'vitest';
import { toChartBar } from './candle';
import { candlesToColumns, columnsToBars } from './chart-columns';

const candle = (openTime: number, close: string) => ({
  openTime,
  open: '65000.12000000',
  high: '65100.5',
  low: '64900.25',
  close,
  volume: '12.34567',
});

describe('chart columns', () => {
  it('packs candles column by column and unpacks them to the chart bars toChartBar gives', () => {
    const candles = [candle(1_700_000_040_000, '65050.75'), candle(1_700_000_100_000, '65060.01')];
    const cols = candlesToColumns(candles);
    expect(cols.time).toBeInstanceOf(Float64Array);
    expect([...cols.time]).toEqual([1_700_000_040, 1_700_000_100]);
    expect([...cols.close]).toEqual([65050.75, 65060.01]);
    expect(columnsToBars(cols)).toEqual(candles.map(toChartBar));
    expect(columnsToBars(candlesToColumns([]))).toEqual([]);
  });
});
