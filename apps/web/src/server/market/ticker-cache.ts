// One ticker/24hr cache for the whole web process. Every market.tickers subscription wants a
// snapshot of its symbols; asked one by one, 10,000 subscriptions in a minute were 10,000 upstream
// requests and spent the IP's whole weight budget (the worker's too). Here a symbol's ticker is
// reused while it is a few seconds old, and the symbols asked for within a short window are
// fetched together in one request: as a `symbols=[…]` list, or as the all-symbols ticker when
// that weighs no more (Binance: 2 for ≤20 symbols, 40 for ≤100, 80 beyond or for all), which also
// fills the cache for every other symbol. Waiters share the request; one leaving does not cancel it.
import type { Ticker24h } from '@coinview/exchange/rest';
import { ticker24hWeight, WEIGHTS } from '@coinview/exchange/rest';
import type { TickerSnapshotSource } from './ticker-snapshot';

export interface TickerUpstream {
  /** ticker/24hr for these symbols, or for every symbol when `symbols` is undefined. */
  fetch(symbols: readonly string[] | undefined): Promise<Ticker24h[]>;
}

export interface TickerCacheOptions {
  upstream: TickerUpstream;
  /** How long a fetched ticker is served without asking again (default 5 s). */
  freshMs?: number;
  /** How long requests are collected into one upstream call (default 20 ms). */
  batchMs?: number;
  now?: () => number;
}

interface Batch {
  symbols: Set<string>;
  done: Promise<void>;
}

export class TickerCache implements TickerSnapshotSource {
  private readonly entries = new Map<string, { ticker: Ticker24h; at: number }>();
  /** The fetch that will bring each symbol, while one is collecting or in flight. */
  private readonly pending = new Map<string, Promise<void>>();
  private collecting: Batch | undefined;
  private readonly freshMs: number;
  private readonly batchMs: number;
  private readonly now: () => number;
  /** Upstream requests made (for tests and logs). */
  upstreamCalls = 0;

  constructor(private readonly options: TickerCacheOptions) {
    this.freshMs = options.freshMs ?? 5_000;
    this.batchMs = options.batchMs ?? 20;
    this.now = options.now ?? Date.now;
  }

  async ticker24h(
    symbols: readonly string[],
    options: { signal?: AbortSignal } = {},
  ): Promise<Ticker24h[]> {
    const waits = new Set<Promise<void>>();
    for (const symbol of symbols) {
      if (this.isFresh(symbol)) continue;
      waits.add(this.pending.get(symbol) ?? this.enqueue(symbol));
    }
    if (waits.size > 0) await abortable(Promise.all(waits), options.signal);
    const out: Ticker24h[] = [];
    for (const symbol of symbols) {
      const entry = this.entries.get(symbol);
      if (entry) out.push(entry.ticker);
    }
    return out;
  }

  private isFresh(symbol: string): boolean {
    const entry = this.entries.get(symbol);
    return entry !== undefined && this.now() - entry.at < this.freshMs;
  }

  private enqueue(symbol: string): Promise<void> {
    if (!this.collecting) {
      const symbols = new Set<string>();
      const done = new Promise<void>((resolve) => setTimeout(resolve, this.batchMs)).then(() =>
        this.flush(batch),
      );
      const batch: Batch = { symbols, done };
      this.collecting = batch;
    }
    const batch = this.collecting;
    batch.symbols.add(symbol);
    this.pending.set(symbol, batch.done);
    return batch.done;
  }

  private async flush(batch: Batch): Promise<void> {
    if (this.collecting === batch) this.collecting = undefined;
    const symbols = [...batch.symbols];
    const all = ticker24hWeight(symbols.length) >= WEIGHTS.ticker24hAll;
    try {
      this.upstreamCalls++;
      const rows = await this.options.upstream.fetch(all ? undefined : symbols);
      const at = this.now();
      for (const row of rows) this.entries.set(row.symbol, { ticker: row, at });
    } finally {
      for (const symbol of symbols)
        if (this.pending.get(symbol) === batch.done) this.pending.delete(symbol);
    }
  }
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
