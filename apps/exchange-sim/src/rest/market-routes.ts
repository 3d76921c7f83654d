// The public market endpoints an ordinary client (ccxt, the `binance` npm client, a trading bot)
// calls besides klines and exchangeInfo, answered from the replayed tape and the synthesised book,
// with Binance's parameters, weights and error codes (rest-api.md "Market data endpoints"):
//   /api/v3/depth   /api/v3/trades   /api/v3/aggTrades   /api/v3/avgPrice
//   /api/v3/ticker/price   /api/v3/ticker/bookTicker
import { barOpenTime } from '@coinview/core/interval';
import type { Clock } from '@coinview/core/ports';
import { lastTradeAt } from '../book/last-trade';
import type { SynthBook } from '../book/synth-book';
import { formatUnits } from '../data/decimal';
import type { MarketReplay } from '../replay/market-replay';
import { aggTradesQuery, recentTrades } from '../replay/trade-history';
import { aggTradeEvent } from '../streams/payloads';
import { BinanceError, errors } from './binance-error';
import { optionalInteger } from './klines-params';
import type { Route } from './rest-server';
import { parseSymbolsParam } from './symbols-param';

const ONE = 100_000_000n;
const MIN = 60_000;
const HOUR = 3_600_000;
/** avgPrice averages this many minutes, as Binance does for spot. */
const AVG_PRICE_MINS = 5;

export interface MarketRoutesDeps {
  replay: MarketReplay;
  book: SynthBook;
  clock: Clock;
}

function symbolParam(params: URLSearchParams, replay: MarketReplay): string {
  const symbol = params.get('symbol');
  if (!symbol) throw errors.mandatory('symbol');
  if (!replay.has(symbol)) throw errors.invalidSymbol();
  return symbol;
}

/** `limit` with Binance's default and maximum (larger values are served as the maximum). */
function limitParam(params: URLSearchParams, fallback: number, max: number): number {
  const limit = optionalInteger(params, 'limit') ?? fallback;
  if (limit < 1) throw errors.invalidParam('limit');
  return Math.min(limit, max);
}

/** Depth weights by limit: 1–100 → 5, 101–500 → 25, 501–1000 → 50, 1001–5000 → 250. */
export function depthWeight(params: URLSearchParams): number {
  const raw = Number(params.get('limit') ?? 100);
  const limit = Number.isFinite(raw) ? Math.min(Math.max(raw, 1), 5000) : 100;
  if (limit <= 100) return 5;
  if (limit <= 500) return 25;
  return limit <= 1000 ? 50 : 250;
}

/** 2 for one symbol, 4 for a list or all (ticker/price and ticker/bookTicker). */
const perSymbolOrAll = (params: URLSearchParams) => (params.get('symbol') ? 2 : 4);

/** Runs `row` for `symbol` or each of `symbols` (all when neither): one object or an array. */
function perSymbol<T>(params: URLSearchParams, replay: MarketReplay, row: (s: string) => T) {
  const { symbols = replay.symbols, single } = parseSymbolsParam(params, (s) => replay.has(s));
  const rows = symbols.map(row);
  return single ? rows[0] : rows;
}

export function marketRoutes({ replay, book, clock }: MarketRoutesDeps): Record<string, Route> {
  return {
    '/api/v3/depth': {
      weight: depthWeight,
      handle: (params) => {
        const symbol = symbolParam(params, replay);
        const limit = limitParam(params, 100, 5000);
        const state = book.state(symbol, clock.now());
        return {
          lastUpdateId: state.updateId,
          bids: book.levelsOf(state, 'bids', limit),
          asks: book.levelsOf(state, 'asks', limit),
        };
      },
    },
    '/api/v3/trades': {
      weight: () => 25,
      handle: (params) => {
        const symbol = symbolParam(params, replay);
        const limit = limitParam(params, 500, 1000);
        return recentTrades(replay, symbol, clock.now(), limit).map(({ bar, index }) => {
          const price = BigInt(bar.tape.prices[index]!);
          const qty = BigInt(bar.tape.quantities[index]!);
          return {
            id: bar.firstTradeId + index,
            price: formatUnits(price),
            qty: formatUnits(qty),
            quoteQty: formatUnits((price * qty) / ONE),
            time: bar.openTime + bar.tape.offsets[index]!,
            isBuyerMaker: bar.tape.buyerMaker[index] === 1,
            isBestMatch: true,
          };
        });
      },
    },
    '/api/v3/aggTrades': {
      weight: () => 4,
      handle: (params) => {
        const symbol = symbolParam(params, replay);
        const fromId = optionalInteger(params, 'fromId');
        const startTime = optionalInteger(params, 'startTime');
        const endTime = optionalInteger(params, 'endTime');
        const limit = limitParam(params, 500, 1000);
        if (fromId !== undefined && (startTime !== undefined || endTime !== undefined))
          throw errors.badCombination();
        if (startTime !== undefined && endTime !== undefined) {
          if (startTime > endTime) throw errors.badCombination();
          if (endTime - startTime > HOUR)
            throw new BinanceError(400, -1127, 'Lookup interval is too big.');
        }
        const now = clock.now();
        return aggTradesQuery(replay, symbol, { fromId, startTime, endTime, limit }, now).map(
          (a) => {
            const { a: id, p, q, f, l, T, m, M } = aggTradeEvent(a.bar, a.first, a.last, now);
            return { a: id, p, q, f, l, T, m, M };
          },
        );
      },
    },
    '/api/v3/avgPrice': {
      weight: () => 2,
      handle: (params) => {
        const symbol = symbolParam(params, replay);
        const now = clock.now();
        const from = barOpenTime(now, '1m') - (AVG_PRICE_MINS - 1) * MIN;
        const { totals } = replay.span(symbol, from, now);
        const last = lastTradeAt(replay, symbol, now);
        const price = totals.volume > 0n ? (totals.quoteVolume * ONE) / totals.volume : last.price;
        return { mins: AVG_PRICE_MINS, price: formatUnits(price), closeTime: last.time };
      },
    },
    '/api/v3/ticker/price': {
      weight: perSymbolOrAll,
      handle: (params) =>
        perSymbol(params, replay, (symbol) => ({
          symbol,
          price: formatUnits(lastTradeAt(replay, symbol, clock.now()).price),
        })),
    },
    '/api/v3/ticker/bookTicker': {
      weight: perSymbolOrAll,
      handle: (params) =>
        perSymbol(params, replay, (symbol) => ({
          symbol,
          ...book.topOf(book.state(symbol, clock.now())),
        })),
    },
  };
}
