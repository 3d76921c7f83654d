// Placing an order from the ticket: the ticket is checked against the symbol's exchangeInfo filters
// with core's prepareOrder (the same function the ticket previews with, so a refusal here reads
// exactly as it did there), the account must be the user's paper account or one of the user's
// keys that can trade, and the order is recorded PENDING together with its place-order job in one
// transaction (createManualOrder); the worker sends it. Sending the same ticket again returns the
// order it already made: its client order id is derived from the ticket id.
import type { Db } from '@coinview/db/client';
import { getExchangeKey } from '@coinview/db/exchange-keys';
import { createManualOrder, OrderAccountNotFoundError } from '@coinview/db/orders';
import { QuotaExceededError } from '@coinview/db/quota';
import { prepareOrder } from '@coinview/core/trading/order-filters';
import type { SymbolRules } from '@coinview/core/trading/symbol-rules';
import { TRPCError } from '@trpc/server';
import { fieldError } from '~/server/api/trpc';
import type { TicketInput } from './order-inputs';
import { toOrderView } from './order-queries';
import type { OrderView } from './order-view';

export interface TicketDeps {
  /** The symbol's rules from exchangeInfo; undefined when the exchange does not trade it. */
  rulesFor: (symbol: string) => Promise<SymbolRules | undefined>;
  /** The last traded price (the reference for market orders' filters). */
  lastPrice: (symbol: string) => Promise<string | undefined>;
  /** Paper fee rate (PAPER_FEE_RATE), shown by the ticket's estimate. */
  feeRate: string;
}

export async function rulesOrRefuse(deps: TicketDeps, symbol: string): Promise<SymbolRules> {
  const rules = await deps.rulesFor(symbol);
  if (!rules)
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `${symbol} is not traded on the exchange.`,
      cause: fieldError('symbol', `${symbol} is not traded on the exchange.`),
    });
  return rules;
}

export async function placeTicket(
  deps: TicketDeps,
  db: Db,
  userId: string,
  ticket: TicketInput,
): Promise<OrderView> {
  if (ticket.account.kind === 'binance') {
    const key = await getExchangeKey(db, userId, ticket.account.keyId);
    if (!key) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such exchange key.' });
    if (!key.canTrade)
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: `The key "${key.label}" cannot trade: enable spot trading for it on Binance and add it again.`,
      });
  }
  const rules = await rulesOrRefuse(deps, ticket.symbol);
  const reference =
    ticket.type === 'LIMIT'
      ? ticket.price
      : await deps.lastPrice(ticket.symbol).catch(() => undefined);
  const prepared = prepareOrder(
    rules,
    {
      side: ticket.side,
      type: ticket.type,
      ...(ticket.amount.kind === 'base'
        ? { quantity: ticket.amount.value }
        : { quoteOrderQty: ticket.amount.value }),
      ...(ticket.price && ticket.type === 'LIMIT' ? { price: ticket.price } : {}),
    },
    reference ?? '0',
  );
  if (!prepared.ok)
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: prepared.reason,
      cause: fieldError(prepared.filter === 'PRICE_FILTER' ? 'price' : 'amount', prepared.reason),
    });
  const order = prepared.order;
  try {
    const { order: created } = await createManualOrder(db, userId, {
      ticketId: ticket.ticketId,
      account: ticket.account,
      symbol: order.symbol,
      side: order.side,
      type: order.type,
      ...(order.quantity !== undefined ? { quantity: order.quantity } : {}),
      ...(order.quoteOrderQty !== undefined ? { quoteOrderQty: order.quoteOrderQty } : {}),
      ...(order.price !== undefined ? { price: order.price } : {}),
    });
    return toOrderView(created);
  } catch (err) {
    if (err instanceof OrderAccountNotFoundError)
      throw new TRPCError({ code: 'NOT_FOUND', message: 'No such exchange key.' });
    if (err instanceof QuotaExceededError)
      throw new TRPCError({ code: 'FORBIDDEN', message: err.message, cause: err });
    throw err;
  }
}
