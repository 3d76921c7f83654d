// Every topic of the worker ↔ web event bus (PgBus, ./bus.ts), named in this one module: each
// publisher and subscriber, in the worker and in the web, imports its topic from here, so the two
// sides cannot drift apart (a renamed topic would otherwise leave one side listening to silence).
// Per-user topics take the user id from the session or the row, never from a request's input, so
// nobody can listen to another user's events.
import type { Interval } from '@coinview/core/interval';
import { orderStatusSchema } from '@coinview/core/trading/order';
import { z } from 'zod';

const CANDLE_TOPIC_PREFIX = 'candles:';

/** Updates of one market's candles, forming and closed (worker → web and the rule engine). */
export function candleTopic(symbol: string, interval: Interval): string {
  return `${CANDLE_TOPIC_PREFIX}${symbol}:${interval}`;
}

/** Whether `topic` is one of `candleTopic`'s. */
export function isCandleTopic(topic: string): boolean {
  return topic.startsWith(CANDLE_TOPIC_PREFIX);
}

/** Batches of 24 h tickers that moved, at most once a second (worker → web; core's ticker.ts). */
export const TICKERS_TOPIC = 'tickers';

/** Market leases and releases of open charts, web → worker (core's market-interest.ts). */
export const MARKET_INTEREST_TOPIC = 'market-interest';

/** "Re-announce every lease you hold", worker → web (core's market-interest.ts). */
export const MARKET_INTEREST_SYNC_TOPIC = 'market-interest-sync';

/** `{ ruleId, userId }` after a rule was created, changed or deleted: web → worker. */
export const ALERT_RULES_TOPIC = 'alert-rules';

/** A user's in-app notifications as they are created, worker → web (the bell and its toasts). */
export function notificationTopic(userId: string): string {
  return `notifications:${userId}`;
}

/**
 * A user's order changes, worker → web: one `OrderEvent` per status change (and per fill), so the
 * orders page, the open orders and the chart's markers re-read that order.
 */
export function orderTopic(userId: string): string {
  return `orders:${userId}`;
}

/** What `orderTopic` carries; subscribers parse with it (anything else is dropped). */
export const orderEventSchema = z.object({
  orderId: z.string().min(1).max(64),
  status: orderStatusSchema,
});
export type OrderEvent = z.infer<typeof orderEventSchema>;

/**
 * A user's backtest runs, worker (and web, on cancel) → web: one `BacktestEvent` per change of
 * status and per progress step (throttled by the publisher), so the backtest page moves its
 * progress bars and re-reads a run that finished.
 */
export function backtestTopic(userId: string): string {
  return `backtests:${userId}`;
}

export const BACKTEST_STATUSES = [
  'queued',
  'downloading',
  'running',
  'done',
  'failed',
  'cancelled',
] as const;
export type BacktestStatus = (typeof BACKTEST_STATUSES)[number];

/** What `backtestTopic` carries; subscribers parse with it (anything else is dropped). */
export const backtestEventSchema = z.object({
  id: z.string().min(1).max(64),
  status: z.enum(BACKTEST_STATUSES),
  progress: z.number().min(0).max(1),
  stage: z.string().max(120).nullable(),
});
export type BacktestEvent = z.infer<typeof backtestEventSchema>;
