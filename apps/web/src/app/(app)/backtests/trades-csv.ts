// "Export trades CSV", built in the browser from the run already loaded: one line per closed
// trade and, last, the open position (status "open", marked at the last close). Times in ISO-8601
// UTC (a spreadsheet's time zone is its own), numbers as computed (full float precision), so the
// file can be checked against the metrics. csv-stringify's browser build does the quoting.
import type { Trade } from '@coinview/core/backtest/engine';
import { stringify } from 'csv-stringify/browser/esm/sync';

const COLUMNS = [
  'status',
  'entryTime',
  'entryPrice',
  'exitTime',
  'exitPrice',
  'quantity',
  'fees',
  'pnl',
  'returnPct',
  'barsHeld',
  'exitReason',
] as const;

const iso = (ms: number) => new Date(ms).toISOString();

export function tradesCsv(trades: readonly Trade[], open: Trade | null): string {
  const line = (t: Trade, status: 'closed' | 'open') => [
    status,
    iso(t.entryTime),
    t.entryPrice,
    status === 'open' ? '' : iso(t.exitTime),
    t.exitPrice,
    t.quantity,
    t.fees,
    t.pnl,
    // A fraction in the result; a percent in the file, as the column says.
    t.returnPct * 100,
    t.barsHeld,
    status === 'open' ? '' : t.exitReason,
  ];
  const rows = trades.map((t) => line(t, 'closed'));
  if (open) rows.push(line(open, 'open'));
  return stringify(rows, { header: true, columns: [...COLUMNS], record_delimiter: '\r\n' });
}

/** "backtest-BTCUSDT-1h-<id>.csv" */
export function tradesFilename(run: { id: string; symbol: string; interval: string }): string {
  return `backtest-${run.symbol}-${run.interval}-${run.id}.csv`;
}

/** Saves `csv` as a download (the orders page's export does the same with the server's file). */
export function downloadCsv(csv: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
