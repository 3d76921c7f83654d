// The worker's live alert evaluation. Loads every active rule, keeps one MarketBook per market
// (symbol + interval) with core's MarketRules inside, makes the market feed stream each market a
// rule needs (one feed reference per market, symbol checked with the exchange first), and hears
// the feed's candles in process through the taps in ./candle-taps.
//
// Rules change while it runs: the web publishes `{ ruleId }` on the bus topic `alert-rules` after
// any change and that rule is reloaded from its current row; every `resyncMs` the (id, version)
// pairs of the active rules are compared with what is loaded, which heals a missed NOTIFY.
import type { Candle } from '@coinview/core/candle';
import type { Interval } from '@coinview/core/interval';
import type { EventSubscriber } from '@coinview/core/ports';
import { ALERT_RULES_TOPIC } from '@coinview/db/bus-topics';
import type { Logger } from 'pino';
import type { Service } from '../../service';
import type { MarketFeed } from '../market-feed';
import type { SymbolCheck } from '../market-interest-symbols';
import type { CandleListener } from './candle-taps';
import type { FireSink } from './fire-sink';
import {
  type CandleHistory,
  MarketBook,
  type RetireReason,
  type RuleEngineStats,
} from './market-book';
import { type LoadedRule, type RuleRow, type RuleSource, parseRuleRow } from './rule-rows';

export interface RuleEngineOptions {
  rules: RuleSource;
  history: CandleHistory;
  sink: FireSink;
  bus: EventSubscriber;
  feed: Pick<MarketFeed, 'watch' | 'unwatch'>;
  symbols: SymbolCheck;
  logger: Logger;
  now?: () => number;
  /** How often loaded rules are compared with the table (default 30 s). */
  resyncMs?: number;
  /** Bars that ended longer ago are never evaluated, e.g. after a long outage (default 2 h). */
  catchUpWindowMs?: number;
  /** Stored bars re-evaluated per market at most when a book is built (default 1,000). */
  maxCatchUpBars?: number;
  /** Delays between attempts to record a bar's fires (one transaction) while the database fails. */
  recordRetryMs?: readonly number[];
}

interface Loaded {
  key: string;
  version: number;
}

type WatchState = 'checking' | 'watched' | 'unlisted' | 'failed';

export class RuleEngine implements Service, CandleListener {
  readonly name = 'rule-engine';
  readonly stats: RuleEngineStats = { closes: 0, ticks: 0, fires: 0, duplicates: 0, lost: 0 };
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly books = new Map<string, MarketBook>();
  private readonly loaded = new Map<string, Loaded>();
  /** Versions not to load again: malformed, or retired by the engine (fired once, expired). */
  private readonly skipped = new Map<string, number>();
  private readonly watches = new Map<string, WatchState>();
  private control: Promise<void> = Promise.resolve();
  private unsubscribe: (() => Promise<void>) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly opts: RuleEngineOptions) {
    this.log = opts.logger;
    this.now = opts.now ?? Date.now;
  }

  /** Rules loaded (waiting or in a book). */
  get ruleCount(): number {
    return this.loaded.size;
  }

  book(symbol: string, interval: Interval): MarketBook | undefined {
    return this.books.get(marketKey(symbol, interval));
  }

  async start(): Promise<void> {
    // Listen first: a change made while the rules load is then reloaded after them.
    this.unsubscribe = await this.opts.bus.subscribe(ALERT_RULES_TOPIC, (payload) => {
      const ruleId = (payload as { ruleId?: unknown } | null)?.ruleId;
      if (typeof ruleId !== 'string') {
        this.log.warn({ payload }, 'malformed alert-rules message; skipped');
        return;
      }
      // schedule() never rejects: a failed task is logged there and the queue moves on.
      void this.schedule(() => this.reload(ruleId));
    });
    await this.schedule(async () => {
      const rows = await this.opts.rules.loadActive();
      for (const row of rows) this.apply(row.id, row, true);
      this.log.info(
        { rules: this.loaded.size, markets: this.books.size, skipped: this.skipped.size },
        'rule engine started',
      );
    });
    this.timer = setInterval(() => void this.resync(), this.opts.resyncMs ?? 30_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.unsubscribe?.();
    // The feed stopped first: evaluate (and record the fires of) every bar it handed over.
    await this.settled();
    this.stopped = true;
    await Promise.all([...this.books.values()].map((b) => b.stop()));
    for (const key of [...this.books.keys()]) this.dropBook(key);
    this.log.info(this.stats, 'rule engine stopped');
  }

  /** Every book's queued work done (tests). */
  async settled(): Promise<void> {
    await this.control;
    await Promise.all([...this.books.values()].map((b) => b.settled()));
  }

  onClosed(candles: readonly Candle[]): void {
    const first = candles[0];
    if (this.stopped || !first) return;
    this.books.get(marketKey(first.symbol, first.interval))?.closed(candles);
  }

  onForming(candle: Candle): void {
    if (this.stopped) return;
    this.books.get(marketKey(candle.symbol, candle.interval))?.forming(candle);
  }

  /** Compares the active (id, version) pairs with what is loaded and reloads what moved. */
  resync(): Promise<void> {
    return this.schedule(async () => {
      const versions = await this.opts.rules.activeVersions();
      for (const id of [...this.loaded.keys()]) if (!versions.has(id)) this.unload(id);
      for (const id of [...this.skipped.keys()]) if (!versions.has(id)) this.skipped.delete(id);
      for (const [id, version] of versions) {
        if (this.loaded.get(id)?.version === version || this.skipped.get(id) === version) continue;
        await this.reload(id);
      }
      for (const [key, state] of this.watches)
        if (state === 'failed' || state === 'unlisted') this.watch(key);
      const now = this.now();
      for (const book of this.books.values()) book.sweepExpired(now);
    });
  }

  private schedule(task: () => Promise<void>): Promise<void> {
    this.control = this.control
      .then(() => (this.stopped ? undefined : task()))
      .catch((err: unknown) => this.log.error({ err }, 'rule engine could not load rules'));
    return this.control;
  }

  private async reload(id: string): Promise<void> {
    this.apply(id, await this.opts.rules.load(id), false);
  }

  /** Loads, replaces or unloads one rule by its current row. */
  private apply(id: string, row: RuleRow | null, initial: boolean): void {
    if (!row || row.status !== 'active') {
      this.skipped.delete(id);
      this.unload(id);
      return;
    }
    // A once-rule that fired (or an expired one) stays out until its row moves on.
    if (this.skipped.get(id) === row.version) return;
    const parsed = parseRuleRow(row);
    if (!parsed.ok) {
      this.log.warn(
        { ruleId: id, version: row.version, error: parsed.error },
        'alert rule definition does not parse; skipped',
      );
      this.skipped.set(id, row.version);
      this.unload(id);
      return;
    }
    this.skipped.delete(id);
    const rule = parsed.rule;
    const key = marketKey(rule.rule.symbol, rule.rule.interval);
    const previous = this.loaded.get(id);
    if (previous && previous.key !== key) this.unload(id);
    this.loaded.set(id, { key, version: row.version });
    this.bookFor(key, rule).put(rule);
    if (!initial) this.log.info({ ruleId: id, version: row.version }, 'alert rule (re)loaded');
  }

  private unload(id: string): void {
    const entry = this.loaded.get(id);
    if (!entry) return;
    this.loaded.delete(id);
    const book = this.books.get(entry.key);
    if (!book) return;
    book.remove(id);
    if (book.ruleCount === 0) this.dropBook(entry.key);
  }

  private retired(rules: LoadedRule[], reason: RetireReason): void {
    for (const rule of rules) {
      const entry = this.loaded.get(rule.id);
      if (!entry) continue;
      this.loaded.delete(rule.id);
      this.skipped.set(rule.id, entry.version);
      const book = this.books.get(entry.key);
      if (book && book.ruleCount === 0) this.dropBook(entry.key);
    }
    if (reason === 'expired') {
      const ids = rules.map((r) => r.id);
      this.log.info({ ids }, 'alert rules expired');
      this.opts.rules
        .markExpired(ids)
        .catch((err: unknown) => this.log.error({ err, ids }, 'could not mark rules expired'));
    }
  }

  private bookFor(key: string, rule: LoadedRule): MarketBook {
    let book = this.books.get(key);
    if (book) return book;
    book = new MarketBook(rule.rule.symbol, rule.rule.interval, {
      history: this.opts.history,
      sink: this.opts.sink,
      now: this.now,
      logger: this.log,
      catchUpWindowMs: this.opts.catchUpWindowMs ?? 2 * 3_600_000,
      maxCatchUpBars: this.opts.maxCatchUpBars ?? 1_000,
      recordRetryMs: this.opts.recordRetryMs ?? [250, 1_000, 4_000, 15_000],
      onRetired: (rules, reason) => this.retired(rules, reason),
      stats: this.stats,
    });
    this.books.set(key, book);
    this.watch(key);
    return book;
  }

  /** Makes the feed stream the market, once the exchange confirms it lists the symbol. */
  private watch(key: string): void {
    const book = this.books.get(key);
    if (!book) return;
    const { symbol, interval } = book;
    this.watches.set(key, 'checking');
    this.opts.symbols.has(symbol).then(
      (listed) => {
        if (this.books.get(key) !== book || this.stopped) return;
        if (!listed) {
          this.watches.set(key, 'unlisted');
          this.log.warn(
            { symbol, interval },
            'alert rules for a symbol the exchange does not list',
          );
          return;
        }
        this.watches.set(key, 'watched');
        this.opts.feed.watch(symbol, interval);
      },
      (err: unknown) => {
        if (this.books.get(key) !== book) return;
        this.watches.set(key, 'failed');
        this.log.warn({ err, symbol }, 'could not check a symbol; retried at the next resync');
      },
    );
  }

  private dropBook(key: string): void {
    const book = this.books.get(key);
    if (!book) return;
    this.books.delete(key);
    void book.stop();
    if (this.watches.get(key) === 'watched') this.opts.feed.unwatch(book.symbol, book.interval);
    this.watches.delete(key);
  }
}

function marketKey(symbol: string, interval: string): string {
  return `${symbol}:${interval}`;
}
