// Listen, then catch up: the one mechanism behind every live subscription (market.live,
// market.tickers, notifications.live, and the orders subscription to come).
//
// A subscription that resumes must not lose what happens while it looks up what the client missed,
// nor send it twice. So it (1) starts listening on the bus and buffers what arrives, (2) only then
// runs its catch-up (a query, a REST snapshot), yields those rows, and (3) drains the buffer and
// then follows live events, all through one `admit` filter that drops what was already sent (an
// event published during the catch-up is usually in both). The bus listener is removed whatever
// ends the subscription: the client leaving (the abort signal), the consumer returning, an error.
//
// How a new subscription uses it (the orders one, say):
//
//   for await (const order of listenThenCatchUp({
//     listen: async (push) => bus.subscribe(orderTopic(userId), (p) => {
//       const event = orderEventSchema.safeParse(p);
//       if (event.success) push(event.data);
//     }),
//     catchUp: () => orderEventsSince(db, userId, input.lastEventId),   // oldest first
//     buffer: fifoBuffer(),
//     admit: oncePerId(eventIdOf),
//     signal,
//   })) yield tracked(eventIdOf(order), order);
//
// The event id given to `tracked` is what a reconnecting client sends back as `lastEventId`, so it
// must say where to resume from (a time, a sequence), not only which row it was.
import { Wakeup } from './wakeup';

/** Holds live events between the bus callback and the generator; decides how they coalesce. */
export interface LiveBuffer<In, Out> {
  push(event: In): void;
  /** The next thing to yield, or undefined when nothing is buffered. */
  take(): Out | undefined;
}

export interface ListenThenCatchUpOptions<In, Out> {
  /** Starts listening, handing every event to `push`; resolves with the function that stops it. */
  listen: (push: (event: In) => void) => Promise<() => Promise<void>>;
  /**
   * What the client missed, oldest first. Called only once listening has started, so an event
   * that happens meanwhile is buffered; it may also be in the catch-up (`admit` drops the second).
   */
  catchUp?: () => AsyncIterable<Out> | Iterable<Out> | Promise<Iterable<Out>>;
  /** How live events wait for the consumer: `fifoBuffer()`, `coalescingBuffer`, `latestPerKeyBuffer`. */
  buffer: LiveBuffer<In, Out>;
  /** Called once per outgoing event, catch-up first, in order: false drops it. Default: all. */
  admit?: (event: Out) => boolean;
  /** Ends the subscription (the request's signal: the client went away). */
  signal: AbortSignal | undefined;
}

/** Catch-up events, then buffered and live ones, until `signal` aborts or the consumer returns. */
export async function* listenThenCatchUp<In, Out>(
  opts: ListenThenCatchUpOptions<In, Out>,
): AsyncGenerator<Out, void, undefined> {
  const buffer = opts.buffer;
  const admit = opts.admit ?? (() => true);
  const wakeup = new Wakeup();
  let stopListening: (() => Promise<void>) | undefined;
  try {
    stopListening = await opts.listen((event) => {
      buffer.push(event);
      wakeup.notify();
    });
    if (opts.catchUp) {
      for await (const event of await opts.catchUp()) {
        if (opts.signal?.aborted) return;
        if (admit(event)) yield event;
      }
    }
    while (!opts.signal?.aborted) {
      const next = buffer.take();
      if (next === undefined) {
        await wakeup.wait(opts.signal);
        continue;
      }
      if (admit(next)) yield next;
    }
  } finally {
    await stopListening?.();
  }
}

/** Every event, in arrival order. */
export function fifoBuffer<T>(): LiveBuffer<T, T> {
  const items: T[] = [];
  return {
    push: (event) => void items.push(event),
    take: () => items.shift(),
  };
}

/**
 * In arrival order, except that an event replaces the last buffered one when `supersedes(last,
 * event)`: a burst of updates of one forming candle leaves only its newest state to send.
 */
export function coalescingBuffer<T>(supersedes: (last: T, next: T) => boolean): LiveBuffer<T, T> {
  const items: T[] = [];
  return {
    push(event) {
      const last = items[items.length - 1];
      if (last !== undefined && supersedes(last, event)) items[items.length - 1] = event;
      else items.push(event);
    },
    take: () => items.shift(),
  };
}

/**
 * The newest buffered event per key, taken together as one batch (the watchlist's tickers: of a
 * symbol that moved twice since the last pull only the newer state is sent).
 */
export function latestPerKeyBuffer<T>(
  keyOf: (event: T) => string,
  isNewer: (next: T, queued: T) => boolean,
): LiveBuffer<T, T[]> {
  const pending = new Map<string, T>();
  return {
    push(event) {
      const key = keyOf(event);
      const queued = pending.get(key);
      if (queued !== undefined && !isNewer(event, queued)) return;
      pending.set(key, event);
    },
    take() {
      if (pending.size === 0) return undefined;
      const batch = [...pending.values()];
      pending.clear();
      return batch;
    },
  };
}

/**
 * An `admit` filter that sends each id once: the catch-up row and the same event heard on the bus
 * go out once. It remembers the last `capacity` ids (a duplicate arrives within moments of the
 * original), so a subscription open for weeks does not grow without bound.
 */
export function oncePerId<T>(idOf: (event: T) => string, capacity = 1000): (event: T) => boolean {
  const seen = new Set<string>();
  return (event) => {
    const id = idOf(event);
    if (seen.has(id)) return false;
    seen.add(id);
    if (seen.size > capacity) {
      const oldest = seen.values().next();
      if (!oldest.done) seen.delete(oldest.value);
    }
    return true;
  };
}
