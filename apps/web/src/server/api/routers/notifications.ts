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
  listNotificationsAfter,
  markAllNotificationsRead,
  markNotificationsRead,
} from '@coinview/db/notifications';
import { tracked } from '@trpc/server';
import { z } from 'zod';
import { getBus } from '~/server/db';
import { fifoBuffer, listenThenCatchUp, oncePerId } from '~/server/live/catch-up';
import { getSubscriptionSlots, type SubscriptionSlots } from '../subscription-slots';
import { createTRPCRouter, protectedProcedure } from '../trpc';

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
        try {
          const bus = await deps.getBus();
          const { lastEventId } = input;
          const notifications = listenThenCatchUp<LiveNotification, LiveNotification>({
            listen: (push) =>
              bus.subscribe(notificationTopic(userId), (payload) => {
                const parsed = liveNotificationSchema.safeParse(payload);
                if (parsed.success) push(parsed.data);
              }),
            catchUp: async () =>
              lastEventId
                ? (await listNotificationsAfter(ctx.db, userId, lastEventId, CATCH_UP_LIMIT)).map(
                    (row): LiveNotification => ({
                      id: row.id,
                      title: row.title,
                      body: row.body,
                      createdAt: row.createdAt,
                      fireId: row.fireId,
                    }),
                  )
                : [],
            buffer: fifoBuffer(),
            admit: oncePerId((item) => item.id),
            signal,
          });
          for await (const item of notifications) yield tracked(item.id, item);
        } finally {
          release();
        }
      }),
  });
}

export const notificationsRouter = createNotificationsRouter({ getBus });
