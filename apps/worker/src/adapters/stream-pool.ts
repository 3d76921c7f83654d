// Spreads streams over as few connections as Binance allows: each BinanceStream carries at most
// `maxStreamsPerConnection` (1024 on Binance); a new stream goes to the first connection with
// room, a connection left empty is closed.
import type { KlineEvent } from '@coinview/core/binance';
import type { Logger } from 'pino';
import { BinanceStream, type BinanceStreamOptions, type StreamStats } from './binance-stream';

export interface StreamPoolOptions extends Omit<
  BinanceStreamOptions,
  'logger' | 'onKline' | 'onActive' | 'onInactive' | 'onRejected'
> {
  logger: Logger;
  /** Binance: 1024. */
  maxStreamsPerConnection?: number;
  onKline: (event: KlineEvent, stream: string) => void;
  onActive: (streams: string[]) => void;
  onInactive: (streams: string[]) => void;
  onRejected?: (streams: string[], reason: string) => void;
}

export class StreamPool {
  private readonly connections: BinanceStream[] = [];
  private readonly owner = new Map<string, BinanceStream>();
  private readonly retired: StreamStats = {
    connects: 0,
    events: 0,
    malformed: 0,
    requests: 0,
    renewals: 0,
  };
  private running = false;
  private serial = 0;

  constructor(private readonly opts: StreamPoolOptions) {}

  get connectionCount(): number {
    return this.connections.length;
  }

  get stats(): StreamStats {
    const total = { ...this.retired };
    for (const c of this.connections)
      for (const key of Object.keys(total) as (keyof StreamStats)[]) total[key] += c.stats[key];
    return total;
  }

  /** Streams per connection, in connection order. */
  get layout(): number[] {
    return this.connections.map((c) => c.desired.size);
  }

  isLive(stream: string): boolean {
    return this.owner.get(stream)?.live.has(stream) ?? false;
  }

  start(): void {
    this.running = true;
    for (const c of this.connections) c.start();
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.connections.map((c) => c.stop()));
  }

  add(streams: readonly string[]): void {
    const batches = new Map<BinanceStream, string[]>();
    const max = this.opts.maxStreamsPerConnection ?? 1024;
    const planned = new Map<BinanceStream, number>();
    for (const stream of streams) {
      if (this.owner.has(stream)) continue;
      let target = this.connections.find((c) => c.desired.size + (planned.get(c) ?? 0) < max);
      if (!target) target = this.create();
      planned.set(target, (planned.get(target) ?? 0) + 1);
      this.owner.set(stream, target);
      const batch = batches.get(target) ?? [];
      batch.push(stream);
      batches.set(target, batch);
    }
    for (const [connection, batch] of batches) connection.add(batch);
  }

  remove(streams: readonly string[]): void {
    const touched = new Set<BinanceStream>();
    for (const stream of streams) {
      const connection = this.owner.get(stream);
      if (!connection) continue;
      this.owner.delete(stream);
      connection.remove([stream]);
      touched.add(connection);
    }
    for (const connection of touched) if (connection.desired.size === 0) this.retire(connection);
  }

  private create(): BinanceStream {
    const id = ++this.serial;
    const connection: BinanceStream = new BinanceStream({
      ...this.opts,
      logger: this.opts.logger.child({ connection: id }),
      onKline: this.opts.onKline,
      onActive: this.opts.onActive,
      onInactive: this.opts.onInactive,
      onRejected: (streams, reason) => {
        for (const s of streams) if (this.owner.get(s) === connection) this.owner.delete(s);
        this.opts.onRejected?.(streams, reason);
        if (connection.desired.size === 0) this.retire(connection);
      },
    });
    this.connections.push(connection);
    if (this.running) connection.start();
    return connection;
  }

  private retire(connection: BinanceStream): void {
    const index = this.connections.indexOf(connection);
    if (index < 0) return;
    this.connections.splice(index, 1);
    for (const key of Object.keys(this.retired) as (keyof StreamStats)[])
      this.retired[key] += connection.stats[key];
    void connection.stop();
  }
}
