// Keeps open orders in step with their broker: at start (whatever happened while the worker was
// down) and then every few seconds. A Binance order is read back by its client id (fills of a
// resting limit order, a cancel made on Binance's own site); a paper limit order fills when the
// book reaches its price. Every change is recorded idempotently (fills keyed by trade, statuses
// only forward), so overlapping with the executor or a user stream is harmless.
// Binance orders normally hear of their changes first through their key's user data stream
// (user-streams.ts): for a key whose stream is live this poll is only the safety net and looks at
// its orders on every `streamedEvery`-th pass (the first pass always looks at every order).
import type { Db } from '@coinview/db/client';
import { listOpenOrdersToReconcile } from '@coinview/db/orders';
import type { Logger } from 'pino';
import type { BookTop, BookTopSource } from '../../adapters/book-ticker';
import type { PaperBroker } from '../../adapters/paper-broker';
import type { Service } from '../../service';
import type { BrokerRegistry } from './brokers';
import { updateFromState } from './place-order';
import { type OrderChangeListener, announceOrder, recordOrderChange } from './record-order-change';

export interface OrderReconcilerOptions {
  db: Db;
  brokers: BrokerRegistry;
  paper: (userId: string) => PaperBroker;
  book: BookTopSource;
  onChange: OrderChangeListener;
  logger: Logger;
  /** Between passes (default 2 s). */
  intervalMs?: number;
  /** Whether the key's user data stream is live now (UserStreams.isLive). */
  streaming?: (userId: string, keyId: string) => boolean;
  /** A key with a live stream has its orders polled on every n-th pass only (default 5). */
  streamedEvery?: number;
  /** Open orders looked at per pass, oldest news first (default 500). */
  batch?: number;
}

export class OrderReconciler implements Service {
  readonly name = 'order-reconciler';
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private passes = 0;

  constructor(private readonly opts: OrderReconcilerOptions) {}

  start(): Promise<void> {
    this.stopped = false;
    const loop = async () => {
      if (this.stopped) return;
      this.running = this.pass().then(
        () => undefined,
        (err: unknown) => this.opts.logger.warn({ err: String(err) }, 'reconciliation pass failed'),
      );
      await this.running;
      if (!this.stopped) this.timer = setTimeout(() => void loop(), this.opts.intervalMs ?? 2000);
    };
    void loop();
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass over the open orders; returns how many changed. */
  async pass(): Promise<number> {
    const open = await listOpenOrdersToReconcile(this.opts.db, this.opts.batch ?? 500);
    const tops = new Map<string, Promise<BookTop | null>>();
    const topOf = (symbol: string) => {
      let top = tops.get(symbol);
      if (!top) tops.set(symbol, (top = this.opts.book.top(symbol).catch(() => null)));
      return top;
    };
    const streamedTurn = this.passes++ % (this.opts.streamedEvery ?? 5) === 0;
    let changed = 0;
    for (const order of open) {
      if (this.stopped) break;
      if (
        order.accountKind === 'binance' &&
        !streamedTurn &&
        this.opts.streaming?.(order.userId, order.accountKey)
      )
        continue;
      try {
        if (order.accountKind === 'paper') {
          const filled = await this.opts
            .paper(order.userId)
            .fillIfCrossed(order.clientOrderId, await topOf(order.symbol));
          if (filled) {
            changed++;
            await this.announce(order.id);
          }
          continue;
        }
        const broker = await this.opts.brokers.forAccount(order.userId, {
          kind: 'binance',
          keyId: order.accountKey,
        });
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
        this.opts.logger.warn({ orderId: order.id, err: String(err) }, 'order not reconciled');
      }
    }
    return changed;
  }

  private announce(orderId: string): Promise<void> {
    return announceOrder(this.opts.db, this.opts.onChange, orderId);
  }
}
