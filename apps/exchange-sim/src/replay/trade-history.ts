// Past trades and aggregate trades of the replayed tape, for `GET /api/v3/trades` and
// `GET /api/v3/aggTrades`: walks the 1m tapes backwards from now or forwards from a time or an id,
// never past what has been printed by sim time `now`.
import { barOpenTime } from '@coinview/core/interval';
import type { BarTape, MarketReplay } from './market-replay';
import { tradesUntil } from './trade-tape';

const MIN = 60_000;

/** Trades [first, last] of a tape that form one aggregate trade. */
export interface AggregateRange {
  bar: BarTape;
  first: number;
  last: number;
}

/** Trades of the tape printed by `now` (all of them for a closed bar). */
function printed(bt: BarTape, now: number): number {
  return now >= bt.openTime + MIN ? bt.tape.count : tradesUntil(bt.tape, now - bt.openTime);
}

/** The aggregates among trades [0, count) of a tape, oldest first. */
function aggregates(bt: BarTape, count: number): AggregateRange[] {
  const out: AggregateRange[] = [];
  for (let i = 0; i < count;) {
    let last = i;
    while (last + 1 < count && bt.tape.aggIndex[last + 1] === bt.tape.aggIndex[i]) last++;
    out.push({ bar: bt, first: i, last });
    i = last + 1;
  }
  return out;
}

/** The last `limit` trades printed by `now`, oldest first, as (tape, index) pairs. */
export function recentTrades(
  replay: MarketReplay,
  symbol: string,
  now: number,
  limit: number,
): { bar: BarTape; index: number }[] {
  const out: { bar: BarTape; index: number }[] = [];
  // Bounded: a day of empty minutes would end the walk.
  for (let open = barOpenTime(now, '1m'), empty = 0; out.length < limit && empty < 1440;) {
    const bt = replay.tape(symbol, open);
    const count = printed(bt, now);
    empty = count === 0 ? empty + 1 : 0;
    for (let i = count - 1; i >= 0 && out.length < limit; i--) out.push({ bar: bt, index: i });
    open -= MIN;
  }
  return out.reverse();
}

export interface AggTradeQuery {
  fromId?: number;
  startTime?: number;
  endTime?: number;
  limit: number;
}

/**
 * Binance's aggTrades selection: from `fromId` on; or within [startTime, endTime]; or the newest
 * `limit` (at or before endTime when only that is given). Oldest first, at most `limit`.
 */
export function aggTradesQuery(
  replay: MarketReplay,
  symbol: string,
  q: AggTradeQuery,
  now: number,
): AggregateRange[] {
  const until = Math.min(now, q.endTime ?? now);
  if (q.fromId === undefined && q.startTime === undefined) {
    const out: AggregateRange[] = [];
    for (let open = barOpenTime(until, '1m'), empty = 0; out.length < q.limit && empty < 1440;) {
      const bt = replay.tape(symbol, open);
      const all = aggregates(bt, printed(bt, until));
      empty = all.length === 0 ? empty + 1 : 0;
      out.push(...all.reverse().slice(0, q.limit - out.length));
      open -= MIN;
    }
    return out.reverse();
  }
  let open: number;
  let keep: (a: AggregateRange) => boolean;
  if (q.fromId !== undefined) {
    const fromId = q.fromId;
    open = replay.aggTradeBarOpen(symbol, fromId);
    keep = (a) => a.bar.firstAggTradeId + a.bar.tape.aggIndex[a.first]! >= fromId;
  } else {
    const startTime = q.startTime!;
    open = barOpenTime(startTime, '1m');
    keep = (a) => a.bar.openTime + a.bar.tape.offsets[a.first]! >= startTime;
  }
  const out: AggregateRange[] = [];
  for (; open <= until && out.length < q.limit; open += MIN) {
    const bt = replay.tape(symbol, open);
    for (const a of aggregates(bt, printed(bt, until))) {
      if (!keep(a)) continue;
      out.push(a);
      if (out.length === q.limit) break;
    }
  }
  return out;
}
