// The signed-in user's orders: place from the order ticket, cancel, list with filters and
// server-side pagination (each order with its fills), export what a filter shows as CSV, the fills
// of one symbol for the chart's markers, the symbol's trading rules for the ticket's preview, and
// `live`, the user's order status changes as the worker publishes them.
// Scoped to ctx.session.user.id everywhere: an order, key or account of another user answers
// NOT_FOUND exactly like one that does not exist.
import { symbolSchema } from '@coinview/core/candle';
import type { EventSubscriber } from '@coinview/core/ports';
import { z } from 'zod';
import { getBus } from '~/server/db';
import { getSymbolDirectory, getTickerCache } from '~/server/market/market-data';
import { env } from '~/env';
import { cancelOrderForUser } from '~/server/trading/cancel-order';
import { listOrderViews, listChartFills, orderView } from '~/server/trading/order-queries';
import {
  CSV_MAX_ROWS,
  idSchema,
  orderFilterInput,
  orderListInput,
  ticketInput,
} from '~/server/trading/order-inputs';
import { ordersCsv } from '~/server/trading/orders-csv';
import { placeTicket, rulesOrRefuse, type TicketDeps } from '~/server/trading/place-ticket';
import { type OrderEvent, orderEventSchema, orderTopic } from '@coinview/db/bus-topics';
import { getSubscriptionSlots, type SubscriptionSlots } from '../subscription-slots';
import { createTRPCRouter, protectedProcedure } from '../trpc';
import { fifoBuffer, listenThenCatchUp } from '~/server/live/catch-up';

export interface OrdersRouterDeps extends TicketDeps {
  getBus: () => Promise<EventSubscriber>;
  getSlots?: () => SubscriptionSlots;
}

export function createOrdersRouter(deps: OrdersRouterDeps) {
  return createTRPCRouter({
    /** The symbol's exchangeInfo rules and the paper fee rate: the ticket previews with them. */
    rules: protectedProcedure
      .input(z.object({ symbol: symbolSchema }))
      .query(async ({ input }) => ({
        ...(await rulesOrRefuse(deps, input.symbol)),
        feeRate: deps.feeRate,
      })),

    place: protectedProcedure
      .input(ticketInput)
      .mutation(({ ctx, input }) => placeTicket(deps, ctx.db, ctx.session.user.id, input)),

    /** Cancels now (not sent yet) or asks the worker to (`requested`: the status follows live). */
    cancel: protectedProcedure
      .input(z.object({ id: idSchema }))
      .mutation(({ ctx, input }) => cancelOrderForUser(ctx.db, ctx.session.user.id, input.id)),

    /** One page of orders, newest first; `nextCursor` fetches the next (older) page. */
    list: protectedProcedure
      .input(orderListInput)
      .query(({ ctx, input }) => listOrderViews(ctx.db, ctx.session.user.id, input)),

    get: protectedProcedure
      .input(z.object({ id: idSchema }))
      .query(({ ctx, input }) => orderView(ctx.db, ctx.session.user.id, input.id)),

    /** The filter's orders as CSV (newest first, at most CSV_MAX_ROWS). */
    exportCsv: protectedProcedure.input(orderFilterInput).query(async ({ ctx, input }) => {
      const rows = [];
      let cursor: string | undefined;
      while (rows.length < CSV_MAX_ROWS) {
        const page = await listOrderViews(ctx.db, ctx.session.user.id, {
          ...input,
          limit: 100,
          cursor,
        });
        rows.push(...page.orders);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      const truncated = rows.length > CSV_MAX_ROWS;
      const exported = rows.slice(0, CSV_MAX_ROWS);
      const day = new Date().toISOString().slice(0, 10);
      return {
        filename: `coinview-orders-${day}.csv`,
        csv: ordersCsv(exported),
        rows: exported.length,
        truncated,
      };
    }),

    /** The user's fills on one symbol (newest 500), for the chart's buy/sell markers. */
    fills: protectedProcedure
      .input(z.object({ symbol: symbolSchema }))
      .query(({ ctx, input }) => listChartFills(ctx.db, ctx.session.user.id, input.symbol)),

    /**
     * Order status changes as the worker records them. Events are nudges (`{ orderId, status }`):
     * a tab refetches what it shows, so one that reconnects has nothing to catch up beyond
     * refetching once, which the client does when the subscription (re)starts.
     */
    live: protectedProcedure
      .input(z.object({ lastEventId: z.string().max(64).nullish() }).default({}))
      .subscription(async function* ({ ctx, signal }) {
        const userId = ctx.session.user.id;
        const release = (deps.getSlots ?? getSubscriptionSlots)().acquire(userId);
        try {
          const bus = await deps.getBus();
          yield* listenThenCatchUp<OrderEvent, OrderEvent>({
            listen: (push) =>
              bus.subscribe(orderTopic(userId), (payload) => {
                const event = orderEventSchema.safeParse(payload);
                if (event.success) push(event.data);
              }),
            buffer: fifoBuffer(),
            signal,
          });
        } finally {
          release();
        }
      }),
  });
}

export const ordersRouter = createOrdersRouter({
  getBus,
  rulesFor: (symbol) => getSymbolDirectory().rules(symbol),
  lastPrice: async (symbol) => (await getTickerCache().ticker24h([symbol]))[0]?.lastPrice,
  feeRate: env.PAPER_FEE_RATE,
});
