// A spot position (one account, one symbol) rebuilt from its fills, by the average-cost method:
// - a BUY adds the base received (the quantity less a fee charged in base) at its cost (price ×
//   quantity, plus a fee charged in quote): a fee raises the average entry price, as it raises
//   what each coin held really cost;
// - a SELL realises P&L on the coins it sells: proceeds (price × quantity less a fee in quote) minus
//   their share of the cost basis at the average entry; the average entry does not change;
// - unrealised P&L is what the held quantity is worth at a mark price minus its cost basis.
// A fee in a third asset (BNB) has no price here and stays out of the cost basis. Selling more than
// the fills bought (coins deposited from elsewhere) realises P&L only on the part the fills cover:
// the rest has no known cost. Fills are taken in time order; amounts out are decimal strings
// (18 decimals at most, the database's scale), computed exactly but for the one division a sale
// needs (60 significant digits).
import { Money, money, toDecimalString } from './money';
import type { OrderSide } from './order';

export interface PositionFill {
  /** Fills of one order close one trade together. */
  orderId?: string;
  side: OrderSide;
  price: string;
  quantity: string;
  commission: string;
  commissionAsset: string;
  time: number;
}

/** One closing trade: a sell order, and the P&L it realised against the average entry. */
export interface ClosedTrade {
  orderId: string | null;
  /** Time of its last fill (ms). */
  time: number;
  quantity: string;
  entryPrice: string;
  exitPrice: string;
  realizedPnl: string;
}

export interface Position {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  /** Base held through these fills. */
  quantity: string;
  /** Cost basis ÷ quantity; null when nothing is held. */
  averageEntryPrice: string | null;
  /** What the held quantity cost, in quote, fees included. */
  costBasis: string;
  realizedPnl: string;
  closedTrades: ClosedTrade[];
}

export interface PositionSymbol {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
}

interface OpenTrade {
  orderId: string | null;
  time: number;
  quantity: Money;
  quote: Money;
  entryCost: Money;
  pnl: Money;
}

/** The position these fills leave. */
export function buildPosition(symbol: PositionSymbol, fills: readonly PositionFill[]): Position {
  const ordered = [...fills].sort((a, b) => a.time - b.time);
  let held = new Money(0);
  let cost = new Money(0);
  let realized = new Money(0);
  const closed: ClosedTrade[] = [];
  let current: OpenTrade | null = null;
  const closeCurrent = () => {
    if (!current) return;
    closed.push({
      orderId: current.orderId,
      time: current.time,
      quantity: toDecimalString(current.quantity),
      entryPrice: toDecimalString(
        current.quantity.isZero() ? new Money(0) : current.entryCost.div(current.quantity),
      ),
      exitPrice: toDecimalString(
        current.quantity.isZero() ? new Money(0) : current.quote.div(current.quantity),
      ),
      realizedPnl: toDecimalString(current.pnl),
    });
    current = null;
  };

  for (const f of ordered) {
    const price = money(f.price);
    const quantity = money(f.quantity);
    const commission = money(f.commission);
    const feeInBase = f.commissionAsset === symbol.baseAsset ? commission : new Money(0);
    const feeInQuote = f.commissionAsset === symbol.quoteAsset ? commission : new Money(0);
    if (f.side === 'BUY') {
      closeCurrent();
      held = held.plus(quantity).minus(feeInBase);
      cost = cost.plus(price.times(quantity)).plus(feeInQuote);
      continue;
    }
    const orderId = f.orderId ?? null;
    if (!current || orderId === null || current.orderId !== orderId) {
      closeCurrent();
      current = {
        orderId,
        time: f.time,
        quantity: new Money(0),
        quote: new Money(0),
        entryCost: new Money(0),
        pnl: new Money(0),
      };
    }
    // Only the part of the sale the fills bought has a cost; its share of the fee goes with it.
    const covered = Money.min(quantity, held);
    if (covered.gt(0)) {
      const share = covered.div(quantity);
      const costOfSold = covered.eq(held) ? cost : cost.times(covered).div(held);
      const proceeds = price.times(covered).minus(feeInQuote.times(share));
      const pnl = proceeds.minus(costOfSold);
      realized = realized.plus(pnl);
      held = held.minus(covered);
      cost = held.isZero() ? new Money(0) : cost.minus(costOfSold);
      current.quantity = current.quantity.plus(covered);
      current.quote = current.quote.plus(price.times(covered));
      current.entryCost = current.entryCost.plus(costOfSold);
      current.pnl = current.pnl.plus(pnl);
    }
    current.time = f.time;
  }
  closeCurrent();

  return {
    ...symbol,
    quantity: toDecimalString(held),
    averageEntryPrice: held.gt(0) ? toDecimalString(cost.div(held)) : null,
    costBasis: toDecimalString(cost),
    realizedPnl: toDecimalString(realized),
    closedTrades: closed.filter((t) => t.quantity !== '0'),
  };
}

/** What the held quantity would gain or lose if sold at `markPrice` (before the selling fee). */
export function unrealizedPnl(
  position: Pick<Position, 'quantity' | 'costBasis'>,
  markPrice: string,
): string {
  return toDecimalString(
    money(position.quantity).times(money(markPrice)).minus(money(position.costBasis)),
  );
}
