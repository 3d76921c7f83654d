// Binance order updates as they happen: one user data stream (Binance's WebSocket API,
// @coinview/exchange/user-stream) per exchange key that has open or unknown orders. A stream starts
// when its key gets its first open order (seen by a periodic scan of the orders, or sooner through
// `watch` when the executor reports an order change) and stops once the key has had none for
// `idleMs`.
//
// Every executionReport is recorded through the same path as the reconciler's polls
// (recordOrderChange: fills, status and notices in one transaction, then the bus event). Events
// sent while a stream was down are not replayed by Binance, so on every subscription (the first
// included) the key's open, pending-but-sent and UNKNOWN orders are read back over REST by their
// client ids. A key's events and reconciliations run one after another, in arrival order.
// Recording is idempotent, so overlapping with the executor or the reconciler is harmless; an
// order the exchange does not know is left to the executor (never assumed failed).
//
// The key's secret is handed to the stream only; it is never logged (logs name the key id).
import type { Db } from '@coinview/db/client';
import {
  OPEN_ORDER_STATUSES,
  type OrderView,
  findOrderByClientOrderId,
  listKeysWithOpenOrders,
  listOpenOrdersOfAccount,
} from '@coinview/db/orders';
import {
  type GapInfo,
  UserDataStream,
  type UserDataStreamOptions,
  type UserStreamEvent,
} from '@coinview/exchange/user-stream';
import type { Logger } from 'pino';
import type { Service } from '../../service';
import type { BrokerRegistry, UserStreamKeys } from './brokers';
import { RECV_WINDOW_MS } from './brokers';
import { updateFromState } from './place-order';
import { type OrderChangeListener, recordOrderChange } from './record-order-change';

export interface UserStreamsOptions {
  db: Db;
  keys: UserStreamKeys;
  brokers: BrokerRegistry;
  onChange: OrderChangeListener;
  logger: Logger;
  /** How often the keys with open orders are looked up (default 2 s). */
  scanIntervalMs?: number;
  /** A key without open orders for this long has its stream closed (default 60 s). */
  idleMs?: number;
  /** Reconnect delays of a dropped stream (default: the stream's, 500 ms doubling to 30 s). */
  backoff?: UserDataStreamOptions['backoff'];
  /** After a stream could not be opened, wait this long before the next try (default 5 s, doubling to 5 min). */
  retryMs?: number;
}

interface KeyStream {
  userId: string;
  keyId: string;
  stream: UserDataStream | undefined;
  /** Last time the key was seen with open orders. */
  activeAt: number;
  /** This key's events and reconciliations, one after another. */
  chain: Promise<void>;
  /** Gap reconciliations finished (tests, metrics). */
  reconciliations: number;
}

const keyOf = (userId: string, keyId: string) => `${userId} ${keyId}`;

export class UserStreams implements Service {
  readonly name = 'user-streams';
  private readonly streams = new Map<string, KeyStream>();
  /** Keys whose stream could not be opened: not before `at`, then wait `delay` × 2. */
  private readonly retries = new Map<string, { at: number; delay: number }>();
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private stopped = true;

  constructor(private readonly opts: UserStreamsOptions) {}

  start(): Promise<void> {
    this.stopped = false;
    const loop = async () => {
      if (this.stopped) return;
      await this.scan();
      if (!this.stopped)
        this.timer = setTimeout(() => void loop(), this.opts.scanIntervalMs ?? 2000);
    };
    void loop();
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.scanning;
    const all = [...this.streams.values()];
    this.streams.clear();
    await Promise.all(all.map((s) => this.close(s)));
  }

  /** Whether the key's stream is subscribed now (the reconciler polls such keys less often). */
  isLive(userId: string, keyId: string): boolean {
    return this.streams.get(keyOf(userId, keyId))?.stream?.subscribed ?? false;
  }

  /** Gap reconciliations finished for the key so far (the first subscription's included). */
  reconciliationsOf(userId: string, keyId: string): number {
    return this.streams.get(keyOf(userId, keyId))?.reconciliations ?? 0;
  }

  /** Whether a stream is kept for the key now (connected or reconnecting). */
  holds(userId: string, keyId: string): boolean {
    return this.streams.has(keyOf(userId, keyId));
  }

  /** An order of the key changed: if it is open, make sure its stream runs (not waiting for a scan). */
  watch(order: Pick<OrderView, 'account' | 'status'> & { userId: string }): void {
    if (this.stopped || order.account.kind !== 'binance') return;
    if (!OPEN_ORDER_STATUSES.includes(order.status)) return;
    this.ensure(order.userId, order.account.keyId, Date.now());
  }

  /** Starts streams for keys that got open orders, closes those idle for idleMs. */
  scan(): Promise<void> {
    this.scanning ??= (async () => {
      try {
        const now = Date.now();
        const active = await listKeysWithOpenOrders(this.opts.db);
        for (const { userId, keyId } of active) this.ensure(userId, keyId, now);
        const idleMs = this.opts.idleMs ?? 60_000;
        for (const [id, entry] of this.streams) {
          if (now - entry.activeAt < idleMs) continue;
          this.streams.delete(id);
          this.opts.logger.info({ keyId: entry.keyId }, 'no open orders: user data stream closed');
          await this.close(entry);
        }
      } catch (err) {
        this.opts.logger.warn({ err: String(err) }, 'user stream scan failed');
      } finally {
        this.scanning = undefined;
      }
    })();
    return this.scanning;
  }

  private ensure(userId: string, keyId: string, now: number): void {
    const id = keyOf(userId, keyId);
    const existing = this.streams.get(id);
    if (existing) {
      existing.activeAt = now;
      return;
    }
    const retry = this.retries.get(id);
    if (retry && now < retry.at) return;
    const entry: KeyStream = {
      userId,
      keyId,
      stream: undefined,
      activeAt: now,
      chain: Promise.resolve(),
      reconciliations: 0,
    };
    this.streams.set(id, entry);
    void this.open(entry);
  }

  private async open(entry: KeyStream): Promise<void> {
    const id = keyOf(entry.userId, entry.keyId);
    const log = this.opts.logger.child({ keyId: entry.keyId });
    try {
      const config = await this.opts.keys.userStreamConfig(entry.userId, entry.keyId);
      const stream = new UserDataStream({
        ...config,
        recvWindow: RECV_WINDOW_MS,
        backoff: this.opts.backoff,
        onEvent: (event) => this.enqueue(entry, () => this.onEvent(entry, event)),
        onGap: (gap) => this.enqueue(entry, () => this.reconcile(entry, gap)),
        onError: (err) => log.warn({ err: err.message }, 'user data stream trouble'),
        logger: log,
      });
      if (this.stopped || this.streams.get(id) !== entry) return;
      entry.stream = stream;
      await stream.start();
      this.retries.delete(id);
    } catch (err) {
      // The stream stopped itself; the key is tried again later (the poll covers it meanwhile).
      const previous = this.retries.get(id)?.delay;
      const delay = previous ? Math.min(previous * 2, 300_000) : (this.opts.retryMs ?? 5000);
      this.retries.set(id, { at: Date.now() + delay, delay });
      if (this.streams.get(id) === entry) this.streams.delete(id);
      log.warn(
        { err: err instanceof Error ? err.message : String(err), retryInMs: delay },
        'user data stream could not be opened',
      );
    }
  }

  private async close(entry: KeyStream): Promise<void> {
    await entry.stream?.stop();
    await entry.chain;
  }

  private enqueue(entry: KeyStream, work: () => Promise<void>): void {
    entry.chain = entry.chain
      .then(work)
      .catch((err: unknown) =>
        this.opts.logger.warn(
          { keyId: entry.keyId, err: String(err) },
          'user stream event not recorded',
        ),
      );
  }

  private async onEvent(entry: KeyStream, event: UserStreamEvent): Promise<void> {
    if (event.kind !== 'order') return;
    const order = await findOrderByClientOrderId(
      this.opts.db,
      entry.userId,
      { kind: 'binance', keyId: entry.keyId },
      event.order.clientOrderId,
    );
    // An order placed elsewhere (Binance's site, another program) is not Coinview's to record.
    if (!order) return;
    entry.activeAt = Date.now();
    await recordOrderChange(
      this.opts.db,
      this.opts.onChange,
      order.id,
      updateFromState(event.order),
    );
  }

  /** Everything before this subscription: the key's orders that may have changed, read back over REST. */
  private async reconcile(entry: KeyStream, gap: GapInfo): Promise<void> {
    const account = { kind: 'binance', keyId: entry.keyId } as const;
    const orders = await listOpenOrdersOfAccount(this.opts.db, entry.userId, account);
    const broker = await this.opts.brokers.forAccount(entry.userId, account);
    let changed = 0;
    for (const order of orders) {
      // Never sent: the exchange cannot know it (the executor records the answer of its send).
      if (order.status === 'PENDING' && order.attempts === 0) continue;
      try {
        const state = await broker.query(order.symbol, order.clientOrderId);
        if (!state) continue;
        if (
          await recordOrderChange(
            this.opts.db,
            this.opts.onChange,
            order.id,
            updateFromState(state),
          )
        )
          changed++;
      } catch (err) {
        this.opts.logger.warn(
          { keyId: entry.keyId, orderId: order.id, err: String(err) },
          'order not reconciled after a user stream gap',
        );
      }
    }
    entry.reconciliations++;
    this.opts.logger.info(
      { keyId: entry.keyId, first: gap.first, orders: orders.length, changed },
      'user data stream reconciled',
    );
  }
}
