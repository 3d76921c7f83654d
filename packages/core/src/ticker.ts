// 24-hour ticker statistics of a symbol (what the watchlist shows), and their compact form on the
// worker → web bus: topic `tickers`, one batch per NOTIFY, each ticker a positional row so that a
// busy second of ~2,000 Binance symbols fits in a few dozen notifications of < 8000 bytes.
import { z } from 'zod';
import type { MiniTickerEvent } from './binance';
import { decimalString, symbolSchema } from './candle';

export interface Ticker {
  symbol: string;
  /** Last price (decimal string, as the exchange sends it). */
  last: string;
  /** Price 24 h ago: the open of the rolling window. */
  open: string;
  high: string;
  low: string;
  /** 24 h volume in the quote asset (USDT for BTCUSDT). */
  quoteVolume: string;
  /** (last − open) / open × 100, rounded to 3 decimals; a float, for display only. */
  changePercent: number;
  /** When the exchange computed these numbers (epoch ms). */
  eventTime: number;
}

export const tickerSchema = z.object({
  symbol: symbolSchema,
  last: decimalString,
  open: decimalString,
  high: decimalString,
  low: decimalString,
  quoteVolume: decimalString,
  changePercent: z.number(),
  eventTime: z.number().int(),
});

export function changePercent(last: string, open: string): number {
  const o = Number(open);
  if (!(o > 0)) return 0;
  return Math.round(((Number(last) - o) / o) * 100_000) / 1000;
}

export function miniTickerToTicker(event: MiniTickerEvent): Ticker {
  return {
    symbol: event.s,
    last: event.c,
    open: event.o,
    high: event.h,
    low: event.l,
    quoteVolume: event.q,
    changePercent: changePercent(event.c, event.o),
    eventTime: event.E,
  };
}

/** Whether anything a trader sees differs (the event time alone does not count). */
export function tickerChanged(before: Ticker | undefined, after: Ticker): boolean {
  return (
    !before ||
    before.last !== after.last ||
    before.open !== after.open ||
    before.high !== after.high ||
    before.low !== after.low ||
    before.quoteVolume !== after.quoteVolume
  );
}

// ── Bus wire format ─────────────────────────────────────────────────────────────────────────

/** [symbol, last, open, high, low, quoteVolume, eventTime] */
const tickerRowSchema = z.tuple([
  symbolSchema,
  decimalString,
  decimalString,
  decimalString,
  decimalString,
  decimalString,
  z.number().int(),
]);

export type TickerRow = z.infer<typeof tickerRowSchema>;

export const tickerBatchSchema = z.object({ rows: z.array(tickerRowSchema) });

export type TickerBatch = z.infer<typeof tickerBatchSchema>;

/** Room left for the bus's own envelope (`{"t":"tickers","p":…}`) under Postgres's 8000 bytes. */
export const MAX_TICKER_BATCH_BYTES = 7500;

function toRow(t: Ticker): TickerRow {
  return [t.symbol, t.last, t.open, t.high, t.low, t.quoteVolume, t.eventTime];
}

/** Splits tickers into batches whose JSON stays within `maxBytes` (symbols and decimals are ASCII). */
export function encodeTickerBatches(
  tickers: readonly Ticker[],
  maxBytes = MAX_TICKER_BATCH_BYTES,
): TickerBatch[] {
  const empty = JSON.stringify({ rows: [] }).length;
  const batches: TickerBatch[] = [];
  let rows: TickerRow[] = [];
  let size = empty;
  for (const ticker of tickers) {
    const row = toRow(ticker);
    const bytes = JSON.stringify(row).length + 1; // + the comma
    if (rows.length > 0 && size + bytes > maxBytes) {
      batches.push({ rows });
      rows = [];
      size = empty;
    }
    rows.push(row);
    size += bytes;
  }
  if (rows.length > 0) batches.push({ rows });
  return batches;
}

/** The tickers of one bus payload; undefined when it is not a ticker batch. */
export function decodeTickerBatch(payload: unknown): Ticker[] | undefined {
  const parsed = tickerBatchSchema.safeParse(payload);
  if (!parsed.success) return undefined;
  return parsed.data.rows.map(([symbol, last, open, high, low, quoteVolume, eventTime]) => ({
    symbol,
    last,
    open,
    high,
    low,
    quoteVolume,
    changePercent: changePercent(last, open),
    eventTime,
  }));
}
