// Metrics on a hand-made result (4 daily bars, 3 trades) with the arithmetic in the comments,
// and the edge cases that have no meaningful ratio.
import { describe, expect, it } from 'vitest';
import type { BacktestResult, Trade } from './engine';
import { computeMetrics, maxDrawdownOf } from './metrics';

const DAY = 86_400_000;
const T = 1_700_006_400_000; // a UTC midnight
const trade = (pnl: number, barsHeld: number): Trade => ({
  entryTime: T,
  entryPrice: 1,
  exitTime: T,
  exitPrice: 1,
  quantity: 1,
  fees: 0,
  pnl,
  returnPct: 0,
  barsHeld,
  exitReason: 'signal',
});

function result(equity: number[], trades: Trade[], inPosition: number[]): BacktestResult {
  return {
    trades,
    open: null,
    times: equity.map((_, i) => T + i * DAY),
    equity,
    drawdown: [],
    inPosition,
    buyAndHold: [],
    signals: { entry: [], exit: [] },
    initialCapital: 1000,
    finalEquity: equity[equity.length - 1] ?? 1000,
    commissionPaid: 3.5,
  };
}

describe('computeMetrics', () => {
  it('computes every metric of a small result', () => {
    const r = result(
      [1000, 1100, 990, 1089],
      [trade(100, 2), trade(-110, 1), trade(99, 3)],
      [0, 1, 1, 0],
    );
    const m = computeMetrics(r, '1d');
    // net profit 1,089 − 1,000 = 89; return 8.9%
    expect(m.netProfit).toBe(89);
    expect(m.netReturn).toBeCloseTo(0.089, 12);
    // years = (3 days + one bar) ÷ 365 = 4/365; CAGR = 1.089^(365/4) − 1
    expect(m.cagr).toBeCloseTo(1.089 ** (365 / 4) - 1, 6);
    // peak 1,100 (day 1), trough 990 (day 2): depth 10%, 110; never back to 1,100 → lasts to the
    // last bar: 2 bars, 2 days
    expect(m.maxDrawdown).toEqual({
      depth: 0.1,
      amount: 110,
      peakTime: T + DAY,
      troughTime: T + 2 * DAY,
      durationBars: 2,
      durationMs: 2 * DAY,
      recovered: false,
    });
    // wins 100, 99; loss −110: win rate 2/3, profit factor 199/110, expectancy 89/3
    expect(m.trades).toBe(3);
    expect(m.winRate).toBeCloseTo(2 / 3, 12);
    expect(m.profitFactor).toBeCloseTo(199 / 110, 12);
    expect(m.expectancy).toBeCloseTo(89 / 3, 12);
    expect(m.averageWin).toBe(99.5);
    expect(m.averageLoss).toBe(-110);
    // returns 0, 0.1, −0.1, 0.1: mean 0.025; sample variance (0.025² + 0.075² + 0.125² + 0.075²)/3
    // = 0.0275/3; Sharpe = 0.025 ÷ √(0.0275/3) × √365 = 4.987…
    expect(m.sharpe).toBeCloseTo((0.025 / Math.sqrt(0.0275 / 3)) * Math.sqrt(365), 9);
    // downside deviation √(0.1²/4) = 0.05; Sortino = 0.025 ÷ 0.05 × √365 = 9.552…
    expect(m.sortino).toBeCloseTo(0.5 * Math.sqrt(365), 9);
    expect(m.calmar).toBeCloseTo((1.089 ** (365 / 4) - 1) / 0.1, 4);
    // in position at 2 of 4 closes; bars in trade (2 + 1 + 3)/3 = 2
    expect(m.exposure).toBe(0.5);
    expect(m.averageBarsInTrade).toBe(2);
    expect(m.commissionPaid).toBe(3.5);
  });

  it('no trades and a flat curve: ratios are null, not NaN', () => {
    const m = computeMetrics(result([1000, 1000, 1000], [], [0, 0, 0]), '1h');
    expect(m).toMatchObject({
      netProfit: 0,
      trades: 0,
      winRate: null,
      profitFactor: null,
      expectancy: null,
      averageWin: null,
      averageLoss: null,
      sharpe: null,
      sortino: null,
      calmar: null,
      exposure: 0,
      averageBarsInTrade: null,
    });
    expect(m.cagr).toBe(0);
    expect(m.maxDrawdown.depth).toBe(0);
  });

  it('no losing trade: profit factor null, average loss null; no bars: CAGR null', () => {
    const m = computeMetrics(result([1000, 1050], [trade(50, 1)], [1, 0]), '1h');
    expect(m.profitFactor).toBeNull();
    expect(m.averageLoss).toBeNull();
    expect(m.winRate).toBe(1);
    expect(computeMetrics(result([], [], []), '1h').cagr).toBeNull();
  });

  it('a drawdown that recovers ends at the first close back at the peak', () => {
    // peak 100 (bar 0), trough 80 (bar 2), back to 100 at bar 3: 3 bars
    const dd = maxDrawdownOf([0, 1, 2, 3, 4], [100, 90, 80, 100, 95]);
    expect(dd).toMatchObject({ depth: 0.2, amount: 20, durationBars: 3, recovered: true });
  });
});
