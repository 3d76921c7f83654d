// Streams built on the synthesised book (book/synth-book.ts), as web-socket-streams.md describes:
//   <symbol>@depth[@100ms]            diff depth: {e: "depthUpdate", E, s, U, u, b, a} every 1000 or
//                                     100 ms when the book changed. U is the previous event's u + 1,
//                                     so a client syncs a local book from a /api/v3/depth snapshot.
//   <symbol>@depth<5|10|20>[@100ms]   partial book depth: {lastUpdateId, bids, asks} every 1000/100 ms
//   <symbol>@bookTicker               {u, s, b, B, a, A} when the best bid or ask changed (Binance
//                                     sends each change; the sim sends the latest one every
//                                     tradeTickMs, so a fast replay does not flood the client)
//   <symbol>@ticker                   24hrTicker every tickerTickMs (Binance: 1000 ms)
import type { BookState } from '../book/synth-book';
import { fullTicker } from '../rest/ticker-24hr';
import { tickerStats } from '../replay/ticker-stats';
import { type Producer, type ProducerContext, periodic } from './producers';

export function depthProducer(
  symbol: string,
  levels: 5 | 10 | 20 | undefined,
  everyMs: number,
  ctx: ProducerContext,
): Producer {
  const { book } = ctx;
  if (levels !== undefined) {
    return periodic(everyMs, (now) => {
      const state = book.state(symbol, now);
      return [
        JSON.stringify({
          lastUpdateId: state.updateId,
          bids: book.levelsOf(state, 'bids', levels),
          asks: book.levelsOf(state, 'asks', levels),
        }),
      ];
    });
  }
  // The book as of the last event sent (or the subscription): the next diff starts after it.
  let sent: BookState = book.state(symbol, ctx.clock.now());
  return periodic(everyMs, (now) => {
    const next = book.state(symbol, now);
    if (next.updateId <= sent.updateId) return [];
    const diff = book.diff(sent, next);
    const event = {
      e: 'depthUpdate',
      E: now,
      s: symbol,
      U: sent.updateId + 1,
      u: next.updateId,
      b: diff.bids,
      a: diff.asks,
    };
    sent = next;
    return [JSON.stringify(event)];
  });
}

export function bookTickerProducer(symbol: string, ctx: ProducerContext): Producer {
  const { book } = ctx;
  let sentId = -1;
  return periodic(ctx.tradeTickMs, (now) => {
    const state = book.state(symbol, now);
    if (state.updateId === sentId) return [];
    sentId = state.updateId;
    const top = book.topOf(state);
    return [
      JSON.stringify({
        u: state.updateId,
        s: symbol,
        b: top.bidPrice,
        B: top.bidQty,
        a: top.askPrice,
        A: top.askQty,
      }),
    ];
  });
}

export function tickerProducer(symbol: string, ctx: ProducerContext): Producer {
  return periodic(ctx.tickerTickMs, (now) => {
    const stats = tickerStats(ctx.replay, symbol, now);
    const t = fullTicker(stats, ctx.book.topOf(ctx.book.state(symbol, now)));
    return [
      JSON.stringify({
        e: '24hrTicker',
        E: now,
        s: symbol,
        p: t.priceChange,
        P: t.priceChangePercent,
        w: t.weightedAvgPrice,
        x: t.prevClosePrice,
        c: t.lastPrice,
        Q: t.lastQty,
        b: t.bidPrice,
        B: t.bidQty,
        a: t.askPrice,
        A: t.askQty,
        o: t.openPrice,
        h: t.highPrice,
        l: t.lowPrice,
        v: t.volume,
        q: t.quoteVolume,
        O: t.openTime,
        C: t.closeTime,
        F: t.firstId,
        L: t.lastId,
        n: t.count,
      }),
    ];
  });
}
