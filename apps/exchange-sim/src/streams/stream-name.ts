// Stream names as Binance spells them (web-socket-streams.md): lowercase symbol, then the stream.
//   <symbol>@kline_<interval>   <symbol>@trade   <symbol>@aggTrade   <symbol>@miniTicker
//   <symbol>@ticker   <symbol>@bookTicker   <symbol>@depth[@100ms]   <symbol>@depth<5|10|20>[@100ms]
//   !miniTicker@arr
import { type SimInterval, isSimInterval } from '../replay/sim-interval';

export type StreamSpec =
  | { name: string; kind: 'kline'; symbol: string; interval: SimInterval }
  | {
      name: string;
      kind: 'trade' | 'aggTrade' | 'miniTicker' | 'ticker' | 'bookTicker';
      symbol: string;
    }
  /** Diff depth (`levels` undefined) or partial book depth, every `everyMs` (1000 or 100). */
  | { name: string; kind: 'depth'; symbol: string; levels?: 5 | 10 | 20; everyMs: 100 | 1000 }
  | { name: string; kind: 'allMiniTicker' };

export type StreamKind = StreamSpec['kind'];

const SYMBOL_STREAM =
  /^([a-z0-9]+)@(trade|aggTrade|miniTicker|ticker|bookTicker|depth(5|10|20)?(@100ms)?|kline_([0-9]+[smhdwM]))$/;

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
  const interval = match[5];
  if (interval !== undefined)
    return isSimInterval(interval) ? { name, kind: 'kline', symbol, interval } : undefined;
  if (match[2]!.startsWith('depth')) {
    const levels = match[3] === undefined ? undefined : (Number(match[3]) as 5 | 10 | 20);
    return { name, kind: 'depth', symbol, levels, everyMs: match[4] ? 100 : 1000 };
  }
  return {
    name,
    kind: match[2] as 'trade' | 'aggTrade' | 'miniTicker' | 'ticker' | 'bookTicker',
    symbol,
  };
}
