// A candle as the product passes it around: exact decimal strings for prices and volumes (money
// stays decimal, see DESIGN.md), epoch milliseconds for times as Binance sends them.
import { z } from 'zod';
import { type Interval, intervalSchema } from './interval';

export const decimalString = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/, 'expected a decimal number as a string');

/** Binance's "108589.36000000" as a trader writes it: "108589.36" (exact: only zeros are dropped). */
export function trimDecimal(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}

export const symbolSchema = z
  .string()
  .regex(/^[A-Z0-9]{2,20}$/, 'a Binance symbol such as BTCUSDT');

export const candleSchema = z.object({
  symbol: symbolSchema,
  interval: intervalSchema,
  openTime: z.number().int(),
  closeTime: z.number().int(),
  open: decimalString,
  high: decimalString,
  low: decimalString,
  close: decimalString,
  volume: decimalString,
  quoteVolume: decimalString,
  trades: z.number().int().nonnegative(),
  takerBuyBaseVolume: decimalString,
  takerBuyQuoteVolume: decimalString,
  /** false while the bar is still forming */
  closed: z.boolean(),
});

export type Candle = z.infer<typeof candleSchema>;

/** What the chart draws: UTC epoch seconds and floats (drawing only, never money math). */
export interface ChartBar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export function toChartBar(
  candle: Pick<Candle, 'openTime' | 'open' | 'high' | 'low' | 'close' | 'volume'>,
): ChartBar {
  return {
    time: Math.floor(candle.openTime / 1000),
    open: Number(candle.open),
    high: Number(candle.high),
    low: Number(candle.low),
    close: Number(candle.close),
    volume: Number(candle.volume),
  };
}

/** Key that identifies a bar: one row in the candles table. */
export function candleKey(c: { symbol: string; interval: Interval; openTime: number }): string {
  return `${c.symbol}:${c.interval}:${c.openTime}`;
}
