// One market (symbol + interval) of the feed: keeps its stored candles gapless and its live updates
// in order.
//
// - Watermark: the open time of the newest stored closed candle. Stored candles are contiguous up
//   to it, always: a live close is stored only when it directly follows the watermark, so the
//   newest row in the table is a safe place to resume from after a crash.
// - Sync: whenever the stream (re)connects, or an update reveals a missing close (a bar newer than
//   the watermark's successor), live updates are buffered while every closed candle from the
//   watermark up to the exchange's current time is fetched over REST and upserted; then the buffer
//   is released in arrival order. So nothing newer is published for a market until the closed
//   candles before it are stored.
// - Order: an update no newer than the last one published (duplicate, stale, out of order) is
//   dropped; a forming update already superseded by a newer one received is skipped (conflation).
// - Closes are stored before they are published: whoever hears "bar closed" can read it.
// All work of a market runs on one promise chain, so stores and publishes never overtake each other.
import type { Candle } from '@coinview/core/candle';
import { type Interval, barOpenTime, nextBarOpen } from '@coinview/core/interval';
import type { EventPublisher } from '@coinview/core/ports';
import type { BinanceRestClient } from '@coinview/exchange/rest';
import { klinePages } from '@coinview/exchange/rest';
import { candleTopic } from '@coinview/db/bus-topics';
import type { Logger } from 'pino';
import type { CandleStore } from '../adapters/candle-store';
import { type BackoffOptions, backoffDelay } from '../backoff';
import { type UpdateKey, barsBefore, isNewer } from './candle-order';

export interface LiveUpdate {
  candle: Candle;
  /** The exchange's event time (ms). */
  eventTime: number;
}

export type KlineRest = Pick<BinanceRestClient, 'serverTime' | 'klines'>;

export interface MarketSyncDeps {
  store: CandleStore;
  rest: KlineRest;
  publisher: EventPublisher;
  logger: Logger;
  /** Closed candles fetched for a market with nothing stored yet. */
  initialBars: number;
  /** At most this many closed candles fetched by one sync (older ones are the history tool's job). */
  maxBackfillBars: number;
  retry: BackoffOptions;
  /** Updates kept while syncing; beyond it superseded forming updates are discarded. */
  maxBuffered: number;
  /** Aborted when the feed stops (waits and REST calls end early). */
  signal: AbortSignal;
}

export interface MarketSyncStats {
  applied: number;
  published: number;
  stored: number;
  stale: number;
  conflated: number;
  syncs: number;
  backfilled: number;
}

interface Item extends LiveUpdate {
  key: UpdateKey;
  /** Arrival order. */
  seq: number;
}

const keyOf = (candle: Candle, eventTime: number): UpdateKey => ({
  openTime: candle.openTime,
  closed: candle.closed,
  eventTime,
  trades: candle.trades,
});

export class MarketSync {
  readonly stats: MarketSyncStats = {
    applied: 0,
    published: 0,
    stored: 0,
    stale: 0,
    conflated: 0,
    syncs: 0,
    backfilled: 0,
  };
  readonly topic: string;
  private readonly log: Logger;
  private chain: Promise<void> = Promise.resolve();
  private buffering = true;
  private buffer: Item[] = [];
  private connected = false;
  private generation = 0;
  private syncQueued = false;
  private watermark: number | undefined;
  private watermarkLoaded = false;
  private lastPublished: UpdateKey | undefined;
  private newestReceived: UpdateKey | undefined;
  private received = 0;
  private disposed = false;
  private readonly abort = new AbortController();
  private readonly signal: AbortSignal;

  constructor(
    readonly symbol: string,
    readonly interval: Interval,
    private readonly deps: MarketSyncDeps,
  ) {
    this.topic = candleTopic(symbol, interval);
    this.log = deps.logger.child({ symbol, interval });
    this.signal = AbortSignal.any([deps.signal, this.abort.signal]);
  }

  /** Newest closed candle stored with none missing before it. */
  get storedThrough(): number | undefined {
    return this.watermark;
  }

  get live(): boolean {
    return this.connected && !this.buffering;
  }

  push(update: LiveUpdate): void {
    if (this.disposed) return;
    const item: Item = {
      ...update,
      key: keyOf(update.candle, update.eventTime),
      seq: ++this.received,
    };
    if (isNewer(item.key, this.newestReceived)) this.newestReceived = item.key;
    if (this.buffering) {
      this.rebuffer(item);
      return;
    }
    this.enqueue(async () => {
      if (!(await this.apply(item))) this.rebuffer(item);
    });
  }

  /** The stream carries this market again (maybe after a gap): sync before going live. */
  connect(): void {
    this.connected = true;
    this.generation++;
    this.requestSync();
  }

  /** The stream no longer carries this market: updates may be missed from now on. */
  disconnect(): void {
    this.connected = false;
    this.generation++;
    this.buffering = true;
  }

  /** Resolves once the work queued so far (stores, publishes, a sync) is done. */
  settled(): Promise<void> {
    return this.chain;
  }

  dispose(): Promise<void> {
    this.disposed = true;
    this.abort.abort();
    return this.chain;
  }

  private enqueue(task: () => Promise<void>): void {
    this.chain = this.chain
      .then(task)
      .catch((err: unknown) => this.log.error({ err }, 'market task failed'));
  }

  private requestSync(): void {
    if (this.syncQueued || this.disposed) return;
    this.syncQueued = true;
    this.buffering = true;
    this.enqueue(async () => {
      this.syncQueued = false;
      await this.sync();
    });
  }

  private async sync(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      // Disconnected: stay buffered; the next connect queues a fresh sync.
      if (this.disposed || !this.connected) return;
      const generation = this.generation;
      try {
        await this.backfill();
      } catch (err) {
        if (this.signal.aborted) return;
        const retryAfter = (err as { retryAfterMs?: unknown }).retryAfterMs;
        const delay =
          typeof retryAfter === 'number' ? retryAfter : backoffDelay(attempt, this.deps.retry);
        this.log.warn({ err, attempt, retryInMs: delay }, 'backfill failed; retrying');
        await sleep(delay, this.signal);
        continue;
      }
      // The connection changed meanwhile: its own sync is queued (or will be, on connect).
      if (generation !== this.generation) return;
      await this.drain();
      return;
    }
  }

  /** Stores every closed candle after the watermark up to the exchange's current time. */
  private async backfill(): Promise<void> {
    const { store, rest } = this.deps;
    const signal = this.signal;
    this.stats.syncs++;
    if (!this.watermarkLoaded) {
      this.watermark = await store.lastOpenTime(this.symbol, this.interval);
      this.watermarkLoaded = true;
    }
    const serverTime = await rest.serverTime({ signal });
    const forming = barOpenTime(serverTime, this.interval);
    const floor = barsBefore(forming, this.interval, this.deps.maxBackfillBars);
    let from =
      this.watermark === undefined
        ? barsBefore(forming, this.interval, this.deps.initialBars)
        : nextBarOpen(this.watermark, this.interval);
    if (from < floor) {
      this.log.warn(
        { from, floor },
        'gap longer than a backfill covers; older candles are left to the history tool',
      );
      from = floor;
    }
    let fetched = 0;
    if (from < forming) {
      for await (const page of klinePages(rest, this.symbol, this.interval, {
        from,
        to: forming,
        signal,
      })) {
        await store.upsert(page);
        fetched += page.length;
        this.watermark = Math.max(
          this.watermark ?? Number.NEGATIVE_INFINITY,
          page.at(-1)!.openTime,
        );
        // After a gap the chart hears about the bars it missed; on a first start it loads history instead.
        if (this.lastPublished)
          for (const candle of page) await this.publish(candle, keyOf(candle, 0));
      }
    }
    this.stats.backfilled += fetched;
    this.log.info({ from, to: forming, fetched }, 'backfilled closed candles');
  }

  private async drain(): Promise<void> {
    while (this.buffer.length > 0 && !this.syncQueued && !this.disposed) {
      const item = this.buffer.shift()!;
      if (!(await this.apply(item))) {
        this.rebuffer(item);
        break;
      }
    }
    if (!this.syncQueued && this.buffer.length === 0) this.buffering = false;
  }

  /** Applies one live update; false when it must wait for a sync (it is then buffered again). */
  private async apply(item: Item): Promise<boolean> {
    if (this.syncQueued || this.disposed) return false;
    const { candle, key } = item;
    const w = this.watermark;
    if (w !== undefined && candle.openTime > nextBarOpen(w, this.interval)) {
      // A close is missing before this bar (lost, garbled or late): fetch it before going on.
      this.requestSync();
      return false;
    }
    this.stats.applied++;
    if (candle.closed && (w === undefined || candle.openTime > w)) {
      try {
        await this.deps.store.upsert([candle]);
      } catch (err) {
        // Not published unstored; the sync stores it once the database answers again.
        this.log.error({ err, openTime: candle.openTime }, 'failed to store a closed candle');
        this.requestSync();
        return false;
      }
      this.stats.stored++;
      this.watermark = candle.openTime;
    }
    if (
      !isNewer(key, this.lastPublished) ||
      (!candle.closed && this.watermark !== undefined && candle.openTime <= this.watermark)
    ) {
      this.stats.stale++;
    } else if (!candle.closed && this.newestReceived && isNewer(this.newestReceived, key)) {
      this.stats.conflated++;
    } else {
      await this.publish(candle, key);
    }
    return true;
  }

  private async publish(candle: Candle, key: UpdateKey): Promise<void> {
    if (!isNewer(key, this.lastPublished)) return;
    this.lastPublished = key;
    try {
      await this.deps.publisher.publish(this.topic, candle);
      this.stats.published++;
    } catch (err) {
      this.log.error({ err }, 'failed to publish a candle update');
    }
  }

  /** Puts an update back into the buffer at its place in arrival order. */
  private rebuffer(item: Item): void {
    let i = this.buffer.length;
    while (i > 0 && this.buffer[i - 1]!.seq > item.seq) i--;
    this.buffer.splice(i, 0, item);
    if (this.buffer.length > this.deps.maxBuffered) this.compact();
  }

  /** Keeps every close and the newest forming update; older forming updates are superseded anyway. */
  private compact(): void {
    const newestForming = this.buffer.findLast((i) => !i.candle.closed);
    this.buffer = this.buffer.filter((i) => i.candle.closed || i === newestForming);
    if (this.buffer.length > this.deps.maxBuffered) {
      // Only closes left: the oldest are the likeliest to be covered by the running backfill.
      this.log.warn(
        { dropped: this.buffer.length - this.deps.maxBuffered },
        'sync buffer full; dropping the oldest closes',
      );
      this.buffer = this.buffer.slice(-this.deps.maxBuffered);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
