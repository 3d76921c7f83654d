// The user's fills read across orders, for what the web draws from them: the chart's buy/sell
// markers on one symbol and the positions of one account (average entry, realized and unrealized
// P&L, rebuilt by core's positions.ts). Each fill comes with its order's side and symbol. Scoped by
// the user id of the fill row (every OrderFill carries its order's userId).
import type { OrderSide, TradingAccountRef } from '@coinview/core/trading/order';
import type { Db } from './client';

export interface AccountFill {
  orderId: string;
  tradeId: string;
  symbol: string;
  side: OrderSide;
  price: string;
  quantity: string;
  commission: string;
  commissionAsset: string;
  /** Epoch ms. */
  time: number;
  isMaker: boolean;
}

/** The most fills one call returns. */
export const MAX_FILLS = 20_000;

/**
 * The user's newest fills (at most `limit`), optionally of one symbol and/or one account, returned
 * oldest first.
 */
export async function listUserFills(
  db: Db,
  userId: string,
  filter: { symbol?: string; account?: TradingAccountRef; limit: number },
): Promise<AccountFill[]> {
  const limit = Math.min(Math.max(Math.trunc(filter.limit) || 1, 1), MAX_FILLS);
  const rows = await db.orderFill.findMany({
    where: {
      userId,
      order: {
        userId,
        ...(filter.symbol ? { symbol: filter.symbol } : {}),
        ...(filter.account
          ? {
              accountKind: filter.account.kind,
              accountKey: filter.account.kind === 'paper' ? 'paper' : filter.account.keyId,
            }
          : {}),
      },
    },
    orderBy: [{ time: 'desc' }, { tradeId: 'desc' }],
    take: limit,
    select: {
      orderId: true,
      tradeId: true,
      price: true,
      quantity: true,
      commission: true,
      commissionAsset: true,
      time: true,
      isMaker: true,
      order: { select: { symbol: true, side: true } },
    },
  });
  return rows.reverse().map((r) => ({
    orderId: r.orderId,
    tradeId: r.tradeId,
    symbol: r.order.symbol,
    side: r.order.side,
    price: r.price.toFixed(),
    quantity: r.quantity.toFixed(),
    commission: r.commission.toFixed(),
    commissionAsset: r.commissionAsset,
    time: r.time.getTime(),
    isMaker: r.isMaker,
  }));
}
