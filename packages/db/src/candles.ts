// Closed candles in Postgres. Prices and volumes travel as decimal strings both ways (never
// floats); the database keeps numeric(30,8), so a candle read back carries exactly 8 decimals,
// the way Binance's REST API formats them ("112731.29" is returned as "112731.29000000").
// Times are epoch milliseconds.
import type { Candle } from '@coinview/core/candle';
import type { Interval } from '@coinview/core/interval';
import { type Db, Prisma } from './client';

/**
 * What an upsert does when the bar is already stored: take the new values, but only touch the row
 * (and count it as written) when something actually changed. Shared by every write path.
 */
export const CANDLE_CONFLICT_UPDATE = `ON CONFLICT ("symbol", "interval", "openTime") DO UPDATE SET
      "closeTime" = EXCLUDED."closeTime", "open" = EXCLUDED."open", "high" = EXCLUDED."high",
      "low" = EXCLUDED."low", "close" = EXCLUDED."close", "volume" = EXCLUDED."volume",
      "quoteVolume" = EXCLUDED."quoteVolume", "trades" = EXCLUDED."trades",
      "takerBuyBaseVolume" = EXCLUDED."takerBuyBaseVolume",
      "takerBuyQuoteVolume" = EXCLUDED."takerBuyQuoteVolume", "updatedAt" = now()
    WHERE (c."closeTime", c."open", c."high", c."low", c."close", c."volume", c."quoteVolume", c."trades",
           c."takerBuyBaseVolume", c."takerBuyQuoteVolume")
      IS DISTINCT FROM
          (EXCLUDED."closeTime", EXCLUDED."open", EXCLUDED."high", EXCLUDED."low", EXCLUDED."close",
           EXCLUDED."volume", EXCLUDED."quoteVolume", EXCLUDED."trades",
           EXCLUDED."takerBuyBaseVolume", EXCLUDED."takerBuyQuoteVolume")`;

/** Upsert chunks: one statement each, keeping the bind arrays a manageable size. */
const CHUNK = 5_000;

/**
 * Inserts or updates closed candles, keyed by (symbol, interval, openTime), in one multi-row
 * statement per 5,000 candles. Returns how many rows were inserted or changed (re-sending an
 * identical candle counts 0). A batch holding the same bar twice keeps the last one.
 */
export async function upsertCandles(db: Db, candles: readonly Candle[]): Promise<number> {
  const forming = candles.find((candle) => !candle.closed);
  if (forming) {
    throw new RangeError(
      `upsertCandles stores closed candles only; got a forming ${forming.symbol} ${forming.interval} bar at ${forming.openTime}`,
    );
  }
  const unique = [
    ...new Map(candles.map((c) => [`${c.symbol}|${c.interval}|${c.openTime}`, c])).values(),
  ];
  let written = 0;
  for (let start = 0; start < unique.length; start += CHUNK) {
    written += await upsertChunk(db, unique.slice(start, start + CHUNK));
  }
  return written;
}

async function upsertChunk(db: Db, rows: Candle[]): Promise<number> {
  const col = <T>(pick: (c: Candle) => T): T[] => rows.map(pick);
  // Times go in as integer milliseconds and become timestamps by exact integer arithmetic.
  return db.$executeRaw`
    INSERT INTO "Candle" AS c (
      "symbol", "interval", "openTime", "closeTime", "open", "high", "low", "close", "volume",
      "quoteVolume", "trades", "takerBuyBaseVolume", "takerBuyQuoteVolume", "updatedAt")
    SELECT s, i, 'epoch'::timestamptz + ot * interval '1 millisecond',
           'epoch'::timestamptz + ct * interval '1 millisecond',
           o, h, l, cl, v, qv, n, tbb, tbq, now()
    FROM unnest(
      ${col((c) => c.symbol)}::text[], ${col((c) => c.interval)}::text[],
      ${col((c) => String(c.openTime))}::bigint[], ${col((c) => String(c.closeTime))}::bigint[],
      ${col((c) => c.open)}::numeric[], ${col((c) => c.high)}::numeric[], ${col((c) => c.low)}::numeric[],
      ${col((c) => c.close)}::numeric[], ${col((c) => c.volume)}::numeric[], ${col((c) => c.quoteVolume)}::numeric[],
      ${col((c) => c.trades)}::int[], ${col((c) => c.takerBuyBaseVolume)}::numeric[],
      ${col((c) => c.takerBuyQuoteVolume)}::numeric[]
    ) AS t(s, i, ot, ct, o, h, l, cl, v, qv, n, tbb, tbq)
    ${Prisma.raw(CANDLE_CONFLICT_UPDATE)}`;
}

export interface ListCandlesQuery {
  symbol: string;
  interval: Interval;
  /** Only bars that open strictly before this time (ms); default: up to the newest. */
  before?: number;
  /** At most this many bars: the newest ones before `before`. */
  limit: number;
}

interface CandleRowText {
  open_time: string;
  close_time: string;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  quote_volume: string;
  trades: number;
  taker_buy_base_volume: string;
  taker_buy_quote_volume: string;
}

/** The newest `limit` closed candles before `before`, returned oldest first. */
export async function listCandles(db: Db, query: ListCandlesQuery): Promise<Candle[]> {
  const limit = Math.max(0, Math.floor(query.limit));
  if (limit === 0) return [];
  const before = query.before ?? Number.MAX_SAFE_INTEGER;
  const rows = await db.$queryRaw<CandleRowText[]>`
    SELECT (extract(epoch FROM "openTime") * 1000)::bigint::text AS open_time,
           (extract(epoch FROM "closeTime") * 1000)::bigint::text AS close_time,
           "open"::text AS open, "high"::text AS high, "low"::text AS low, "close"::text AS close,
           "volume"::text AS volume, "quoteVolume"::text AS quote_volume, "trades" AS trades,
           "takerBuyBaseVolume"::text AS taker_buy_base_volume,
           "takerBuyQuoteVolume"::text AS taker_buy_quote_volume
    FROM "Candle"
    WHERE "symbol" = ${query.symbol} AND "interval" = ${query.interval}
      AND "openTime" < 'epoch'::timestamptz + ${String(before)}::bigint * interval '1 millisecond'
    ORDER BY "openTime" DESC
    LIMIT ${limit}`;
  return rows.reverse().map((row) => ({
    symbol: query.symbol,
    interval: query.interval,
    openTime: Number(row.open_time),
    closeTime: Number(row.close_time),
    open: row.open,
    high: row.high,
    low: row.low,
    close: row.close,
    volume: row.volume,
    quoteVolume: row.quote_volume,
    trades: row.trades,
    takerBuyBaseVolume: row.taker_buy_base_volume,
    takerBuyQuoteVolume: row.taker_buy_quote_volume,
    closed: true,
  }));
}

/** Open time (ms) of the newest stored candle of the market; undefined when there is none. */
export async function lastCandleOpenTime(
  db: Db,
  symbol: string,
  interval: Interval,
): Promise<number | undefined> {
  const rows = await db.$queryRaw<{ open_time: string | null }[]>`
    SELECT (extract(epoch FROM max("openTime")) * 1000)::bigint::text AS open_time
    FROM "Candle" WHERE "symbol" = ${symbol} AND "interval" = ${interval}`;
  const value = rows[0]?.open_time;
  return value === null || value === undefined ? undefined : Number(value);
}
