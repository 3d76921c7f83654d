// The forming (not yet closed) candle of a market, from the exchange's REST klines (the last row
// of `GET /api/v3/klines` is the bar in progress): what the chart page paints first, so that its
// first frame shows the current price rather than the last closed bar (issue 9, item 14). The
// worker only publishes forming bars of the markets a chart is already watching, and stores only
// closed ones, so REST is the one source that has it when a page is rendered.
//
// One answer per market is shared for `ttlMs` (1 s by default: a forming bar changes every couple
// of seconds) and by the callers that arrive while it is in flight, so page loads cost the shared
// REST weight budget at most one klines call per market per second. Only listed symbols reach the
// exchange (the caller checks), and the map is bounded.
import type { Candle } from '@coinview/core/candle';
import type { Interval } from '@coinview/core/interval';

export interface FormingCandleSource {
  klines(
    symbol: string,
    interval: Interval,
    options: { limit: number; signal?: AbortSignal },
  ): Promise<Candle[]>;
}

export interface FormingCandlesOptions {
  source: FormingCandleSource;
  ttlMs?: number;
  /** Markets remembered at most; the oldest answer goes first. */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  at: number;
  candle: Promise<Candle | null>;
}

export class FormingCandles {
  private readonly entries = new Map<string, Entry>();
  /** klines calls made (tests check the sharing). */
  fetches = 0;

  constructor(private readonly opts: FormingCandlesOptions) {}

  /** The market's forming candle, or null when the exchange has no open bar for it. Rejects when
   *  the exchange does not answer (nothing is cached then). */
  get(symbol: string, interval: Interval): Promise<Candle | null> {
    const key = `${symbol}:${interval}`;
    const now = (this.opts.now ?? Date.now)();
    const cached = this.entries.get(key);
    if (cached && now - cached.at < (this.opts.ttlMs ?? 1000)) return cached.candle;
    this.entries.delete(key);
    const max = this.opts.maxEntries ?? 512;
    while (this.entries.size >= max) this.entries.delete(this.entries.keys().next().value!);
    this.fetches++;
    const candle = this.opts.source.klines(symbol, interval, { limit: 1 }).then((rows) => {
      const last = rows.at(-1);
      return last && !last.closed ? last : null;
    });
    const entry = { at: now, candle };
    this.entries.set(key, entry);
    candle.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return candle;
  }
}
