// User data stream events (user-data-stream.md) parsed with zod and normalised to core's records:
// an executionReport becomes the order's OrderState (with the one fill when it reports a trade), an
// outboundAccountPosition the changed balances. Events Coinview does not use are passed as 'other'.
import { decimalString } from '@coinview/core/candle';
import type { AssetBalance, OrderFill, OrderState } from '@coinview/core/trading/order';
import { z } from 'zod';
import { orderStatusOf, orderTypeOf } from '../binance-broker/order-state';
import { binanceOrderStatusSchema } from '../signed/schemas';

export const executionReportSchema = z.looseObject({
  e: z.literal('executionReport'),
  E: z.number().int(),
  s: z.string(),
  /** The client id of this request: the order's, or the cancel's own when cancelling. */
  c: z.string(),
  S: z.enum(['BUY', 'SELL']),
  o: z.string(),
  q: decimalString,
  p: decimalString,
  /** The order's client id when `c` is a cancel's; empty otherwise. */
  C: z.string().optional(),
  x: z.string(),
  X: binanceOrderStatusSchema,
  r: z.string(),
  i: z.number().int(),
  l: decimalString,
  z: decimalString,
  L: decimalString,
  n: decimalString,
  N: z.string().nullable(),
  T: z.number().int(),
  t: z.number().int(),
  m: z.boolean(),
  O: z.number().int(),
  Z: decimalString,
});

export const accountPositionSchema = z.looseObject({
  e: z.literal('outboundAccountPosition'),
  E: z.number().int(),
  u: z.number().int(),
  B: z.array(z.looseObject({ a: z.string(), f: decimalString, l: decimalString })),
});

export type UserStreamEvent =
  | {
      kind: 'order';
      /** NEW, CANCELED, REJECTED, TRADE, EXPIRED, TRADE_PREVENTION, … */
      executionType: string;
      order: OrderState;
      /** Binance's reason when rejected, else "NONE". */
      rejectReason: string;
      eventTime: number;
    }
  | { kind: 'balances'; balances: AssetBalance[]; eventTime: number }
  | { kind: 'other'; type: string; event: unknown };

/** One event payload (the `event` of a WebSocket API push); throws on a malformed known event. */
export function parseUserStreamEvent(event: unknown): UserStreamEvent {
  const type = (event as { e?: unknown } | null)?.e;
  if (type === 'executionReport') {
    const r = executionReportSchema.parse(event);
    const orderType = orderTypeOf(r.o);
    if (!orderType) return { kind: 'other', type, event };
    const fills: OrderFill[] =
      r.x === 'TRADE'
        ? [
            {
              tradeId: String(r.t),
              price: r.L,
              quantity: r.l,
              commission: r.n,
              commissionAsset: r.N ?? '',
              time: r.T,
              isMaker: r.m,
            },
          ]
        : [];
    return {
      kind: 'order',
      executionType: r.x,
      rejectReason: r.r,
      eventTime: r.E,
      order: {
        clientOrderId: r.C ? r.C : r.c,
        exchangeOrderId: String(r.i),
        symbol: r.s,
        side: r.S,
        type: orderType,
        status: orderStatusOf(r.X),
        price: orderType === 'LIMIT' ? r.p : null,
        origQty: r.q,
        executedQty: r.z,
        cummulativeQuoteQty: r.Z,
        fills,
        time: r.O,
        updateTime: r.T,
      },
    };
  }
  if (type === 'outboundAccountPosition') {
    const p = accountPositionSchema.parse(event);
    return {
      kind: 'balances',
      eventTime: p.E,
      balances: p.B.map((b) => ({ asset: b.a, free: b.f, locked: b.l })),
    };
  }
  return { kind: 'other', type: typeof type === 'string' ? type : 'unknown', event };
}
