// What each kind of stream sends and when (web-socket-streams.md "Update Speed"):
//   kline       the forming bar every tickMs (Binance: 2000 ms), and each bar's close (x: true) as
//               soon as sim time passes it
//   trade       every trade, in real time (sent in batches every tradeTickMs of wall time)
//   aggTrade    every aggregate trade, likewise
//   miniTicker  24 h rolling statistics every tickerTickMs (Binance: 1000 ms); !miniTicker@arr is
//               the array of every symbol's
//   ticker, bookTicker, depth   see book-producers.ts
// A producer is shared by every connection listening to its stream: each payload is built and
// serialized once.
import { barOpenTime } from '@coinview/core/interval';
import type { SynthBook } from '../book/synth-book';
import type { MarketReplay } from '../replay/market-replay';
import type { SimClock } from '../replay/sim-clock';
import { type SimInterval, simBarOpenTime, simNextBarOpen } from '../replay/sim-interval';
import { tickerStats } from '../replay/ticker-stats';
import { tradesUntil } from '../replay/trade-tape';
import { bookTickerProducer, depthProducer, tickerProducer } from './book-producers';
import { aggTradeEvent, klineEvent, miniTickerEvent, tradeEvent } from './payloads';
import type { StreamSpec } from './stream-name';

export interface Producer {
  /** Wall time (Date.now() scale) at which the producer next has something to send. */
  nextWake(): number;
  /** The payloads (JSON) due at sim time `now`, oldest first. */
  produce(now: number, wallNow: number): string[];
}

export interface ProducerContext {
  replay: MarketReplay;
  book: SynthBook;
  clock: SimClock;
  tickMs: number;
  tradeTickMs: number;
  tickerTickMs: number;
}

/** After a stall (laptop asleep) send at most this many missed closes per kline stream … */
const MAX_KLINE_CATCH_UP = 1000;
/** … and only the trades of the last half hour of sim time. */
const MAX_TRADE_CATCH_UP_MS = 30 * 60_000;
const MIN = 60_000;

export function createProducer(spec: StreamSpec, ctx: ProducerContext): Producer {
  switch (spec.kind) {
    case 'kline':
      return klineProducer(spec.symbol, spec.interval, ctx);
    case 'trade':
    case 'aggTrade':
      return tradeProducer(spec.symbol, spec.kind === 'aggTrade', ctx);
    case 'miniTicker':
      return periodic(ctx.tickerTickMs, (now) => [
        JSON.stringify(miniTickerEvent(tickerStats(ctx.replay, spec.symbol, now), now)),
      ]);
    case 'ticker':
      return tickerProducer(spec.symbol, ctx);
    case 'bookTicker':
      return bookTickerProducer(spec.symbol, ctx);
    case 'depth':
      return depthProducer(spec.symbol, spec.levels, spec.everyMs, ctx);
    case 'allMiniTicker':
      return periodic(ctx.tickerTickMs, (now) => [
        JSON.stringify(
          ctx.replay.symbols.map((s) => miniTickerEvent(tickerStats(ctx.replay, s, now), now)),
        ),
      ]);
  }
}

function klineProducer(symbol: string, interval: SimInterval, ctx: ProducerContext): Producer {
  const { replay, clock, tickMs } = ctx;
  let lastOpen = simBarOpenTime(clock.now(), interval);
  let lastTick = Date.now();
  const send = (t: number, now: number) =>
    JSON.stringify(klineEvent(replay.bar(symbol, interval, t, now), now));
  return {
    nextWake: () =>
      Math.min(
        lastTick + tickMs,
        Date.now() + clock.wallDelayUntil(simNextBarOpen(lastOpen, interval)),
      ),
    produce(now, wallNow) {
      const out: string[] = [];
      const current = simBarOpenTime(now, interval);
      if (lastOpen < current) {
        let missed = 0;
        for (let t = lastOpen; t < current; t = simNextBarOpen(t, interval)) missed++;
        let t = lastOpen;
        for (let skip = missed - MAX_KLINE_CATCH_UP; skip > 0; skip--)
          t = simNextBarOpen(t, interval);
        for (; t < current; t = simNextBarOpen(t, interval)) out.push(send(t, now));
        lastOpen = current;
      }
      if (wallNow >= lastTick + tickMs) {
        lastTick = wallNow;
        out.push(send(current, now));
      }
      return out;
    },
  };
}

function tradeProducer(symbol: string, aggregated: boolean, ctx: ProducerContext): Producer {
  const { replay, clock, tradeTickMs } = ctx;
  let sentUntil = clock.now(); // trades at or before this sim time were sent (or predate the stream)
  let lastRun = Date.now();
  return {
    nextWake: () => lastRun + tradeTickMs,
    produce(now, wallNow) {
      lastRun = wallNow;
      const out: string[] = [];
      const after = Math.max(sentUntil, now - MAX_TRADE_CATCH_UP_MS);
      for (let open = barOpenTime(after + 1, '1m'); open <= now; open += MIN) {
        const bt = replay.tape(symbol, open);
        const from = tradesUntil(bt.tape, after - open);
        const to = tradesUntil(bt.tape, now - open);
        if (!aggregated) {
          for (let i = from; i < to; i++) out.push(JSON.stringify(tradeEvent(bt, i, now)));
          continue;
        }
        // A time boundary never splits an aggregate: its trades share one millisecond.
        for (let i = from; i < to;) {
          let last = i;
          while (last + 1 < to && bt.tape.aggIndex[last + 1] === bt.tape.aggIndex[i]) last++;
          out.push(JSON.stringify(aggTradeEvent(bt, i, last, now)));
          i = last + 1;
        }
      }
      sentUntil = Math.max(sentUntil, now);
      return out;
    },
  };
}

export function periodic(everyMs: number, build: (now: number) => string[]): Producer {
  let lastRun = Date.now();
  return {
    nextWake: () => lastRun + everyMs,
    produce(now, wallNow) {
      if (wallNow < lastRun + everyMs) return [];
      lastRun = wallNow;
      return build(now);
    },
  };
}
