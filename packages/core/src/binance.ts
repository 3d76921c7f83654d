// Binance spot payloads (web-socket-streams.md and rest-api.md), validated with zod, and their
// conversion into our Candle. Everything arriving from an exchange goes through these schemas.
import { z } from 'zod';
import { type Candle, decimalString } from './candle';
import { type Interval, intervalSchema } from './interval';

/** `<symbol>@kline_<interval>` payload. */
export const klineEventSchema = z.object({
  e: z.literal('kline'),
  E: z.number().int(),
  s: z.string(),
  k: z.object({
    t: z.number().int(),
    T: z.number().int(),
    s: z.string(),
    i: intervalSchema,
    f: z.number().int(),
    L: z.number().int(),
    o: decimalString,
    c: decimalString,
    h: decimalString,
    l: decimalString,
    v: decimalString,
    n: z.number().int().nonnegative(),
    x: z.boolean(),
    q: decimalString,
    V: decimalString,
    Q: decimalString,
    B: z.string().optional(),
  }),
});

export type KlineEvent = z.infer<typeof klineEventSchema>;

/** Frame of a combined stream: `/stream?streams=a/b` wraps each payload. */
export const combinedFrameSchema = z.object({ stream: z.string(), data: z.unknown() });

/** Reply to SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS. */
export const subscriptionReplySchema = z.object({
  id: z.union([z.number(), z.string(), z.null()]),
  result: z.unknown().optional(),
  error: z.object({ code: z.number(), msg: z.string() }).optional(),
});

/** One row of `GET /api/v3/klines`. */
export const restKlineSchema = z.tuple([
  z.number().int(), // open time
  decimalString, // open
  decimalString, // high
  decimalString, // low
  decimalString, // close
  decimalString, // volume
  z.number().int(), // close time
  decimalString, // quote asset volume
  z.number().int(), // number of trades
  decimalString, // taker buy base asset volume
  decimalString, // taker buy quote asset volume
  z.string(), // unused field
]);

export type RestKline = z.infer<typeof restKlineSchema>;

export const restKlinesSchema = z.array(restKlineSchema);

export function klineEventToCandle(event: KlineEvent): Candle {
  const k = event.k;
  return {
    symbol: k.s,
    interval: k.i,
    openTime: k.t,
    closeTime: k.T,
    open: k.o,
    high: k.h,
    low: k.l,
    close: k.c,
    volume: k.v,
    quoteVolume: k.q,
    trades: k.n,
    takerBuyBaseVolume: k.V,
    takerBuyQuoteVolume: k.Q,
    closed: k.x,
  };
}

export function restKlineToCandle(
  symbol: string,
  interval: Interval,
  row: RestKline,
  now: number,
): Candle {
  return {
    symbol,
    interval,
    openTime: row[0],
    open: row[1],
    high: row[2],
    low: row[3],
    close: row[4],
    volume: row[5],
    closeTime: row[6],
    quoteVolume: row[7],
    trades: row[8],
    takerBuyBaseVolume: row[9],
    takerBuyQuoteVolume: row[10],
    closed: row[6] < now,
  };
}

/** Any candle-shaped bar (the exchange-sim also serves `1s`, outside the product's intervals). */
export function candleToRestKline(c: Omit<Candle, 'interval'>): RestKline {
  return [
    c.openTime,
    c.open,
    c.high,
    c.low,
    c.close,
    c.volume,
    c.closeTime,
    c.quoteVolume,
    c.trades,
    c.takerBuyBaseVolume,
    c.takerBuyQuoteVolume,
    '0',
  ];
}

export function candleToKlineEvent(c: Candle, eventTime: number): KlineEvent {
  return {
    e: 'kline',
    E: eventTime,
    s: c.symbol,
    k: {
      t: c.openTime,
      T: c.closeTime,
      s: c.symbol,
      i: c.interval,
      f: -1,
      L: -1,
      o: c.open,
      c: c.close,
      h: c.high,
      l: c.low,
      v: c.volume,
      n: c.trades,
      x: c.closed,
      q: c.quoteVolume,
      V: c.takerBuyBaseVolume,
      Q: c.takerBuyQuoteVolume,
      B: '0',
    },
  };
}

/** Stream name as Binance spells it: lowercase symbol. */
export function klineStreamName(symbol: string, interval: Interval): string {
  return `${symbol.toLowerCase()}@kline_${interval}`;
}

/** `<symbol>@miniTicker` payload, and each element of `!miniTicker@arr`: 24 h rolling statistics. */
export const miniTickerEventSchema = z.object({
  e: z.literal('24hrMiniTicker'),
  E: z.number().int(),
  s: z.string(),
  c: decimalString,
  o: decimalString,
  h: decimalString,
  l: decimalString,
  v: decimalString,
  q: decimalString,
});

export type MiniTickerEvent = z.infer<typeof miniTickerEventSchema>;
