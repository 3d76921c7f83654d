// The trade loop of the hand-written bots the backtest benchmarks compare with (bench/backtest.ts,
// bench/sweep.ts): a signal at the close fills at the next bar's open, 99% of the cash per entry,
// 0.1% commission on both sides, as core's engine trades the same strategy.
import type { ChartBar } from '@coinview/core/candle';

export interface BotResult {
  finalEquity: number;
  trades: number;
}

export function trade(
  bars: readonly ChartBar[],
  signal: (i: number, close: number) => { entry: boolean; exit: boolean },
): BotResult {
  let cash = 10_000;
  let qty = 0;
  let pending: 'buy' | 'sell' | null = null;
  let buyQty = 0;
  let trades = 0;
  for (let i = 0; i < bars.length; i++) {
    const bar = bars[i]!;
    if (pending === 'buy') {
      const q = Math.min(buyQty, cash / (bar.open * 1.001));
      cash -= q * bar.open * 1.001;
      qty = q;
    } else if (pending === 'sell') {
      cash += qty * bar.open * 0.999;
      qty = 0;
      trades++;
    }
    pending = null;
    const { entry, exit } = signal(i, bar.close);
    if (qty > 0 && exit) pending = 'sell';
    else if (qty === 0 && entry) {
      pending = 'buy';
      buyQty = (0.99 * cash) / bar.close;
    }
  }
  return { finalEquity: cash + qty * bars.at(-1)!.close, trades };
}
