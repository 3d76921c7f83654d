// The worker → web event bus on Postgres LISTEN/NOTIFY (no extra server on one machine; the
// EventPublisher/EventSubscriber ports let Redis replace it later).
// - Topics ("candles:BTCUSDT:1m") map to channel names ("candles_btcusdt_1m"); since that mapping
//   can collide, each message carries its exact topic and subscribers filter on it.
// - One dedicated LISTEN connection per PgBus, shared by all its subscriptions; after the
//   connection drops it reconnects with backoff and re-LISTENs. NOTIFY is not durable: events
//   sent while disconnected are lost, so consumers resync through `onReconnect` (e.g. re-query).
import { createHash } from 'node:crypto';
import type { EventPublisher, EventSubscriber } from '@coinview/core/ports';
import pg from 'pg';

/** Postgres rejects NOTIFY payloads of 8000 bytes or more (default build). */
export const MAX_NOTIFY_PAYLOAD_BYTES = 7999;

export class PayloadTooLargeError extends Error {
  constructor(
    readonly topic: string,
    readonly bytes: number,
  ) {
    super(
      `Event for topic "${topic}" is ${bytes} bytes as JSON; LISTEN/NOTIFY carries at most ${MAX_NOTIFY_PAYLOAD_BYTES}`,
    );
    this.name = 'PayloadTooLargeError';
  }
}

/** Lowercase, [a-z0-9_] only, at most 63 bytes (Postgres identifier limit; long ones hashed). */
export function channelForTopic(topic: string): string {
  const plain = `cv_${topic.toLowerCase().replace(/[^a-z0-9]/g, '_')}`;
  if (plain.length <= 63) return plain;
  const digest = createHash('sha256').update(topic).digest('hex').slice(0, 16);
  return `${plain.slice(0, 46)}_${digest}`;
}

interface Envelope {
  t: string;
  p: unknown;
}

type Callback = (payload: unknown) => void;

export interface PgBusOptions {
  /** Called after the LISTEN connection was re-established (events may have been missed). */
  onReconnect?: () => void;
  /** Connection problems and subscriber exceptions; default: ignored. */
  onError?: (err: unknown) => void;
  /** Backoff bounds for reconnecting the LISTEN connection. */
  reconnectDelayMs?: { min: number; max: number };
}

export class PgBus implements EventPublisher, EventSubscriber {
  private readonly pool: pg.Pool;
  private readonly subscribers = new Map<string, Map<string, Set<Callback>>>(); // channel → topic → callbacks
  private listener: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private reconnectTimer: NodeJS.Timeout | undefined;
  private reconnectAttempt = 0;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly options: PgBusOptions = {},
  ) {
    this.pool = new pg.Pool({ connectionString: url, max: 2 });
    this.pool.on('error', (err) => this.options.onError?.(err));
  }

  async publish(topic: string, payload: unknown): Promise<void> {
    const message = JSON.stringify({ t: topic, p: payload } satisfies Envelope);
    const bytes = Buffer.byteLength(message, 'utf8');
    if (bytes > MAX_NOTIFY_PAYLOAD_BYTES) throw new PayloadTooLargeError(topic, bytes);
    await this.pool.query('SELECT pg_notify($1, $2)', [channelForTopic(topic), message]);
  }

  async subscribe(topic: string, onEvent: Callback): Promise<() => Promise<void>> {
    if (this.closed) throw new Error('PgBus is closed');
    const channel = channelForTopic(topic);
    const topics = this.subscribers.get(channel) ?? new Map<string, Set<Callback>>();
    const isNewChannel = !this.subscribers.has(channel);
    this.subscribers.set(channel, topics);
    const callbacks = topics.get(topic) ?? new Set<Callback>();
    topics.set(topic, callbacks);
    // Wrapped so that subscribing the same function twice yields two independent subscriptions.
    const entry: Callback = (payload) => onEvent(payload);
    callbacks.add(entry);
    if (isNewChannel) {
      try {
        await this.serially(async () =>
          (await this.connection()).query(`LISTEN ${pg.escapeIdentifier(channel)}`),
        );
      } catch (err) {
        this.remove(channel, topic, entry);
        throw err;
      }
    } else {
      await this.connection();
    }
    let active = true;
    return async () => {
      if (!active) return;
      active = false;
      if (this.remove(channel, topic, entry) && this.listener && !this.closed) {
        const client = this.listener;
        await this.serially(() => client.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`)).catch(
          (err: unknown) => this.options.onError?.(err),
        );
      }
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.subscribers.clear();
    const client = this.listener ?? (await this.connecting?.catch(() => undefined));
    this.listener = undefined;
    await Promise.allSettled([client?.end(), this.pool.end()]);
  }

  /** Removes one callback; true when its channel has no subscribers left. */
  private remove(channel: string, topic: string, entry: Callback): boolean {
    const topics = this.subscribers.get(channel);
    const callbacks = topics?.get(topic);
    callbacks?.delete(entry);
    if (callbacks?.size === 0) topics?.delete(topic);
    if (topics?.size === 0) {
      this.subscribers.delete(channel);
      return true;
    }
    return false;
  }

  // LISTEN/UNLISTEN go one at a time so an unsubscribe cannot overtake the subscribe before it.
  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private connection(): Promise<pg.Client> {
    if (this.listener) return Promise.resolve(this.listener);
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (message) => this.deliver(message.channel, message.payload));
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    await client.connect();
    if (this.closed) {
      await client.end();
      throw new Error('PgBus is closed');
    }
    for (const channel of this.subscribers.keys())
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    this.listener = client;
    return client;
  }

  private deliver(channel: string, raw: string | undefined): void {
    const topics = this.subscribers.get(channel);
    if (!topics || raw === undefined) return;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(raw) as Envelope;
    } catch (err) {
      this.options.onError?.(err);
      return;
    }
    for (const callback of [...(topics.get(envelope.t) ?? [])]) {
      try {
        callback(envelope.p);
      } catch (err) {
        this.options.onError?.(err);
      }
    }
  }

  private lost(client: pg.Client, err?: unknown): void {
    if (this.listener !== client) return;
    this.listener = undefined;
    if (err) this.options.onError?.(err);
    client.end().catch(() => undefined);
    if (this.closed) return;
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const { min, max } = this.options.reconnectDelayMs ?? { min: 100, max: 5_000 };
    const delay = Math.min(max, min * 2 ** this.reconnectAttempt);
    this.reconnectAttempt += 1;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      if (this.closed || this.subscribers.size === 0) return;
      this.connection().then(
        () => {
          this.reconnectAttempt = 0;
          this.options.onReconnect?.();
        },
        (err: unknown) => {
          this.options.onError?.(err);
          if (!this.closed) this.scheduleReconnect();
        },
      );
    }, delay);
    this.reconnectTimer.unref();
  }
}
