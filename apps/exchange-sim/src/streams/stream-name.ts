// Stream names as Binance spells them (web-socket-streams.md): lowercase symbol, then the stream.
//   <symbol>@kline_<interval>   <symbol>@trade   <symbol>@aggTrade   <symbol>@miniTicker   !miniTicker@arr
import { type Interval, isInterval } from '@coinview/core/interval';

export type StreamSpec =
  | { name: string; kind: 'kline'; symbol: string; interval: Interval }
  | { name: string; kind: 'trade' | 'aggTrade' | 'miniTicker'; symbol: string }
  | { name: string; kind: 'allMiniTicker' };

export type StreamKind = StreamSpec['kind'];

const SYMBOL_STREAM = /^([a-z0-9]+)@(trade|aggTrade|miniTicker|kline_([0-9]+[smhdwM]))$/;

/** The stream `name` names, or undefined when it is not one this exchange serves. */
export function parseStream(
  name: string,
  hasSymbol: (symbol: string) => boolean,
): StreamSpec | undefined {
  if (name === '!miniTicker@arr') return { name, kind: 'allMiniTicker' };
  const match = SYMBOL_STREAM.exec(name);
  if (!match) return undefined;
  const symbol = match[1]!.toUpperCase();
  if (!hasSymbol(symbol)) return undefined;
  const interval = match[3];
  if (interval !== undefined)
    return isInterval(interval) ? { name, kind: 'kline', symbol, interval } : undefined;
  return { name, kind: match[2] as 'trade' | 'aggTrade' | 'miniTicker', symbol };
}
