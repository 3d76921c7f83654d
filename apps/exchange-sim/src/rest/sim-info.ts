// GET /__sim/info: what the sim serves, so the product can tell a trader plainly that the market is
// a replay of recorded Binance data and not Binance (the chart's "Replay" badge). Binance itself
// has no such path (404), which is how a client tells the two apart.
import type { MarketReplay } from '../replay/market-replay';
import type { RealSpan } from '../replay/market-timeline';
import { TIMELINE_ANCHOR } from '../replay/timeline-index';

/** A recorded span: its true dates and where it plays in sim time (the leg around the anchor). */
export interface SimSpan {
  /** Recorded open time of the first bar and end of the last (epoch ms, [from, to)). */
  recordedFrom: number;
  recordedTo: number;
  /** The same span in sim time: [simFrom, simTo). */
  simFrom: number;
  simTo: number;
  file: string;
}

export interface SimInfo {
  replay: true;
  /** Sim minutes per wall minute. */
  speed: number;
  markets: {
    symbol: string;
    /** Open time of the first and last recorded bar (the daily series, epoch ms, true dates). */
    recordedFrom: number;
    recordedTo: number;
    /** Minutes after which the replay repeats: the timeline forwards, then backwards. */
    loopMinutes: number;
    /** Sim time that plays `timelineAnchor`. */
    anchor: number;
    timelineAnchor: number;
    /** Which spans are recorded at which level; elsewhere that level is synthesised inside the
     *  next coarser recorded bar. ETHUSDT has no recorded hours. */
    real: { '1m': SimSpan[]; '1h': SimSpan[]; '1d': SimSpan[] };
  }[];
}

export function simInfo(replay: MarketReplay, speed: number): SimInfo {
  return {
    replay: true,
    speed,
    markets: replay.symbols.map((symbol) => {
      const { timeline, index, anchor } = replay.timelineOf(symbol);
      const span = (s: RealSpan): SimSpan => ({
        recordedFrom: s.from,
        recordedTo: s.to,
        simFrom: anchor + (s.from - TIMELINE_ANCHOR),
        simTo: anchor + (s.to - TIMELINE_ANCHOR),
        file: s.file,
      });
      return {
        symbol,
        recordedFrom: timeline.realDays.from,
        recordedTo: timeline.realDays.to - 86_400_000,
        loopMinutes: index.period,
        anchor,
        timelineAnchor: TIMELINE_ANCHOR,
        real: {
          '1m': timeline.realMinutes.map(span),
          '1h': timeline.realHours ? [span(timeline.realHours)] : [],
          '1d': [span(timeline.realDays)],
        },
      };
    }),
  };
}
