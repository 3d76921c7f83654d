// The orders of a batch of fires (alert-fires.ts), for the rules that carry an order action: one
// query for the exchange keys they name, one insert for the orders, in the fires' transaction.
import { clientOrderIdForFire } from '@coinview/core/trading/client-order-id';
import { orderActionSchema } from '@coinview/core/trading/order-action';
import type { FireInput } from './alert-fires';
import type { Prisma } from './client';
import { newRowId } from './row-id';

type OrderAccount = { kind: 'paper' } | { kind: 'binance'; keyId: string };

/** A rule as the fires' UPDATE … RETURNING left it. */
export interface FiredRule {
  id: string;
  name: string;
  symbol: string;
  orderAction: Prisma.JsonValue;
}

/** A fire this transaction inserted, with its row. */
export interface InsertedFire {
  fire: FireInput;
  row: { id: string; ruleId: string; firedAt: Date };
}

/**
 * The fires' orders, for rules with an order action, keyed by fire id. An action that cannot become
 * an order (unreadable, or its exchange key was deleted) is still recorded, as REJECTED with the
 * reason, so the trader sees why nothing was traded; the fire is never lost over it.
 */
export async function createFireOrders(
  tx: Prisma.TransactionClient,
  inserted: readonly InsertedFire[],
  rules: ReadonlyMap<string, FiredRule>,
): Promise<Map<string, { id: string; userId: string; rejected: boolean }>> {
  const planned = inserted.flatMap(({ fire, row }) => {
    const rule = rules.get(row.ruleId);
    if (!rule || rule.orderAction === null) return [];
    // Checked again at fire time with the schema the router wrote it with: a stored action that
    // no longer reads is recorded as a refusal, never sent.
    const parsed = orderActionSchema.safeParse(rule.orderAction);
    return [{ fire, row, rule, parsed }];
  });
  const byFire = new Map<string, { id: string; userId: string; rejected: boolean }>();
  if (planned.length === 0) return byFire;

  const keyIds = [
    ...new Set(
      planned.flatMap(({ parsed }) =>
        parsed.success && parsed.data.account.kind === 'binance' ? [parsed.data.account.keyId] : [],
      ),
    ),
  ];
  const keys =
    keyIds.length === 0
      ? []
      : await tx.exchangeKey.findMany({
          where: { id: { in: keyIds } },
          select: { id: true, userId: true },
        });
  const keyOwner = new Map(keys.map((key) => [key.id, key.userId]));

  const data = planned.map(({ fire, row, rule, parsed }) => {
    let rejectReason: string | null = null;
    let account: OrderAccount = { kind: 'paper' };
    if (!parsed.success) {
      rejectReason = 'The alert’s order action is not valid; edit the alert to trade again.';
    } else {
      account = parsed.data.account;
      if (account.kind === 'binance' && keyOwner.get(account.keyId) !== fire.userId)
        rejectReason =
          'The exchange key of this alert’s order was deleted; choose another account.';
    }
    return {
      id: newRowId(),
      userId: fire.userId,
      accountKind: account.kind,
      exchangeKeyId: account.kind === 'binance' && !rejectReason ? account.keyId : null,
      accountKey: account.kind === 'binance' ? account.keyId : 'paper',
      ruleId: row.ruleId,
      ruleName: rule.name,
      fireId: row.id,
      clientOrderId: clientOrderIdForFire(row.id),
      symbol: rule.symbol,
      side: parsed.success ? parsed.data.side : 'BUY',
      type: parsed.success ? parsed.data.type : 'MARKET',
      action: JSON.stringify(rule.orderAction),
      referencePrice: fire.price,
      status: rejectReason ? 'REJECTED' : 'PENDING',
      rejectReason,
    };
  });
  // One statement whatever the count (raw SQL over arrays: Prisma's createManyAndReturn took
  // ~0.8 ms of client work per row, 400 ms for 500 orders, in bench/orders.ts).
  const col = <K extends keyof (typeof data)[number]>(k: K) => data.map((d) => d[k]);
  const orders = await tx.$queryRaw<
    { id: string; userId: string; fireId: string | null; status: string }[]
  >`
    INSERT INTO "Order" ("id", "userId", "accountKind", "exchangeKeyId", "accountKey", "source",
                         "ruleId", "ruleName", "fireId", "clientOrderId", "symbol", "side", "type",
                         "action", "referencePrice", "status", "rejectReason", "updatedAt")
    SELECT o.id, o.user_id, o.account_kind::"TradingAccountKind", o.key_id, o.account_key,
           'alert'::"OrderSourceKind", o.rule_id, o.rule_name, o.fire_id, o.client_order_id,
           o.symbol, o.side::"OrderSide", o.type::"OrderType", o.action, o.reference_price,
           o.status::"OrderStatus", o.reject_reason, now()
    FROM unnest(${col('id')}::text[], ${col('userId')}::text[], ${col('accountKind')}::text[],
                ${col('exchangeKeyId')}::text[], ${col('accountKey')}::text[],
                ${col('ruleId')}::text[], ${col('ruleName')}::text[], ${col('fireId')}::text[],
                ${col('clientOrderId')}::text[], ${col('symbol')}::text[], ${col('side')}::text[],
                ${col('type')}::text[], ${col('action')}::jsonb[],
                ${col('referencePrice')}::numeric[], ${col('status')}::text[],
                ${col('rejectReason')}::text[])
      AS o(id, user_id, account_kind, key_id, account_key, rule_id, rule_name, fire_id,
           client_order_id, symbol, side, type, action, reference_price, status, reject_reason)
    RETURNING "id", "userId", "fireId", "status"::text`;
  for (const order of orders)
    if (order.fireId)
      byFire.set(order.fireId, {
        id: order.id,
        userId: order.userId,
        rejected: order.status === 'REJECTED',
      });
  return byFire;
}
