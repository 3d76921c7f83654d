// Everything one connection sends goes through here: the combined-stream envelope, the injected
// faults (stall, garbage, disorder) and the guard against clients that do not keep up.
import type { Logger } from 'pino';
import { WebSocket } from 'ws';
import { randomGarbage } from '../faults/garbage';
import type { SimFaults } from '../faults/sim-faults';

/** A frame held back for disorder is sent after the next frame, or after this long at most. */
const MAX_HOLD_MS = 300;

export interface OutboxOptions {
  faults: SimFaults;
  logger: Logger;
  /** A client this far behind is dropped rather than buffered without bound. */
  maxBufferedBytes: number;
}

export class Outbox {
  /** Wrap stream payloads as {"stream", "data"} (set by the URL, changed by SET_PROPERTY). */
  combined: boolean;
  private held: string[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly ws: WebSocket,
    combined: boolean,
    private readonly opts: OutboxOptions,
  ) {
    this.combined = combined;
  }

  /** A stream payload. */
  data(stream: string, json: string): void {
    const { faults } = this.opts;
    if (faults.stalled) return;
    let frame = this.combined ? `{"stream":"${stream}","data":${json}}` : json;
    if (faults.malformedRate > 0 && faults.random() < faults.malformedRate)
      frame = randomGarbage(frame, faults.random);
    const rate = faults.disorderRate;
    if (rate > 0 && faults.random() < rate) {
      this.disorder(frame);
      return;
    }
    this.send(frame);
    this.flushHeld();
  }

  /** A reply to a request: never garbled or reordered, but silenced by a stall like everything else. */
  control(reply: unknown): void {
    if (this.opts.faults.stalled) return;
    this.send(JSON.stringify(reply));
  }

  dispose(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.held = [];
  }

  private disorder(frame: string): void {
    const pick = this.opts.faults.random();
    if (pick < 1 / 3) {
      // Duplicate: now, and again after the next frame.
      this.send(frame);
      this.hold(frame);
    } else if (pick < 2 / 3) {
      // Swap with the next frame.
      this.hold(frame);
    } else {
      // Late by up to MAX_HOLD_MS, overtaken by whatever comes meanwhile.
      this.later(frame, 1 + Math.floor(this.opts.faults.random() * MAX_HOLD_MS));
    }
  }

  private hold(frame: string): void {
    this.held.push(frame);
    this.later(undefined, MAX_HOLD_MS);
  }

  private later(frame: string | undefined, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (frame === undefined) this.flushHeld();
      else if (!this.opts.faults.stalled) this.send(frame);
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private flushHeld(): void {
    if (this.held.length === 0) return;
    const frames = this.held;
    this.held = [];
    if (!this.opts.faults.stalled) for (const f of frames) this.send(f);
  }

  private send(frame: string): void {
    const { ws } = this;
    if (ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > this.opts.maxBufferedBytes) {
      this.opts.logger.warn('dropping a client that does not keep up');
      ws.terminate();
      return;
    }
    ws.send(frame);
  }
}
