// The `symbol` / `symbols` parameters shared by exchangeInfo and ticker/24hr: one symbol, a JSON
// array of symbols (`["BTCUSDT","ETHUSDT"]`), or neither (every symbol).
import { BinanceError, errors } from './binance-error';

const SYMBOLS_PATTERN = '^\\[("[A-Z0-9-_.]{1,20}"(,"[A-Z0-9-_.]{1,20}"){0,}){0,1}\\]$';
const SYMBOLS = new RegExp(SYMBOLS_PATTERN);

/** The symbols asked for, in order, or undefined for all; `single` when `symbol` was used. */
export function parseSymbolsParam(
  params: URLSearchParams,
  hasSymbol: (symbol: string) => boolean,
): { symbols?: string[]; single: boolean } {
  const symbol = params.get('symbol');
  const list = params.get('symbols');
  if (symbol && list) throw errors.badCombination();
  if (symbol) {
    if (!hasSymbol(symbol)) throw errors.invalidSymbol();
    return { symbols: [symbol], single: true };
  }
  if (list) {
    if (!SYMBOLS.test(list)) {
      throw new BinanceError(
        400,
        -1100,
        `Illegal characters found in parameter 'symbols'; legal range is '${SYMBOLS_PATTERN}'.`,
      );
    }
    const symbols = JSON.parse(list) as string[];
    if (new Set(symbols).size !== symbols.length)
      throw new BinanceError(400, -1151, 'Symbol is present multiple times in the list.');
    if (!symbols.every(hasSymbol)) throw errors.invalidSymbol();
    return { symbols, single: false };
  }
  return { single: false };
}

/** How many symbols a request names (for weights): undefined when it names none (= all). */
export function symbolCount(params: URLSearchParams): number | undefined {
  if (params.get('symbol')) return 1;
  const list = params.get('symbols');
  if (!list) return undefined;
  return list.split(',').length;
}
