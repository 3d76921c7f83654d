// An alert rule's order action ("when RSI < 30, buy 100 USDT of BTC at market on paper") and how a
// fire turns it into an order: the amount in the trader's terms (base quantity, quote total, or a
// percentage of the free balance) becomes a request that passes the symbol's filters, capped by the
// rule's maximum position. The schema is what the web validates and the database stores
// (AlertRule.orderAction); `sizeOrder` is what the order executor runs when the job comes up, with
// the balances and price of that moment.
import { z } from 'zod';
import { decimalString } from '../candle';
import { Money, floorToStep, formatAmount, money, toDecimalString } from './money';
import { type PrepareResult, prepareOrder } from './order-filters';
import {
  type AssetBalance,
  type TradingAccountRef,
  orderSideSchema,
  orderTypeSchema,
} from './order';
import type { SymbolRules } from './symbol-rules';

/** A decimal string a stranger may send: bounded in length, strictly above zero. */
export const positiveDecimal = decimalString
  .max(40)
  .refine((v) => decimalOr(v, -1).gt(0), 'must be above 0');

/** The string as Money, or `fallback` when it is not a decimal (zod runs every check). */
function decimalOr(text: string, fallback: number): Money {
  try {
    return money(text);
  } catch {
    return new Money(fallback);
  }
}

export const tradingAccountRefSchema: z.ZodType<TradingAccountRef> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('paper') }),
  z.object({
    kind: z.literal('binance'),
    keyId: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[a-zA-Z0-9_-]+$/),
  }),
]);

export const orderAmountSchema = z.discriminatedUnion('kind', [
  /** Base asset quantity: "0.01 BTC". */
  z.object({ kind: z.literal('base'), value: positiveDecimal }),
  /** Quote asset total: "100 USDT". */
  z.object({ kind: z.literal('quote'), value: positiveDecimal }),
  /** Percent of the free balance of the asset spent: quote for a buy, base for a sell. */
  z.object({
    kind: z.literal('percentOfFree'),
    value: positiveDecimal.refine((v) => decimalOr(v, 101).lte(100), 'at most 100 percent'),
  }),
]);
export type OrderAmount = z.infer<typeof orderAmountSchema>;

export const orderActionSchema = z
  .object({
    side: orderSideSchema,
    type: orderTypeSchema,
    /**
     * LIMIT only: the limit price relative to the price the rule fired at, in percent, signed:
     * -0.5 is 0.5% below it (a buy waiting for a dip), 1 is 1% above it.
     */
    limitOffsetPercent: decimalString
      .max(12)
      .refine((v) => decimalOr(v, 50).abs().lt(50), 'within ±50 percent')
      .optional(),
    amount: orderAmountSchema,
    account: tradingAccountRefSchema,
    /** Most base asset this rule may hold through its own orders; buys beyond it are cut or skipped. */
    maxPosition: positiveDecimal.optional(),
  })
  .refine((a) => a.type === 'MARKET' || a.limitOffsetPercent !== undefined, {
    message: 'a limit order needs its offset from the trigger price',
    path: ['limitOffsetPercent'],
  })
  .refine((a) => a.type === 'LIMIT' || a.limitOffsetPercent === undefined, {
    message: 'a market order has no limit offset',
    path: ['limitOffsetPercent'],
  });
export type OrderAction = z.infer<typeof orderActionSchema>;

export interface SizingInput {
  /**
   * The account's balances now (free is what an order may use). Needed for a percent amount;
   * otherwise optional: given, the order is refused here when they do not cover it; left out, the
   * broker (the exchange, the paper account) refuses it, which is the answer that counts anyway.
   */
  balances?: readonly AssetBalance[];
  /** The price the rule fired at (the limit offset's base; MARKET orders' reference price). */
  price: string;
  rules: SymbolRules;
  /** Net base quantity this rule's orders hold now (bought − sold); only read with maxPosition. */
  rulePosition?: string;
}

const freeOf = (balances: readonly AssetBalance[], asset: string): Money => {
  const b = balances.find((x) => x.asset === asset);
  return b ? money(b.free) : new Money(0);
};

/**
 * What sizing an action reads besides the price and the rules: the free balance (a percent
 * amount) and the rule's position (a buy under a maximum position). Anything else is sized with no
 * call to the account at all: on Binance a balance read costs 20 request weight, so reading it for
 * each of 1,000 users' orders on one close (20,000) would overrun the server's 6,000 a minute and
 * hold the orders back a minute; a shortfall is refused by the exchange (-2010) instead.
 */
export function sizingNeeds(action: OrderAction): { balances: boolean; position: boolean } {
  return {
    balances: action.amount.kind === 'percentOfFree',
    position: action.side === 'BUY' && action.maxPosition !== undefined,
  };
}

/**
 * The order a fire places: the action's amount resolved against the balances and the price, then
 * the symbol's filters (prepareOrder), or the sentence saying why no order is placed.
 */
export function sizeOrder(action: OrderAction, input: SizingInput): PrepareResult {
  const { rules } = input;
  const trigger = money(input.price);
  if (!trigger.gt(0))
    return { ok: false, filter: 'INPUT', reason: `There is no price for ${rules.symbol} yet.` };
  const limitPrice =
    action.type === 'LIMIT'
      ? trigger.times(
          money(action.limitOffsetPercent ?? '0')
            .div(100)
            .plus(1),
        )
      : null;
  const atPrice = limitPrice ?? trigger;

  let quantity: Money | null = null;
  let total: Money | null = null;
  const { amount } = action;
  if (amount.kind === 'base') quantity = money(amount.value);
  else if (amount.kind === 'quote') total = money(amount.value);
  else {
    const asset = action.side === 'BUY' ? rules.quoteAsset : rules.baseAsset;
    const share = freeOf(input.balances ?? [], asset)
      .times(amount.value)
      .div(100);
    if (share.isZero())
      return {
        ok: false,
        filter: 'INPUT',
        reason: `There is no free ${asset} to ${action.side === 'BUY' ? 'buy with' : 'sell'}.`,
      };
    if (action.side === 'BUY') total = share;
    else quantity = share;
  }

  // The rule's maximum position caps buys: what is left under it, in base quantity.
  if (action.side === 'BUY' && action.maxPosition !== undefined) {
    const held = money(input.rulePosition ?? '0');
    const room = money(action.maxPosition).minus(held);
    if (room.lte(0))
      return {
        ok: false,
        filter: 'INPUT',
        reason: `The rule already holds ${formatAmount(held)} ${rules.baseAsset}, its maximum position of ${formatAmount(action.maxPosition)} ${rules.baseAsset}.`,
      };
    const wanted = quantity ?? (total ?? new Money(0)).div(atPrice);
    if (wanted.gt(room)) {
      quantity = floorToStep(room, rules.stepSize);
      total = null;
    }
  }

  const prepared = prepareOrder(
    rules,
    {
      side: action.side,
      type: action.type,
      ...(quantity ? { quantity: toDecimalString(quantity) } : {}),
      ...(total ? { quoteOrderQty: toDecimalString(total) } : {}),
      ...(limitPrice ? { price: toDecimalString(limitPrice) } : {}),
    },
    input.price,
  );
  if (!prepared.ok) return prepared;
  if (!input.balances) return prepared;
  const shortfall = checkFunds(prepared.order, input.balances, rules);
  return shortfall ? { ok: false, filter: 'INPUT', reason: shortfall } : prepared;
}

/**
 * Whether the free balance covers a prepared order (a buy's estimated cost in quote, a sell's
 * quantity in base): the sentence when it does not, null when it does. Market buys are estimated
 * at the reference price; the broker has the last word.
 */
export function checkFunds(
  order: { side: 'BUY' | 'SELL'; estimatedQuantity: string; estimatedNotional: string },
  balances: readonly AssetBalance[],
  rules: Pick<SymbolRules, 'baseAsset' | 'quoteAsset'>,
): string | null {
  const [asset, needed] =
    order.side === 'BUY'
      ? [rules.quoteAsset, money(order.estimatedNotional)]
      : [rules.baseAsset, money(order.estimatedQuantity)];
  const free = freeOf(balances, asset);
  if (free.gte(needed)) return null;
  return `Not enough ${asset}: the order needs ${formatAmount(needed)} ${asset} and ${formatAmount(free)} ${asset} is free.`;
}
