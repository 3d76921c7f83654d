// A backtest's trades as fills for the chart's FillMarkers: the entry a buy on its bar, the exit a
// sell on its bar (the open position only its buy), each trade its own "order" so an entry and
// an exit in one bar stay two markers.
import type { Trade } from '@coinview/core/backtest/engine';
import type { ChartFill } from '@coinview/ui/fill-markers';

const decimal = (n: number, digits: number) => String(Number(n.toPrecision(digits)));

export function tradeFills(trades: readonly Trade[], open: Trade | null): ChartFill[] {
  const fills: ChartFill[] = [];
  const add = (t: Trade, i: number, exit: boolean) => {
    // Six significant digits: the marker's label on the canvas stays short (the table has them all).
    const quantity = decimal(t.quantity, 6);
    fills.push({
      id: `t${i}:buy`,
      orderId: `t${i}:buy`,
      side: 'BUY',
      time: t.entryTime,
      price: decimal(t.entryPrice, 10),
      quantity,
    });
    if (exit)
      fills.push({
        id: `t${i}:sell`,
        orderId: `t${i}:sell`,
        side: 'SELL',
        time: t.exitTime,
        price: decimal(t.exitPrice, 10),
        quantity,
      });
  };
  trades.forEach((t, i) => add(t, i, true));
  if (open) add(open, trades.length, false);
  return fills;
}
