// The bell: the signed-in user's in-app notifications, and `live`, a subscription (over the live
// WebSocket) that forwards what the worker publishes on `notifications:<userId>` to that user's
// open tabs.
// The topic is derived from the session, never from the input, so nobody can listen to another
// user's notifications.
import { epochMsSchema } from '@coinview/core/epoch-ms';
import type { EventSubscriber } from '@coinview/core/ports';
import { notificationTopic } from '@coinview/db/bus-topics';
import {
  countUnreadNotifications,
  listNotifications,
  markAllNotificationsRead,
  markNotificationsRead,
} from '@coinview/db/notifications';
import { tracked } from '@trpc/server';
import { z } from 'zod';
import { getBus } from '~/server/db';
import { getSubscriptionSlots, type SubscriptionSlots } from '../subscription-slots';
import { createTRPCRouter, protectedProcedure } from '../trpc';
import { Wakeup } from '../wakeup';

/** What the worker publishes (see the alerts contract); createdAt as epoch ms or an ISO string. */
export const liveNotificationSchema = z.object({
  id: z.string().min(1).max(64),
  title: z.string().max(200),
  body: z.string().max(4000),
  createdAt: z.union([z.number(), z.string(), z.date()]).transform((v) => new Date(v).getTime()),
  fireId: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
});
export type LiveNotification = z.output<typeof liveNotificationSchema>;

/** At most this many notifications are replayed to a reconnecting tab. */
const CATCH_UP_LIMIT = 50;

class NotificationQueue {
  private readonly items: LiveNotification[] = [];
  private readonly wakeup = new Wakeup();

  push(item: LiveNotification): void {
    this.items.push(item);
    this.wakeup.notify();
  }

  async *drain(signal: AbortSignal | undefined): AsyncGenerator<LiveNotification> {
    while (!signal?.aborted) {
      const next = this.items.shift();
      if (next) {
        yield next;
        continue;
      }
      await this.wakeup.wait(signal);
    }
  }
}

export interface NotificationsRouterDeps {
  getBus: () => Promise<EventSubscriber>;
  /** Live subscriptions per user (default: this process's). */
  getSlots?: () => SubscriptionSlots;
}

export function createNotificationsRouter(deps: NotificationsRouterDeps) {
  return createTRPCRouter({
    /** Newest first; `before` (createdAt, ms) pages back. */
    list: protectedProcedure
      .input(
        z
          .object({
            limit: z.number().int().min(1).max(100).default(30),
            before: epochMsSchema.optional(),
            unreadOnly: z.boolean().default(false),
          })
          .default({ limit: 30, unreadOnly: false }),
      )
      .query(({ ctx, input }) => listNotifications(ctx.db, ctx.session.user.id, input)),

    unreadCount: protectedProcedure.query(({ ctx }) =>
      countUnreadNotifications(ctx.db, ctx.session.user.id),
    ),

    markRead: protectedProcedure
      .input(z.object({ ids: z.array(z.string().min(1).max(64)).min(1).max(200) }))
      .mutation(async ({ ctx, input }) => ({
        updated: await markNotificationsRead(ctx.db, ctx.session.user.id, input.ids),
      })),

    markAllRead: protectedProcedure.mutation(async ({ ctx }) => ({
      updated: await markAllNotificationsRead(ctx.db, ctx.session.user.id),
    })),

    /**
     * New notifications as they arrive. Event ids are notification ids: a reconnecting tab sends
     * the last one and gets what it missed (newer rows of this user) before the live ones.
     */
    live: protectedProcedure
      .input(z.object({ lastEventId: z.string().max(64).nullish() }).default({}))
      .subscription(async function* ({ ctx, input, signal }) {
        const userId = ctx.session.user.id;
        const release = (deps.getSlots ?? getSubscriptionSlots)().acquire(userId);
        const queue = new NotificationQueue();
        let unsubscribe: (() => Promise<void>) | undefined;
        try {
          // Listen first, query second (a notification published meanwhile waits in the queue).
          const bus = await deps.getBus();
          unsubscribe = await bus.subscribe(notificationTopic(userId), (payload) => {
            const parsed = liveNotificationSchema.safeParse(payload);
            if (parsed.success) queue.push(parsed.data);
          });
          const seen = new Set<string>();
          if (input.lastEventId) {
            const last = await ctx.db.notification.findFirst({
              where: { id: input.lastEventId, userId },
              select: { createdAt: true },
            });
            if (last) {
              const missed = await ctx.db.notification.findMany({
                where: { userId, createdAt: { gt: last.createdAt } },
                orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
                take: CATCH_UP_LIMIT,
              });
              for (const row of missed) {
                seen.add(row.id);
                yield tracked(row.id, {
                  id: row.id,
                  title: row.title,
                  body: row.body,
                  createdAt: row.createdAt.getTime(),
                  fireId: row.fireId,
                } satisfies LiveNotification);
              }
            }
          }
          for await (const item of queue.drain(signal)) {
            if (seen.has(item.id)) continue;
            seen.add(item.id);
            yield tracked(item.id, item);
          }
        } finally {
          release();
          await unsubscribe?.();
        }
      }),
  });
}

export const notificationsRouter = createNotificationsRouter({ getBus });
