// Which symbols the exchange lists, from `GET /api/v3/exchangeInfo`, kept for a while: a market
// somebody asks for is checked here before its stream is subscribed, so a made-up symbol never
// reaches SUBSCRIBE. One request serves every check until the listing ages out; a symbol it lacks
// refetches it (at most once a minute) in case the symbol was listed since.
import type { BinanceRestClient } from '@coinview/exchange/rest';
import type { Logger } from 'pino';

export interface SymbolCheck {
  /** Whether the exchange lists `symbol`; rejects when it cannot be told (exchange unreachable). */
  has(symbol: string): Promise<boolean>;
}

export interface ExchangeSymbolsOptions {
  rest: Pick<BinanceRestClient, 'exchangeInfo'>;
  /** A listing is refetched after this long (default 1 h). */
  ttlMs?: number;
  /** A symbol missing from the listing refetches it when the listing is this old (default 60 s). */
  refreshUnknownMs?: number;
  now?: () => number;
  logger?: Logger;
}

interface Listing {
  symbols: Set<string>;
  fetchedAt: number;
}

export class ExchangeSymbols implements SymbolCheck {
  private listing: Listing | undefined;
  private fetching: Promise<Listing> | undefined;
  private readonly now: () => number;

  constructor(private readonly opts: ExchangeSymbolsOptions) {
    this.now = opts.now ?? Date.now;
  }

  async has(symbol: string): Promise<boolean> {
    const ttl = this.opts.ttlMs ?? 3_600_000;
    let listing = await this.current(ttl);
    if (listing.symbols.has(symbol)) return true;
    if (this.now() - listing.fetchedAt >= (this.opts.refreshUnknownMs ?? 60_000))
      listing = await this.current(0);
    return listing.symbols.has(symbol);
  }

  /** A listing at most `maxAgeMs` old; a stale one serves when a refetch fails. */
  private async current(maxAgeMs: number): Promise<Listing> {
    const cached = this.listing;
    if (cached && this.now() - cached.fetchedAt < maxAgeMs) return cached;
    try {
      return await this.fetch();
    } catch (err) {
      if (!cached) throw err;
      this.opts.logger?.warn({ err }, 'exchangeInfo refetch failed; using the previous listing');
      return cached;
    }
  }

  /** Concurrent checks share one request. */
  private fetch(): Promise<Listing> {
    this.fetching ??= (async () => {
      const info = await this.opts.rest.exchangeInfo();
      const listing = {
        symbols: new Set(info.symbols.map((s) => s.symbol)),
        fetchedAt: this.now(),
      };
      this.listing = listing;
      return listing;
    })().finally(() => {
      this.fetching = undefined;
    });
    return this.fetching;
  }
}
