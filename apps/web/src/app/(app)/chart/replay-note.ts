// The "Replay" badge's title: what exchange-sim replays for a symbol (market.source), so nobody
// mistakes recorded data for Binance's live market.
import type { DataSourceInfo } from '~/server/market/data-source';

const day = (ms: number) =>
  new Date(ms).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** What the replay plays for `symbol`, for the badge's title; undefined when the data is Binance's
 *  (or nobody knows). */
export function replayNote(source: DataSourceInfo | undefined, symbol: string): string | undefined {
  if (source?.kind !== 'replay') return undefined;
  const market = source.markets.find((m) => m.symbol === symbol);
  const what = market
    ? `${symbol} history recorded from Binance ${day(market.recordedFrom)} – ${day(market.recordedTo)} UTC (real 1m bars for the recorded months, finer bars filled in inside real hours and days elsewhere), played in a loop of ${(market.loopMinutes / 1440).toFixed(1)} days`
    : 'recorded Binance data';
  const speed = source.speed === 1 ? '' : ` at ${source.speed}× speed`;
  return `Replay: exchange-sim is replaying ${what}${speed}. This is not Binance’s live market.`;
}
