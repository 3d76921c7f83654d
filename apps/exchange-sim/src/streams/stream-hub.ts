// Drives every stream somebody listens to. One producer per stream name, shared by all its
// listeners; one timer for the whole hub, set to the earliest moment any producer has something
// to send.
import type { Logger } from 'pino';
import { type Producer, type ProducerContext, createProducer } from './producers';
import type { StreamSpec } from './stream-name';

/** Receives one payload, serialized once for all listeners. */
export type StreamListener = (json: string) => void;

interface ActiveStream {
  spec: StreamSpec;
  producer: Producer;
  listeners: Set<StreamListener>;
}

export interface StreamHubOptions extends ProducerContext {
  logger: Logger;
}

export class StreamHub {
  private readonly active = new Map<string, ActiveStream>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private running = false;

  constructor(private readonly opts: StreamHubOptions) {}

  /** Starts delivering `spec` to `listener`; the returned function stops it. */
  subscribe(spec: StreamSpec, listener: StreamListener): () => void {
    let entry = this.active.get(spec.name);
    if (!entry) {
      entry = { spec, producer: createProducer(spec, this.opts), listeners: new Set() };
      this.active.set(spec.name, entry);
      this.schedule();
    }
    entry.listeners.add(listener);
    const owner = entry;
    return () => {
      owner.listeners.delete(listener);
      if (owner.listeners.size === 0 && this.active.get(spec.name) === owner)
        this.active.delete(spec.name);
    };
  }

  /** Streams with at least one listener. */
  get streamCount(): number {
    return this.active.size;
  }

  start(): void {
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  /** Sets the timer for the earliest producer, unless it is already set at least that early. */
  private schedule(): void {
    if (!this.running) return;
    let at = Infinity;
    for (const entry of this.active.values()) at = Math.min(at, entry.producer.nextWake());
    if (at === Infinity || (this.timer && at >= this.timerAt)) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.wake(), Math.max(1, at - Date.now()));
  }

  private wake(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = this.opts.clock.now();
    const wallNow = Date.now();
    for (const entry of [...this.active.values()]) {
      let payloads: string[];
      try {
        payloads = entry.producer.produce(now, wallNow);
      } catch (err) {
        this.opts.logger.error({ err, stream: entry.spec.name }, 'failed to build a stream update');
        continue;
      }
      for (const json of payloads) {
        for (const listener of [...entry.listeners]) {
          try {
            listener(json);
          } catch (err) {
            this.opts.logger.warn({ err, stream: entry.spec.name }, 'a stream listener threw');
          }
        }
      }
    }
    this.schedule();
  }
}
