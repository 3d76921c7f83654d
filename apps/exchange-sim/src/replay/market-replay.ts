// The replayed market: any bar of any interval at any sim time, built from each symbol's timeline
// (market-timeline.ts: the recordings at their true dates, finest real data winning, missing levels
// synthesised inside the real coarser bar). Sim minute m after the anchor plays timeline minute
// m + offset, with the timeline played ping-pong beyond its ends (timeline-index.ts), so served
// prices are a pure function of the bar's open time and the anchor: a sim restarted with the same
// anchor serves exactly the history it served before. Every interval is the aggregate of its 1m
// bars, and the price path is continuous everywhere.
import type { Candle } from '@coinview/core/candle';
import { barOpenTime } from '@coinview/core/interval';
import { formatUnits } from '../data/decimal';
import type { RecordedBar } from '../data/recording';
import { BAR_MS, type IntrabarSteps, barSeed } from './intrabar-path';
import type { MarketTimeline } from './market-timeline';
import { type BarTotals, combineTotals } from './recording-index';
import { sliceTotals } from './second-bars';
import { type SimInterval, simBarCloseTime, simBarOpenTime, simNextBarOpen } from './sim-interval';
import { TIMELINE_ANCHOR, TimelineIndex, type TimelinePosition } from './timeline-index';
import { type TradeTape, buildTradeTape, partialBar } from './trade-tape';

/**
 * Served trade ids start here so they stay positive for any time a client can ask about: the
 * nine-year timeline holds ≈6.5e9 BTCUSDT trades, ≈1.3e10 per ping-pong loop (≈18 years), so ids
 * stay positive back to about 1,300 years before the anchor (timeline.test.ts checks 1970).
 */
export const TRADE_ID_BASE = 1_000_000_000_000;
/** Aggregate trade ids likewise (fewer of them, so a lower base keeps them apart from trade ids). */
export const AGG_TRADE_ID_BASE = 400_000_000_000;

/** The trades of the 1m bar of a symbol opening at `openTime`, with the ids they are served under. */
export interface BarTape {
  symbol: string;
  openTime: number;
  bar: RecordedBar;
  tape: TradeTape;
  firstTradeId: number;
  firstAggTradeId: number;
}

/** Totals of a run of 1m bars up to sim time `now`, with the ids of its first and last trade. */
export interface SpanTotals {
  totals: BarTotals;
  firstTradeId: number;
  lastTradeId: number;
}

/** Tapes are built on demand; the few around "now" are asked for on every tick. */
const TAPE_CACHE_SIZE = 32;

/** A candle of any interval the sim serves (core's `Candle` has the product's intervals only). */
export type SimCandle<I extends SimInterval = SimInterval> = Omit<Candle, 'interval'> & {
  interval: I;
};

/** A bar as the exchange serves it: the candle plus first/last trade ids of the stream payload. */
export interface SimBar<I extends SimInterval = SimInterval> {
  /** Typed by the interval asked for, so a product interval gives a core `Candle`. */
  candle: SimCandle<I>;
  firstTradeId: number;
  lastTradeId: number;
}

export interface KlineQuery {
  startTime?: number;
  endTime?: number;
  limit: number;
}

interface Market {
  timeline: MarketTimeline;
  index: TimelineIndex;
  anchor: number;
}

export class UnknownSymbolError extends Error {}

export class MarketReplay {
  private readonly markets = new Map<string, Market>();
  private readonly tapes = new Map<string, BarTape>();

  /**
   * `opts.anchor`: the minute-aligned sim time that plays TIMELINE_ANCHOR (2025-02-04 20:00 UTC);
   * by default TIMELINE_ANCHOR itself, so the recordings replay at their own dates.
   */
  constructor(timelines: readonly MarketTimeline[], opts: { anchor?: number } = {}) {
    if (opts.anchor !== undefined && opts.anchor % BAR_MS !== 0)
      throw new Error('anchor must be aligned to a minute');
    const anchor = opts.anchor ?? TIMELINE_ANCHOR;
    for (const timeline of timelines) {
      this.markets.set(timeline.symbol, { timeline, index: new TimelineIndex(timeline), anchor });
    }
  }

  get symbols(): string[] {
    return [...this.markets.keys()];
  }

  has(symbol: string): boolean {
    return this.markets.has(symbol);
  }

  /** Where in the timeline the 1m bar served at `openTime` comes from. */
  timelineAt(symbol: string, openTime: number): TimelinePosition {
    const m = this.market(symbol);
    return m.index.position(this.minute(m, openTime));
  }

  /** The symbol's timeline and its ping-pong index (for /__sim/info and tests). */
  timelineOf(symbol: string): { timeline: MarketTimeline; index: TimelineIndex; anchor: number } {
    return this.market(symbol);
  }

  /**
   * The bar of `interval` opening at `openTime` as it stands at sim time `now`: closed with the
   * recorded totals once `now` is past its close time, forming otherwise. Throws for future bars.
   */
  bar<I extends SimInterval>(
    symbol: string,
    interval: I,
    openTime: number,
    now: number,
  ): SimBar<I> {
    if (simBarOpenTime(openTime, interval) !== openTime)
      throw new Error(`${openTime} is not a ${interval} open time`);
    const closeTime = simBarCloseTime(openTime, interval);
    if (simBarOpenTime(now, interval === '1s' ? '1s' : '1m') < openTime)
      throw new Error(`the ${interval} bar at ${openTime} has not opened yet`);
    const closed = now > closeTime;
    const { totals, firstTradeId, lastTradeId } =
      interval === '1s'
        ? this.second(symbol, openTime, now)
        : this.span(symbol, openTime, now, closed ? closeTime + 1 : undefined);
    return {
      candle: {
        symbol,
        interval,
        openTime,
        closeTime,
        open: formatUnits(totals.open),
        high: formatUnits(totals.high),
        low: formatUnits(totals.low),
        close: formatUnits(totals.close),
        volume: formatUnits(totals.volume),
        quoteVolume: formatUnits(totals.quoteVolume),
        trades: totals.trades,
        takerBuyBaseVolume: formatUnits(totals.takerBuyBase),
        takerBuyQuoteVolume: formatUnits(totals.takerBuyQuote),
        closed,
      },
      firstTradeId,
      lastTradeId,
    };
  }

  /** The trades of the second opening at `openTime` printed by `now` (see second-bars.ts). */
  private second(symbol: string, openTime: number, now: number): SpanTotals {
    const minuteOpen = barOpenTime(openTime, '1m');
    const { bar, tape, firstTradeId } = this.tape(symbol, minuteOpen);
    const m = this.market(symbol);
    const previousClose = m.index.bar(this.minute(m, minuteOpen) - 1).close;
    const from = openTime - minuteOpen;
    const { totals, first } = sliceTotals(
      bar,
      tape,
      from,
      Math.min(from + 999, now - minuteOpen),
      previousClose,
    );
    return {
      totals,
      firstTradeId: totals.trades > 0 ? firstTradeId + first : -1,
      lastTradeId: totals.trades > 0 ? firstTradeId + first + totals.trades - 1 : -1,
    };
  }

  /**
   * The 1m bars from the one opening at `from` (minute-aligned): through `closedUntil` (a minute
   * boundary, exclusive) when given, else through the one forming at `now`, as it stands then.
   */
  span(symbol: string, from: number, now: number, closedUntil?: number): SpanTotals {
    const m = this.market(symbol);
    const first = this.minute(m, from);
    let totals: BarTotals;
    if (closedUntil !== undefined) {
      totals = m.index.totals(first, this.minute(m, closedUntil));
    } else {
      const current = barOpenTime(now, '1m');
      const currentMinute = this.minute(m, current);
      const { bar, tape } = this.tape(symbol, current);
      const partial = partialBar(bar, tape, now - current);
      totals =
        currentMinute > first
          ? combineTotals(m.index.totals(first, currentMinute), partial)
          : partial;
    }
    const firstTradeId = TRADE_ID_BASE + m.index.tradesBefore(first);
    // Binance sends -1 for both when a bar has no trades yet.
    return {
      totals,
      firstTradeId: totals.trades > 0 ? firstTradeId : -1,
      lastTradeId: totals.trades > 0 ? firstTradeId + totals.trades - 1 : -1,
    };
  }

  /** The trade tape of the 1m bar of `symbol` opening at `openTime`. */
  tape(symbol: string, openTime: number): BarTape {
    const key = `${symbol}:${openTime}`;
    const cached = this.tapes.get(key);
    if (cached) return cached;
    const m = this.market(symbol);
    const minute = this.minute(m, openTime);
    const bar = m.index.bar(minute);
    const entry: BarTape = {
      symbol,
      openTime,
      bar,
      tape: buildTradeTape(bar, tapeSteps(bar, this.steps(symbol)), barSeed(symbol, openTime)),
      firstTradeId: TRADE_ID_BASE + m.index.tradesBefore(minute),
      firstAggTradeId: AGG_TRADE_ID_BASE + m.index.aggTradesBefore(minute),
    };
    this.tapes.set(key, entry);
    if (this.tapes.size > TAPE_CACHE_SIZE) this.tapes.delete(this.tapes.keys().next().value!);
    return entry;
  }

  /** Open time of the 1m bar holding the aggregate trade served with id `aggTradeId`. */
  aggTradeBarOpen(symbol: string, aggTradeId: number): number {
    const m = this.market(symbol);
    return m.anchor + m.index.minuteOfAggTrade(aggTradeId - AGG_TRADE_ID_BASE) * BAR_MS;
  }

  /** Price and quantity grids of the symbol (1e-8 units). */
  steps(symbol: string): IntrabarSteps {
    const { steps } = this.market(symbol).timeline;
    return { price: BigInt(steps.price), volume: BigInt(steps.volume) };
  }

  /**
   * `GET /api/v3/klines` semantics: bars with startTime <= openTime <= endTime, oldest first, at most
   * `limit`; without startTime the newest ones. The forming bar is the last one when it is in range.
   */
  klines(symbol: string, interval: SimInterval, query: KlineQuery, now: number): SimBar[] {
    this.market(symbol);
    const current = simBarOpenTime(now, interval);
    const last =
      query.endTime === undefined
        ? current
        : Math.min(current, simBarOpenTime(query.endTime, interval));
    const openTimes: number[] = [];
    if (query.startTime !== undefined) {
      const start = simBarOpenTime(query.startTime, interval);
      let t = start === query.startTime ? start : simNextBarOpen(start, interval);
      for (; t <= last && openTimes.length < query.limit; t = simNextBarOpen(t, interval))
        openTimes.push(t);
    } else {
      for (let t = last; openTimes.length < query.limit; t = simBarOpenTime(t - 1, interval))
        openTimes.push(t);
      openTimes.reverse();
    }
    return openTimes.map((t) => this.bar(symbol, interval, t, now));
  }

  private minute(m: Market, t: number): number {
    return Math.floor((t - m.anchor) / BAR_MS);
  }

  private market(symbol: string): Market {
    const m = this.markets.get(symbol);
    if (!m) throw new UnknownSymbolError(`unknown symbol ${symbol}`);
    return m;
  }
}

/**
 * The grid a bar's tape is printed on: the symbol's, with a finer lot where the bar's volumes are
 * off the symbol's lot (some recordings print 6 decimals of BTC where the lot is 5), so the tape
 * still adds up exactly to the bar.
 */
function tapeSteps(bar: RecordedBar, steps: IntrabarSteps): IntrabarSteps {
  let lot = steps.volume;
  while (lot > 1n && (bar.volume % lot !== 0n || bar.takerBuyBase % lot !== 0n)) lot /= 10n;
  return lot === steps.volume ? steps : { price: steps.price, volume: lot };
}
