// One client connection: its subscriptions, the requests it sends, and Binance's limits on it —
// at most `maxIncomingPerSecond` incoming messages a second (text messages, pings and unsolicited
// pongs; over it the connection is closed), at most `maxStreams` streams, and a lifetime after
// which the server closes it.
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { StreamHub } from '../streams/stream-hub';
import { type StreamSpec, parseStream } from '../streams/stream-name';
import { COMBINED, type ControlRequest, errorReply, parseControlRequest } from './control-request';
import type { Outbox } from './outbox';
import { frameText } from './frame-text';

export interface ConnectionLimits {
  maxStreams: number;
  maxIncomingPerSecond: number;
  lifetimeMs: number;
}

export interface ConnectionDeps {
  hub: StreamHub;
  hasSymbol: (symbol: string) => boolean;
  limits: ConnectionLimits;
  logger: Logger;
}

export class StreamConnection {
  private readonly subscriptions = new Map<string, () => void>();
  private readonly recent: number[] = [];
  private readonly lifetime: NodeJS.Timeout;
  /** Pongs answering our own pings are free; any other counts against the message limit. */
  pingsOutstanding = 0;
  lastPong = Date.now();

  constructor(
    readonly ws: WebSocket,
    readonly outbox: Outbox,
    private readonly deps: ConnectionDeps,
  ) {
    ws.on('message', (data, isBinary) => {
      if (this.countIncoming()) this.onRequest(isBinary ? '' : frameText(data));
    });
    ws.on('ping', () => this.countIncoming());
    ws.on('pong', () => {
      this.lastPong = Date.now();
      if (this.pingsOutstanding > 0) this.pingsOutstanding--;
      else this.countIncoming();
    });
    ws.on('close', () => this.dispose());
    this.lifetime = setTimeout(() => {
      deps.logger.info('closing a connection at the end of its lifetime');
      ws.close(1001, 'Connection lifetime reached');
    }, deps.limits.lifetimeMs);
    this.lifetime.unref();
  }

  /** Parses stream names; undefined and the offending name if one is not served. */
  resolve(names: string[]): { specs: StreamSpec[]; unknown?: string } {
    const specs: StreamSpec[] = [];
    for (const name of names) {
      const spec = parseStream(name, this.deps.hasSymbol);
      if (!spec) return { specs, unknown: name };
      specs.push(spec);
    }
    return { specs };
  }

  subscribe(specs: StreamSpec[]): void {
    for (const spec of specs) {
      if (this.subscriptions.has(spec.name)) continue;
      this.subscriptions.set(
        spec.name,
        this.deps.hub.subscribe(spec, (json) => this.outbox.data(spec.name, json)),
      );
    }
  }

  get streams(): string[] {
    return [...this.subscriptions.keys()];
  }

  dispose(): void {
    clearTimeout(this.lifetime);
    for (const unsubscribe of this.subscriptions.values()) unsubscribe();
    this.subscriptions.clear();
    this.outbox.dispose();
  }

  /** Records an incoming message; false (and the connection closed) when over the limit. */
  private countIncoming(): boolean {
    const now = Date.now();
    this.recent.push(now);
    while (this.recent.length > 0 && this.recent[0]! <= now - 1000) this.recent.shift();
    if (this.recent.length <= this.deps.limits.maxIncomingPerSecond) return true;
    this.deps.logger.info('closing a connection that sent too many messages');
    this.ws.close(1008, 'Too many messages');
    this.dispose();
    return false;
  }

  private onRequest(text: string): void {
    const parsed = parseControlRequest(text);
    if (!parsed.ok) {
      this.outbox.control(parsed.reply);
      return;
    }
    this.outbox.control(this.handle(parsed.request));
  }

  private handle(request: ControlRequest): unknown {
    const { id } = request;
    switch (request.method) {
      case 'SUBSCRIBE': {
        const { specs, unknown } = this.resolve(request.streams);
        if (unknown !== undefined)
          return errorReply(2, `Invalid request: unknown stream '${unknown}'`, id);
        const after = new Set([...this.subscriptions.keys(), ...specs.map((s) => s.name)]);
        if (after.size > this.deps.limits.maxStreams) {
          return errorReply(
            2,
            `Invalid request: too many streams; a connection can listen to at most ${this.deps.limits.maxStreams}`,
            id,
          );
        }
        this.subscribe(specs);
        return { result: null, id };
      }
      case 'UNSUBSCRIBE':
        for (const name of request.streams) {
          this.subscriptions.get(name)?.();
          this.subscriptions.delete(name);
        }
        return { result: null, id };
      case 'LIST_SUBSCRIPTIONS':
        return { result: this.streams, id };
      case 'SET_PROPERTY':
        if (request.property === COMBINED) this.outbox.combined = request.value;
        return { result: null, id };
      case 'GET_PROPERTY':
        return { result: this.outbox.combined, id };
    }
  }
}
