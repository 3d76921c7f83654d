// The exchange's tradable symbols (exchangeInfo), kept in the web process: one exchangeInfo call
// (weight 20) serves every user for `ttlMs` (1 h by default), and callers that arrive while it is
// in flight share it. When a refresh fails the previous list is served (symbols rarely change) and
// the next call tries again after `retryMs`; with no list yet the error reaches the caller.
import { type SymbolRules, symbolRules } from '@coinview/core/trading/symbol-rules';
import { type ExchangeInfo, type ExchangeSymbol, symbolFilters } from '@coinview/exchange/rest';
import type { Logger } from 'pino';

export interface SymbolInfo {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  /** Decimals of the price grid (PRICE_FILTER tickSize 0.01 → 2). */
  pricePrecision: number;
  /** Decimals of the quantity grid (LOT_SIZE stepSize 0.00001 → 5). */
  quantityPrecision: number;
  /** The price grid as the exchange states it, e.g. "0.01000000". */
  tickSize: string;
}

export interface SymbolDirectoryOptions {
  exchange: { exchangeInfo(options?: { signal?: AbortSignal }): Promise<ExchangeInfo> };
  logger?: Logger;
  ttlMs?: number;
  /** After a failed refresh, serve the old list this long before asking again (default 60 s). */
  retryMs?: number;
  now?: () => number;
}

/** Decimals of a grid step: "0.01000000" → 2, "1.00000000" → 0, "0.00001" → 5. */
export function stepDecimals(step: string | undefined, fallback: number): number {
  if (!step || !/^\d+(\.\d+)?$/.test(step) || Number(step) <= 0) return fallback;
  const fraction = step.split('.')[1]?.replace(/0+$/, '') ?? '';
  return fraction.length;
}

export function toSymbolInfo(s: ExchangeSymbol): SymbolInfo {
  const filters = symbolFilters(s);
  return {
    symbol: s.symbol,
    baseAsset: s.baseAsset,
    quoteAsset: s.quoteAsset,
    pricePrecision: stepDecimals(filters.price?.tickSize, s.quoteAssetPrecision ?? 8),
    quantityPrecision: stepDecimals(filters.lotSize?.stepSize, s.baseAssetPrecision ?? 8),
    tickSize: filters.price?.tickSize ?? '0.00000001',
  };
}

interface Loaded {
  symbols: SymbolInfo[];
  bySymbol: Map<string, SymbolInfo>;
  /** The order filters of each symbol (the ticket and the orders router apply them). */
  rules: Map<string, SymbolRules>;
  /** When to fetch again. */
  refreshAt: number;
}

export class SymbolDirectory {
  private loaded: Loaded | undefined;
  private inflight: Promise<Loaded> | undefined;
  /** exchangeInfo calls made (tests check the sharing). */
  fetches = 0;

  constructor(private readonly opts: SymbolDirectoryOptions) {}

  /** Every symbol with status TRADING, sorted by symbol. */
  async list(): Promise<SymbolInfo[]> {
    return (await this.current()).symbols;
  }

  /** The symbol's order filters when the exchange lists it as TRADING, else undefined. */
  async rules(symbol: string): Promise<SymbolRules | undefined> {
    return (await this.current()).rules.get(symbol);
  }

  /** The symbol when the exchange lists it as TRADING, else undefined. */
  async get(symbol: string): Promise<SymbolInfo | undefined> {
    return (await this.current()).bySymbol.get(symbol);
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  private current(): Promise<Loaded> {
    const loaded = this.loaded;
    if (loaded && this.now() < loaded.refreshAt) return Promise.resolve(loaded);
    this.inflight ??= this.fetch().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async fetch(): Promise<Loaded> {
    this.fetches++;
    try {
      const info = await this.opts.exchange.exchangeInfo();
      const trading = info.symbols.filter((s) => s.status === 'TRADING');
      const symbols = trading
        .map(toSymbolInfo)
        .sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
      this.loaded = {
        symbols,
        bySymbol: new Map(symbols.map((s) => [s.symbol, s])),
        rules: new Map(trading.map((s) => [s.symbol, symbolRules(s)])),
        refreshAt: this.now() + (this.opts.ttlMs ?? 3_600_000),
      };
      return this.loaded;
    } catch (err) {
      if (!this.loaded) throw err;
      this.opts.logger?.warn({ err }, 'exchangeInfo refresh failed; serving the previous symbols');
      this.loaded = { ...this.loaded, refreshAt: this.now() + (this.opts.retryMs ?? 60_000) };
      return this.loaded;
    }
  }
}
