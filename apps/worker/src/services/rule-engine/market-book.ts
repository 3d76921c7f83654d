// The rule engine's view of one market (symbol + interval): core's MarketRules book with the rules
// of that market, fed the market's closed candles in order (after they were stored) and its forming
// updates, on one promise chain so that bars, ticks and rule changes never overtake each other.
//
// A rule joins the book at the first bar that ends after its `effectiveFrom` (when it was last
// changed, or after the bar it last fired on): before that it waits. This one mechanism gives a
// rule created while the worker runs "from the next bar on", and lets a restarted worker re-run the
// bars it missed (or stored but never evaluated before a crash) for exactly the rules that would
// have seen them; fires recorded before are dropped by the unique (rule, bar) key.
import { type Candle, toChartBar } from '@coinview/core/candle';
import { type Interval, intervalMs, nextBarOpen } from '@coinview/core/interval';
import { MarketRules, type RuleFire } from '@coinview/core/rules/market-rules';
import type { Logger } from 'pino';
import type { FireRecord, FireSink } from './fire-sink';
import type { LoadedRule } from './rule-rows';

export interface CandleHistory {
  /** The newest `limit` stored closed candles opening before `before` (all when unset), oldest first. */
  recent(symbol: string, interval: Interval, limit: number, before?: number): Promise<Candle[]>;
  /** Open time of the newest stored closed candle. */
  lastOpenTime(symbol: string, interval: Interval): Promise<number | undefined>;
}

export type RetireReason = 'fired-once' | 'expired' | 'invalid';

export interface MarketBookDeps {
  history: CandleHistory;
  sink: FireSink;
  now: () => number;
  logger: Logger;
  /** Bars that ended longer ago than this are committed without being evaluated. */
  catchUpWindowMs: number;
  /** At most this many stored bars are re-evaluated when a book is built or a gap is filled. */
  maxCatchUpBars: number;
  /** Delays between attempts to record a bar's fires while the database does not answer. */
  recordRetryMs: readonly number[];
  /** Rules that left the book for good (fired once, expired, refused by the book). */
  onRetired(rules: LoadedRule[], reason: RetireReason): void;
  stats: RuleEngineStats;
}

export interface RuleEngineStats {
  closes: number;
  ticks: number;
  fires: number;
  duplicates: number;
  lost: number;
}

export class MarketBook {
  private book: MarketRules;
  private readonly members = new Map<string, LoadedRule>();
  /** Members not in the book yet, by effectiveFrom ascending. */
  private waiting: LoadedRule[] = [];
  /** Open time of the last closed bar committed to the book. */
  private lastBar: number | undefined;
  private expiring = 0;
  private chain: Promise<void>;
  private pendingTick: Candle | undefined;
  private stopped = false;
  private readonly log: Logger;

  constructor(
    readonly symbol: string,
    readonly interval: Interval,
    private readonly deps: MarketBookDeps,
  ) {
    this.log = deps.logger.child({ symbol, interval });
    this.book = new MarketRules(symbol, interval);
    this.chain = Promise.resolve();
    this.enqueue(() => this.build());
  }

  get ruleCount(): number {
    return this.members.size;
  }

  /** Open time of the newest bar evaluated (for tests and diagnostics). */
  get evaluatedThrough(): number | undefined {
    return this.lastBar;
  }

  /**
   * Adds or replaces a rule. Synchronous (the book is only touched between bars): a rule put while
   * stored bars are being replayed joins at its own bar like any other.
   */
  put(rule: LoadedRule): void {
    this.detach(rule.id);
    this.members.set(rule.id, rule);
    if (rule.rule.expiresAt !== null) this.expiring++;
    this.wait(rule);
    // Joins now if it already existed when the forming bar opened; else at its first bar.
    if (this.lastBar !== undefined)
      this.joinDue(nextBarOpen(nextBarOpen(this.lastBar, this.interval), this.interval));
  }

  remove(id: string): void {
    this.detach(id);
  }

  /** Closed candles of this market, oldest first, called after they were stored. */
  closed(candles: readonly Candle[]): void {
    this.enqueue(async () => {
      for (const candle of candles) {
        if (this.stopped) return;
        await this.ingest(candle);
      }
    });
  }

  /** The forming candle; only the newest pending one is evaluated (ticks conflate under load). */
  forming(candle: Candle): void {
    const queued = this.pendingTick !== undefined;
    this.pendingTick = candle;
    if (queued) return;
    this.enqueue(async () => {
      const tick = this.pendingTick;
      this.pendingTick = undefined;
      if (tick) await this.applyTick(tick);
    });
  }

  /** Expires rules by the clock, for markets whose bars stopped coming. */
  sweepExpired(now: number): void {
    if (this.expiring > 0) this.enqueue(async () => this.expire(now));
  }

  settled(): Promise<void> {
    return this.chain;
  }

  stop(): Promise<void> {
    this.stopped = true;
    return this.chain;
  }

  private enqueue(task: () => Promise<void>): void {
    this.chain = this.chain
      .then(() => (this.stopped ? undefined : task()))
      .catch((err: unknown) => this.log.error({ err }, 'rule engine market task failed'));
  }

  /** Warms the book from stored candles and re-evaluates the recent ones the rules may have missed. */
  private async build(): Promise<void> {
    const { history, now, catchUpWindowMs, maxCatchUpBars } = this.deps;
    const warmup = this.warmupBars();
    const newest = await history.lastOpenTime(this.symbol, this.interval);
    if (newest === undefined) return; // the feed's first backfill comes through closed()
    let earliest = Number.POSITIVE_INFINITY;
    for (const r of this.waiting) earliest = Math.min(earliest, r.effectiveFrom);
    const from = Math.max(earliest, now() - catchUpWindowMs);
    const end = nextBarOpen(newest, this.interval);
    const catchUp =
      from >= end
        ? 0
        : Math.min(maxCatchUpBars, Math.ceil((end - from) / intervalMs(this.interval, newest)) + 1);
    const bars = await history.recent(this.symbol, this.interval, warmup + catchUp);
    for (const candle of bars) await this.applyClosed(candle);
    this.log.debug(
      { rules: this.members.size, bars: bars.length, catchUp },
      'market book built from stored candles',
    );
  }

  /** Closed bars the waiting and joined rules need, with the book's history ring sized for them. */
  private warmupBars(): number {
    // Adding every rule sizes the ring (it never shrinks) so rules joining later warm from it.
    for (const r of this.waiting) this.tryAdd(r);
    const bars = this.book.warmupBars();
    for (const r of this.waiting) this.book.remove(r.id);
    return bars;
  }

  private async ingest(candle: Candle): Promise<void> {
    const last = this.lastBar;
    if (last !== undefined && candle.openTime > nextBarOpen(last, this.interval)) {
      // Bars before this one were stored but not seen here (the book was built before the feed
      // stored them, or they came while this book was busy): read them back, in order.
      const missing = Math.round((candle.openTime - last) / intervalMs(this.interval, last)) - 1;
      if (missing > this.deps.maxCatchUpBars) {
        this.log.warn({ missing }, 'long gap before a closed candle; rebuilding the market book');
        this.reset();
        await this.build();
      } else {
        const gap = await this.deps.history.recent(
          this.symbol,
          this.interval,
          missing,
          candle.openTime,
        );
        for (const c of gap) await this.applyClosed(c);
      }
    }
    await this.applyClosed(candle);
  }

  private async applyClosed(candle: Candle): Promise<void> {
    if (this.lastBar !== undefined && candle.openTime <= this.lastBar) return;
    const end = candle.closeTime + 1;
    this.joinDue(end);
    const bar = toChartBar(candle);
    let fires: RuleFire[] = [];
    if (this.book.size === 0 || end <= this.deps.now() - this.deps.catchUpWindowMs) {
      this.book.warm([bar]); // too old to alert anyone about: committed, not evaluated
    } else {
      fires = this.book.close(bar, candle.closeTime);
      this.deps.stats.closes++;
    }
    this.lastBar = candle.openTime;
    await this.record(fires, candle.close);
    if (this.expiring > 0) this.expire(candle.closeTime);
  }

  private async applyTick(candle: Candle): Promise<void> {
    if (this.lastBar === undefined || candle.openTime !== nextBarOpen(this.lastBar, this.interval))
      return; // not caught up with the closes before it yet
    this.joinDue(candle.closeTime + 1);
    this.deps.stats.ticks++;
    await this.record(this.book.tick(toChartBar(candle), this.deps.now()), candle.close);
  }

  private async record(fires: RuleFire[], price: string): Promise<void> {
    const items: FireRecord[] = [];
    for (const fire of fires) {
      const rule = this.members.get(fire.ruleId);
      if (!rule) continue;
      rule.lastFiredBar = fire.barOpenTime;
      // Should the book be rebuilt, this bar is not evaluated again for the rule.
      rule.effectiveFrom = Math.max(
        rule.effectiveFrom,
        nextBarOpen(fire.barOpenTime, this.interval),
      );
      if (rule.rule.frequency === 'once') {
        this.detach(rule.id);
        this.deps.onRetired([rule], 'fired-once');
      }
      items.push({ rule, fire, price });
    }
    if (items.length === 0) return;
    // A bar's fires are recorded together, in one transaction: with 1,000 rules firing on one
    // close, a transaction per fire put seconds between the close and the last order
    // (bench/orders.ts). All or nothing, so a failed attempt is retried whole. The bar is done only
    // when they are, so bars never overtake each other.
    const { sink, stats, recordRetryMs } = this.deps;
    for (let attempt = 0; ; attempt++) {
      try {
        for (const inserted of await sink.recordMany(items)) {
          if (inserted) stats.fires++;
          else stats.duplicates++;
        }
        return;
      } catch (err) {
        const delay = recordRetryMs[attempt];
        if (delay === undefined || this.stopped) {
          stats.lost += items.length;
          // A restart within the catch-up window evaluates the bar again.
          this.log.error(
            { err, fires: items.length, bar: items[0]?.fire.barOpenTime },
            'could not record a bar’s fires',
          );
          return;
        }
        this.log.warn(
          { err, fires: items.length, attempt },
          'recording a bar’s fires failed; retrying',
        );
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  private expire(now: number): void {
    const ids = new Set(this.book.expired(now));
    for (const r of this.waiting)
      if (r.rule.expiresAt !== null && now > r.rule.expiresAt) ids.add(r.id);
    const gone = [...ids].flatMap((id) => {
      const rule = this.members.get(id);
      this.detach(id);
      return rule ? [rule] : [];
    });
    if (gone.length > 0) this.deps.onRetired(gone, 'expired');
  }

  private joinDue(before: number): void {
    while (this.waiting.length > 0 && this.waiting[0]!.effectiveFrom < before) {
      const rule = this.waiting.shift()!;
      if (!this.tryAdd(rule)) {
        this.detach(rule.id);
        this.deps.onRetired([rule], 'invalid');
      }
    }
  }

  private tryAdd(rule: LoadedRule): boolean {
    try {
      this.book.add(rule.id, rule.rule, { lastFiredBar: rule.lastFiredBar });
      return true;
    } catch (err) {
      this.log.warn({ err, ruleId: rule.id }, 'the rule book refused a rule; skipped');
      return false;
    }
  }

  private wait(rule: LoadedRule): void {
    let i = this.waiting.length;
    while (i > 0 && this.waiting[i - 1]!.effectiveFrom > rule.effectiveFrom) i--;
    this.waiting.splice(i, 0, rule);
  }

  private detach(id: string): void {
    const rule = this.members.get(id);
    if (!rule) return;
    this.members.delete(id);
    if (rule.rule.expiresAt !== null) this.expiring--;
    this.book.remove(id);
    const i = this.waiting.indexOf(rule);
    if (i >= 0) this.waiting.splice(i, 1);
  }

  /** A fresh book with every member waiting again (after a gap too long to fill bar by bar). */
  private reset(): void {
    this.book = new MarketRules(this.symbol, this.interval);
    this.lastBar = undefined;
    this.waiting = [];
    for (const rule of this.members.values()) this.wait(rule);
  }
}
