// The inputs of the orders and trading procedures, shared by the router and the forms that build
// them. Amounts and prices are decimal strings as a trader types them ("0.001", "97310.55"): never
// JS numbers, bounded in length so no input reaches decimal math or the database unchecked.
import { epochMsSchema } from '@coinview/core/epoch-ms';
import { symbolSchema } from '@coinview/core/candle';
import { orderSideSchema, orderStatusSchema, orderTypeSchema } from '@coinview/core/trading/order';
import { z } from 'zod';

/** A positive decimal with at most 20 integer and 18 fractional digits (Postgres numeric(38,18)). */
export const positiveDecimal = z
  .string()
  .trim()
  .regex(/^\d{1,20}(\.\d{1,18})?$/, 'Enter a number such as 0.001')
  .refine((v) => /[1-9]/.test(v), 'Must be more than 0');

export const idSchema = z.string().min(1).max(64);

/** Where an order goes: the paper account or one of the user's exchange keys. */
export const accountRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('paper') }),
  z.object({ kind: z.literal('binance'), keyId: idSchema }),
]);

/**
 * The order ticket. `ticketId` is made by the browser once per ticket: sending the same ticket
 * twice (a double click, a retried request) returns the first order instead of placing a second.
 */
export const ticketInput = z
  .object({
    ticketId: z.uuid('A ticket id is a UUID'),
    symbol: symbolSchema,
    side: orderSideSchema,
    type: orderTypeSchema,
    /** Base quantity ("0.001 BTC") or the quote total ("100 USDT"; a limit order buys total / price). */
    amount: z.object({ kind: z.enum(['base', 'quote']), value: positiveDecimal }),
    /** LIMIT only. */
    price: positiveDecimal.optional(),
    account: accountRefSchema,
  })
  .superRefine((t, ctx) => {
    if (t.type === 'LIMIT' && !t.price)
      ctx.addIssue({ code: 'custom', path: ['price'], message: 'A limit order needs a price' });
  });
export type TicketInput = z.infer<typeof ticketInput>;

/** The orders page's filter; every field optional. `open` = not yet in a final status. */
export const orderFilterInput = z.object({
  symbol: symbolSchema.optional(),
  side: orderSideSchema.optional(),
  status: z.union([orderStatusSchema, z.literal('open')]).optional(),
  source: z.enum(['manual', 'alert']).optional(),
  account: accountRefSchema.optional(),
  /** createdAt ≥ from and < to (epoch ms). */
  from: epochMsSchema.optional(),
  to: epochMsSchema.optional(),
});
export type OrderFilterInput = z.infer<typeof orderFilterInput>;

export const ORDERS_PAGE_MAX = 100;
/** The most rows one CSV export carries (the page says so when the filter matches more). */
export const CSV_MAX_ROWS = 10_000;

export const orderListInput = orderFilterInput.extend({
  limit: z.number().int().min(1).max(ORDERS_PAGE_MAX).default(25),
  /** The previous page's `nextCursor`. */
  cursor: z.string().min(1).max(200).optional(),
});
