// Stream payloads, field for field as web-socket-streams.md documents them (2025 edition: the
// trade payload no longer carries buyer/seller order ids).
import type { KlineEvent } from '@coinview/core/binance';
import { formatUnitNumber, formatUnits } from '../data/decimal';
import type { BarTape, SimBar } from '../replay/market-replay';
import type { SimInterval } from '../replay/sim-interval';
import type { TickerStats } from '../replay/ticker-stats';

/** The kline payload, for every interval the sim serves (core's KlineEvent lacks `1s`). */
export type SimKlineEvent = Omit<KlineEvent, 'k'> & {
  k: Omit<KlineEvent['k'], 'i'> & { i: SimInterval };
};

export function klineEvent(bar: SimBar, eventTime: number): SimKlineEvent {
  const c = bar.candle;
  return {
    e: 'kline',
    E: eventTime,
    s: c.symbol,
    k: {
      t: c.openTime,
      T: c.closeTime,
      s: c.symbol,
      i: c.interval,
      f: bar.firstTradeId,
      L: bar.lastTradeId,
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

export interface TradeEvent {
  e: 'trade';
  E: number;
  s: string;
  t: number;
  p: string;
  q: string;
  T: number;
  m: boolean;
  M: boolean;
}

/** Trade `i` of the tape. */
export function tradeEvent(bt: BarTape, i: number, eventTime: number): TradeEvent {
  const { tape } = bt;
  return {
    e: 'trade',
    E: eventTime,
    s: bt.symbol,
    t: bt.firstTradeId + i,
    p: formatUnitNumber(tape.prices[i]!),
    q: formatUnitNumber(tape.quantities[i]!),
    T: bt.openTime + tape.offsets[i]!,
    m: tape.buyerMaker[i] === 1,
    M: true,
  };
}

export interface AggTradeEvent {
  e: 'aggTrade';
  E: number;
  s: string;
  a: number;
  p: string;
  q: string;
  f: number;
  l: number;
  T: number;
  m: boolean;
  M: boolean;
}

/** The aggregate of trades first..last (inclusive) of the tape, which share time, price and side. */
export function aggTradeEvent(
  bt: BarTape,
  first: number,
  last: number,
  eventTime: number,
): AggTradeEvent {
  const { tape } = bt;
  let qty = 0;
  for (let i = first; i <= last; i++) qty += tape.quantities[i]!;
  return {
    e: 'aggTrade',
    E: eventTime,
    s: bt.symbol,
    a: bt.firstAggTradeId + tape.aggIndex[first]!,
    p: formatUnitNumber(tape.prices[first]!),
    q: formatUnitNumber(qty),
    f: bt.firstTradeId + first,
    l: bt.firstTradeId + last,
    T: bt.openTime + tape.offsets[first]!,
    m: tape.buyerMaker[first] === 1,
    M: true,
  };
}

export interface MiniTickerEvent {
  e: '24hrMiniTicker';
  E: number;
  s: string;
  c: string;
  o: string;
  h: string;
  l: string;
  v: string;
  q: string;
}

export function miniTickerEvent(stats: TickerStats, eventTime: number): MiniTickerEvent {
  const t = stats.totals;
  return {
    e: '24hrMiniTicker',
    E: eventTime,
    s: stats.symbol,
    c: formatUnits(t.close),
    o: formatUnits(t.open),
    h: formatUnits(t.high),
    l: formatUnits(t.low),
    v: formatUnits(t.volume),
    q: formatUnits(t.quoteVolume),
  };
}
