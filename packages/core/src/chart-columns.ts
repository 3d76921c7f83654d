// Chart bars packed column by column in typed arrays: how history travels from the server to the
// chart. superjson (tRPC's transformer) walks every value of plain arrays and objects, which for
// thousands of bars costs many times the JSON itself; a typed array is one value to it. Floats, as
// ChartBar: for drawing only, never for money.
import type { Candle, ChartBar } from './candle';

export interface ChartColumns {
  /** Bar open times, UTC epoch seconds, oldest first. */
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

type CandleFields = Pick<Candle, 'openTime' | 'open' | 'high' | 'low' | 'close' | 'volume'>;

export function candlesToColumns(candles: readonly CandleFields[]): ChartColumns {
  const n = candles.length;
  const cols: ChartColumns = {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const c = candles[i]!;
    cols.time[i] = Math.floor(c.openTime / 1000);
    cols.open[i] = Number(c.open);
    cols.high[i] = Number(c.high);
    cols.low[i] = Number(c.low);
    cols.close[i] = Number(c.close);
    cols.volume[i] = Number(c.volume);
  }
  return cols;
}

export function columnsToBars(cols: ChartColumns): ChartBar[] {
  const bars = new Array<ChartBar>(cols.time.length);
  for (let i = 0; i < cols.time.length; i++) {
    bars[i] = {
      time: cols.time[i]!,
      open: cols.open[i]!,
      high: cols.high[i]!,
      low: cols.low[i]!,
      close: cols.close[i]!,
      volume: cols.volume[i]!,
    };
  }
  return bars;
}
