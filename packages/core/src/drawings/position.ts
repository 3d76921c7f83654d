// The numbers a long/short position tool shows: risk and reward from the entry, their ratio, and
// the profit or loss in the quote currency (USDT for BTCUSDT) if the stop, the target or the last
// price were filled. A drawing, not an order: no fees or slippage.
//
// Plain floating-point numbers, not rounded: the chart formats them to the symbol's tick size (a
// price) or to two decimals (percent, ratio). Money that is really traded is exact (trading/money).
import type { DrawingOf } from './drawing';

export interface PositionStats {
  side: 'long' | 'short';
  entry: number;
  /** The drawing's quantity, or 1 (stats per unit) when it has none. */
  quantity: number;
  /** Distance from entry to stop, in price (always ≥ 0). */
  risk: number;
  /** risk as a percentage of the entry price. */
  riskPercent: number;
  /** Distance from entry to target, in price (always ≥ 0). */
  reward: number;
  rewardPercent: number;
  /** reward / risk: 3 means the target pays three times what the stop costs. */
  riskReward: number;
  /** Profit at the target (positive), in the quote currency, for `quantity`. */
  pnlAtTarget: number;
  /** Loss at the stop (negative), in the quote currency, for `quantity`. */
  pnlAtStop: number;
  /** Open profit or loss at the last price; null when no finite last price was given. */
  pnlAtLast: number | null;
}

export function positionStats(
  d: DrawingOf<'long-position' | 'short-position'>,
  lastPrice?: number,
): PositionStats {
  const entry = d.anchors[0].price;
  const direction = d.kind === 'long-position' ? 1 : -1;
  const quantity = d.quantity ?? 1;
  const pnl = (exit: number) => (exit - entry) * direction * quantity;
  const risk = Math.abs(entry - d.stop);
  const reward = Math.abs(d.target - entry);
  return {
    side: direction === 1 ? 'long' : 'short',
    entry,
    quantity,
    risk,
    riskPercent: (risk / entry) * 100,
    reward,
    rewardPercent: (reward / entry) * 100,
    riskReward: reward / risk,
    pnlAtTarget: pnl(d.target),
    pnlAtStop: pnl(d.stop),
    pnlAtLast: lastPrice !== undefined && Number.isFinite(lastPrice) ? pnl(lastPrice) : null,
  };
}
