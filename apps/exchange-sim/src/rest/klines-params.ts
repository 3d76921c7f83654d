// Validation of `GET /api/v3/klines` parameters with Binance's error codes.
import { type SimInterval, isSimInterval } from '../replay/sim-interval';
import { BinanceError, errors } from './binance-error';

export const DEFAULT_LIMIT = 500;
export const MAX_LIMIT = 1000;

export interface KlinesParams {
  symbol: string;
  interval: SimInterval;
  startTime?: number;
  endTime?: number;
  limit: number;
}

export function optionalInteger(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^[0-9]{1,20}$/.test(raw)) throw errors.illegalChars(name);
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw errors.invalidParam(name);
  return value;
}

export function parseKlinesParams(
  params: URLSearchParams,
  hasSymbol: (symbol: string) => boolean,
): KlinesParams {
  const symbol = params.get('symbol');
  if (!symbol) throw errors.mandatory('symbol');
  const interval = params.get('interval');
  if (!interval) throw errors.mandatory('interval');
  if (!hasSymbol(symbol)) throw errors.invalidSymbol();
  if (!isSimInterval(interval)) throw errors.invalidInterval();
  const startTime = optionalInteger(params, 'startTime');
  const endTime = optionalInteger(params, 'endTime');
  if (startTime !== undefined && endTime !== undefined && startTime > endTime)
    throw errors.badCombination();
  const timeZone = params.get('timeZone');
  if (timeZone !== null && timeZone !== '' && timeZone !== '0') {
    throw new BinanceError(
      400,
      -1130,
      "Data sent for parameter 'timeZone' is not valid (exchange-sim serves UTC only).",
    );
  }
  const limit = optionalInteger(params, 'limit') ?? DEFAULT_LIMIT;
  if (limit < 1) throw errors.invalidParam('limit');
  // Larger limits are served as the maximum rather than refused, as Binance's spot API does.
  return { symbol, interval, startTime, endTime, limit: Math.min(limit, MAX_LIMIT) };
}
