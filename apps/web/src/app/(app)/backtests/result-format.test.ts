// The figures of a result as the page shows them: formatting by hand-worked cases, every metric of
// a real run present and readable, "—" with its reason, the trades CSV (exact text for a hand-made
// trade; a real run's trades read back equal), the trades as chart fills, and which of two runs is
// highlighted as better.
import type { Trade } from '@coinview/core/backtest/engine';
import type { BacktestMetrics } from '@coinview/core/backtest/metrics';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { compareRows } from './compare';
import {
  formatDuration,
  formatMoney,
  formatPercent,
  formatSignedPercent,
  metricRows,
  NONE,
  type RunFigures,
} from './metrics-format';
import { recordedRun } from './recorded-run.test-support';
import { tradeFills } from './trade-fills';
import { tradesCsv } from './trades-csv';

const HOUR = 3_600_000;

const flat: BacktestMetrics = {
  netProfit: 0,
  netReturn: 0,
  cagr: 0,
  maxDrawdown: {
    depth: 0,
    amount: 0,
    peakTime: null,
    troughTime: null,
    durationBars: 0,
    durationMs: 0,
    recovered: true,
  },
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
  commissionPaid: 0,
  averageBarsInTrade: null,
};
const figures = (m: Partial<BacktestMetrics>, extra: Partial<RunFigures> = {}): RunFigures => ({
  metrics: { ...flat, ...m },
  finalEquity: 10_000,
  buyAndHoldReturn: 0,
  open: false,
  ...extra,
});
const byKey = (f: RunFigures) => Object.fromEntries(metricRows(f).map((r) => [r.key, r]));

describe('formatting', () => {
  it('writes money, percents and durations as a trader reads them', () => {
    expect(formatMoney(12345.678)).toBe('12,345.68');
    expect(formatMoney(-0.004)).toBe('-0.00');
    expect(formatPercent(0.12345)).toBe('12.35%');
    expect(formatSignedPercent(0.5)).toBe('+50.00%');
    expect(formatSignedPercent(-0.04)).toBe('−4.00%');
    // 1 d 2 h 29.6 min rounds to 1,590 min = 1 d 2 h (minutes dropped past a day).
    expect(formatDuration(26 * HOUR + 29.6 * 60_000)).toBe('1 d 2 h');
    expect(formatDuration(5.5 * HOUR)).toBe('5 h 30 min');
    expect(formatDuration(0)).toBe('0 min');
  });

  it('shows a run without trades with dashes and says why', () => {
    const rows = byKey(figures({}));
    for (const key of ['winRate', 'profitFactor', 'expectancy', 'averageBarsInTrade']) {
      expect(rows[key]!.text).toBe(NONE);
      expect(rows[key]!.why).toBe('No closed trades in this run');
    }
    expect(rows.maxDrawdown!.text).toBe('0.00%');
    expect(rows.maxDrawdownDuration!.why).toBe('Equity never fell below a previous high');
    expect(rows.sharpe!.why).toMatch(/did not vary/);
  });

  it('says a profit factor is missing because no trade lost, when there were trades', () => {
    const rows = byKey(figures({ trades: 3, winRate: 1, averageWin: 10, averageLoss: null }));
    expect(rows.profitFactor!.why).toMatch(/No losing trade/);
    expect(rows.averageLoss!.why).toBe('No losing trade');
    expect(rows.winRate!.text).toBe('100.00%');
  });

  it('writes the drawdown with its amount and duration, and the open position beside trades', () => {
    const rows = byKey(
      figures(
        {
          trades: 2,
          maxDrawdown: {
            depth: 0.125,
            amount: 1_250,
            peakTime: 0,
            troughTime: HOUR,
            durationBars: 30,
            durationMs: 30 * HOUR,
            recovered: false,
          },
        },
        { open: true },
      ),
    );
    expect(rows.maxDrawdown!.text).toBe('12.50% (1,250.00)');
    expect(rows.maxDrawdownDuration!.text).toBe('1 d 6 h · 30 bars (not recovered)');
    expect(rows.trades!.text).toBe('2 (+1 open)');
  });

  it('has a readable value or a reason for every metric of a real run', () => {
    const { result, metrics } = recordedRun();
    expect(metrics.trades).toBeGreaterThan(0);
    const rows = metricRows({
      metrics,
      finalEquity: result.finalEquity,
      buyAndHoldReturn: result.buyAndHold.at(-1)! / result.initialCapital - 1,
      open: result.open !== null,
    });
    // Every BacktestMetrics field has its row (maxDrawdown as depth and duration).
    for (const key of Object.keys(metrics)) expect(rows.map((r) => r.key)).toContain(key);
    for (const r of rows) {
      expect(r.text).not.toMatch(/NaN|Infinity|undefined/);
      if (r.value === null) expect(r.why).toBeTruthy();
    }
  });
});

describe('compareRows', () => {
  const a = metricRows(
    figures({ netReturn: 0.1, trades: 4, commissionPaid: 20, sharpe: 1.2, winRate: 0.5 }),
  );
  const b = metricRows(
    figures({
      netReturn: 0.05,
      trades: 9,
      commissionPaid: 45,
      sharpe: null,
      winRate: 0.5,
      maxDrawdown: { ...flat.maxDrawdown, depth: 0.1, amount: 1000 },
    }),
  );
  const winners = Object.fromEntries(compareRows(a, b).map((r) => [r.key, r.winner]));
  it('highlights the higher return and the lower drawdown and commission', () => {
    expect(winners.netReturn).toBe('a');
    // 0% drawdown beats 10%.
    expect(winners.maxDrawdown).toBe('a');
    expect(winners.commissionPaid).toBe('a');
    expect(compareRows(b, a).find((r) => r.key === 'netReturn')!.winner).toBe('b');
  });
  it('highlights neither on a tie, a missing value or a metric without a direction', () => {
    expect(winners.winRate).toBeNull();
    expect(winners.sharpe).toBeNull();
    expect(winners.trades).toBeNull();
    expect(winners.exposure).toBeNull();
  });
});

const trade: Trade = {
  entryTime: Date.UTC(2025, 9, 29, 4, 30),
  entryPrice: 110_000,
  exitTime: Date.UTC(2025, 9, 29, 5, 0),
  exitPrice: 111_100,
  quantity: 0.09,
  // 0.1% of 0.09 × 110,000 = 9.9 in; of 0.09 × 111,100 = 9.999 out.
  fees: 19.899,
  // (111,100 − 110,000) × 0.09 − 19.899 = 99 − 19.899 = 79.101
  pnl: 79.101,
  // 79.101 ÷ (9,900 + 9.9) = 0.0079820...
  returnPct: 79.101 / 9_909.9,
  barsHeld: 30,
  exitReason: 'target',
};

describe('tradesCsv', () => {
  it('writes a closed trade and the open position, times in UTC, return in percent', () => {
    const open: Trade = { ...trade, exitPrice: 109_000, exitReason: 'end', fees: 9.9 };
    const lines = tradesCsv([trade], open).split('\r\n');
    expect(lines[0]).toBe(
      'status,entryTime,entryPrice,exitTime,exitPrice,quantity,fees,pnl,returnPct,barsHeld,exitReason',
    );
    expect(lines[1]).toBe(
      `closed,2025-10-29T04:30:00.000Z,110000,2025-10-29T05:00:00.000Z,111100,0.09,19.899,79.101,${(79.101 / 9_909.9) * 100},30,target`,
    );
    expect(lines[2]).toMatch(/^open,2025-10-29T04:30:00.000Z,110000,,109000,0\.09,9\.9,/);
    expect(lines[2]).toMatch(/,30,$/);
  });

  it("reads back a real run's trades exactly", () => {
    const { result } = recordedRun();
    const rows = parse<Record<string, string>>(tradesCsv(result.trades, result.open), {
      columns: true,
    });
    expect(rows).toHaveLength(result.trades.length + (result.open ? 1 : 0));
    result.trades.forEach((t, i) => {
      expect(Number(rows[i]!.pnl)).toBe(t.pnl);
      expect(Date.parse(rows[i]!.exitTime!)).toBe(t.exitTime);
      expect(rows[i]!.exitReason).toBe(t.exitReason);
    });
  });
});

describe('tradeFills', () => {
  it('makes an entry a buy and an exit a sell, and the open position a buy alone', () => {
    const fills = tradeFills([trade], { ...trade, entryTime: trade.exitTime + 60_000 });
    expect(fills.map((f) => [f.side, f.time, f.price, f.quantity])).toEqual([
      ['BUY', trade.entryTime, '110000', '0.09'],
      ['SELL', trade.exitTime, '111100', '0.09'],
      ['BUY', trade.exitTime + 60_000, '110000', '0.09'],
    ]);
    expect(new Set(fills.map((f) => f.orderId)).size).toBe(3);
  });
});
