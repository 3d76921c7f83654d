// What core needs from the outside world, as small interfaces the apps implement.
import type { Candle } from './candle';
import type { Interval } from './interval';

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Worker → web live events (Postgres LISTEN/NOTIFY today, Redis later). */
export interface EventPublisher {
  publish(topic: string, payload: unknown): Promise<void>;
}

export interface EventSubscriber {
  /** Calls `onEvent` for each event on `topic`; the returned function unsubscribes. */
  subscribe(topic: string, onEvent: (payload: unknown) => void): Promise<() => Promise<void>>;
}

export interface CandleSource {
  /** Closed candles with openTime in [from, to), oldest first. */
  candles(symbol: string, interval: Interval, from: number, to: number): Promise<Candle[]>;
}
