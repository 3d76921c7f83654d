// GET /__sim/info: what the sim serves, so the product can tell a trader plainly that the market is
// a replay of recorded Binance data and not Binance (the chart's "Replay" badge). Binance itself
// has no such path (404), which is how a client tells the two apart.
import type { Recording } from '../data/recording';

export interface SimInfo {
  replay: true;
  /** Sim minutes per wall minute. */
  speed: number;
  markets: {
    symbol: string;
    /** Open time of the first and last recorded 1m bar (epoch ms). */
    recordedFrom: number;
    recordedTo: number;
    /** The recording plays in a loop of this many minutes. */
    loopMinutes: number;
  }[];
}

export function simInfo(recordings: readonly Recording[], speed: number): SimInfo {
  return {
    replay: true,
    speed,
    markets: recordings.map((r) => ({
      symbol: r.symbol,
      recordedFrom: r.bars[0]!.openTime,
      recordedTo: r.bars.at(-1)!.openTime,
      loopMinutes: r.bars.length,
    })),
  };
}
