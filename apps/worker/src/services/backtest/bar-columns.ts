// Candles as six float columns in SharedArrayBuffers: loaded once from Postgres in the worker's
// main thread, then handed to any number of engine threads without a copy (a year of 1m bars is
// ~25 MB as columns, several times that as objects, and structured-cloning it per sweep part
// would cost more than the part).
import type { ChartBar } from '@coinview/core/candle';

export interface BarColumns {
  /** s, bar open times (ChartBar.time). */
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

const FIELDS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

export function toBarColumns(bars: readonly ChartBar[]): BarColumns {
  const shared = () => new Float64Array(new SharedArrayBuffer(bars.length * 8));
  const cols = Object.fromEntries(FIELDS.map((f) => [f, shared()])) as unknown as BarColumns;
  bars.forEach((bar, i) => {
    for (const f of FIELDS) cols[f][i] = bar[f];
  });
  return cols;
}

export function fromBarColumns(cols: BarColumns): ChartBar[] {
  const bars = new Array<ChartBar>(cols.time.length);
  for (let i = 0; i < bars.length; i++)
    bars[i] = {
      time: cols.time[i]!,
      open: cols.open[i]!,
      high: cols.high[i]!,
      low: cols.low[i]!,
      close: cols.close[i]!,
      volume: cols.volume[i]!,
    };
  return bars;
}
