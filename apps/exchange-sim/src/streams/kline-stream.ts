// Stream names as Binance spells them (`btcusdt@kline_1m`) and the kline event payload built from a
// served bar.
import { type KlineEvent, candleToKlineEvent } from '@coinview/core/binance';
import { type Interval, isInterval } from '@coinview/core/interval';
import type { SimBar } from '../replay/market-replay';

export interface KlineStream {
  /** The name as the client wrote it, e.g. `btcusdt@kline_1m`. */
  name: string;
  /** Upper-case symbol, e.g. `BTCUSDT`. */
  symbol: string;
  interval: Interval;
}

const KLINE_STREAM = /^([a-z0-9]+)@kline_([0-9]+[smhdwM])$/;

/** The kline stream `name` names, or undefined when it is not one this exchange serves. */
export function parseKlineStream(name: string, hasSymbol: (symbol: string) => boolean): KlineStream | undefined {
  const match = KLINE_STREAM.exec(name);
  if (!match) return undefined;
  const symbol = match[1]!.toUpperCase();
  const interval = match[2]!;
  if (!isInterval(interval) || !hasSymbol(symbol)) return undefined;
  return { name, symbol, interval };
}

export function klineEvent(bar: SimBar, eventTime: number): KlineEvent {
  const event = candleToKlineEvent(bar.candle, eventTime);
  return { ...event, k: { ...event.k, f: bar.firstTradeId, L: bar.lastTradeId } };
}
