// Fault injection, switched on by tests (programmatically as `sim.faults`, or over HTTP through
// /__sim/faults). Every fault is off by default and `reset()` turns them all off again.
//   dropConnections()  ends every WebSocket connection now (TCP reset, no close frame)
//   stall(ms)          no WebSocket frame at all (data, replies, pings) for ms; sockets stay open
//   malformedRate      that fraction of stream frames replaced by garbage (see garbage.ts)
//   outOfOrder         true (= 0.2) or a rate: that fraction of stream frames delayed, duplicated
//                      or swapped with the next one
//   rest               REST answers fail with `status` at `rate` (429 with Retry-After)
//   orders             the answer to an ACCEPTED order (REST POST /api/v3/order, WS API
//                      order.place) is delayed by delayMs, dropped (connection closed, no answer) at
//                      dropRate, or a 5xx "execution status unknown" at errorRate: the order exists
//                      but the client cannot know it, the case exactly-once placement must survive
//   dropUserStreams()  ends every WebSocket API connection (user data streams) now
import { z } from 'zod';
import { mulberry32 } from '../replay/intrabar-path';

export const restFaultSchema = z.object({
  status: z.union([z.literal(500), z.literal(503), z.literal(429)]),
  rate: z.number().min(0).max(1),
  retryAfterSec: z.number().int().positive().optional(),
});
export type RestFault = z.infer<typeof restFaultSchema>;

const rateSchema = z.number().min(0).max(1);

export const orderFaultSchema = z
  .object({
    dropRate: rateSchema.default(0),
    errorRate: rateSchema.default(0),
    errorStatus: z
      .union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)])
      .default(503),
    delayMs: z.number().int().min(0).max(600_000).default(0),
  })
  .strict();
export type OrderFault = z.infer<typeof orderFaultSchema>;
export type OrderFaultInput = z.input<typeof orderFaultSchema>;

/** What happens to the answer of one accepted order. */
export interface OrderAnswerFate {
  delayMs: number;
  action: 'answer' | 'drop' | 'error';
  errorStatus: number;
}
const outOfOrderSchema = z.union([z.boolean(), rateSchema]);

/** What the WebSocket side offers the faults. */
export interface ConnectionControl {
  readonly clientCount: number;
  dropAll(): number;
}

export interface FaultSnapshot {
  malformedRate: number;
  outOfOrder: boolean | number;
  rest: RestFault | null;
  orders: OrderFault | null;
  /** Wall time (epoch ms) the current stall ends, or null. */
  stalledUntil: number | null;
  connections: number;
}

/** outOfOrder: true means this rate. */
export const DEFAULT_DISORDER_RATE = 0.2;

export class SimFaults {
  private malformed = 0;
  private disorder: boolean | number = false;
  private restFault: RestFault | null = null;
  private stallEnd = 0;
  private connections: ConnectionControl | undefined;
  private userStreams: ConnectionControl | undefined;
  private orderFault: OrderFault | null = null;
  /** Seeded, so a failing test sees the same faults when rerun. */
  readonly random: () => number;

  constructor(seed = 1) {
    this.random = mulberry32(seed);
  }

  /** Wires the faults to the WebSocket server (done by startExchangeSim). */
  attach(connections: ConnectionControl): void {
    this.connections = connections;
  }

  /** Wires the faults to the WebSocket API server (done by startExchangeSim). */
  attachUserStreams(connections: ConnectionControl): void {
    this.userStreams = connections;
  }

  get orders(): OrderFault | null {
    return this.orderFault;
  }
  set orders(fault: OrderFaultInput | null) {
    this.orderFault = fault === null ? null : orderFaultSchema.parse(fault);
  }

  /** Rolls the dice for the answer of one accepted order. */
  orderAnswerFate(): OrderAnswerFate {
    const f = this.orderFault;
    if (!f) return { delayMs: 0, action: 'answer', errorStatus: 0 };
    const roll = f.dropRate > 0 || f.errorRate > 0 ? this.random() : 1;
    const action =
      roll < f.dropRate ? 'drop' : roll < f.dropRate + f.errorRate ? 'error' : 'answer';
    return { delayMs: f.delayMs, action, errorStatus: f.errorStatus };
  }

  /** Ends every WebSocket API connection now; returns how many there were. */
  dropUserStreams(): number {
    return this.userStreams?.dropAll() ?? 0;
  }

  get malformedRate(): number {
    return this.malformed;
  }
  set malformedRate(rate: number) {
    this.malformed = rateSchema.parse(rate);
  }

  get outOfOrder(): boolean | number {
    return this.disorder;
  }
  set outOfOrder(value: boolean | number) {
    this.disorder = outOfOrderSchema.parse(value);
  }

  /** The fraction of stream frames to disorder. */
  get disorderRate(): number {
    return this.disorder === true
      ? DEFAULT_DISORDER_RATE
      : this.disorder === false
        ? 0
        : this.disorder;
  }

  get rest(): RestFault | null {
    return this.restFault;
  }
  set rest(fault: RestFault | null) {
    this.restFault = fault === null ? null : restFaultSchema.parse(fault);
  }

  /** Ends every WebSocket connection now; returns how many there were. */
  dropConnections(): number {
    return this.connections?.dropAll() ?? 0;
  }

  /** Sends no WebSocket frame for `ms` from now (a later call replaces the current stall). */
  stall(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms))
      throw new Error(`stall needs a duration in ms, got ${ms}`);
    this.stallEnd = Date.now() + ms;
  }

  get stalled(): boolean {
    return Date.now() < this.stallEnd;
  }

  /** Wall time the last stall ended or will end (0 if none). */
  get stallEndsAt(): number {
    return this.stallEnd;
  }

  reset(): void {
    this.malformed = 0;
    this.disorder = false;
    this.restFault = null;
    this.orderFault = null;
    this.stallEnd = 0;
  }

  snapshot(): FaultSnapshot {
    return {
      malformedRate: this.malformed,
      outOfOrder: this.disorder,
      rest: this.restFault,
      orders: this.orderFault,
      stalledUntil: this.stalled ? this.stallEnd : null,
      connections: this.connections?.clientCount ?? 0,
    };
  }
}
