// Orders and their fills: the order history every trader can audit, and the records the order
// executor moves forward. Rules kept here, in the database, whoever calls:
// - one order per cause: fireId is unique (alert-fires.ts creates it with the fire), (userId,
//   ticketId) is unique and createManualOrder returns the existing order for a resubmitted ticket;
// - the order row and its place-order job are written in one transaction (order-queue.ts);
// - a status only moves forward (a late or replayed report never reopens a final order);
// - fills are keyed by (orderId, tradeId): a replayed execution report adds nothing, and the totals
//   (executedQty, cummulativeQuoteQty, fee) are recomputed from the fills, never incremented.
// Functions a user reaches take the userId and only ever see that user's orders.
import { FINAL_ORDER_STATUSES } from '@coinview/core/trading/order';
import { clientOrderIdForTicket } from '@coinview/core/trading/client-order-id';
import { STORED_DECIMALS, money } from '@coinview/core/trading/money';
import type {
  OrderFill,
  OrderSide,
  OrderStatus,
  OrderType,
  TradingAccountRef,
} from '@coinview/core/trading/order';
import type { Db, Prisma } from './client';
import { addCancelOrderJob, addPlaceOrderJob } from './order-queue';
import { assertUnderQuota, lockUserRow } from './quota';

export const OPEN_ORDER_STATUSES: readonly OrderStatus[] = [
  'PENDING',
  'UNKNOWN',
  'NEW',
  'PARTIALLY_FILLED',
];

export type OrderAccountView =
  { kind: 'paper' } | { kind: 'binance'; keyId: string; label: string | null };

export type OrderSourceView =
  | { kind: 'manual' }
  | { kind: 'alert'; ruleId: string | null; ruleName: string | null; fireId: string | null };

export interface OrderView {
  id: string;
  account: OrderAccountView;
  source: OrderSourceView;
  ticketId: string | null;
  clientOrderId: string;
  exchangeOrderId: string | null;
  symbol: string;
  side: OrderSide;
  type: OrderType;
  /** LIMIT price. */
  price: string | null;
  /** Alert orders: the rule's order action as it fired (@coinview/core/trading/order-action). */
  action: unknown;
  referencePrice: string | null;
  origQty: string | null;
  quoteOrderQty: string | null;
  executedQty: string;
  cummulativeQuoteQty: string;
  /** cummulativeQuoteQty / executedQty; null before the first fill. */
  avgPrice: string | null;
  fee: string | null;
  feeAsset: string | null;
  status: OrderStatus;
  rejectCode: number | null;
  rejectReason: string | null;
  attempts: number;
  createdAt: number;
  sentAt: number | null;
  updatedAt: number;
  /** Present when asked for (`withFills`), oldest first. */
  fills?: OrderFill[];
}

/** The order ticket, after the symbol's filters were applied (prepareOrder in core). */
export interface ManualOrderTicket {
  /** A UUID the browser chose for this ticket: resubmitting it returns the same order. */
  ticketId: string;
  account: TradingAccountRef;
  symbol: string;
  side: OrderSide;
  type: OrderType;
  quantity?: string;
  /** MARKET only: spend this much quote asset ("total"). */
  quoteOrderQty?: string;
  /** LIMIT only. */
  price?: string;
}

/** The exchange key named by an order does not exist or is not the user's. */
export class OrderAccountNotFoundError extends Error {
  constructor() {
    super('That exchange key does not exist. Choose another account.');
    this.name = 'OrderAccountNotFoundError';
  }
}

type Row = Prisma.OrderGetPayload<{
  include: { exchangeKey: { select: { label: true } }; fills: true };
}>;
type RowWithoutFills = Omit<Row, 'fills'> & { fills?: Row['fills'] };

const decimal = (value: Prisma.Decimal): string => value.toFixed();
const maybeDecimal = (value: Prisma.Decimal | null): string | null =>
  value === null ? null : value.toFixed();

function toFill(row: Row['fills'][number]): OrderFill {
  return {
    tradeId: row.tradeId,
    price: decimal(row.price),
    quantity: decimal(row.quantity),
    commission: decimal(row.commission),
    commissionAsset: row.commissionAsset,
    time: row.time.getTime(),
    isMaker: row.isMaker,
  };
}

function toView(row: RowWithoutFills): OrderView {
  // Core's Money (60 digits): Prisma's Decimal keeps 20, too few for a quotient of numeric(38,18).
  const avgPrice = row.executedQty.isZero()
    ? null
    : money(row.cummulativeQuoteQty.toFixed())
        .div(money(row.executedQty.toFixed()))
        .toDecimalPlaces(STORED_DECIMALS)
        .toFixed();
  return {
    id: row.id,
    account:
      row.accountKind === 'paper'
        ? { kind: 'paper' }
        : { kind: 'binance', keyId: row.accountKey, label: row.exchangeKey?.label ?? null },
    source:
      row.source === 'manual'
        ? { kind: 'manual' }
        : { kind: 'alert', ruleId: row.ruleId, ruleName: row.ruleName, fireId: row.fireId },
    ticketId: row.ticketId,
    clientOrderId: row.clientOrderId,
    exchangeOrderId: row.exchangeOrderId,
    symbol: row.symbol,
    side: row.side,
    type: row.type,
    price: maybeDecimal(row.price),
    action: row.action,
    referencePrice: maybeDecimal(row.referencePrice),
    origQty: maybeDecimal(row.origQty),
    quoteOrderQty: maybeDecimal(row.quoteOrderQty),
    executedQty: decimal(row.executedQty),
    cummulativeQuoteQty: decimal(row.cummulativeQuoteQty),
    avgPrice,
    fee: maybeDecimal(row.fee),
    feeAsset: row.feeAsset,
    status: row.status,
    rejectCode: row.rejectCode,
    rejectReason: row.rejectReason,
    attempts: row.attempts,
    createdAt: row.createdAt.getTime(),
    sentAt: row.sentAt?.getTime() ?? null,
    updatedAt: row.updatedAt.getTime(),
    ...(row.fills ? { fills: row.fills.map(toFill) } : {}),
  };
}

const keyLabel = { exchangeKey: { select: { label: true } } } as const;
const withFills = {
  ...keyLabel,
  fills: { orderBy: [{ time: 'asc' }, { tradeId: 'asc' }] },
} satisfies Prisma.OrderInclude;

/** "paper" or the key id: the account a client order id is unique in. */
export function accountKeyOf(account: TradingAccountRef): string {
  return account.kind === 'paper' ? 'paper' : account.keyId;
}

function assertTicketShape(ticket: ManualOrderTicket): void {
  const hasQty = ticket.quantity !== undefined;
  const hasQuote = ticket.quoteOrderQty !== undefined;
  if (hasQty === hasQuote) throw new Error('an order ticket has exactly one of quantity and total');
  if (ticket.type === 'LIMIT' && (ticket.price === undefined || !hasQty))
    throw new Error('a limit order has a price and a quantity');
  if (ticket.type === 'MARKET' && ticket.price !== undefined)
    throw new Error('a market order has no price');
}

/**
 * Records the ticket's order as PENDING with its place-order job, in one transaction. A ticket
 * already recorded returns its order (`created: false`) and queues nothing.
 * Throws OrderAccountNotFoundError, QuotaExceededError ('openOrders').
 */
export async function createManualOrder(
  db: Db,
  userId: string,
  ticket: ManualOrderTicket,
  options: { maxAttempts?: number } = {},
): Promise<{ order: OrderView; created: boolean }> {
  assertTicketShape(ticket);
  const clientOrderId = clientOrderIdForTicket(ticket.ticketId);
  return db.$transaction(async (tx) => {
    // Serialises this user's creates: the ticket check and the open-order count see each other.
    await lockUserRow(tx, userId);
    const existing = await tx.order.findFirst({
      where: { userId, ticketId: ticket.ticketId },
      include: keyLabel,
    });
    if (existing) return { order: toView(existing), created: false };
    if (ticket.account.kind === 'binance') {
      const key = await tx.exchangeKey.findFirst({
        where: { id: ticket.account.keyId, userId },
        select: { id: true },
      });
      if (!key) throw new OrderAccountNotFoundError();
    }
    assertUnderQuota(
      'openOrders',
      await tx.order.count({ where: { userId, status: { in: [...OPEN_ORDER_STATUSES] } } }),
    );
    const row = await tx.order.create({
      data: {
        userId,
        accountKind: ticket.account.kind,
        exchangeKeyId: ticket.account.kind === 'binance' ? ticket.account.keyId : null,
        accountKey: accountKeyOf(ticket.account),
        source: 'manual',
        ticketId: ticket.ticketId,
        clientOrderId,
        symbol: ticket.symbol,
        side: ticket.side,
        type: ticket.type,
        price: ticket.price ?? null,
        origQty: ticket.quantity ?? null,
        quoteOrderQty: ticket.quoteOrderQty ?? null,
      },
      include: keyLabel,
    });
    await addPlaceOrderJob(tx, row, { maxAttempts: options.maxAttempts });
    return { order: toView(row), created: true };
  });
}

/** One of the user's orders with its fills; null when it is not the user's. */
export async function getOrder(db: Db, userId: string, orderId: string): Promise<OrderView | null> {
  const row = await db.order.findFirst({ where: { id: orderId, userId }, include: withFills });
  return row ? toView(row) : null;
}

/** Any order by id, for the order executor (no user scope: the job names the order). */
export async function loadOrderForExecution(db: Db, orderId: string) {
  const row = await db.order.findUnique({ where: { id: orderId }, include: withFills });
  return row ? { userId: row.userId, ...toView(row) } : null;
}

/** Many orders at once (a place-orders batch), in no particular order. */
export async function loadOrdersForExecution(db: Db, orderIds: readonly string[]) {
  const rows = await db.order.findMany({
    where: { id: { in: [...orderIds] } },
    include: withFills,
  });
  return rows.map((row) => ({ userId: row.userId, ...toView(row) }));
}

/** An order by its client id in an account, for execution reports; scoped by the key's owner. */
export async function findOrderByClientOrderId(
  db: Db,
  userId: string,
  account: TradingAccountRef,
  clientOrderId: string,
): Promise<OrderView | null> {
  const row = await db.order.findFirst({
    where: { userId, accountKey: accountKeyOf(account), clientOrderId },
    include: withFills,
  });
  return row ? toView(row) : null;
}

export interface OrderFilter {
  symbol?: string;
  side?: OrderSide;
  status?: OrderStatus[];
  source?: 'manual' | 'alert';
  ruleId?: string;
  account?: TradingAccountRef;
  /** createdAt ≥ from (epoch ms). */
  from?: number;
  /** createdAt < to (epoch ms). */
  to?: number;
}

export const MAX_ORDER_PAGE = 200;

export class InvalidCursorError extends Error {
  constructor() {
    super('The page cursor is not valid. Start from the first page.');
    this.name = 'InvalidCursorError';
  }
}

function encodeCursor(row: { createdAt: Date; id: string }): string {
  return `${row.createdAt.getTime()}_${row.id}`;
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const match = /^(\d{1,15})_([a-zA-Z0-9]{1,40})$/.exec(cursor);
  if (!match) throw new InvalidCursorError();
  return { createdAt: new Date(Number(match[1])), id: match[2]! };
}

export function orderWhere(userId: string, filter: OrderFilter): Prisma.OrderWhereInput {
  return {
    userId,
    ...(filter.symbol ? { symbol: filter.symbol } : {}),
    ...(filter.side ? { side: filter.side } : {}),
    ...(filter.status?.length ? { status: { in: filter.status } } : {}),
    ...(filter.source ? { source: filter.source } : {}),
    ...(filter.ruleId ? { ruleId: filter.ruleId } : {}),
    ...(filter.account
      ? { accountKind: filter.account.kind, accountKey: accountKeyOf(filter.account) }
      : {}),
    ...(filter.from !== undefined || filter.to !== undefined
      ? {
          createdAt: {
            ...(filter.from !== undefined ? { gte: new Date(filter.from) } : {}),
            ...(filter.to !== undefined ? { lt: new Date(filter.to) } : {}),
          },
        }
      : {}),
  };
}

/**
 * A page of the user's orders, newest first (createdAt, then id: a stable keyset order), with each
 * order's fills. `limit` is clamped to 1…MAX_ORDER_PAGE; `cursor` is the previous page's
 * `nextCursor` (throws InvalidCursorError on anything else).
 */
export async function listOrders(
  db: Db,
  userId: string,
  filter: OrderFilter,
  page: { limit: number; cursor?: string | null; withFills?: boolean },
): Promise<{ orders: OrderView[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(Math.trunc(page.limit) || 1, 1), MAX_ORDER_PAGE);
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  const where = orderWhere(userId, filter);
  const rows = await db.order.findMany({
    where: after
      ? {
          AND: [
            where,
            {
              OR: [
                { createdAt: { lt: after.createdAt } },
                { createdAt: after.createdAt, id: { lt: after.id } },
              ],
            },
          ],
        }
      : where,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    include: page.withFills === false ? keyLabel : withFills,
  });
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const last = shown.at(-1);
  return { orders: shown.map(toView), nextCursor: more && last ? encodeCursor(last) : null };
}

const STATUS_RANK: Record<OrderStatus, number> = {
  PENDING: 0,
  UNKNOWN: 0,
  NEW: 1,
  PARTIALLY_FILLED: 2,
  FILLED: 3,
  CANCELED: 3,
  REJECTED: 3,
  EXPIRED: 3,
};

/** Whether `from` may become `to`: forward only; a final status never changes. */
export function canMoveOrderStatus(from: OrderStatus, to: OrderStatus): boolean {
  if (FINAL_ORDER_STATUSES.has(from)) return false;
  if (from === to) return false;
  return STATUS_RANK[to] >= STATUS_RANK[from];
}

/** What a broker or the user data stream says about an order now. */
export interface OrderUpdate {
  status?: OrderStatus;
  exchangeOrderId?: string | null;
  /** Totals the exchange reports (used when they exceed what the known fills add up to). */
  executedQty?: string;
  cummulativeQuoteQty?: string;
  fills?: OrderFill[];
  rejectCode?: number | null;
  rejectReason?: string | null;
}

export interface OrderUpdateResult {
  /** The status or the fills changed. */
  changed: boolean;
  /** Fills this call recorded for the first time (apply their balance effects exactly once). */
  newFills: OrderFill[];
  order: OrderView;
}

/**
 * Applies a report to an order inside the caller's transaction (the paper broker moves balances
 * in the same one). The order row is locked first, so concurrent reports apply one after another.
 * Returns null when there is no such order.
 */
export async function applyOrderUpdateInTx(
  tx: Prisma.TransactionClient,
  orderId: string,
  update: OrderUpdate,
): Promise<OrderUpdateResult | null> {
  const locked = await tx.$queryRaw<{ status: OrderStatus; userId: string }[]>`
    SELECT "status", "userId" FROM "Order" WHERE "id" = ${orderId} FOR UPDATE`;
  const current = locked[0];
  if (!current) return null;

  let newFills: OrderFill[] = [];
  if (update.fills?.length) {
    const inserted = await tx.orderFill.createManyAndReturn({
      data: update.fills.map((f) => ({
        orderId,
        userId: current.userId,
        tradeId: f.tradeId,
        price: f.price,
        quantity: f.quantity,
        commission: f.commission,
        commissionAsset: f.commissionAsset,
        time: new Date(f.time),
        isMaker: f.isMaker,
      })),
      skipDuplicates: true,
      select: { tradeId: true },
    });
    const fresh = new Set(inserted.map((r) => r.tradeId));
    newFills = update.fills.filter((f) => fresh.has(f.tradeId));
  }

  const moveStatus =
    update.status !== undefined && canMoveOrderStatus(current.status, update.status);
  if (newFills.length || moveStatus || update.exchangeOrderId || update.executedQty) {
    // Totals from the fills (never incremented: a replay cannot double them), or the exchange's
    // own totals when they are ahead of the fills we have seen.
    await tx.$executeRaw`
      UPDATE "Order" o SET
        "executedQty" = GREATEST(f.qty, ${update.executedQty ?? '0'}::numeric, o."executedQty"),
        "cummulativeQuoteQty" = GREATEST(f.quote, ${update.cummulativeQuoteQty ?? '0'}::numeric,
                                         o."cummulativeQuoteQty"),
        "fee" = CASE WHEN f.assets = 1 THEN f.fee ELSE NULL END,
        "feeAsset" = CASE WHEN f.assets = 1 THEN f.asset ELSE NULL END,
        "exchangeOrderId" = COALESCE(${update.exchangeOrderId ?? null}, o."exchangeOrderId"),
        "status" = CASE WHEN ${moveStatus} THEN ${update.status ?? current.status}::"OrderStatus"
                        ELSE o."status" END,
        "rejectCode" = CASE WHEN ${moveStatus} AND ${update.rejectCode !== undefined}
                            THEN ${update.rejectCode ?? null}::int ELSE o."rejectCode" END,
        "rejectReason" = CASE WHEN ${moveStatus} AND ${update.rejectReason !== undefined}
                              THEN ${update.rejectReason?.slice(0, 500) ?? null}
                              ELSE o."rejectReason" END,
        "updatedAt" = now()
      FROM (
        SELECT COALESCE(sum("quantity"), 0) AS qty,
               COALESCE(sum("price" * "quantity"), 0) AS quote,
               COALESCE(sum("commission"), 0) AS fee,
               count(DISTINCT "commissionAsset") AS assets,
               min("commissionAsset") AS asset
        FROM "OrderFill" WHERE "orderId" = ${orderId}
      ) f
      WHERE o."id" = ${orderId}`;
  }
  const row = await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: withFills });
  return { changed: newFills.length > 0 || moveStatus, newFills, order: toView(row) };
}

/** applyOrderUpdateInTx in a transaction of its own. */
export async function applyOrderUpdate(
  db: Db,
  orderId: string,
  update: OrderUpdate,
): Promise<OrderUpdateResult | null> {
  return db.$transaction((tx) => applyOrderUpdateInTx(tx, orderId, update));
}

/**
 * The executor is about to send the order: counts the attempt, stamps sentAt and stores the size
 * it computed (alert orders are sized when they are placed). Only while the order is PENDING or
 * UNKNOWN; returns false otherwise (another attempt already got an answer).
 */
export async function recordPlaceAttempt(
  db: Db,
  orderId: string,
  sized: { origQty?: string | null; quoteOrderQty?: string | null; price?: string | null } = {},
): Promise<boolean> {
  const { count } = await db.order.updateMany({
    where: { id: orderId, status: { in: ['PENDING', 'UNKNOWN'] } },
    data: {
      attempts: { increment: 1 },
      sentAt: new Date(),
      ...(sized.origQty !== undefined ? { origQty: sized.origQty } : {}),
      ...(sized.quoteOrderQty !== undefined ? { quoteOrderQty: sized.quoteOrderQty } : {}),
      ...(sized.price !== undefined ? { price: sized.price } : {}),
    },
  });
  return count === 1;
}

/**
 * recordPlaceAttempt for a batch of never-attempted orders, in one statement: only an order still
 * PENDING with no attempt is marked (a cancel or another runner that got there first wins; its
 * row lock orders the two). Returns the ids marked: those, and only those, may be sent.
 */
export async function recordFirstPlaceAttempts(
  db: Db,
  sized: readonly {
    id: string;
    origQty: string | null;
    quoteOrderQty: string | null;
    price: string | null;
  }[],
): Promise<Set<string>> {
  if (sized.length === 0) return new Set();
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Order" o
    SET "attempts" = 1, "sentAt" = now(),
        "origQty" = s."origQty"::numeric, "quoteOrderQty" = s."quoteOrderQty"::numeric,
        "price" = s."price"::numeric, "updatedAt" = now()
    FROM unnest(${sized.map((s) => s.id)}::text[], ${sized.map((s) => s.origQty)}::text[],
                ${sized.map((s) => s.quoteOrderQty)}::text[], ${sized.map((s) => s.price)}::text[])
         AS s("id", "origQty", "quoteOrderQty", "price")
    WHERE o."id" = s."id" AND o."status" = 'PENDING' AND o."attempts" = 0
    RETURNING o."id"`;
  return new Set(rows.map((r) => r.id));
}

/**
 * Today's automatic-trading totals for the daily limits: orders sent since `since` and their
 * notional (what filled, else the quote amount, else quantity × limit or trigger price).
 */
export async function dailyOrderTotals(
  db: Db,
  userId: string,
  since: Date,
  options: { source?: 'manual' | 'alert' } = {},
): Promise<{ orders: number; notional: string }> {
  const source = options.source ?? null;
  const rows = await db.$queryRaw<{ orders: bigint; notional: Prisma.Decimal | null }[]>`
    SELECT count(*) AS orders,
           sum(COALESCE(NULLIF("cummulativeQuoteQty", 0), "quoteOrderQty",
                        "origQty" * COALESCE("price", "referencePrice"), 0)) AS notional
    FROM "Order"
    WHERE "userId" = ${userId} AND "sentAt" >= ${since}
      AND "status" <> 'REJECTED'
      AND (${source}::text IS NULL OR "source"::text = ${source}::text)`;
  const row = rows[0];
  return { orders: Number(row?.orders ?? 0), notional: row?.notional?.toFixed() ?? '0' };
}

/** Base quantity a rule's own orders hold now (filled buys − filled sells), for maxPosition. */
export async function rulePosition(db: Db, userId: string, ruleId: string): Promise<string> {
  const rows = await db.$queryRaw<{ position: Prisma.Decimal | null }[]>`
    SELECT sum(CASE WHEN "side" = 'BUY' THEN "executedQty" ELSE -"executedQty" END) AS position
    FROM "Order" WHERE "userId" = ${userId} AND "ruleId" = ${ruleId}`;
  return rows[0]?.position?.toFixed() ?? '0';
}

/** Open orders of one account (reconciliation after a user-stream gap). */
export async function listOpenOrdersOfAccount(
  db: Db,
  userId: string,
  account: TradingAccountRef,
): Promise<OrderView[]> {
  const rows = await db.order.findMany({
    where: {
      userId,
      accountKey: accountKeyOf(account),
      status: { in: [...OPEN_ORDER_STATUSES] },
    },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    include: withFills,
  });
  return rows.map(toView);
}

export type CancelRequestResult =
  | { outcome: 'canceled'; order: OrderView }
  | { outcome: 'requested'; order: OrderView }
  | { outcome: 'not-open'; order: OrderView }
  | { outcome: 'not-found' };

/**
 * The trader cancels one of their orders. An order never sent yet (PENDING, no attempt) is
 * CANCELED here and then, as its place-order job finds it final, never sent: the order row's lock
 * orders this against the executor's recordPlaceAttempt, so exactly one of the two wins. Any other
 * open order gets a cancel-order job (after its place-order job, in the user's queue).
 * Another user's order is 'not-found'.
 */
export async function requestOrderCancel(
  db: Db,
  userId: string,
  orderId: string,
): Promise<CancelRequestResult> {
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<
      { status: OrderStatus; sentAt: Date | null; attempts: number }[]
    >`
      SELECT "status", "sentAt", "attempts" FROM "Order"
      WHERE "id" = ${orderId} AND "userId" = ${userId} FOR UPDATE`;
    if (!row) return { outcome: 'not-found' };
    const load = async () =>
      toView(await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: withFills }));
    if (!OPEN_ORDER_STATUSES.includes(row.status))
      return { outcome: 'not-open', order: await load() };
    if (row.status === 'PENDING' && row.sentAt === null && row.attempts === 0) {
      await tx.order.update({ where: { id: orderId }, data: { status: 'CANCELED' } });
      return { outcome: 'canceled', order: await load() };
    }
    await addCancelOrderJob(tx, { id: orderId, userId });
    return { outcome: 'requested', order: await load() };
  });
}

/** Open orders of every user, least recently updated first, for the worker's reconciliation. */
export function listOpenOrdersToReconcile(db: Db, limit: number) {
  return db.order.findMany({
    where: { status: { in: ['NEW', 'PARTIALLY_FILLED'] } },
    orderBy: { updatedAt: 'asc' },
    take: limit,
    select: {
      id: true,
      userId: true,
      accountKind: true,
      accountKey: true,
      symbol: true,
      clientOrderId: true,
    },
  });
}

/**
 * The exchange keys that have open or unknown orders, for the worker's user data streams (one per
 * such key). Orders whose key was deleted are left out: they have no stream to come from.
 */
export async function listKeysWithOpenOrders(db: Db): Promise<{ userId: string; keyId: string }[]> {
  const rows = await db.order.findMany({
    where: {
      accountKind: 'binance',
      exchangeKeyId: { not: null },
      status: { in: [...OPEN_ORDER_STATUSES] },
    },
    distinct: ['userId', 'exchangeKeyId'],
    select: { userId: true, exchangeKeyId: true },
  });
  return rows.flatMap((r) =>
    r.exchangeKeyId ? [{ userId: r.userId, keyId: r.exchangeKeyId }] : [],
  );
}
