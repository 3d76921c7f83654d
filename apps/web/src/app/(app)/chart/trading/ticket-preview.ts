// What the ticket shows before anything is sent, computed in the browser with the very function
// the server applies (core's prepareOrder over the symbol's exchangeInfo rules): the quantity as
// the exchange will take it (rounded down to the step), the estimated total and fee, or the
// filter the order breaks in a sentence a trader understands. The fee is Binance's: a share of
// the asset received (base on a buy, quote on a sell).
import { money, parseAmount, toDecimalString } from '@coinview/core/trading/money';
import { prepareOrder } from '@coinview/core/trading/order-filters';
import type { OrderSide, OrderType } from '@coinview/core/trading/order';
import type { SymbolRules } from '@coinview/core/trading/symbol-rules';

export interface TicketDraft {
  side: OrderSide;
  type: OrderType;
  amountKind: 'base' | 'quote';
  /** As typed. */
  amount: string;
  /** As typed (LIMIT). */
  price: string;
  /** 'paper' or 'key:<id>'. */
  account: string;
}

export type TicketPreview =
  | {
      ok: true;
      /** What the procedure is sent (the amount as typed, normalised). */
      amount: { kind: 'base' | 'quote'; value: string };
      /** The limit price rounded to the tick (LIMIT). */
      price?: string;
      /** Base quantity sent (estimated for a market order by total). */
      quantity: string;
      total: string;
      fee: string;
    }
  | { ok: false; field: 'amount' | 'price' | 'order'; message: string | undefined };

/** A fresh ticket id (a UUID): one per order the trader means to place. */
export function newTicketId(): string {
  return crypto.randomUUID();
}

export function previewTicket(
  rules: SymbolRules & { feeRate: string },
  draft: TicketDraft,
  lastPrice: string | undefined,
): TicketPreview {
  // Nothing typed yet: no error either.
  if (draft.amount.trim() === '') return { ok: false, field: 'amount', message: undefined };
  const amount = parseAmount(draft.amount);
  if (!amount || amount.lte(0))
    return { ok: false, field: 'amount', message: 'Enter a number above 0, such as 0.001' };
  let price: string | undefined;
  if (draft.type === 'LIMIT') {
    const parsed = parseAmount(draft.price);
    if (!parsed || parsed.lte(0))
      return { ok: false, field: 'price', message: 'Enter a limit price above 0' };
    price = toDecimalString(parsed);
  }
  const value = toDecimalString(amount);
  const reference = price ?? lastPrice;
  if (!reference) return { ok: false, field: 'order', message: 'Waiting for a price…' };
  const result = prepareOrder(
    rules,
    {
      side: draft.side,
      type: draft.type,
      ...(draft.amountKind === 'base' ? { quantity: value } : { quoteOrderQty: value }),
      ...(price ? { price } : {}),
    },
    reference,
  );
  if (!result.ok) return { ok: false, field: 'order', message: result.reason };
  const { order } = result;
  const rate = money(rules.feeRate);
  const fee =
    draft.side === 'BUY'
      ? money(order.estimatedQuantity).times(rate)
      : money(order.estimatedNotional).times(rate);
  return {
    ok: true,
    amount: { kind: draft.amountKind, value },
    ...(order.price ? { price: order.price } : {}),
    quantity: order.estimatedQuantity,
    total: order.estimatedNotional,
    fee: toDecimalString(fee),
  };
}
