// Drives every kline stream somebody listens to. It wakes every `tickMs` (wall time) to send the
// forming bar, and at each minute boundary of sim time to send the bars that just closed (x: true)
// right away, as Binance does. Streams are shared: however many connections listen to
// `btcusdt@kline_1m`, each update is built and serialized once.
import type { KlineEvent } from '@coinview/core/binance';
import { barOpenTime, nextBarOpen } from '@coinview/core/interval';
import type { Logger } from 'pino';
import type { MarketReplay, SimBar } from '../replay/market-replay';
import type { SimClock } from '../replay/sim-clock';
import { type KlineStream, klineEvent } from './kline-stream';

/** Receives the event and its JSON (serialized once for all listeners). */
export type KlineListener = (json: string, event: KlineEvent) => void;

interface ActiveStream {
  stream: KlineStream;
  listeners: Set<KlineListener>;
  /** Open time of the bar whose updates were sent last; its close is still owed. */
  lastOpen: number;
}

/** After a stall (laptop asleep) send at most this many missed closes per stream. */
const MAX_CATCH_UP = 1000;

export interface KlineFeedOptions {
  replay: MarketReplay;
  clock: SimClock;
  tickMs: number;
  logger: Logger;
}

export class KlineFeed {
  private readonly active = new Map<string, ActiveStream>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private lastTickWall = 0;

  constructor(private readonly opts: KlineFeedOptions) {}

  /** Starts delivering `stream` to `listener`; the returned function stops it. */
  subscribe(stream: KlineStream, listener: KlineListener): () => void {
    let entry = this.active.get(stream.name);
    if (!entry) {
      entry = { stream, listeners: new Set(), lastOpen: barOpenTime(this.opts.clock.now(), stream.interval) };
      this.active.set(stream.name, entry);
    }
    entry.listeners.add(listener);
    const owner = entry;
    return () => {
      owner.listeners.delete(listener);
      if (owner.listeners.size === 0 && this.active.get(stream.name) === owner) this.active.delete(stream.name);
    };
  }

  get streamCount(): number {
    return this.active.size;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.lastTickWall = Date.now();
    this.schedule();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (!this.running) return;
    const { clock, tickMs } = this.opts;
    const untilTick = this.lastTickWall + tickMs - Date.now();
    const untilBoundary = clock.wallDelayUntil(nextBarOpen(barOpenTime(clock.now(), '1m'), '1m'));
    this.timer = setTimeout(() => this.wake(), Math.max(1, Math.min(untilTick, untilBoundary)));
  }

  private wake(): void {
    const tickDue = Date.now() >= this.lastTickWall + this.opts.tickMs;
    if (tickDue) this.lastTickWall = Date.now();
    const now = this.opts.clock.now();
    for (const entry of this.active.values()) {
      try {
        this.advance(entry, now, tickDue);
      } catch (err) {
        this.opts.logger.error({ err, stream: entry.stream.name }, 'failed to build a kline update');
      }
    }
    this.schedule();
  }

  private advance(entry: ActiveStream, now: number, tickDue: boolean): void {
    const { symbol, interval } = entry.stream;
    const current = barOpenTime(now, interval);
    if (entry.lastOpen < current) {
      let missed = 0;
      for (let t = entry.lastOpen; t < current; t = nextBarOpen(t, interval)) missed++;
      let t = entry.lastOpen;
      for (let skip = missed - MAX_CATCH_UP; skip > 0; skip--) t = nextBarOpen(t, interval);
      for (; t < current; t = nextBarOpen(t, interval)) this.send(entry, this.opts.replay.bar(symbol, interval, t, now), now);
      entry.lastOpen = current;
    }
    if (tickDue) this.send(entry, this.opts.replay.bar(symbol, interval, current, now), now);
  }

  private send(entry: ActiveStream, bar: SimBar, now: number): void {
    const event = klineEvent(bar, now);
    const json = JSON.stringify(event);
    for (const listener of [...entry.listeners]) {
      try {
        listener(json, event);
      } catch (err) {
        this.opts.logger.warn({ err, stream: entry.stream.name }, 'a kline listener threw');
      }
    }
  }
}
