// What an order sends, decided when it is placed: an alert order is sized from its rule's action
// (core's sizeOrder: base, quote or percent of the free balance, limit offset, max position), a
// ticket order is rounded again to the symbol's filters (the ticket did it for display; this is the
// rule that counts), and both pass the user's kill switch and daily limits. A refusal is a sentence
// the trader reads on the order.
import {
  type OrderAction,
  orderActionSchema,
  sizeOrder,
  sizingNeeds,
} from '@coinview/core/trading/order-action';
import { prepareOrder, type PrepareResult } from '@coinview/core/trading/order-filters';
import type { AssetBalance } from '@coinview/core/trading/order';
import type { SymbolRules } from '@coinview/core/trading/symbol-rules';
import {
  NO_LIMITS,
  type TradingLimits,
  checkTradingLimits,
  tradingDayStart,
} from '@coinview/core/trading/trading-limits';

/** The parts of an order row sizing needs. */
export interface OrderToPrepare {
  source: { kind: 'manual' } | { kind: 'alert'; ruleId: string | null };
  symbol: string;
  side: 'BUY' | 'SELL';
  type: 'MARKET' | 'LIMIT';
  price: string | null;
  origQty: string | null;
  quoteOrderQty: string | null;
  action: unknown;
  referencePrice: string | null;
}

export interface PrepareContext {
  rules: SymbolRules;
  /** The price the order is checked at: the fire's price, else the last price. */
  referencePrice: string;
  balances: () => Promise<AssetBalance[]>;
  rulePosition: () => Promise<string>;
  limits: TradingLimits | null;
  /** Orders and notional the user sent today (UTC), this one excluded. */
  usage: (since: Date) => Promise<{ orders: number; notional: string }>;
  now: number;
}

export type Prepared = PrepareResult;

export async function prepareForPlacement(
  order: OrderToPrepare,
  ctx: PrepareContext,
): Promise<Prepared> {
  let prepared: PrepareResult;
  if (order.source.kind === 'alert') {
    const action = orderActionSchema.safeParse(order.action);
    if (!action.success)
      return { ok: false, filter: 'INPUT', reason: 'The alert’s order action is not valid.' };
    const a: OrderAction = action.data;
    const needs = sizingNeeds(a);
    prepared = sizeOrder(a, {
      ...(needs.balances ? { balances: await ctx.balances() } : {}),
      price: ctx.referencePrice,
      rules: ctx.rules,
      ...(needs.position ? { rulePosition: await ctx.rulePosition() } : {}),
    });
  } else {
    prepared = prepareOrder(
      ctx.rules,
      {
        side: order.side,
        type: order.type,
        ...(order.origQty !== null ? { quantity: order.origQty } : {}),
        ...(order.quoteOrderQty !== null ? { quoteOrderQty: order.quoteOrderQty } : {}),
        ...(order.price !== null ? { price: order.price } : {}),
      },
      ctx.referencePrice,
    );
  }
  if (!prepared.ok) return prepared;
  const limits = ctx.limits ?? NO_LIMITS;
  if (limits.killSwitch || limits.maxOrdersPerDay !== null || limits.maxNotionalPerDay !== null) {
    const usage = await ctx.usage(new Date(tradingDayStart(ctx.now)));
    const refusal = checkTradingLimits(limits, usage, {
      automatic: order.source.kind === 'alert',
      notional: prepared.order.estimatedNotional,
      quoteAsset: ctx.rules.quoteAsset,
    });
    if (refusal) return { ok: false, filter: 'INPUT', reason: refusal.reason };
  }
  return prepared;
}
